import CabildoTestSupport
import CabildoText
import Testing
@testable import CabildoCore

@Suite struct FolioTests {
    static let samples: [String] = {
        var generator = SeededRandom(seed: 2026)
        return (0..<300).map { _ in Folio.random(using: &generator) }
    }()

    @Test func generatedFoliosAreValid() throws {
        for folio in Self.samples {
            #expect(folio.count == 9)
            #expect(try Folio.normalise(folio) == folio)
            #expect(!folio.contains { "ILOU".contains($0) })
        }
    }

    @Test func everySingleCharacterChangeIsCaught() {
        for folio in Self.samples {
            let chars = Array(folio)
            for position in 0..<chars.count {
                for replacement in Folio.alphabet where replacement != chars[position] {
                    var changed = chars
                    changed[position] = replacement
                    #expect(throws: Folio.Problem.checkMismatch) { try Folio.normalise(String(changed)) }
                }
            }
        }
    }

    @Test func everyAdjacentTranspositionIsCaught() {
        for folio in Self.samples {
            let chars = Array(folio)
            for position in 0..<(chars.count - 1) where chars[position] != chars[position + 1] {
                var swapped = chars
                swapped.swapAt(position, position + 1)
                #expect(throws: Folio.Problem.checkMismatch) { try Folio.normalise(String(swapped)) }
            }
        }
    }

    /// The property behind the transposition guarantee, over the whole alphabet.
    @Test func theOperationIsWeaklyTotallyAntiSymmetric() {
        for c in 0..<32 {
            for x in 0..<32 {
                for y in 0..<32 where x != y {
                    let xy = Folio.double(Folio.double(c) ^ x) ^ y
                    let yx = Folio.double(Folio.double(c) ^ y) ^ x
                    #expect(xy != yx)
                }
            }
        }
    }

    @Test func lookupIgnoresCaseDashesAndLookalikes() throws {
        let folio = Folio.make(values: [0, 1, 10, 11, 20, 21, 30, 31])
        let shown = Folio.display(folio)
        #expect(shown.count == 11 && shown.filter { $0 == "-" }.count == 2)
        #expect(try Folio.normalise(shown.lowercased()) == folio)
        #expect(try Folio.normalise(" " + shown.replacingOccurrences(of: "-", with: " ") + " ") == folio)
        // O is read as zero, I and L as one.
        let withLookalikes = String(folio.map { $0 == "0" ? "o" : $0 == "1" ? "l" : $0 })
        #expect(try Folio.normalise(withLookalikes) == folio)
        #expect(throws: Folio.Problem.wrongLength(8)) { try Folio.normalise(String(folio.dropLast())) }
        #expect(throws: Folio.Problem.invalidCharacter("U")) { try Folio.normalise("U" + folio.dropFirst()) }
    }
}

