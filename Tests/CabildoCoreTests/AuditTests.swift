import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct AuditTests {
    let world: World
    init() throws { world = try World() }

    @Test func everyChangeIsAuditedWithWhoWhatAndBeforeAfter() throws {
        let before = try world.auditCount()
        let mechanism = try world.db.createMechanism(
            MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: "Consejo de Movilidad", theme: .mobility),
            by: world.tlalnepantlaEditor)
        var draft = MechanismDraft(jurisdictionId: mechanism.jurisdictionId, name: mechanism.name, theme: .mobility)
        draft.status = .inactive
        _ = try world.db.updateMechanism(mechanism.id!, draft, by: world.tlalnepantlaEditor)
        let entries = try world.db.reader.read {
            try AuditEntry.filter(Column("recordTable") == "mechanism" && Column("recordId") == mechanism.id!)
                .order(Column("id")).fetchAll($0)
        }
        #expect(try world.auditCount() == before + 2)
        #expect(entries.map(\.action) == ["mechanism.create", "mechanism.update"])
        #expect(entries.allSatisfy { $0.actor == "editor.tlalne" && $0.accountId == world.tlalnepantlaEditor.accountId })
        #expect(entries[0].before == nil)
        #expect(entries[1].before?.contains("\"status\":\"active\"") == true)
        #expect(entries[1].after?.contains("\"status\":\"inactive\"") == true)
    }

    @Test func theAuditEntryShareTheChangesTransaction() throws {
        let mechanismId = try world.db.mechanisms(limit: 1).first!.id!
        let foreignMember = try world.db.reader.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM membership WHERE mechanismId <> ? LIMIT 1", arguments: [mechanismId])!
        }
        let sessions = try world.db.reader.read { try MechanismSession.fetchCount($0) }
        let audits = try world.auditCount()
        // The session row and its audit entry are written, then attendance fails:
        // both must roll back together.
        let error = cabildoError {
            try world.db.recordSession(SessionDraft(mechanismId: mechanismId, date: "2026-03-02", place: "Sala de Cabildo",
                                                    agenda: ["Lista de asistencia"], attendance: [foreignMember]),
                                       by: world.admin)
        }
        #expect(error?.field == "attendance")
        #expect(try world.db.reader.read { try MechanismSession.fetchCount($0) } == sessions)
        #expect(try world.auditCount() == audits)
    }

    @Test func personalDataStaysOutOfTheTrail() throws {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Banquetas", consultation: consultation, questions: questions,
                                          contact: ContactDetails(name: "María López", email: "maria@example.mx"),
                                          notice: "2026-01")
        let after = try world.db.reader.read {
            try String.fetchOne($0, sql: "SELECT after FROM auditEntry WHERE recordTable = 'submission' AND recordId = ?",
                                arguments: [submission.id!])
        }
        #expect(after?.contains(submission.folio) == true)
        #expect(after?.contains("María") == false)
        #expect(after?.contains("maria@") == false)
    }

    @Test func anAlteredEntryIsFoundAndNamed() throws {
        _ = try world.db.createMechanism(
            MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: "Consejo de Movilidad", theme: .mobility),
            by: world.tlalnepantlaEditor)
        #expect(try world.db.check().isHealthy)
        let target = try world.db.reader.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM auditEntry WHERE action = 'mechanism.create'")!
        }
        #expect(throws: DatabaseError.self) {   // append-only, even to SQL
            try world.db.writer.write { try $0.execute(sql: "UPDATE auditEntry SET actor = 'nadie' WHERE id = ?",
                                                       arguments: [target]) }
        }
        try world.db.writer.write { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_append_only_update")
            try db.execute(sql: "UPDATE auditEntry SET actor = 'nadie' WHERE id = ?", arguments: [target])
        }
        let report = try world.db.check()
        let english = report.problems.map(Localizer(catalogue: nil).render)
        #expect(english.contains("audit entry #\(target): its content no longer matches its hash (altered)"))
        #expect(english.contains("protection: the trigger auditEntry_append_only_update has been removed"))
    }

    @Test func aRemovedEntryBreaksTheChain() throws {
        for name in ["Consejo A", "Consejo B", "Consejo C"] {
            _ = try world.db.createMechanism(
                MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: name, theme: .other),
                by: world.admin)
        }
        let ids = try world.db.reader.read { try Int64.fetchAll($0, sql: "SELECT id FROM auditEntry ORDER BY id") }
        let middle = ids[ids.count - 2]
        try world.db.writer.write { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_append_only_delete")
            try db.execute(sql: "DELETE FROM auditEntry WHERE id = ?", arguments: [middle])
        }
        let breaks = try world.db.reader.read { try Audit.verify($0) }
        #expect(breaks == [Audit.Break(entryId: ids.last!, reason: .chainBroken)])
    }
}
