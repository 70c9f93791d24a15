import CabildoText

/// How many terminal cells text takes, measured per grapheme: wide East
/// Asian characters and emoji take two, combining marks none.
public enum TextWidth {
    public static func cells(_ character: Character) -> Int {
        // Printable ASCII, most of any row, without the Unicode property tables.
        if let ascii = character.asciiValue, (0x20..<0x7F).contains(ascii) { return 1 }
        // Spanish's accented letters, ñ, ¿ and ¡ (Latin-1 and Latin Extended, one
        // scalar in stored NFC text): one cell, also without the tables, which
        // were most of drawing a list of Spanish answers.
        let scalars = character.unicodeScalars
        if let first = scalars.first, (0xA0...0x24F).contains(first.value),
           scalars.index(after: scalars.startIndex) == scalars.endIndex {
            return 1
        }
        return byProperties(character)
    }

    /// The width from the Unicode properties, for any character.
    static func byProperties(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if TextRules.unsafeKind(first) != nil { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark {
            return 0
        }
        if scalars.contains(where: { $0.properties.isEmojiPresentation })
            || scalars.contains(where: { $0.value == 0xFE0F }) {
            return 2
        }
        return isWide(first.value) ? 2 : 1
    }

    public static func cells(_ text: String) -> Int {
        text.reduce(0) { $0 + cells($1) }
    }

    /// Cuts text to at most `width` cells, ending in "…" when it had to cut,
    /// never splitting a grapheme or a wide character.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        // One pass: where it would be cut (leaving a cell for "…"), and whether it must be.
        var used = 0, bytes = 0
        var cut: Int?
        for character in text {
            let w = cells(character)
            if cut == nil, used + w > width - 1 { cut = bytes }
            used += w
            if used > width { return String(decoding: text.utf8.prefix(cut!), as: UTF8.self) + "…" }
            bytes += character.utf8.count
        }
        return text
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, condensed).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
