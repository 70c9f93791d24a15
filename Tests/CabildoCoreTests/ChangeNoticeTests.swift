import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// A session learns what changed since it last looked, named by table and
/// record; a consultation's counts are kept as submissions come and go.
@Suite struct ChangeNoticeTests {
    let world: World
    init() throws { world = try World() }

    /// Two open consultations of Tlalnepantla, each with one question.
    func twoConsultations() throws -> [(Consultation, [ConsultationQuestion])] {
        let first = try world.consultation()
        let second = try world.db.createConsultation(ConsultationDraft(
            jurisdictionId: try world.jurisdictionId("15104"), title: "Agua", theme: .other,
            opensOn: "2026-03-01", closesOn: "2026-03-31", questions: [QuestionDraft(prompt: "¿Qué falta?")]),
            by: world.tlalnepantlaEditor)
        return [first, (second, try world.db.questions(of: second.id!))]
    }

    func submit(_ text: String, _ consultation: (Consultation, [ConsultationQuestion]),
                channel: Channel = .paper, place: String = "15104") throws -> Submission {
        try world.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.0.id!, channel: channel, place: "Mesa",
            jurisdictionId: try world.jurisdictionId(place), answers: [consultation.1[0].id!: text]), by: world.admin)
    }

    @Test func aNoticeNamesTheTablesSubmissionsAndConsultationsThatChanged() throws {
        let consultations = try twoConsultations()
        let start = try world.db.lastChange()
        #expect(try world.db.changes(since: start).isEmpty)

        let submission = try submit("Más pipas", consultations[0])
        var notice = try world.db.changes(since: start)
        #expect(notice.tables == ["submission"] && notice.submissions == [submission.id!])
        #expect(notice.consultations == [consultations[0].0.id!])
        #expect(notice.touches(tables: [], consultation: consultations[0].0.id!))
        #expect(!notice.touches(tables: ["mechanism"], consultation: consultations[1].0.id!))
        #expect(try world.db.changes(since: notice.lastId).isEmpty)

        // A response names its submission and that submission's consultation.
        var seen = notice.lastId
        _ = try world.db.respondToSubmission(submission.id!, body: "Se atenderá.", by: world.admin)
        notice = try world.db.changes(since: seen)
        #expect(notice.tables == ["response"] && notice.submissions == [submission.id!])
        #expect(notice.touches(tables: [], submission: submission.id!))

        seen = notice.lastId
        _ = try world.db.createMechanism(MechanismDraft(
            jurisdictionId: try world.jurisdictionId("15104"), name: "Asamblea de barrio", theme: .other), by: world.admin)
        notice = try world.db.changes(since: seen)
        #expect(notice.tables == ["mechanism"] && notice.consultations.isEmpty)
        #expect(!notice.touches(tables: ["consultation"], consultation: consultations[0].0.id!))
    }

    @Test func tooManyChangesToNameTouchEverything() throws {
        let consultation = try world.consultation()
        let start = try world.db.lastChange()
        try world.db.rawStorage.write { db in   // a bulk load: one audit entry per record
            for n in 0...ChangeNotice.namedAtMost {
                try Audit.append(db, actor: .system, at: "2026-03-02T12:00:00Z", action: "test", table: "news",
                                 id: Int64(n), before: nil, after: nil)
            }
        }
        let notice = try world.db.changes(since: start)
        #expect(notice.tooManyToName && !notice.isEmpty)
        #expect(notice.touches(tables: [], consultation: consultation.0.id!))
        #expect(try world.db.changes(since: notice.lastId).isEmpty)
    }

    /// What every filter combination counts, straight from the submissions.
    func counted(_ consultation: Int64, _ moderation: Moderation?, _ channel: Channel?, _ place: Int64?) throws -> Int {
        try world.db.reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM submission WHERE consultationId = ?1 AND (?2 IS NULL OR moderation = ?2)
                  AND (?3 IS NULL OR channel = ?3) AND (?4 IS NULL OR jurisdictionId = ?4)
                """, arguments: [consultation, moderation, channel, place]) ?? 0
        }
    }

    @Test func keptCountsStayRightThroughSubmissionsPublishingAndRejecting() throws {
        let consultations = try twoConsultations()
        var recorded: [Submission] = []
        for n in 0..<12 {
            recorded.append(try submit("Respuesta \(n)", consultations[n % 3 == 0 ? 1 : 0],
                                       channel: n % 2 == 0 ? .paper : .roundtable, place: n % 4 == 0 ? "15" : "15104"))
        }
        for s in recorded.prefix(5) { _ = try world.db.moderateSubmission(s.id!, .publish, by: world.admin) }
        for s in recorded.suffix(3) {
            _ = try world.db.moderateSubmission(s.id!, .reject(reason: "Fuera de tema"), by: world.admin)
        }
        _ = try world.db.moderateSubmission(recorded[0].id!, .reject(reason: "Duplicada"), by: world.admin)
        // A submission removed (as a script or an erasure might) leaves the counts.
        try world.db.rawStorage.write { db in
            try db.execute(sql: "DELETE FROM answer WHERE submissionId = ?", arguments: [recorded[6].id!])
            try db.execute(sql: "DELETE FROM submission WHERE id = ?", arguments: [recorded[6].id!])
        }
        let places: [Int64?] = [nil, try world.jurisdictionId("15"), try world.jurisdictionId("15104")]
        for (consultation, _) in consultations {
            for moderation in [nil] + Moderation.allCases.map(Optional.some) {
                for channel in [nil, Channel.paper, .roundtable, .kiosk] {
                    for place in places {
                        #expect(try world.db.submissionCount(of: consultation.id!, moderation: moderation, channel: channel,
                                                             jurisdictionId: place)
                                == counted(consultation.id!, moderation, channel, place))
                    }
                }
            }
            let tally = try world.db.tally(consultationId: consultation.id!)
            #expect(tally.byStatus.map(\.1).reduce(0, +) == (try counted(consultation.id!, nil, nil, nil)))
            #expect(tally.byStatus.first { $0.0 == .rejected }?.1 == (try counted(consultation.id!, .rejected, nil, nil)))
            #expect(tally.byChannel.first { $0.0 == .paper }?.1 == (try counted(consultation.id!, nil, .paper, nil)))
        }
    }

    /// The count is added up from the kept counts: a consultation's
    /// submissions are never counted to show it (changing a kept count by
    /// hand shows in the count, which a count of the submissions would not).
    @Test func theCountIsAddedUpFromTheKeptCountsNotTheSubmissions() throws {
        let consultation = try world.consultation()
        let place = try world.jurisdictionId("15104")
        for n in 0..<3 { _ = try submit("Respuesta \(n)", consultation) }
        #expect(try world.db.submissionCount(of: consultation.0.id!) == 3)
        try world.db.rawStorage.write {
            try $0.execute(sql: "UPDATE submissionCount SET n = n + 1000 WHERE consultationId = ?",
                           arguments: [consultation.0.id!])
        }
        #expect(try world.db.submissionCount(of: consultation.0.id!, jurisdictionId: place) == 1003)
        #expect(try world.db.tally(consultationId: consultation.0.id!).byMunicipality.map(\.1) == [1003])
    }

    /// Without a municipality, a count reads the totals (a few rows per
    /// consultation), not the per-municipality counts: changing a total by
    /// hand shows in every count and tally that names no municipality, and
    /// in none that does.
    @Test func aCountWithoutMunicipalityReadsTheTotals() throws {
        let consultation = try world.consultation()
        let place = try world.jurisdictionId("15104")
        for n in 0..<3 { _ = try submit("Respuesta \(n)", consultation) }
        try world.db.rawStorage.write {
            try $0.execute(sql: "UPDATE submissionTotal SET n = n + 1000 WHERE consultationId = ?",
                           arguments: [consultation.0.id!])
        }
        let id = consultation.0.id!
        #expect(try world.db.submissionCount(of: id) == 1003)
        #expect(try world.db.submissionCount(of: id, moderation: .pending) == 1003)
        #expect(try world.db.submissionCount(of: id, moderation: .pending, channel: .paper) == 1003)
        #expect(try world.db.submissionCount(of: id, channel: .kiosk) == 0)
        #expect(try world.db.submissionCount(of: id, jurisdictionId: place) == 3)
        let tally = try world.db.tally(consultationId: id)
        #expect(tally.byChannel.map(\.1) == [1003] && tally.byStatus.map(\.1) == [1003] && tally.byTheme.map(\.1) == [1003])
        #expect(tally.byMunicipality.map(\.1) == [3])
        // A few rows per consultation, whatever the number of municipalities.
        let rows = try world.db.reader.read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM submissionTotal WHERE consultationId = ?", arguments: [id])
        }
        #expect(rows == 1)
    }

    /// A database filled before the counts were kept gets them when it is migrated.
    @Test func theMigrationCountsTheSubmissionsAlreadyThere() throws {
        let consultation = try world.consultation()
        for n in 0..<4 { _ = try submit("Respuesta \(n)", consultation) }
        try world.db.rawStorage.write { db in
            try db.execute(sql: """
                DROP TABLE submissionCount; DROP TRIGGER submissionCount_insert;
                DROP TRIGGER submissionCount_update; DROP TRIGGER submissionCount_delete;
                """)
            try db.execute(sql: Schema.submissionCountSQL)
        }
        #expect(try world.db.submissionCount(of: consultation.0.id!) == 4)
        #expect(try world.db.submissionCount(of: consultation.0.id!, moderation: .pending, channel: .paper) == 4)
    }

    /// Totals are made from the submissions already there (v12-submission-totals).
    @Test func theTotalsMigrationCountsTheSubmissionsAlreadyThere() throws {
        let consultations = try twoConsultations()
        for n in 0..<5 { _ = try submit("Respuesta \(n)", consultations[n % 2], channel: n < 3 ? .paper : .roundtable) }
        try world.db.rawStorage.write { db in
            try db.execute(sql: """
                DROP TABLE submissionTotal; DROP TRIGGER submissionTotal_insert;
                DROP TRIGGER submissionTotal_update; DROP TRIGGER submissionTotal_delete;
                """)
            try db.execute(sql: Schema.submissionTotalSQL)
        }
        for (consultation, _) in consultations {
            for channel in [nil, Channel.paper, .roundtable] {
                #expect(try world.db.submissionCount(of: consultation.id!, channel: channel)
                        == counted(consultation.id!, nil, channel, nil))
            }
        }
        let migrations = try world.db.reader.read { try Schema.migrator.appliedIdentifiers($0) }
        #expect(migrations.contains("v12-submission-totals"))
    }
}
