/// A multi-line editor: Enter starts a new line, arrows move by grapheme
/// and by line; the cursor follows the insertion point.
public struct TextArea: Sendable, Equatable {
    public private(set) var lines: [[Character]] = [[]]
    public private(set) var row = 0
    public private(set) var column = 0
    public var maxLength: Int
    private var top = 0

    public init(_ text: String = "", maxLength: Int = 4_000) {
        self.maxLength = maxLength
        self.text = text
    }

    public var text: String {
        get { lines.map { String($0) }.joined(separator: "\n") }
        set {
            lines = newValue.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            if lines.isEmpty { lines = [[]] }
            row = lines.count - 1
            column = lines[row].count
        }
    }

    private var length: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left:
            if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
        case .right:
            if column < lines[row].count { column += 1 } else if row < lines.count - 1 { row += 1; column = 0 }
        case .up: if row > 0 { row -= 1; column = min(column, lines[row].count) }
        case .down: if row < lines.count - 1 { row += 1; column = min(column, lines[row].count) }
        case .home, .control("a"): column = 0
        case .end, .control("e"): column = lines[row].count
        case .enter:
            guard length < maxLength else { return true }
            let rest = Array(lines[row][column...])
            lines[row].removeLast(rest.count)
            lines.insert(rest, at: row + 1)
            row += 1; column = 0
        case .backspace:
            if column > 0 {
                lines[row].remove(at: column - 1); column -= 1
            } else if row > 0 {
                column = lines[row - 1].count
                lines[row - 1] += lines.remove(at: row)
                row -= 1
            }
        case .delete:
            if column < lines[row].count { lines[row].remove(at: column) }
            else if row < lines.count - 1 { lines[row] += lines.remove(at: row + 1) }
        case .character(let c):
            guard !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
                  length < maxLength else { return true }
            lines[row].insert(c, at: column); column += 1
        default:
            return false
        }
        return true
    }

    public mutating func draw(into screen: inout Screen, in rect: Rect, focused: Bool) {
        guard rect.height > 0, rect.width > 0 else { return }
        if row < top { top = row }
        if row >= top + rect.height { top = row - rect.height + 1 }
        screen.fill(rect)
        for offset in 0..<min(rect.height, lines.count - top) {
            let line = lines[top + offset]
            var start = 0
            if top + offset == row {
                while TextWidth.cells(String(line[start..<column])) > rect.width - 1 { start += 1 }
            }
            screen.put(String(line[start...]), row: rect.row + offset, column: rect.column, limit: rect.width)
            if focused && top + offset == row {
                screen.setCursor(row: rect.row + offset, column: rect.column + TextWidth.cells(String(line[start..<column])))
            }
        }
    }
}
