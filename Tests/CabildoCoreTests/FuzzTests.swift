import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct CoreFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["CABILDO_LONG_TESTS"] == "1" ? 20_000 : 400

    @Test func randomAnswersAreRefusedOrStoredClean() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        var g = SeededRandom(seed: 7)
        let pieces = ["\u{1B}[2J", "\u{1B}]0;x\u{07}", "\u{9B}", "\u{202E}", "\u{200B}", "漢字", "e\u{301}", "ñ", "\r\n", " ",
                      "Participación", "\u{0}", "\u{FEFF}", String(repeating: "á", count: 60)]
        var stored = 0
        for _ in 0..<Self.iterations {
            let text = (0..<Int.random(in: 0...6, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            do {
                // Typed by an official: a kiosk account would reach its per-minute limit (KioskRateTests).
                let submission = try world.submit(text, consultation: consultation, questions: questions,
                                                  by: world.tlalnepantlaEditor)
                let answer = try world.db.answers(of: submission.id!)[0].text
                #expect(!answer.unicodeScalars.contains { TextRules.unsafeKind($0) != nil || $0 == "\r" })
                #expect(answer.count <= 200 && answer == answer.precomposedStringWithCanonicalMapping)
                stored += 1
            } catch let error as CabildoError {
                #expect(error.kind == .validation)
            }
        }
        #expect(stored > 0)
        #expect(try world.db.check().isHealthy)
    }

    @Test func csvAndFolioReadersNeverCrash() {
        var g = SeededRandom(seed: 8)
        let pieces = ["\"", ",", "\n", "\r", "a", "ñ", "\"\"", "\u{FEFF}", " "]
        for _ in 0..<Self.iterations * 5 {
            let text = (0..<Int.random(in: 0...20, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            if let records = try? CSV.parse(text) {
                // Whatever parses, writing it back and reading again gives the same fields
                // (a field starting with "\r" comes back with the leading ' that keeps it no formula).
                let again = try? CSV.parse(records.map { CSV.line($0.fields) }.joined())
                #expect(again?.map(\.fields) == records.map { $0.fields.map(CSV.neutralised) })
            }
            let typed = String((0..<Int.random(in: 0...12, using: &g)).map { _ in
                Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-- ilo")[Int.random(in: 0..<42, using: &g)]
            })
            if let folio = try? Folio.normalise(typed) { #expect((try? Folio.normalise(folio)) == folio) }
        }
    }
}
