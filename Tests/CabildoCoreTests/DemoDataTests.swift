import CabildoTestSupport
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct DemoDataTests {
    func load(seed: UInt64) throws -> (AppDatabase, [Row]) {
        let db = try AppDatabase.inMemory(seedDirectory: seedDirectory, clock: fixedClock)
        let audits = try db.reader.read { try AuditEntry.fetchCount($0) }
        let report = try db.loadDemoData(submissions: 300, seed: seed, by: .operator("tests"))
        #expect(report.submissions == 300 && report.consultations == 3)
        // One entry per record written (so `check` can compare each), and one for the batch.
        let records = try db.reader.read {
            try Int.fetchOne($0, sql: "SELECT (SELECT count(*) FROM submission) + (SELECT count(*) FROM response) + 3")!
        }
        #expect(try db.reader.read { try AuditEntry.fetchCount($0) } == audits + records + 1)
        let rows = try db.reader.read {
            try Row.fetchAll($0, sql: """
                SELECT s.folio, s.channel, s.moderation, s.rejectionReason, a.text
                FROM submission s JOIN answer a ON a.submissionId = s.id ORDER BY s.id, a.questionId
                """)
        }
        return (db, rows)
    }

    @Test func theSameSeedGivesTheSameValidData() throws {
        let (db, first) = try load(seed: 3)
        let (_, again) = try load(seed: 3)
        let (_, other) = try load(seed: 4)
        #expect(first == again)
        #expect(first != other)
        #expect(Set(first.map { $0["moderation"] as String }) == ["pending", "published", "rejected"])
        #expect(Set(first.map { $0["channel"] as String }).count == Channel.allCases.count)
        for row in first { #expect(try Folio.normalise(row["folio"]) == row["folio"]) }
        #expect(try db.search("participacion", in: .submissions).count > 0)
        #expect(try db.check().isHealthy)
        #expect(cabildoError { try db.loadDemoData(submissions: 1, seed: 1, by: World().monitor) }?.kind == .permission)
    }

    /// Each demo consultation also asks a choice question, answered by most
    /// submissions with one of its options, so the tallies have options to count.
    @Test func theDemoConsultationsAskAChoiceTooAnsweredWithItsOptions() throws {
        let (db, _) = try load(seed: 5)
        let demos = try db.consultations().filter { $0.title.hasPrefix("Demostración:") }
        #expect(demos.count == 3)
        for consultation in demos {
            let questions = try db.questions(of: consultation.id!)
            #expect(questions.map(\.kind) == [.text, .choice])
            let choice = questions[1]
            #expect(choice.choiceList == AppDatabase.demoTopics)
            let (answered, total, stray) = try db.reader.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM answer WHERE questionId = ?", arguments: [choice.id])!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE consultationId = ?", arguments: [consultation.id])!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM answer WHERE questionId = ? AND text NOT IN (\(AppDatabase.demoTopics.map { "'\($0)'" }.joined(separator: ",")))",
                                  arguments: [choice.id])!)
            }
            #expect(total > 50 && answered > total / 2 && answered < total, "\(answered) of \(total)")
            #expect(stray == 0)
        }
    }
}
