import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Issue 10, item 4: a 25 KB paste stored 1,000 submissions in 3 s.
@Suite struct KioskRateTests {
    /// A clock the test moves forward.
    final class Time: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_772_452_800)
    }

    @Test func aKioskRecordsAtMostItsLimitInAnyMinute() throws {
        let time = Time()
        let world = try World(clock: Clock(now: { time.now }, timeZone: fixedClock.timeZone))
        let (consultation, questions) = try world.consultation()
        for n in 0..<AppDatabase.kioskSubmissionsPerMinute {
            time.now += 5
            _ = try world.submit("Participación \(n)", consultation: consultation, questions: questions)
        }
        let audits = try world.auditCount()
        time.now += 5
        let error = cabildoError { try world.submit("Una de más", consultation: consultation, questions: questions) }
        #expect(error?.kind == .permission)
        #expect(error?.message.description.contains("already sent 6 participations in the last minute") == true)
        #expect(error?.message.description.contains("Your answers are kept") == true)
        #expect(try world.db.reader.read { try Submission.fetchCount($0) } == 6)
        #expect(try world.auditCount() == audits)
        // Other accounts have their own count, and officials typing paper forms none.
        for n in 0..<8 {
            _ = try world.submit("En papel \(n)", consultation: consultation, questions: questions,
                                 by: world.tlalnepantlaEditor)
        }
        // A minute after the first, the kiosk sends again: the window slides.
        time.now += 30
        _ = try world.submit("Ya pasó un minuto", consultation: consultation, questions: questions)
        #expect(cabildoError { try world.submit("Otra", consultation: consultation, questions: questions) } != nil)
    }

    @Test func eachKioskCanBeGivenItsOwnLimit() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        func send(_ limit: Int) throws {
            _ = try world.db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .caravan, place: "Caravana", jurisdictionId: consultation.jurisdictionId,
                answers: [questions[0].id!: "Agua potable"]), by: world.kiosk, perMinute: limit)
        }
        try send(2)
        try send(2)
        #expect(cabildoError { try send(2) }?.kind == .permission)
        try send(10)
    }

    @Test func theCountReadsAnIndexNotTheTable() throws {
        let world = try World()
        let plan = try world.db.reader.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT count(*) FROM submission WHERE recordedBy = ? AND receivedAt > ?
                """, arguments: [1, "2026-03-02T12:00:00Z"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING COVERING INDEX submission_recorder") }, "\(plan)")
    }
}
