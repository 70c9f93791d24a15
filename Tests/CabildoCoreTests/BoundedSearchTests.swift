import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Issue 10, item 10: a search of a thousand words took 104 s.
@Suite struct BoundedSearchTests {
    @Test func aThousandWordsAreRefusedAtOnceSayingWhy() throws {
        let world = try World()
        let words = (0..<1_000).map { "w\($0)" }.joined(separator: " ")
        for text in [words, String(words.prefix(SearchLimits.characters))] {
            let started = Date()
            let error = cabildoError { try world.db.search(text, in: .submissions) }
            #expect(Date().timeIntervalSince(started) < 1)
            #expect(error?.kind == .validation)
            #expect(error?.message.description.hasPrefix("A search takes at most ") == true)
        }
        // 16 words and 200 characters still search.
        #expect(try world.db.search((0..<SearchLimits.words).map { "w\($0)" }.joined(separator: " "), in: .mechanisms)
            .isEmpty)
        let long = "tequio " + String(repeating: "t", count: SearchLimits.characters - 7)
        #expect(try world.db.search(long, in: .mechanisms).isEmpty)
        #expect(cabildoError { try world.db.search(long + "t", in: .mechanisms) }?.message.description
            .contains("201") == true)
    }

    @Test func aSlowSearchIsStoppedAndSaysSoThenSearchingWorksAgain() throws {
        let world = try World()
        _ = try world.db.loadDemoData(submissions: 3_000, seed: 2, by: .operator("tests"))
        let everything = try world.db.search("a*", in: .submissions, limit: 5)
        #expect(everything.count == 5)
        // A bound no query over 3,000 submissions can meet.
        let started = Date()
        let error = cabildoError { try world.db.search("a*", in: .submissions, timeLimit: 0) }
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(error?.kind == .validation)
        #expect(error?.message.description.hasPrefix("The search was stopped after 0 seconds") == true)
        // The watch is on that query only: the connection searches and writes as before.
        #expect(try world.db.search("a*", in: .submissions, limit: 5) == everything)
        let (consultation, questions) = try world.consultation()
        _ = try world.submit("Alumbrado", consultation: consultation, questions: questions)
        #expect(try world.db.search("alumbrado", in: .submissions).count >= 1)
    }
}
