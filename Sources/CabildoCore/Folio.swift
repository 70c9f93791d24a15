import CabildoText

/// A submission's tracking code: 8 random symbols and a check symbol from a
/// 32-letter alphabet without I, L, O or U, shown as XXX-XXX-XXX.
///
/// The check symbol is Damm's scheme over GF(32): x∘y = 2x + y is a
/// quasigroup (so any single changed symbol is caught) and weakly totally
/// anti-symmetric (so any swap of two adjacent different symbols is caught).
public enum Folio {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let dataLength = 8
    public static let length = dataLength + 1

    public enum Problem: Error, Sendable, Equatable {
        case wrongLength(Int)
        case invalidCharacter(Character)
        case checkMismatch
    }

    /// Multiplication by 2 in GF(2^5) with modulus x^5 + x^2 + 1.
    static func double(_ x: Int) -> Int {
        let shifted = x << 1
        return shifted & 0b10_0000 != 0 ? (shifted ^ 0b10_0101) : shifted
    }

    static func interim(_ values: [Int]) -> Int {
        values.reduce(0) { double($0) ^ $1 }
    }

    /// The check symbol's value c makes the interim of all nine zero: 2·i + c = 0, so c = 2·i.
    static func checkValue(for values: [Int]) -> Int { double(interim(values)) }

    /// Makes a folio from 8 symbol values (each 0..<32).
    static func make(values: [Int]) -> String {
        precondition(values.count == dataLength && values.allSatisfy { (0..<32).contains($0) })
        return String((values + [checkValue(for: values)]).map { alphabet[$0] })
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        make(values: (0..<dataLength).map { _ in Int.random(in: 0..<32, using: &generator) })
    }

    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The form a person reads and writes: XXX-XXX-XXX.
    public static func display(_ folio: String) -> String {
        let chars = Array(folio)
        guard chars.count == length else { return folio }
        return "\(String(chars[0..<3]))-\(String(chars[3..<6]))-\(String(chars[6..<9]))"
    }

    /// Reads what a person typed: case, dashes and spaces ignored; O read as
    /// 0 and I or L as 1. Returns the stored form, or says what is wrong.
    public static func normalise(_ typed: String) throws(Problem) -> String {
        var values: [Int] = []
        for ch in typed.uppercased() {
            if ch == "-" || ch == " " || ch == "\u{2010}" || ch == "\u{2011}" { continue }
            let mapped: Character = switch ch {
            case "O": "0"
            case "I", "L": "1"
            default: ch
            }
            guard let value = alphabet.firstIndex(of: mapped) else { throw .invalidCharacter(ch) }
            values.append(value)
        }
        guard values.count == length else { throw .wrongLength(values.count) }
        guard interim(values) == 0 else { throw .checkMismatch }
        return String(values.map { alphabet[$0] })
    }

    public static func message(for problem: Problem) -> Message {
        switch problem {
        case .wrongLength(let n):
            Message("A folio has 9 characters, like 7KQ-M2P-X4B; this has {count}.", ["count": .text(String(n))])
        case .invalidCharacter(let ch):
            Message("A folio has only digits and letters; '{character}' is not one of them.",
                    ["character": .text(TextRules.displaySafe(String(ch)))])
        case .checkMismatch:
            Message("This folio is not valid: a character may be mistyped. Please check it against your receipt.")
        }
    }
}
