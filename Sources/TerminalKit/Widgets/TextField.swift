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

extension TextField {
    /// The text wrapped at spaces to lines of at most `width` cells (a word
    /// longer than a line is cut where it must): each line's characters, the
    /// spaces at a break kept at the end of the line before, so every
    /// character, and so the insertion point, is on exactly one line.
    public func wrappedLines(width: Int) -> [Range<Int>] {
        guard width > 0 else { return [0..<characters.count] }
        var lines: [Range<Int>] = []
        var start = 0, cells = 0, lastBreak: Int?
        var index = 0
        while index < characters.count {
            let c = characters[index]
            let w = TextWidth.cells(c)
            if c == " " { lastBreak = index + 1; cells += w; index += 1; continue }   // spaces may hang past the edge
            if cells + w > width && index > start {
                let end = lastBreak.flatMap { $0 > start ? $0 : nil } ?? index
                lines.append(start..<end)
                start = end
                cells = TextWidth.cells(String(characters[start..<index]))
                lastBreak = nil
                continue
            }
            cells += w
            index += 1
        }
        lines.append(start..<characters.count)
        return lines
    }

    /// The field over as many lines as its text needs in `rect` (the kiosk's
    /// answers): the whole text is on screen and wraps as it is typed, never
    /// scrolling sideways; a text taller than the rectangle shows the lines
    /// around the insertion point. Returns the lines used.
    @discardableResult
    public func drawWrapped(into screen: inout Screen, in rect: Rect, focused: Bool) -> Int {
        guard rect.height > 0, rect.width > 1 else { return 0 }
        let lines = wrappedLines(width: rect.width - 1)
        let cursorLine = lines.lastIndex { $0.lowerBound <= insertion } ?? 0
        let top = max(0, min(cursorLine - rect.height + 1, lines.count - rect.height))
        let shownLines = lines.dropFirst(top).prefix(rect.height)
        screen.fill(Rect(row: rect.row, column: rect.column, width: rect.width, height: shownLines.count))
        for (offset, range) in shownLines.enumerated() {
            screen.put(String(characters[range]), row: rect.row + offset, column: rect.column, limit: rect.width)
        }
        if focused {
            let range = lines[cursorLine]
            screen.setCursor(row: rect.row + cursorLine - top,
                             column: rect.column + TextWidth.cells(String(characters[range.lowerBound..<insertion])))
        }
        return shownLines.count
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
