import CabildoTestSupport
import Foundation
import Testing

extension EndToEnd { @Suite struct CommandTests {
    @Test func twoStartsSeedOnceAndCheckPasses() throws {
        let cli = try CLI()
        let first = try cli.run([])
        let second = try cli.run([])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.out == second.out)
        #expect(try cli.sqlite("SELECT count(*) FROM mechanism WHERE name = 'Comités Ciudadanos de Control y Vigilancia'").out == "1\n")
        let check = try cli.run(["check"])
        #expect(check.status == 0)
        #expect(check.out.contains("Check passed"))
        #expect(try cli.sqlite("SELECT count(*) FROM mechanism").out == "12\n")
    }

    @Test func anAuditRowAlteredWithSqlite3FailsTheCheckByName() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "una-clave-larga\n")
        #expect(try cli.run(["check"]).status == 0)
        let tamper = try cli.sqlite("""
            DROP TRIGGER auditEntry_append_only_update;
            UPDATE auditEntry SET actor = 'alguien' WHERE id = 2;
            """)
        #expect(tamper.status == 0)
        let check = try cli.run(["check"])
        #expect(check.status == 1)
        #expect(check.out.contains("Error: audit entry #2: its content no longer matches its hash (altered)"))
        #expect(check.out.contains("auditEntry_append_only_update has been removed"))
        let spanish = try cli.run(["check"], lang: "es_MX.UTF-8")
        #expect(spanish.status == 1)
        #expect(spanish.out.contains("#2"))
        #expect(!spanish.out.contains("its content no longer matches"))
    }

    @Test func accountsFromTheCommandLine() throws {
        let cli = try CLI()
        let added = try cli.run(["user", "add", "lucia", "--role", "editor", "--jurisdiction", "15104",
                                 "--display-name", "Lucía Hernández", "--password-stdin"], stdin: "clave-de-lucia-1\n")
        #expect(added.status == 0)
        let list = try cli.run(["user", "list"])
        #expect(list.out.contains("lucia") && list.out.contains("15104") && list.out.contains("Lucía Hernández"))
        let again = try cli.run(["user", "add", "LUCIA", "--role", "monitor", "--password-stdin"], stdin: "otra-clave-larga\n")
        #expect(again.status == 3)
        #expect(again.err.hasPrefix("Error: User name: 'LUCIA' is already taken"))
        #expect(try cli.run(["user", "add", "x", "--role", "mayor", "--password-stdin"], stdin: "clave-larga-x\n").status == 64)
        #expect(try cli.run(["user", "add", "x", "--role", "editor", "--password-stdin"], stdin: "clave-larga-x\n").status == 3)
        #expect(try cli.run(["user", "disable", "lucia"]).status == 0)
        #expect(try cli.run(["user", "list"]).out.contains("[disabled]"))
    }

    @Test func exportsNeedAnAdministratorForPersonalData() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "admin", "--role", "administrator", "--password-stdin"], stdin: "clave-de-admin-1\n")
        let plain = try cli.run(["export", "mechanisms", "--format", "csv"])
        #expect(plain.status == 0)
        #expect(plain.out.hasPrefix("id,jurisdiction_code,jurisdiction,name"))
        #expect(try cli.run(["export", "submissions", "--include-personal-data"]).status == 64)
        let wrong = try cli.run(["export", "submissions", "--include-personal-data", "--admin", "admin",
                                 "--password-stdin"], stdin: "equivocada\n")
        #expect(wrong.status == 2)
        let output = cli.directory.appendingPathComponent("envios.json").path
        let right = try cli.run(["export", "submissions", "--format", "json", "--include-personal-data", "--admin", "admin",
                                 "--password-stdin", "--output", output], stdin: "clave-de-admin-1\n")
        #expect(right.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "[\n]\n")
        #expect(try cli.sqlite("SELECT action, actor FROM auditEntry ORDER BY id DESC LIMIT 1").out
            == "export.personalData|admin\n")
    }

    @Test func aNewerDatabaseIsRefusedInTheUsersLanguage() throws {
        let cli = try CLI()
        try cli.run([])
        _ = try cli.sqlite("INSERT INTO grdb_migrations VALUES ('v2-future'); PRAGMA wal_checkpoint(TRUNCATE);")
        let spanish = try cli.run(["check"], lang: "es_MX.UTF-8")
        #expect(spanish.status == 4)
        #expect(spanish.err.hasPrefix("Error: "))
        #expect(spanish.err.contains("v2-future"))
        #expect(spanish.err.contains("una versión más reciente de Cabildo"))
        let english = try cli.run(["check", "--lang", "en"], lang: "es_MX.UTF-8")
        #expect(english.err.contains("written by a newer version of Cabildo"))
    }

    @Test func textPlantedInTheFileNeverReachesTheTerminalRaw() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "una-clave-larga\n")
        // Written around Cabildo, straight into SQLite: the write rules never saw it.
        _ = try cli.sqlite("UPDATE mechanism SET name = 'Tequio' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(8238) WHERE name = 'Tequio'")
        let overview = try cli.run([], stdin: "ana\nuna-clave-larga\nq\n")     // the line mode's list
        #expect(overview.status == 0)
        #expect(!overview.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(overview.out.contains("Tequio␛]0;pwned␇␛[2J<U+202E>"))
    }

    @Test func backupWhileAnotherProcessWrites() throws {
        let cli = try CLI()
        try cli.run([])
        let target = cli.directory.appendingPathComponent("respaldo.sqlite").path
        let writer = Process()
        writer.executableURL = CLI.binary
        writer.arguments = ["user", "add", "kiosco", "--role", "kiosk", "--password-stdin"]
        writer.environment = ["CABILDO_DATABASE": cli.database, "HOME": cli.directory.path]
        let input = Pipe()
        writer.standardInput = input
        writer.standardOutput = Pipe()
        try writer.run()
        input.fileHandleForWriting.write(Data("clave-del-kiosco\n".utf8))
        try input.fileHandleForWriting.close()
        let backup = try cli.run(["backup", target])
        writer.waitUntilExit()
        #expect(backup.status == 0)
        let copy = try CLI.exec(CLI.binary, ["check"], stdin: nil,
                                environment: ["CABILDO_DATABASE": target, "LANG": "en_US.UTF-8"])
        #expect(copy.status == 0)
        #expect(try cli.run(["backup", target]).status == 3)
    }
}
}
