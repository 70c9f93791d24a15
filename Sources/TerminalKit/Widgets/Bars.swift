import CabildoText

/// The pane tabs: "1 Mecanismos", the current one in brackets.
public struct TabBar: Sendable {
    public var titles: [String]
    public var selected = 0
    public init(_ titles: [String]) { self.titles = titles }

    public func draw(into screen: inout Screen, row: Int) {
        var column = 0
        for (index, title) in titles.enumerated() {
            let current = index == selected
            let text = current ? "[\(index + 1) \(title)]" : " \(index + 1) \(title) "
            column += screen.put(text, row: row, column: column, role: current ? .selected : .normal) + 1
        }
    }
}

/// The bottom line: key hints, or a message. An announced message takes the
/// cursor, so a screen reader speaks it; errors begin with "Error:".
public struct StatusLine: Sendable {
    public private(set) var message: String?
    public private(set) var isError = false
    public private(set) var announced = false

    public init() {}

    /// `localizer` renders the "Error:" before an error (a kiosk's citizen's language).
    public mutating func show(_ text: String, error: Bool = false, announce: Bool = true,
                              localizer: Localizer = .current) {
        message = error ? localizer.render(.error(.text(text))) : text
        isError = error
        announced = announce
    }

    public mutating func clear() { message = nil; isError = false; announced = false }

    /// Keeps the message on screen but gives the cursor back to the focus:
    /// the key after a message then changes no text, so a screen reader
    /// speaks the place the focus went, not the key hints coming back.
    public mutating func quiet() { announced = false }

    /// Leaves the cursor where it was unless a message is being announced.
    public func draw(into screen: inout Screen, row: Int, hints: [String]) {
        screen.fill(Rect(row: row, column: 0, width: screen.width, height: 1), role: .status)
        if let message {
            screen.put(message, row: row, column: 0, role: isError ? .error : .status)
            if announced { screen.setCursor(row: row, column: 0) }
        } else {
            screen.put(hints.joined(separator: "  "), row: row, column: 0, role: .status)
        }
    }
}

/// The help for a context, generated from the command table: every key and
/// what it does, scrollable like a list.
public struct HelpOverlay: Sendable {
    public var list = ListView()
    public let context: String
    /// Commands of this context that the application does not offer now, by
    /// id, with why in words ("(not available to this account)"): the help
    /// still lists them, saying so.
    public let notes: [String: String]

    public init(context: String, notes: [String: String] = [:]) {
        self.context = context
        self.notes = notes
    }

    /// Cells of the key column; keys that need more push only their own line's label.
    static let keyColumn = 14

    public func lines(_ keymap: Keymap) -> [String] {
        keymap.available(in: context).map { entry in
            let keys = entry.keys.map(\.description).joined(separator: ", ")
            let padded = keys + String(repeating: " ", count: max(1, Self.keyColumn - TextWidth.cells(keys)))
            let note = notes[entry.command.id].map { " " + $0 } ?? ""
            return "\(padded)\(entry.command.label)\(note) — \(entry.command.help)"
        }
    }

    public mutating func draw(_ keymap: Keymap, into screen: inout Screen, in rect: Rect) {
        screen.fill(rect)
        screen.box(rect, title: Message("Help").description)
        list.draw(ArraySource(lines(keymap)), into: &screen,
                  in: Rect(row: rect.row + 1, column: rect.column + 1, width: rect.width - 2, height: rect.height - 2),
                  focused: true)
    }
}

/// A text shown whole in a box over the screen (what a row, a field or a
/// message had to cut), wrapped to the box; Up, Down, PgUp and PgDn scroll
/// it, any other key closes it. The cursor is on its first line, so a
/// screen reader reads it from there. Its title begins that line: a screen
/// reader speaks the lines whose text changed, and so the first line, never
/// the same as the row it shows, is always heard.
public struct TextOverlay: Sendable {
    public let title: String
    public let text: String
    private var top = 0
    private var pageSize = 1
    private var lineCount = 0

    public init(title: String, text: String) { self.title = title; self.text = text }

    /// Scrolls; false for a key that closes the text.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .up: top -= 1
        case .down: top += 1
        case .pageUp: top -= pageSize
        case .pageDown: top += pageSize
        default: return false
        }
        top = max(0, min(top, lineCount - pageSize))
        return true
    }

    public mutating func draw(into screen: inout Screen, in rect: Rect) {
        screen.fill(rect)
        screen.box(rect)
        let lines = TextWrap.lines(title + ": " + text, width: rect.width - 4)
        pageSize = max(1, rect.height - 2)
        lineCount = lines.count
        top = max(0, min(top, lines.count - pageSize))
        for (offset, line) in lines.dropFirst(top).prefix(pageSize).enumerated() {
            screen.put(line, row: rect.row + 1 + offset, column: rect.column + 2, limit: rect.width - 4)
        }
        screen.setCursor(row: rect.row + 1, column: rect.column + 2)
    }
}

public enum Layout {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// Below the minimum: say plainly what is needed, wrapped to whatever fits.
    public static func drawTooSmall(into screen: inout Screen) {
        screen.clear()
        let text = Message("This window is {width}×{height}; Cabildo needs at least {minWidth}×{minHeight}. Please enlarge it.",
                           ["width": .text(String(screen.width)), "height": .text(String(screen.height)),
                            "minWidth": .text(String(minimumWidth)), "minHeight": .text(String(minimumHeight))]).description
        var row = 0
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TextWidth.cells(candidate) > screen.width && !line.isEmpty {
                screen.put(line, row: row, column: 0, role: .error)
                row += 1
                line = String(word)
            } else {
                line = candidate
            }
        }
        screen.put(line, row: row, column: 0, role: .error)
        screen.setCursor(row: 0, column: 0)
    }
}
