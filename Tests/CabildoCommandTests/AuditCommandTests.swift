import CabildoTestSupport
import Foundation
import Testing

/// The keyed audit chain, `audit head`, `check --expect-head`, a damaged file
/// and open data, as an operator meets them on the command line.
extension EndToEnd { @Suite struct AuditCommandTests {
    func admin(_ cli: CLI) throws {
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "una-clave-larga\n")
    }

    var sqliteRestoreTriggers: String {
        """
        CREATE TRIGGER auditEntry_append_only_update BEFORE UPDATE ON auditEntry
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        CREATE TRIGGER auditEntry_append_only_delete BEFORE DELETE ON auditEntry
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        """
    }

    @Test func theKeyIsCreatedBesideTheDatabaseForItsOwnerOnly() throws {
        let cli = try CLI()
        try admin(cli)
        let key = cli.database + ".audit-key"
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let loose = try cli.run(["user", "list"])
        #expect(loose.status == 4)
        #expect(loose.err.contains("can be read by other users") && loose.err.contains("chmod 600 \(key)"))
        #expect(try cli.run(["check"]).status == 4)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        try FileManager.default.removeItem(atPath: key)
        let keyless = try cli.run(["user", "add", "luis", "--role", "monitor", "--password-stdin"], stdin: "otra-clave-larga\n")
        #expect(keyless.status == 4)
        #expect(keyless.err.contains("audit key") && keyless.err.contains("nothing was saved"))
        let check = try cli.run(["check"])
        #expect(check.status == 1)
        #expect(check.out.contains("Error: audit key: \(key) is missing"))
    }

    @Test func theHeadIsPrintedAndAnExpectedHeadProvesNothingWasCut() throws {
        let cli = try CLI()
        try admin(cli)
        let head = try cli.run(["audit", "head"])
        #expect(head.status == 0)
        let reference = try #require(head.out.split(separator: "'").first { $0.hasPrefix("cabildo check --expect-head ") }
            .map { String($0.dropFirst("cabildo check --expect-head ".count)) })
        let check = try cli.run(["check", "--expect-head", reference])
        #expect(check.status == 0)
        #expect(check.out.contains("Audit head: ") && check.out.contains("Check passed"))
        try cli.run(["user", "add", "luis", "--role", "monitor", "--password-stdin"], stdin: "otra-clave-larga\n")
        try cli.run(["user", "disable", "luis"])
        #expect(try cli.run(["check", "--expect-head", reference]).status == 0)
        #expect(try cli.run(["check", "--expect-head", "not-a-head"]).status == 64)

        // Cut the end of the trail back past the noted head, head row and all.
        let id = try #require(Int(reference.split(separator: ":")[0]))
        let cut = try cli.sqlite("""
            DROP TRIGGER auditEntry_append_only_delete; DROP TRIGGER auditEntry_append_only_update;
            DELETE FROM auditEntry WHERE id >= \(id);
            UPDATE auditHead SET lastId = (SELECT max(id) FROM auditEntry),
                                 lastHash = (SELECT hash FROM auditEntry ORDER BY id DESC LIMIT 1);
            \(sqliteRestoreTriggers)
            """)
        #expect(cut.status == 0, "\(cut.err)")
        let after = try cli.run(["check", "--expect-head", reference])
        #expect(after.status == 1)
        #expect(after.out.contains("Error: expected head: the entry #\(id) "))
        let spanish = try cli.run(["check", "--expect-head", reference], lang: "es_MX.UTF-8")
        #expect(spanish.out.contains("cabeza esperada"))
    }

    @Test func cutForgedAndEditedAreNamedByCheck() throws {
        let cli = try CLI()
        try admin(cli)
        #expect(try cli.run(["check"]).status == 0)
        // A direct edit of a record.
        _ = try cli.sqlite("UPDATE mechanism SET name = 'Tequio de nadie' WHERE name = 'Tequio'")
        let id = try cli.sqlite("SELECT id FROM mechanism WHERE name = 'Tequio de nadie'").out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let edited = try cli.run(["check"])
        #expect(edited.status == 1)
        #expect(edited.out.contains("Error: mechanism #\(id): it differs from its last audited state (changed outside Cabildo)"))
        _ = try cli.sqlite("UPDATE mechanism SET name = 'Tequio' WHERE id = \(id)")
        #expect(try cli.run(["check"]).status == 0)
        // The last two entries deleted.
        let last = try #require(Int(try cli.sqlite("SELECT max(id) FROM auditEntry").out
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        _ = try cli.sqlite("""
            DROP TRIGGER auditEntry_append_only_delete; DROP TRIGGER auditEntry_append_only_update;
            DELETE FROM auditEntry WHERE id > \(last - 2);
            \(sqliteRestoreTriggers)
            """)
        let cut = try cli.run(["check"])
        #expect(cut.status == 1)
        #expect(cut.out.contains("Error: audit trail: its head is entry #\(last) but the trail ends at #\(last - 2)"))
    }

    @Test func aDamagedFileIsReportedAndLeftUntouched() throws {
        for damage in ["overwrite", "truncate"] {
            let cli = try CLI()
            try admin(cli)
            // A file at rest, as a copied or backed-up file would be: the WAL that
            // stays after the last connection holds only pages already checkpointed.
            for side in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.database + side) }
            let handle = try #require(FileHandle(forUpdatingAtPath: cli.database))
            let size = try handle.seekToEnd()
            if damage == "overwrite" {
                try handle.seek(toOffset: size / 4096 / 2 * 4096)
                try handle.write(contentsOf: Data(repeating: 0xFF, count: 4096))
            } else {
                try handle.truncate(atOffset: size / 2)
            }
            try handle.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: cli.database))
            let check = try cli.run(["check"])
            #expect(check.status == 1, "\(damage): \(check.err)")
            #expect(check.out.contains("Error: damage: the file is corrupted") || check.out.contains("Error: integrity:"),
                    "\(damage): \(check.out)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: cli.database)) == before, "\(damage)")
            for side in ["-wal", "-shm", "-journal"] {
                #expect(!FileManager.default.fileExists(atPath: cli.database + side), "\(damage) left \(side)")
            }
        }
    }

    @Test func checkCreatesNothingWhereThereIsNoDatabase() throws {
        let cli = try CLI()
        let missing = cli.directory.appendingPathComponent("typo/cabildo.sqlite").path
        let check = try cli.run(["check", "--database", missing])
        #expect(check.status == 4)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo").path))
    }

    @Test func openDataLeavesUnmoderatedTextOutAndTheInternalExportIsAudited() throws {
        let cli = try CLI()
        try admin(cli)
        try cli.run(["demo-data", "--submissions", "60"])
        let counts = try cli.sqlite("SELECT moderation, count(*) FROM submission GROUP BY moderation ORDER BY moderation").out
        let open = try cli.run(["export", "submissions", "--format", "csv"])
        #expect(open.status == 0)
        let rows = open.out.components(separatedBy: ",published,").count - 1
        let published = try cli.sqlite("SELECT count(*) FROM submission WHERE moderation = 'published'").out
        #expect(rows > 0 && rows == Int(published.trimmingCharacters(in: .whitespacesAndNewlines)), "\(counts)")
        #expect(!open.out.contains(",pending,") && !open.out.contains(",rejected,"))
        #expect(try cli.run(["export", "submissions", "--internal"]).status == 64)
        #expect(try cli.run(["export", "submissions", "--internal", "--admin", "ana", "--password-stdin"],
                            stdin: "equivocada\n").status == 2)
        let whole = try cli.run(["export", "submissions", "--internal", "--admin", "ana", "--password-stdin"],
                                stdin: "una-clave-larga\n")
        #expect(whole.status == 0)
        #expect(whole.out.contains(",pending,") && whole.out.contains(",rejected,"))
        #expect(try cli.sqlite("SELECT action, actor, after FROM auditEntry ORDER BY id DESC LIMIT 1").out
            == "export.internal|ana|{\"format\":\"csv\",\"personalData\":false,\"records\":60,\"unpublished\":true}\n")
        #expect(try cli.run(["check"]).status == 0)
    }
} }
