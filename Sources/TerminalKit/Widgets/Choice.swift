import CabildoText

/// One option of a choice: what is shown, and the id the application gets
/// back (a record id, a code), so a value is never matched back by its text.
public struct ChoiceOption: Sendable, Equatable {
    public let id: String
    public let label: String
    public init(id: String, label: String) { self.id = id; self.label = label }
}

/// One option out of several: arrows or Space change it; shown as
/// "< Option >" so the choice reads without colour. Typing narrows the
/// options to those whose label holds the typed words (accents and capitals
/// aside), for long lists such as a state's 125 municipalities; Backspace
/// widens them again.
public struct Choice: Sendable, Equatable {
    public let options: [ChoiceOption]
    public private(set) var selected: Int
    public private(set) var filter = ""
    /// The options that match `filter`, in their order.
    public private(set) var visible: [Int]
    private let foldedLabels: [String]

    public init(_ options: [ChoiceOption], selected: Int = 0) {
        self.options = options
        self.selected = options.isEmpty ? 0 : max(0, min(selected, options.count - 1))
        visible = Array(options.indices)
        foldedLabels = options.map { TextRules.folded($0.label) }
    }

    /// The chosen option's id. Words that match no option leave the choice
    /// as it was: a save never loses a value to a typo.
    public var value: String? { options.isEmpty ? nil : options[selected].id }
    public var label: String? { options.isEmpty ? nil : options[selected].label }

    public mutating func handle(_ key: Key) -> Bool {
        guard !options.isEmpty else { return false }
        let position = visible.firstIndex(of: selected) ?? 0
        switch key {
        case .character(" ") where filter.isEmpty, .right:
            guard !visible.isEmpty else { return true }
            selected = visible[(position + 1) % visible.count]
        case .left:
            guard !visible.isEmpty else { return true }
            selected = visible[(position + visible.count - 1) % visible.count]
        case .home: if let first = visible.first { selected = first }
        case .end: if let last = visible.last { selected = last }
        case .backspace:
            guard !filter.isEmpty else { return false }
            filter.removeLast()
            narrow()
        case .character(let c) where !c.isNewline && c != "\t":
            filter.append(c)
            narrow()
        default: return false
        }
        return true
    }

    /// Keeps the options holding every typed word; the selection moves to
    /// the first of them unless it is one.
    private mutating func narrow() {
        let words = TextRules.folded(filter).split(separator: " ")
        visible = options.indices.filter { index in words.allSatisfy { foldedLabels[index].contains($0) } }
        if !visible.contains(selected), let first = visible.first { selected = first }
    }

    public func draw(into screen: inout Screen, row: Int, column: Int, width: Int, focused: Bool) {
        let value = label ?? ""
        var used = screen.put("< " + value + " >", row: row, column: column, role: focused ? .focus : .normal, limit: width)
        if !filter.isEmpty {
            // The typed words and how many options hold them, in words: "[beni] 3/2478".
            used += screen.put("  [" + filter + "] \(visible.count)/\(options.count)", row: row, column: column + used,
                               role: .hint, limit: width - used)
        }
        if focused { screen.setCursor(row: row, column: column + 2) }
    }
}

/// On or off: Space toggles; shown as "[x]" or "[ ]" and in words.
public struct Checkbox: Sendable, Equatable {
    public var checked: Bool
    public init(_ checked: Bool = false) { self.checked = checked }

    public mutating func handle(_ key: Key) -> Bool {
        guard key == .character(" ") || key == .character("x") else { return false }
        checked.toggle()
        return true
    }

    /// "[x] checked", "[ ] not checked": a screen reader says no brackets, so the state is also a word.
    public func draw(into screen: inout Screen, row: Int, column: Int, focused: Bool, localizer: Localizer = .current) {
        let word = localizer.render(.checkState(checked))
        screen.put(checked ? "[x]" : "[ ]", row: row, column: column, role: focused ? .focus : .normal)
        screen.put(word, row: row, column: column + 4, role: .hint)
        if focused { screen.setCursor(row: row, column: column + 1) }
    }
}

extension Message {
    /// A box's state in words, "checked" or "not checked", for every box and
    /// pick that says it (a screen reader says no brackets).
    static func checkState(_ checked: Bool) -> Message { checked ? Message("checked") : Message("not checked") }
}
