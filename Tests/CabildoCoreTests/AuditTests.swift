import CabildoTestSupport
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
            try world.db.rawStorage.write { try $0.execute(sql: "UPDATE auditEntry SET actor = 'nadie' WHERE id = ?",
                                                       arguments: [target]) }
        }
        try world.db.rawStorage.write { db in
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
        try world.db.rawStorage.write { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_append_only_delete")
            try db.execute(sql: "DELETE FROM auditEntry WHERE id = ?", arguments: [middle])
        }
        let breaks = try world.db.reader.read { try Audit.verify($0, key: world.db.auditKey) }
        #expect(breaks == [Audit.Break(entryId: ids.last!, reason: .chainBroken)])
    }

    // MARK: The keyed chain: attacks by someone who can write the file but has no key

    func problems(_ report: CheckReport) -> [String] { report.problems.map(Localizer(catalogue: nil).render) }

    func mechanisms(_ names: [String]) throws {
        for name in names {
            _ = try world.db.createMechanism(
                MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: name, theme: .other),
                by: world.admin)
        }
    }

    /// Runs SQL with the trail's protection triggers dropped, then puts them back (as an attacker would).
    func tamper(_ sql: String, arguments: StatementArguments = []) throws {
        try world.db.rawStorage.write { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_append_only_update; DROP TRIGGER auditEntry_append_only_delete")
            try db.execute(sql: sql, arguments: arguments)
            try db.execute(sql: """
                CREATE TRIGGER auditEntry_append_only_update BEFORE UPDATE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                CREATE TRIGGER auditEntry_append_only_delete BEFORE DELETE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                """)
        }
    }

    func entries() throws -> [AuditEntry] {
        try world.db.reader.read { try AuditEntry.order(Column("id")).fetchAll($0) }
    }

    /// What someone without the key can do: rewrite every entry (after `edit`)
    /// with plain SHA-256 hashes chained to each other, the trigger dropped.
    func rechainedWithPlainHashes(_ edit: (inout AuditEntry) -> Void) throws -> [AuditEntry] {
        var previous = Audit.genesis
        var rewritten: [AuditEntry] = []
        for var entry in try entries() {
            edit(&entry)
            entry.previousHash = previous
            entry.hash = Audit.hash(of: entry)
            previous = entry.hash
            rewritten.append(entry)
        }
        try world.db.rawStorage.write { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_append_only_update")
            try db.execute(sql: "UPDATE auditEntry SET hash = 'x' || id")   // the hash column is UNIQUE
            for entry in rewritten { try entry.update(db) }
        }
        return rewritten
    }

    @Test func cuttingTheLastEntriesIsFound() throws {
        try mechanisms(["Consejo A", "Consejo B", "Consejo C"])
        #expect(try world.db.check().isHealthy)
        let ids = try entries().map { $0.id! }
        try tamper("DELETE FROM auditEntry WHERE id > ?", arguments: [ids[ids.count - 3]])
        let found = try problems(world.db.check())
        #expect(found.contains("audit trail: its head is entry #\(ids.last!) but the trail ends at #\(ids[ids.count - 3]); entries were removed from its end"))
        // The records whose entries went with them are named too.
        #expect(found.contains { $0.hasPrefix("mechanism #") && $0.hasSuffix("it has no audit entry (written outside Cabildo)") })
    }

    /// An entry about no record (an export) cut from the end, and the head row
    /// put back to the entry before it: only the head's seal tells.
    @Test func aCutEndWithItsHeadPutBackIsFound() throws {
        try world.db.export(.submissions, format: .csv, includePersonalData: true, by: world.admin) { _ in }
        let all = try entries()
        let kept = all[all.count - 2]
        #expect(all.last!.action == "export.personalData")
        try tamper("DELETE FROM auditEntry WHERE id > ?", arguments: [kept.id!])
        try world.db.rawStorage.write { try $0.execute(sql: "UPDATE auditHead SET lastId = ?, lastHash = ?",
                                                   arguments: [kept.id!, kept.hash]) }
        #expect(try problems(world.db.check())
            == ["audit trail: its head (entry #\(kept.id!)) does not carry the audit key's seal; it was rewritten outside Cabildo, and entries may have been removed from its end"])
        // Nor does Cabildo extend that head (sealing it anew would hide the cut).
        let refused = cabildoError { try mechanisms(["Consejo Z"]) }
        #expect(refused?.kind == .storage)
        #expect(try entries().count == all.count - 1)
    }

    @Test func aForgedEntryWithACorrectPlainHashIsFound() throws {
        try mechanisms(["Consejo A"])
        let last = try entries().last!
        var forged = AuditEntry(id: last.id! + 1, at: last.at, accountId: nil, actor: "alguien", action: "mechanism.update",
                                recordTable: "cabildoMeta", recordId: nil, before: nil, after: "{}",
                                previousHash: last.hash, hash: "")
        forged.hash = Audit.hash(of: forged)   // a correct SHA-256, as the old chain would accept
        try world.db.rawStorage.write { try forged.insert($0) }
        let found = try problems(world.db.check())
        #expect(found.contains("audit entry #\(forged.id!): its content no longer matches its hash (altered)"))
        #expect(found.contains("audit trail: its head does not match its last entry #\(forged.id!); entries were removed, added or replaced at its end"))
    }

    @Test func rehashingTheWholeChainAfterAnEditIsFound() throws {
        try mechanisms(["Consejo A", "Consejo B"])
        let target = try entries().first { $0.action == "mechanism.create" }!.id!
        // Edit one entry, then recompute every hash after it so the chain links again.
        let rewritten = try rechainedWithPlainHashes { if $0.id == target { $0.actor = "nadie" } }
        try world.db.rawStorage.write { db in
            try db.execute(sql: "UPDATE auditHead SET lastHash = ?", arguments: [rewritten.last!.hash])
        }
        let found = try problems(world.db.check())
        #expect(found.contains("audit entry #\(target): its content no longer matches its hash (altered)"))
        // The head row was made to agree, but its seal needs the key.
        #expect(found.contains { $0.hasPrefix("audit trail: its head (entry #\(rewritten.last!.id!)) does not carry the audit key's seal") })
    }

    /// Dropping the head and passing the whole chain off as an older, unkeyed one.
    @Test func puttingBackAnUnkeyedChainIsFound() throws {
        try mechanisms(["Consejo A"])
        _ = try rechainedWithPlainHashes { _ in }
        try world.db.rawStorage.write { db in
            try db.execute(sql: """
                DROP TABLE auditHead;
                DELETE FROM grdb_migrations WHERE identifier = 'v4-audit-head';
                CREATE TRIGGER auditEntry_append_only_update BEFORE UPDATE ON auditEntry
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                """)
        }
        #expect(try problems(world.db.check())
            == ["audit head: this file has an audit key but its chain is no longer keyed; the head and the keyed chain were removed"])
    }

    @Test func aRecordEditedWithSQLIsNamed() throws {
        try mechanisms(["Consejo A"])
        let id = try world.db.mechanisms(limit: 1).first!.id!
        #expect(try world.db.check().isHealthy)
        try world.db.rawStorage.write { db in
            try db.execute(sql: "UPDATE mechanism SET name = 'Otro nombre' WHERE id = ?", arguments: [id])
            try db.execute(sql: """
                INSERT INTO organisation (name, sector) VALUES ('Colectivo sin registro', 'civil_society')
                """)
        }
        let organisation = try world.db.reader.read { $0.lastInsertedRowID }
        let found = try problems(world.db.check())
        #expect(found.contains("mechanism #\(id): it differs from its last audited state (changed outside Cabildo)"))
        #expect(found.contains("organisation #\(organisation): it has no audit entry (written outside Cabildo)"))
        #expect(found.count == 2)
    }

    /// Personal data is never in the trail, yet a password hash or a
    /// citizen's address changed with SQL shows, through a keyed digest.
    @Test func personalDataChangedWithSQLIsNamedWithoutBeingInTheTrail() throws {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más luz", consultation: consultation, questions: questions,
                                          contact: ContactDetails(name: "María", email: "maria@example.mx"),
                                          notice: "2026-01")
        #expect(try world.db.check().isHealthy)
        let admin = try #require(world.admin.accountId)
        try world.db.rawStorage.write { db in
            // The attacker's own hash on the administrator's account.
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE id = ?",
                           arguments: [AppDatabase.unknownAccountHash, admin])
            try db.execute(sql: "UPDATE submission SET contactEmail = 'otra@example.mx' WHERE id = ?",
                           arguments: [submission.id])
        }
        let found = try problems(world.db.check())
        #expect(found.contains("account #\(admin): it differs from its last audited state (changed outside Cabildo)"))
        #expect(found.contains("submission #\(submission.id!): it differs from its last audited state (changed outside Cabildo)"))
        let trail = try world.db.reader.read { try String.fetchAll($0, sql: "SELECT coalesce(after, '') FROM auditEntry") }
            .joined()
        #expect(!trail.contains("maria@example.mx") && !trail.contains("argon2"))
    }

    @Test func aRemovedRecordIsNamed() throws {
        let news = try world.db.publishNews(mechanismId: try world.db.mechanisms(limit: 1).first!.id!,
                                            title: "Sesión abierta", body: "Se invita a la sesión.", by: world.admin)
        try world.db.rawStorage.write { try $0.execute(sql: "DELETE FROM news WHERE id = ?", arguments: [news.id]) }
        #expect(try problems(world.db.check())
            == ["news #\(news.id!): it is missing, but the audit trail says it exists (removed outside Cabildo)"])
    }

    @Test func anExpectedHeadProvesNothingWasCutBeforeIt() throws {
        try mechanisms(["Consejo A"])
        let noted = try world.db.auditHead()
        let all = try entries()
        #expect(noted.entries == all.count && noted.lastId == all.last!.id!)
        try mechanisms(["Consejo B", "Consejo C"])
        let expected = try #require(ExpectedHead(noted.reference))
        #expect(try world.db.check(expecting: expected).isHealthy)
        #expect(try world.db.check(expecting: ExpectedHead(noted.hash)).isHealthy)
        // Cut back to before the noted head and make the head row agree: only the noted head tells.
        let keep = noted.lastId - 1
        let kept = try entries().first { $0.id == keep }!
        try tamper("DELETE FROM auditEntry WHERE id > ?", arguments: [keep])
        try world.db.rawStorage.write { try $0.execute(sql: "UPDATE auditHead SET lastId = ?, lastHash = ?",
                                                   arguments: [keep, kept.hash]) }
        let found = try problems(world.db.check(expecting: expected))
        #expect(found.contains("expected head: the entry #\(noted.lastId) \(noted.hash) noted earlier is no longer in the audit trail at its place; entries were cut or replaced"))
        #expect(ExpectedHead("12:abc") == nil && ExpectedHead("x:" + noted.hash) == nil)
    }

    // MARK: The key file

    @Test func theKeyLivesBesideTheFileReadableOnlyByItsOwner() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("cabildo.sqlite").path
        let keyPath = AuditKey.path(forDatabase: path)
        _ = try AppDatabase.open(path: path, seedDirectory: seedDirectory, clock: fixedClock)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try AppDatabase.checkFile(path: path).isHealthy)

        // Readable by the group: refused, with words and a way out.
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: keyPath)
        let loose = cabildoError { try AppDatabase.open(path: path, seedDirectory: seedDirectory) }
        #expect(loose?.kind == .storage)
        #expect(loose.map { Localizer(catalogue: nil).render($0.message) }?.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)

        // A symbolic link is not followed.
        let elsewhere = directory.appendingPathComponent("otra-llave").path
        try FileManager.default.moveItem(atPath: keyPath, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: keyPath, withDestinationPath: elsewhere)
        #expect(cabildoError { try AppDatabase.open(path: path, seedDirectory: seedDirectory) }?.kind == .storage)
        try FileManager.default.removeItem(atPath: keyPath)

        // Without its key the file opens, but nothing can be written, and check says why.
        let keyless = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        #expect(!FileManager.default.fileExists(atPath: keyPath))
        let refused = cabildoError {
            try keyless.createAccount(username: "ana", displayName: "Ana", role: .monitor, jurisdictionCode: nil,
                                      password: World.password, by: .operator("tests"))
        }
        #expect(refused?.kind == .storage)
        #expect(refused.map { Localizer(catalogue: nil).render($0.message) }?.contains("audit key") == true)
        #expect(try keyless.accounts().isEmpty)
        #expect(try problems(AppDatabase.checkFile(path: path))
            == ["audit key: \(keyPath) is missing, so the keyed entries cannot be verified; restore the key kept with the database's backups"])
    }

    /// A file written before the chain was keyed: its entries keep their plain
    /// hash up to the boundary, records it never covered get a baseline entry,
    /// and moving the boundary is found.
    @Test func anOlderFileIsKeyedFromItsFirstOpenOn() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("cabildo.sqlite").path
        let legacy = try DatabaseQueue(path: path)
        try legacy.write { try $0.execute(sql: "PRAGMA application_id = \(AppDatabase.applicationId)") }
        try Schema.migrator.migrate(legacy, upTo: "v2-cocreation-meetings")
        try legacy.write { db in
            try db.execute(sql: "INSERT INTO jurisdiction (inegiCode, name, kind) VALUES ('15', 'Estado de México', 'state')")
            var previous = Audit.genesis
            for id in Int64(1)...3 {   // as the old code wrote them: plain SHA-256
                var entry = AuditEntry(id: id, at: "2026-01-0\(id)T10:00:00Z", accountId: nil, actor: "system",
                                       action: "seed.load", recordTable: "cabildoMeta", recordId: nil, before: nil,
                                       after: "{}", previousHash: previous, hash: "")
                entry.hash = Audit.hash(of: entry)
                previous = entry.hash
                try entry.insert(db)
            }
        }
        try legacy.close()
        let keyPath = AuditKey.path(forDatabase: path)
        // Checked before the upgrade: read as it is, its unkeyed record left alone, nothing written.
        let unkeyed = try AppDatabase.checkFile(path: path)
        #expect(unkeyed.isHealthy && unkeyed.notKeyedYet && unkeyed.head?.lastId == 3)
        #expect(!FileManager.default.fileExists(atPath: keyPath))
        let db = try AppDatabase.open(path: path, seedDirectory: nil, clock: fixedClock)
        #expect(FileManager.default.fileExists(atPath: keyPath))
        let report = try db.check()
        #expect(report.isHealthy)
        #expect(report.plainUntil == 3)
        let actions = try db.reader.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE id > 3 ORDER BY id") }
        #expect(actions == ["audit.keyed", "audit.baseline"])

        // Moving the boundary past the keyed entries (to pass them off as plain) is found.
        try db.rawStorage.write { try $0.execute(sql: "UPDATE auditHead SET plainUntil = 5") }
        #expect(try problems(db.check()).contains("audit entry #6: the keyed part of the chain should begin here; the boundary between plain and keyed entries was changed"))
    }

    // MARK: What was done, written after it was done

    @Test func demoDataIsAuditedAfterTheWorkWithWhatWasStored() throws {
        let db = try AppDatabase.inMemory(seedDirectory: seedDirectory, clock: fixedClock)
        let before = try db.reader.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM auditEntry")! }
        let report = try db.loadDemoData(submissions: 120, seed: 5, by: .operator("tests"))
        #expect(report.submissions == 120)
        let loads = try db.reader.read {
            try AuditEntry.filter(Column("action") == "demoData.load" && Column("id") > before).fetchAll($0)
        }
        #expect(loads.map(\.after) == ["{\"seed\":5,\"submissions\":120}"])
        let lastRecord = try db.reader.read {
            try Int64.fetchOne($0, sql: "SELECT max(id) FROM auditEntry WHERE action = 'demoData.submission'")!
        }
        #expect(loads[0].id! > lastRecord)
        #expect(try db.check().isHealthy)
    }

    @Test func anInternalExportIsAuditedAfterItWithTheRecordsWritten() throws {
        let (consultation, questions) = try world.consultation()
        let published = try world.submit("Banquetas", consultation: consultation, questions: questions)
        _ = try world.db.moderateSubmission(published.id!, .publish, by: world.admin)
        _ = try world.submit("Pendiente", consultation: consultation, questions: questions)
        let audits = try world.auditCount()
        // An export that fails while writing shows that it began, and claims nothing was written.
        struct DiskFull: Error {}
        #expect(throws: DiskFull.self) {
            try world.db.export(.submissions, format: .csv, includePersonalData: true, by: world.admin) { _ in
                throw DiskFull()
            }
        }
        #expect(try world.auditCount() == audits + 1)
        let started = try world.db.reader.read { try AuditEntry.order(Column("id").desc).fetchOne($0)! }
        #expect(started.action == "export.started" && started.after?.contains("records") == false)
        let written = try world.db.export(.submissions, format: .csv, includePersonalData: true, by: world.admin) { _ in }
        #expect(written == 1)
        let last = try world.db.reader.read { try AuditEntry.order(Column("id").desc).fetchOne($0)! }
        #expect(last.action == "export.personalData")
        #expect(last.after == "{\"format\":\"csv\",\"personalData\":true,\"records\":1,\"unpublished\":false}")
    }
}
