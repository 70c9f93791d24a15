import CabildoText
import Foundation

/// Several options picked one by one, listed one per line: Up and Down
/// move, Space (or an option's number) picks the option or lets it go.
/// Digits typed within `numberPause` of each other make one number ("1"
/// then "2": option 12); a lone digit after the pause is its own option. In `.most(n)` at most n are picked, shown "[x]"; in `.ranking` the
/// order of picking is the ranking, each shown with its place ("[2]"), and
/// letting one go moves the later ones up. The value is the picked options'
/// ids, one per line: in the options' order, or in the ranking's.
public struct Picks: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case most(Int)
        case ranking
    }

    public let options: [ChoiceOption]
    public let mode: Mode
    /// Picked options' indexes, in the order picked.
    public private(set) var picked: [Int]
    /// The option under the cursor.
    public private(set) var cursor = 0
    /// The number being typed: its digits, when the last came, and the
    /// picks before its first digit (a longer number takes their place).
    private var typing: (digits: String, at: Date, before: [Int])?
    /// How long after a digit the next one still adds to its number.
    public static let numberPause: TimeInterval = 1

    public static func == (a: Picks, b: Picks) -> Bool {
        a.options == b.options && a.mode == b.mode && a.picked == b.picked && a.cursor == b.cursor
    }

    public init(_ options: [ChoiceOption], mode: Mode, value: String = "") {
        self.options = options
        self.mode = mode
        var picked: [Int] = []
        for id in value.split(separator: "\n").map(String.init) {
            if let index = options.firstIndex(where: { $0.id == id }), !picked.contains(index) { picked.append(index) }
        }
        self.picked = picked
    }

    public var value: String {
        let order = mode == .ranking ? picked : picked.sorted()
        return order.map { options[$0].id }.joined(separator: "\n")
    }

    /// Whether one more option may be picked.
    public var isFull: Bool {
        if case .most(let most) = mode { return picked.count >= most }
        return false
    }

    /// `now` is when the key came (a test's own clock in tests).
    public mutating func handle(_ key: Key, at now: Date = Date()) -> Bool {
        guard !options.isEmpty else { return false }
        // ASCII digits only: "²", "٣" or "十" are letters typed, not option numbers.
        if case .character(let c) = key, c.isASCII, let digit = c.wholeNumberValue { return typed(digit, at: now) }
        typing = nil
        switch key {
        case .up:
            guard cursor > 0 else { return false }   // the form's previous field
            cursor -= 1
        case .down:
            guard cursor < options.count - 1 else { return false }
            cursor += 1
        case .home: cursor = 0
        case .end: cursor = options.count - 1
        case .character(" "), .character("x"): toggle(cursor)
        default: return false
        }
        return true
    }

    /// A digit: it continues the number typed just before when that makes
    /// an option's number (the picks go back to how they were before it and
    /// the longer number's option is picked), else it starts a number.
    private mutating func typed(_ digit: Int, at now: Date) -> Bool {
        if let typing, now.timeIntervalSince(typing.at) <= Self.numberPause,
           let n = Int(typing.digits + String(digit)), n >= 1, n <= options.count {
            picked = typing.before
            self.typing = (typing.digits + String(digit), now, typing.before)
            cursor = n - 1
            toggle(cursor)
            return true
        }
        typing = (String(digit), now, picked)
        guard digit >= 1, digit <= options.count else { return false }
        cursor = digit - 1
        toggle(cursor)
        return true
    }

    private mutating func toggle(_ index: Int) {
        if let at = picked.firstIndex(of: index) {
            picked.remove(at: at)
        } else if !isFull {
            picked.append(index)
        }
    }

    /// The option under the cursor as words, for a reader or a voice:
    /// "2. Seguridad: checked", or "3. Parques: place 1" in a ranking.
    public func focusedOption(_ localizer: Localizer) -> String { optionSaid(cursor, localizer) }

    /// Option `index` as words, with its state.
    public func optionSaid(_ index: Int, _ localizer: Localizer) -> String {
        let state: Message
        if let at = picked.firstIndex(of: index) {
            state = mode == .ranking ? Message("place {n}", ["n": .text(String(at + 1))]) : .checkState(true)
        } else {
            state = mode == .ranking ? Message("no place yet") : .checkState(false)
        }
        return "\(index + 1). \(options[index].label): " + localizer.render(state)
    }

    /// The mark before an option: "[x]", "[ ]", or its place in the ranking.
    func mark(_ index: Int) -> String {
        guard let at = picked.firstIndex(of: index) else { return "[ ]" }
        return mode == .ranking ? "[\(at + 1)]" : "[x]"
    }

    /// One line per option from `row`, as many as `height` allows around the cursor.
    public func draw(into screen: inout Screen, row: Int, column: Int, width: Int, height: Int, focused: Bool) {
        guard height > 0 else { return }
        let first = max(0, min(cursor - height + 1, options.count - height))
        for (offset, index) in options.indices.dropFirst(max(0, first)).prefix(height).enumerated() {
            let here = focused && index == cursor
            screen.put("\(mark(index)) \(index + 1). \(options[index].label)", row: row + offset, column: column,
                       role: here ? .focus : .normal, limit: width)
            if here { screen.setCursor(row: row + offset, column: column + 1) }
        }
    }
}
