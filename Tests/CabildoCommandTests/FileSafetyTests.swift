import CabildoTestSupport
import Foundation
import Testing

/// What an unlucky deployment did to the files: an export written over the
/// live database, files everyone could read, a mistyped path that looked
/// healthy, one stuck writer that stopped every other command.
extension EndToEnd { @Suite struct FileSafetyTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    /// A database with an administrator and one stored record, and its fingerprint.
    func populated() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"],
                            stdin: "clave-de-ana-1\n").status == 0)
        return cli
    }

    @Test func noOutputEverReplacesTheDatabaseOrItsFiles() throws {
        let cli = try populated()
        let before = try cli.sqlite("SELECT count(*) FROM account; SELECT count(*) FROM mechanism").out
        let link = cli.directory.appendingPathComponent("enlace.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: cli.database)
        let hardLink = cli.directory.appendingPathComponent("duro.csv").path
        try FileManager.default.linkItem(atPath: cli.database, toPath: hardLink)
        let sameFileOtherName = cli.directory.appendingPathComponent("./sub/../cabildo.sqlite").path
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("sub"),
                                                withIntermediateDirectories: true)
        for target in [cli.database, cli.database + "-wal", cli.database + "-shm", cli.database + ".lock", link, hardLink,
                       sameFileOtherName] {
            for command in [["export", "submissions", "--output", target, "--force"],
                            ["export", "mechanisms", "--output", target],
                            ["backup", target, "--force"]] {
                let result = try cli.run(command)
                #expect(result.status == 3, "\(command) was not refused")
                #expect(result.err.contains("database in use"), "\(command): \(result.err)")
            }
        }
        #expect(try cli.sqlite("SELECT count(*) FROM account; SELECT count(*) FROM mechanism").out == before)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndNothingHalfWrittenIsLeft() throws {
        let cli = try populated()
        let output = cli.directory.appendingPathComponent("mecanismos.csv").path
        try "no me borres\n".write(toFile: output, atomically: true, encoding: .utf8)
        let refused = try cli.run(["export", "mechanisms", "--output", output])
        #expect(refused.status == 3)
        #expect(refused.err.contains("already exists") && refused.err.contains("--force"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "no me borres\n")
        #expect(try cli.run(["export", "mechanisms", "--output", output, "--force"]).status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("id,jurisdiction_code"))
        #expect(try mode(output) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path)
            .filter { $0.contains(".partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func aBackupNeverFollowsADanglingLinkAndIsOwnerOnly() throws {
        let cli = try populated()
        let elsewhere = cli.directory.appendingPathComponent("fuera-de-aqui.sqlite").path
        let link = cli.directory.appendingPathComponent("respaldo.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
        let refused = try cli.run(["backup", link])
        #expect(refused.status == 3)
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
        let copy = cli.directory.appendingPathComponent("copia.sqlite").path
        #expect(try cli.run(["backup", copy]).status == 0)
        #expect(try mode(copy) == 0o600)
        #expect(try cli.run(["backup", copy]).status == 3)
        #expect(try cli.run(["backup", copy, "--force"]).status == 0)
        #expect(try CLI.exec(URL(fileURLWithPath: "/usr/bin/sqlite3"), [copy, "SELECT count(*) FROM account"],
                             stdin: nil, environment: [:]).out == "1\n")
    }

    @Test func theDatabaseAndItsFilesAreOwnerOnlyWhateverTheUmask() throws {
        let cli = try CLI()
        // A permissive umask, as a careless service unit might set.
        let made = try CLI.exec(URL(fileURLWithPath: "/bin/sh"),
                                ["-c", "umask 000; exec \"$0\" user add ana --role administrator --password-stdin",
                                 CLI.binary.path], stdin: "clave-de-ana-1\n",
                                environment: ["CABILDO_DATABASE": cli.database, "HOME": cli.directory.path])
        #expect(made.status == 0, "\(made.err)")
        for suffix in ["", "-wal", "-shm", ".lock", ".audit-key"] {
            #expect(try mode(cli.database + suffix) == 0o600, "\(suffix)")
        }
    }

    @Test func aMistypedPathIsRefusedAndNothingIsCreated() throws {
        let cli = try CLI()
        let typo = cli.directory.appendingPathComponent("typo/dir/cabildo.sqlite").path
        for command in [["check"], ["search", "agua"], ["export", "mechanisms"], ["user", "list"], ["user", "disable", "x"],
                        ["backup", cli.directory.appendingPathComponent("b.sqlite").path],
                        ["demo-data", "--submissions", "5"]] {
            let result = try CLI.exec(CLI.binary, command + ["--database", typo], stdin: nil,
                                      environment: ["HOME": cli.directory.path, "LANG": "es_MX.UTF-8"])
            #expect(result.status == 4, "\(command)")
            #expect(result.err.contains("No hay una base de datos de Cabildo"), "\(command): \(result.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo").path))

        let empty = cli.directory.appendingPathComponent("vacia.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        let check = try CLI.exec(CLI.binary, ["check", "--database", empty], stdin: nil,
                                 environment: ["HOME": cli.directory.path])
        #expect(check.status == 4)
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
        // The commands that start Cabildo do create it.
        #expect(try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"],
                            stdin: "clave-de-ana-1\n").status == 0)
        #expect(try cli.run(["check"]).status == 0)
    }

    /// One writer holds the lock (as a kiosk stuck mid-transaction would):
    /// reading commands and a start on a current database still work at once.
    @Test func aStuckWriterStopsNoReaderAndNoStart() throws {
        let cli = try populated()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO cabildoMeta VALUES ('stuck', 'yes')")
            print("held", flush=True); sys.stdin.read()
            """, cli.database]
        let output = Pipe(), input = Pipe()
        holder.standardOutput = output
        holder.standardInput = input
        try holder.run()
        // The writer lets go when its input closes.
        defer { try? input.fileHandleForWriting.close(); holder.waitUntilExit() }
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).contains("held"))

        for command in [["check"], ["search", "cabildo"], ["export", "mechanisms"], ["user", "list"], []] {
            let started = Date()
            let result = try cli.run(command)
            let seconds = Date().timeIntervalSince(started)
            #expect(result.status == 0, "\(command): \(result.err)")
            #expect(seconds < 5, "\(command) waited \(seconds) s for the writer")
        }
    }
} }
