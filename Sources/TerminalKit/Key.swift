/// A key as the application sees it, whatever the backend.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    case control(Character)         // Ctrl-A … Ctrl-Z, lower-case letter
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    case resize

    /// The name used in key hints, the help screen and the bindings file.
    public var description: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "C-\(c)"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .insert: "Ins"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .function(let n): "F\(n)"
        case .resize: "Resize"
        }
    }

    /// Parses a key name as written in a bindings file: `q`, `?`, `C-s`, `F2`, `Enter`, `PgDn`…
    public init?(name: String) {
        let named: [String: Key] = [
            "space": .character(" "), "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
            "tab": .tab, "s-tab": .backTab, "backtab": .backTab, "backspace": .backspace, "del": .delete,
            "delete": .delete, "ins": .insert, "insert": .insert, "up": .up, "down": .down, "left": .left,
            "right": .right, "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown,
            "pagedown": .pageDown,
        ]
        if let key = named[name.lowercased()] { self = key; return }
        if name.count == 1, let c = name.first, !c.isWhitespace { self = .character(c); return }
        let lower = name.lowercased()
        if lower.hasPrefix("c-"), name.count == 3, let c = lower.last, c.isLetter, c.isASCII {
            self = .control(c); return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) {
            self = .function(n); return
        }
        return nil
    }
}
