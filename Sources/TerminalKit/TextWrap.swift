/// Word wrapping by terminal cells.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                while TextWidth.cells(word) > width {   // a word longer than the line is cut
                    if !line.isEmpty { out.append(line); line = "" }
                    let head = TextWidth.truncate(word, to: width + 1).dropLast()
                    out.append(String(head))
                    word = String(word.dropFirst(head.count))
                }
                let candidate = line.isEmpty ? word : line + " " + word
                if TextWidth.cells(candidate) > width { out.append(line); line = word } else { line = candidate }
            }
            out.append(line)
        }
        return out
    }
}
