import CabildoText

/// A one-line editor that works by grapheme: "ñ", "é" or an emoji is one
/// step for the arrows and Backspace. With focus the cursor is at the
/// insertion point, whatever the scroll; without it the text's start shows.
public struct TextField: Sendable, Equatable {
    public private(set) var characters: [Character]
    public private(set) var insertion: Int
    public var maxLength: Int
    private var scroll = 0

    public init(_ text: String = "", maxLength: Int = 200) {
        characters = Array(text.prefix(maxLength))
        insertion = characters.count
        self.maxLength = maxLength
    }

    public var text: String {
        get { String(characters) }
        set { characters = Array(newValue.prefix(maxLength)); insertion = characters.count; scroll = 0 }
    }

    /// Returns false for keys a field does not use (Tab, Enter, Esc…).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left: insertion = max(0, insertion - 1)
        case .right: insertion = min(characters.count, insertion + 1)
        case .home, .control("a"): insertion = 0
        case .end, .control("e"): insertion = characters.count
        case .backspace:
            guard insertion > 0 else { return true }
            characters.remove(at: insertion - 1)
            insertion -= 1
        case .delete, .control("d"):
            guard insertion < characters.count else { return true }
            characters.remove(at: insertion)
        case .control("u"):
            characters.removeFirst(insertion)
            insertion = 0
        case .control("k"):
            characters.removeLast(characters.count - insertion)
        case .character(let c):
            guard !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return true }
            guard characters.count < maxLength else { return true }
            characters.insert(c, at: insertion)
            insertion += 1
        default:
            return false
        }
        return true
    }

    /// A password field shows one "*" per character.
    public var masked = false

    private func shown(_ range: Range<Int>) -> String {
        masked ? String(repeating: "*", count: range.count) : String(characters[range])
    }

    public mutating func draw(into screen: inout Screen, row: Int, column: Int, width: Int, focused: Bool,
                              role: ThemeRole = .normal) {
        guard width > 0 else { return }
        // Keep the insertion point inside the visible cells.
        if insertion < scroll { scroll = insertion }
        while TextWidth.cells(shown(scroll..<insertion)) > width - 1 { scroll += 1 }
        // Without focus a field shows its beginning, as it is read in a form.
        let first = focused ? scroll : 0
        screen.fill(Rect(row: row, column: column, width: width, height: 1), role: role)
        screen.put(shown(first..<characters.count), row: row, column: column, role: role, limit: width)
        if focused {
            screen.setCursor(row: row, column: column + TextWidth.cells(shown(scroll..<insertion)))
        }
    }
}

/// A field for a day, YYYY-MM-DD, checked against the calendar.
public struct DateField: Sendable, Equatable {
    public var field = TextField(maxLength: 10)
    public init(_ text: String = "") { field.text = text }
    public var text: String { field.text }

    public mutating func handle(_ key: Key) -> Bool {
        if case .character(let c) = key, !(c.isASCII && (c.isNumber || c == "-")) { return true }
        return field.handle(key)
    }

    /// Nil when empty or a real day; otherwise what is wrong.
    public var problem: Message? {
        text.isEmpty || CalendarDay.isValid(text) ? nil : Message("write the date as YYYY-MM-DD, for example 2021-10-15")
    }
}
