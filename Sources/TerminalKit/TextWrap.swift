/// Word wrapping by terminal cells.
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // A line's width is kept as words join it (a space joins no
            // grapheme to another), so each word is measured once.
            var line = "", lineCells = 0
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                var cells = TextWidth.cells(word)
                while cells > width {   // a word longer than the line is cut
                    if !line.isEmpty { out.append(line); line = ""; lineCells = 0 }
                    var head = String(TextWidth.truncate(word, to: width + 1).dropLast())
                    // A wide character wider than the line goes alone (cut when drawn), or this never ends.
                    if head.isEmpty { head = String(word.first!) }
                    out.append(head)
                    word = String(word.dropFirst(head.count))
                    cells = TextWidth.cells(word)
                }
                if line.isEmpty {
                    line = word; lineCells = cells
                } else if lineCells + 1 + cells > width {
                    out.append(line); line = word; lineCells = cells
                } else {
                    line += " " + word; lineCells += 1 + cells
                }
            }
            out.append(line)
        }
        return out
    }
}
