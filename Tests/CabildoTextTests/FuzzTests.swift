import CabildoText
import Foundation
import Testing

/// Random text of the nastiest kinds: controls, escapes, bidi, zero-width,
/// combining marks, wide characters, emoji, noncharacters.
struct Fuzz: RandomNumberGenerator {
    var random: SeededRandom
    init(seed: UInt64) { random = SeededRandom(seed: seed) }
    mutating func next() -> UInt64 { random.next() }

    static let iterations = ProcessInfo.processInfo.environment["CABILDO_LONG_TESTS"] == "1" ? 200_000 : 3_000
    static let pools: [ClosedRange<UInt32>] = [
        0x00...0x1F, 0x7F...0x9F, 0x20...0x7E, 0xC0...0x17F, 0x300...0x36F, 0x200B...0x200F, 0x2028...0x202E,
        0x2060...0x2069, 0xFEFF...0xFEFF, 0x4E00...0x4E40, 0x1F300...0x1F64F, 0xFFF0...0xFFFF, 0xE0000...0xE007F,
    ]

    mutating func text(maxLength: Int = 40) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &self) {
            let pool = Self.pools.randomElement(using: &self)!
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &self)) { scalars.append(scalar) }
        }
        var text = String(scalars)
        if Bool.random(using: &self) { text += ["\u{1B}[2J", "\u{1B}]0;x\u{07}", "\u{9B}31m", "\r\n"].randomElement(using: &self)! }
        return text
    }
}

@Suite struct TextFuzzTests {
    @Test func cleanEitherRefusesOrReturnsSafeNormalisedText() {
        var fuzz = Fuzz(seed: 1)
        for _ in 0..<Fuzz.iterations {
            let raw = fuzz.text()
            let policy = TextPolicy(maxLength: 30, multiline: Bool.random(using: &fuzz), required: Bool.random(using: &fuzz))
            guard let cleaned = try? TextRules.clean(raw, policy: policy) else { continue }
            #expect(!cleaned.unicodeScalars.contains { TextRules.unsafeKind($0) != nil }, "\(raw.debugDescription)")
            #expect(cleaned == cleaned.precomposedStringWithCanonicalMapping)
            #expect(cleaned.count <= 30)
            #expect(policy.multiline || !cleaned.contains("\n"))
            #expect(!cleaned.unicodeScalars.contains("\r"))
        }
    }

    @Test func displaySafeNeverLetsAControlThrough() {
        var fuzz = Fuzz(seed: 2)
        for _ in 0..<Fuzz.iterations {
            let shown = TextRules.displaySafe(fuzz.text())
            #expect(!shown.unicodeScalars.contains {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || TextRules.unsafeKind($0) != nil
            })
        }
    }

    @Test func parsersOfUserFilesNeverCrashOrHang() {
        var fuzz = Fuzz(seed: 3)
        for _ in 0..<Fuzz.iterations / 3 {
            let text = (0..<Int.random(in: 0...6, using: &fuzz)).map { _ in
                [fuzz.text(maxLength: 12), "msgid \"", "msgstr \"", "\"", "\\", "\n", "color", " ", "#", "bind"]
                    .randomElement(using: &fuzz)!
            }.joined()
            _ = try? Catalogue.parse(text, language: "es", file: "fuzz.po")
        }
    }
}
