import CabildoText
import Foundation
import Testing
@testable import TerminalKit

@Suite struct WidgetFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["CABILDO_LONG_TESTS"] == "1" ? 50_000 : 1_500

    static func randomKey(_ g: inout SeededRandom) -> Key {
        let keys: [Key] = [.left, .right, .home, .end, .backspace, .delete, .control("u"), .control("k"), .enter, .tab,
                           .escape, .up, .down, .character("ñ"), .character("e\u{301}"), .character("漢"),
                           .character("\u{1B}"), .character("👍🏽"), .character("a"), .character("\u{202E}")]
        return keys.randomElement(using: &g)!
    }

    @Test func aFieldKeepsItsInvariantsWhateverIsTyped() {
        var g = SeededRandom(seed: 4)
        var field = TextField(maxLength: 12)
        var screen = Screen(width: 20, height: 1)
        for _ in 0..<Self.iterations {
            _ = field.handle(Self.randomKey(&g))
            #expect(field.characters.count <= 12)
            #expect((0...field.characters.count).contains(field.insertion))
            field.draw(into: &screen, row: 0, column: 3, width: 10, focused: true)
            #expect((3...13).contains(screen.cursor.column))
            #expect(!screen.cells.contains { $0.text.unicodeScalars.contains { TextRules.unsafeKind($0) != nil } })
        }
    }

    @Test func theScreenNeverHoldsAnUnsafeCharacter() {
        var g = SeededRandom(seed: 5)
        var screen = Screen(width: 30, height: 3)
        let pieces = ["\u{1B}[2J", "\u{1B}]0;x\u{07}", "\u{9B}", "\u{202E}", "\u{200B}", "漢字", "e\u{301}", "👍🏽", "ñ", "\t", "\n"]
        for _ in 0..<Self.iterations {
            let text = (0..<Int.random(in: 0...8, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let used = screen.put(text, row: Int.random(in: -1...3, using: &g), column: Int.random(in: -1...31, using: &g),
                                  limit: Int.random(in: 0...40, using: &g))
            #expect(used >= 0 && used <= 30)
        }
        #expect(!screen.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || TextRules.unsafeKind($0) != nil } })
    }
}

