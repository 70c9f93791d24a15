/// Rows a list shows; asked only for the rows on screen, so a list of a
/// million rows costs what a list of fifty does.
public protocol ListSource {
    var count: Int { get }
    func row(_ index: Int) -> String
}

/// Rows from an array, for short lists.
public struct ArraySource: ListSource {
    public let rows: [String]
    public init(_ rows: [String]) { self.rows = rows }
    public var count: Int { rows.count }
    public func row(_ index: Int) -> String { rows[index] }
}

/// A selectable list. The selected row is shown by attributes alone, never
/// by text: its two-cell margin in reverse video (the `marker` role, which
/// needs an attribute besides colour, so NO_COLOR still shows it) and, with
/// focus, the cursor on its column 0. Moving the selection changes no text on
/// screen, so a screen reader, which speaks the lines whose text changed,
/// speaks only the line the cursor reached: one row per arrow key.
public struct ListView: Sendable {
    /// How the selection is shown besides the cursor.
    public enum Highlight: Sendable {
        /// The margin alone is highlighted: a move repaints four cells, not
        /// two rows, so a scroll key costs tens of bytes over a slow link
        /// (mutt's arrow_cursor).
        case marker
        /// The whole row is highlighted, for a local kiosk screen.
        case wholeRow
    }

    public var selected = 0
    public var highlight: Highlight
    public private(set) var top = 0
    private var pageSize = 1
    /// Rows the list showed when last drawn.
    public var visibleRows: Int { pageSize }

    public init(highlight: Highlight = .marker) { self.highlight = highlight }

    /// Moves the selection; returns false for keys a list does not use.
    public mutating func handle(_ key: Key, count: Int) -> Bool {
        guard count > 0 else { return [.up, .down, .pageUp, .pageDown, .home, .end].contains(key) }
        switch key {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp: selected -= pageSize
        case .pageDown: selected += pageSize
        case .home: selected = 0
        case .end: selected = count - 1
        default: return false
        }
        clamp(count: count)
        return true
    }

    /// Moves the selection to `index`, a row that moved in the list (rows
    /// added above it). Scrolled down, the view moves by as many rows, so the
    /// row stays where it was on screen; at the top, the view stays at the
    /// top, so the rows added show (the newest, in a list newest first) and
    /// the selected one moves down with its record.
    public mutating func follow(to index: Int, count: Int) {
        if top > 0 { top += index - selected }
        selected = index
        clamp(count: count)
    }

    public mutating func clamp(count: Int) {
        selected = max(0, min(selected, count - 1))
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
        top = max(0, min(top, max(0, count - pageSize)))
    }

    public mutating func draw(_ source: ListSource, into screen: inout Screen, in rect: Rect, focused: Bool) {
        pageSize = max(1, rect.height)
        let count = source.count
        clamp(count: count)
        screen.fill(rect)
        guard count > 0, rect.height > 0 else {
            if focused { screen.setCursor(row: rect.row, column: rect.column) }
            return
        }
        for offset in 0..<min(rect.height, count - top) {
            let index = top + offset
            let row = rect.row + offset
            let isSelected = index == selected
            screen.put(source.row(index), row: row, column: rect.column + 2,
                       role: isSelected && highlight == .wholeRow ? .selected : .normal, limit: rect.width - 2)
            if isSelected { showSelected(on: &screen, row: row, column: rect.column, width: rect.width, focused: focused) }
        }
    }

    /// Shows a line of the selected row as selected, its text already put
    /// from `column + 2`: on the row's `first` line its two-cell margin in the
    /// `marker` role and, with focus, the cursor on its column 0; with a
    /// whole-row highlight, the text's cells in the `selected` role. Every
    /// list shows its selection through this, a row wrapped over several
    /// lines too (the kiosk's review), so it looks and reads the same.
    public func showSelected(on screen: inout Screen, row: Int, column: Int, width: Int, first: Bool = true,
                             focused: Bool) {
        if first { screen.paint(row: row, column: column, width: min(2, width), role: .marker) }
        if highlight == .wholeRow { screen.paint(row: row, column: column + 2, width: width - 2, role: .selected) }
        if first && focused { screen.setCursor(row: row, column: column) }
    }
}

/// A table: a header, then rows cut into columns; navigation as a list.
public struct TableView: Sendable {
    public struct Column: Sendable {
        public let title: String
        public let width: Int
        public init(_ title: String, width: Int) { self.title = title; self.width = width }
    }

    public let columns: [Column]
    public var list = ListView()

    public init(columns: [Column]) { self.columns = columns }

    struct Rows: ListSource {
        let count: Int
        let cells: (Int) -> [String]
        let columns: [Column]
        func row(_ index: Int) -> String { TableView.format(cells(index), columns) }
    }

    static func format(_ cells: [String], _ columns: [Column]) -> String {
        zip(cells, columns).map { cell, column in
            let cut = TextWidth.truncate(cell, to: column.width)
            return cut + String(repeating: " ", count: max(0, column.width - TextWidth.cells(cut)))
        }.joined(separator: " ")
    }

    public mutating func handle(_ key: Key, count: Int) -> Bool { list.handle(key, count: count) }

    public mutating func draw(count: Int, cells: @escaping (Int) -> [String], into screen: inout Screen, in rect: Rect,
                              focused: Bool) {
        screen.put("  " + Self.format(columns.map(\.title), columns), row: rect.row, column: rect.column, role: .title,
                   limit: rect.width)
        list.draw(Rows(count: count, cells: cells, columns: columns), into: &screen,
                  in: Rect(row: rect.row + 1, column: rect.column, width: rect.width, height: rect.height - 1),
                  focused: focused)
    }
}
