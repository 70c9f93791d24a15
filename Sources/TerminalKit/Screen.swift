import CabildoText
import Foundation

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var row, column, width, height: Int
    public init(row: Int, column: Int, width: Int, height: Int) {
        self.row = row; self.column = column; self.width = max(0, width); self.height = max(0, height)
    }
}

/// One terminal cell: a grapheme (or "" for the right half of a wide one) and its role.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: ThemeRole
    public static let blank = Cell(text: " ", role: .normal)
}

/// The frame being drawn: cells, and where the hardware cursor goes (the
/// focus). Every piece of text enters through `put`, the one text path:
/// sanitised, measured per grapheme, cut with an ellipsis at a cell boundary.
public struct Screen: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the cursor is put after drawing; widgets with focus set it.
    public var cursor: (row: Int, column: Int) = (0, 0)
    /// Borders without box-drawing characters or punctuation (for braille displays and screen readers).
    public var ascii: Bool

    /// Text already laid out in recent frames (see `TextLayout`); nil lays out every time.
    public var layout: TextLayout?

    public init(width: Int, height: Int, ascii: Bool = false, layout: TextLayout? = nil) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ascii = ascii
        self.layout = layout
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: Screen, b: Screen) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor == b.cursor
    }

    public subscript(row: Int, column: Int) -> Cell {
        guard row >= 0, row < height, column >= 0, column < width else { return .blank }
        return cells[row * width + column]
    }

    public mutating func setCursor(row: Int, column: Int) {
        cursor = (min(max(0, row), max(0, height - 1)), min(max(0, column), max(0, width - 1)))
    }

    /// Writes text at a position, at most `limit` cells wide (to the screen's
    /// edge by default). Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, role: ThemeRole = .normal,
                             limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let room = min(limit ?? width - column, width - column)
        guard room > 0 else { return 0 }
        let glyphs = layout?.glyphs(text, room: room) ?? TextLayout.glyphs(text, room: room)
        var col = column
        for glyph in glyphs {
            cells[row * width + col] = Cell(text: glyph.text, role: role)
            if glyph.cells == 2 { cells[row * width + col + 1] = Cell(text: "", role: role) }
            col += glyph.cells
        }
        return col - column
    }

    /// Paints a run of cells with a role, keeping their text.
    public mutating func paint(row: Int, column: Int, width count: Int, role: ThemeRole) {
        guard row >= 0, row < height, column < width, count > 0 else { return }
        for col in max(0, column)..<min(width, column + count) { cells[row * width + col].role = role }
    }

    public mutating func fill(_ rect: Rect, role: ThemeRole = .normal) {
        guard rect.row < height, rect.column < width, rect.height > 0, rect.width > 0 else { return }
        for row in rect.row..<min(height, rect.row + rect.height) where row >= 0 {
            for col in max(0, rect.column)..<min(width, rect.column + rect.width) {
                cells[row * width + col] = Cell(text: " ", role: role)
            }
        }
    }

    public mutating func clear() { cells = Array(repeating: .blank, count: width * height) }

    /// A frame around a rectangle, with an optional title in it. With
    /// `ascii` (braille displays, screen readers) the frame is blank: "+--|"
    /// would be read out as punctuation, cell by cell.
    public mutating func box(_ rect: Rect, title: String? = nil, role: ThemeRole = .border) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (h, v, corners) = ascii ? (" ", " ", [" ", " ", " ", " "]) : ("─", "│", ["┌", "┐", "└", "┘"])
        let last = rect.row + rect.height - 1, right = rect.column + rect.width - 1
        put(corners[0] + String(repeating: h, count: rect.width - 2) + corners[1], row: rect.row,
            column: rect.column, role: role)
        put(corners[2] + String(repeating: h, count: rect.width - 2) + corners[3], row: last,
            column: rect.column, role: role)
        for row in (rect.row + 1)..<last {
            put(v, row: row, column: rect.column, role: role)
            put(v, row: row, column: right, role: role)
        }
        if let title { put(" \(title) ", row: rect.row, column: rect.column + 2, role: .title, limit: rect.width - 4) }
    }

    /// One row as text, wide characters once, trailing blanks kept.
    public func line(_ row: Int) -> String {
        (0..<width).map { self[row, $0].text }.joined()
    }

    /// The whole screen as text, as a person or screen reader reads it.
    public var text: String {
        (0..<height).map { line($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }
}
