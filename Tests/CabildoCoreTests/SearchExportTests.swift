import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct SearchExportTests {
    let world: World
    init() throws { world = try World() }

    @Test func searchIgnoresAccentsAndCase() throws {
        let hits = try world.db.search("PARTICIPACION ciudadana", in: .mechanisms)
        #expect(hits.map(\.title).contains("Consejos de Participación Ciudadana"))
        #expect(try world.db.search("anticorrupcion", in: .mechanisms).map(\.title) == ["Sistema Municipal Anticorrupción"])
        #expect(try world.db.search("caravan*", in: .mechanisms).map(\.title)
            == ["Consejo Consultivo de las Caravanas por la Justicia Cotidiana"])   // a prefix, asked for with *
        #expect(try world.db.search("gobierno abierto cultura", in: .commitments).map(\.title) == ["Cultura de Gobierno Abierto"])
        #expect(try world.db.search("\"", in: .mechanisms).isEmpty)   // nothing searchable, no error
    }

    @Test func searchFollowsEditsAndPages() throws {
        let (consultation, questions) = try world.consultation()
        for n in 0..<5 {
            _ = try world.submit("Iluminación en el parque \(n)", consultation: consultation, questions: questions)
        }
        let first = try world.db.search("iluminacion", in: .submissions, limit: 3)
        let second = try world.db.search("iluminacion", in: .submissions, limit: 3, offset: 3)
        #expect(first.count == 3 && second.count == 2)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        let newest = try world.db.search("iluminacion", in: .submissions, order: .newest, limit: 5).map(\.id)
        #expect(newest == newest.sorted(by: >) && newest.count == 5)
        let mechanism = try world.db.createMechanism(
            MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: "Consejo de Movilidad", theme: .mobility),
            by: world.admin)
        var draft = MechanismDraft(jurisdictionId: mechanism.jurisdictionId, name: "Consejo de Bicicletas", theme: .mobility)
        draft.purpose = "Ciclovías"
        _ = try world.db.updateMechanism(mechanism.id!, draft, by: world.admin)
        #expect(try world.db.search("movilidad", in: .mechanisms).isEmpty)
        #expect(try world.db.search("ciclovias", in: .mechanisms).map(\.id) == [mechanism.id!])
    }

    func exportText(_ kind: ExportKind, _ format: ExportFormat, personal: Bool = false, unpublished: Bool = false,
                    by actor: Actor) throws -> String {
        var text = ""
        try world.db.export(kind, format: format, includePersonalData: personal, includeUnpublished: unpublished,
                            by: actor) { text += $0 }
        return text
    }

    /// Open data holds published submissions only; pending and rejected ones
    /// (and their text) go only into an administrator's audited internal export.
    @Test func openDataHoldsPublishedSubmissionsOnly() throws {
        let (consultation, questions) = try world.consultation()
        let published = try world.submit("Más luminarias", consultation: consultation, questions: questions)
        _ = try world.db.moderateSubmission(published.id!, .publish, by: world.tlalnepantlaEditor)
        _ = try world.db.respondToSubmission(published.id!, body: "Se turnó a Servicios Públicos.", by: world.tlalnepantlaEditor)
        let pending = try world.submit("Texto sin moderar", consultation: consultation, questions: questions)
        let rejected = try world.submit("Insulto rechazado", consultation: consultation, questions: questions)
        _ = try world.db.moderateSubmission(rejected.id!, .reject(reason: "Lenguaje ofensivo."), by: world.tlalnepantlaEditor)
        for format in ExportFormat.allCases {
            let open = try exportText(.submissions, format, by: .operator("tests"))
            #expect(open.contains(published.folio) && open.contains("Más luminarias"))
            #expect(open.contains("Se turnó a Servicios Públicos."))
            #expect(!open.contains(pending.folio) && !open.contains("Texto sin moderar"))
            #expect(!open.contains(rejected.folio) && !open.contains("Insulto rechazado"))
        }
        let audits = try world.auditCount()
        let whole = try exportText(.submissions, .csv, unpublished: true, by: world.admin)
        #expect(whole.contains(pending.folio) && whole.contains("Insulto rechazado"))
        #expect(!whole.contains("contact_"))
        let last = try world.db.reader.read { try AuditEntry.order(Column("id").desc).fetchOne($0)! }
        #expect(try world.auditCount() == audits + 2)   // as it started, and once written
        #expect(last.action == "export.internal" && last.actor == "admin")
        #expect(last.after?.contains("\"records\":3") == true)
        for actor in [world.tlalnepantlaEditor, world.monitor, Actor.operator("tests")] {
            #expect(cabildoError { try exportText(.submissions, .csv, unpublished: true, by: actor) }?.kind == .permission)
        }
    }

    @Test func exportsLeavePersonalDataOutByDefault() throws {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Banquetas, por favor", consultation: consultation, questions: questions,
                                          contact: ContactDetails(name: "María López", email: "maria@example.mx"),
                                          notice: "2026-01")
        _ = try world.db.moderateSubmission(submission.id!, .publish, by: world.admin)
        for format in ExportFormat.allCases {
            let text = try exportText(.submissions, format, by: .operator("tests"))
            #expect(text.contains(submission.folio))
            #expect(text.contains("Banquetas, por favor"))
            #expect(!text.contains("María"))
            #expect(!text.contains("maria@example.mx"))
            #expect(!text.contains("contact_"))
        }
        let audits = try world.auditCount()
        let full = try exportText(.submissions, .csv, personal: true, by: world.admin)
        #expect(full.contains("maria@example.mx"))
        #expect(try world.auditCount() == audits + 2)   // as it started, and once written
        let last = try world.db.reader.read { try AuditEntry.order(Column("id").desc).fetchOne($0)! }
        #expect(last.action == "export.personalData" && last.actor == "admin")
        // Not for editors, nor for the account-less operator.
        #expect(cabildoError { try exportText(.submissions, .csv, personal: true, by: world.tlalnepantlaEditor) }?.kind
            == .permission)
        #expect(cabildoError { try exportText(.submissions, .csv, personal: true, by: .operator("tests")) }?.kind
            == .permission)
    }

    /// The export reads answers alongside submissions, not one query each:
    /// every record still carries exactly its own answers, in question order,
    /// including one with no answers at all between two that have some.
    @Test func exportedAnswersBelongToTheirSubmission() throws {
        _ = try world.db.loadDemoData(submissions: 250, seed: 3, by: .operator("tests"))
        let (consultation, questions) = try world.consultation()
        // Positions that differ from the order questions were stored in.
        try world.db.rawStorage.write { db in
            try db.execute(sql: "UPDATE consultationQuestion SET position = position + 10 WHERE consultationId = ?",
                           arguments: [consultation.id])
            try db.execute(sql: "UPDATE consultationQuestion SET position = 22 - position WHERE consultationId = ?",
                           arguments: [consultation.id])
        }
        _ = try world.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: try world.jurisdictionId("15104"),
            answers: [questions[0].id!: "Primera guardada", questions[1].id!: "A pie"]), by: world.admin)
        let lone = try world.submit("Solo la primera", consultation: consultation, questions: questions)
        try world.db.rawStorage.write { try $0.execute(sql: "DELETE FROM answer WHERE submissionId = ?", arguments: [lone.id]) }
        _ = try world.submit("Después de la vacía", consultation: consultation, questions: questions)
        let json = try exportText(.submissions, .json, unpublished: true, by: world.admin)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let ids = try world.db.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT folio, id FROM submission").reduce(into: [String: Int64]()) { $0[$1[0]] = $1[1] }
        }
        #expect(records.count == ids.count)
        for record in records {
            let folio = try #require(record["folio"] as? String)
            let exported = (record["answers"] as? [[String: String]] ?? []).map { $0["answer"] ?? "" }
            let stored = try world.db.reader.read { db in
                try String.fetchAll(db, sql: """
                    SELECT a.text FROM answer a JOIN consultationQuestion q ON q.id = a.questionId
                    WHERE a.submissionId = ? ORDER BY q.position
                    """, arguments: [ids[folio]])
            }
            #expect(exported == stored, "\(folio)")
        }
        #expect(records.contains { ($0["answers"] as? [Any])?.isEmpty == true })
        #expect(records.contains { record in
            (record["answers"] as? [[String: String]])?.compactMap { $0["answer"] } == ["A pie", "Primera guardada"]
        })
    }

    @Test func exportsAreWellFormed() throws {
        let json = try exportText(.mechanisms, .json, by: .operator("tests"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 12)
        #expect(parsed?.contains { $0["name"] as? String == "Tequio" } == true)
        let csv = try CSV.parse(exportText(.commitments, .csv, by: .operator("tests")))
        #expect(csv.first?.fields.contains("progress_percent") == true)
        #expect(csv.count == 2)
        let header = csv[0].fields
        let row = Dictionary(uniqueKeysWithValues: zip(header, csv[1].fields))
        #expect(row["title"] == "Cultura de Gobierno Abierto")
        #expect(row["lead_institutions"]?.contains("Infoem") == false)   // names, not acronyms
        #expect(row["lead_institutions"]?.hasPrefix("Instituto de Transparencia") == true)
    }
}

@Suite struct KeysetPagingTests {
    /// Pages found from a neighbour's key, or from the end, hold exactly the
    /// rows an OFFSET would give, with and without filters.
    @Test func keysetPagesMatchOffsetPages() throws {
        let world = try World()
        _ = try world.db.loadDemoData(submissions: 700, seed: 4, by: .operator("tests"))
        let consultation = try #require(try world.db.consultations().first).id!
        // Many rows received in the same second: only the id tells them apart.
        try world.db.rawStorage.write { db in
            try db.execute(sql: "UPDATE submission SET receivedAt = '2026-03-02T10:00:00Z' WHERE id % 3 = 0")
        }
        for moderation in [nil, Moderation.published] {
            let all = try world.db.submissions(of: consultation, moderation: moderation, limit: 10_000).map(\.id)
            #expect(all.count > 30)
            var forward: [Int64] = []
            var page = try world.db.submissions(of: consultation, moderation: moderation, limit: 16)
            while !page.isEmpty {
                forward += page.map(\.id)
                page = try world.db.submissions(of: consultation, moderation: moderation, from: .after(page.last!), limit: 16)
            }
            #expect(forward == all)
            var backward: [Int64] = []
            page = try world.db.submissions(of: consultation, moderation: moderation, from: .last, limit: 16)
            #expect(page.map(\.id) == Array(all.suffix(16)))
            while !page.isEmpty {
                backward = page.map(\.id) + backward
                page = try world.db.submissions(of: consultation, moderation: moderation, from: .before(page.first!), limit: 16)
            }
            #expect(backward == all)
        }
    }
}
