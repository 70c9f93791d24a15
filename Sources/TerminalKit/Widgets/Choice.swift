/// One option out of several: arrows or Space change it; shown as
/// "< Option >" so the choice reads without colour.
public struct Choice: Sendable, Equatable {
    public let options: [String]
    public var selected: Int

    public init(_ options: [String], selected: Int = 0) {
        self.options = options
        self.selected = options.isEmpty ? 0 : max(0, min(selected, options.count - 1))
    }

    public var value: String? { options.isEmpty ? nil : options[selected] }

    public mutating func handle(_ key: Key) -> Bool {
        guard !options.isEmpty else { return false }
        switch key {
        case .right, .character(" "): selected = (selected + 1) % options.count
        case .left: selected = (selected + options.count - 1) % options.count
        case .home: selected = 0
        case .end: selected = options.count - 1
        default: return false
        }
        return true
    }

    public func draw(into screen: inout Screen, row: Int, column: Int, width: Int, focused: Bool) {
        let value = value ?? ""
        screen.put("< " + value + " >", row: row, column: column, role: focused ? .focus : .normal, limit: width)
        if focused { screen.setCursor(row: row, column: column + 2) }
    }
}

/// On or off: Space toggles; shown as "[x]" or "[ ]".
public struct Checkbox: Sendable, Equatable {
    public var checked: Bool
    public init(_ checked: Bool = false) { self.checked = checked }

    public mutating func handle(_ key: Key) -> Bool {
        guard key == .character(" ") || key == .character("x") else { return false }
        checked.toggle()
        return true
    }

    public func draw(into screen: inout Screen, row: Int, column: Int, focused: Bool) {
        screen.put(checked ? "[x]" : "[ ]", row: row, column: column, role: focused ? .focus : .normal)
        if focused { screen.setCursor(row: row, column: column + 1) }
    }
}
