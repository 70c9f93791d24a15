import CabildoTestSupport
import Foundation
import Testing

/// Issue 17: the README's "Installing on a server" steps, into a temporary
/// prefix. The install takes the program already built (BINARY=…): a release
/// build inside the tests would take minutes.
extension EndToEnd { @Suite struct InstallTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: URL
    var prefix: URL { directory.appendingPathComponent("prefix") }
    /// Somewhere else entirely: the program must not find its files from here.
    var elsewhere: URL { directory.appendingPathComponent("elsewhere") }

    init() throws {
        directory = try temporaryDirectory(prefix: "cabildo-install")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("elsewhere"),
                                                withIntermediateDirectories: true)
    }

    func make(_ variables: [String]) throws -> CLI.Result {
        try CLI.exec(URL(fileURLWithPath: "/usr/bin/env"), ["make", "install"] + variables + ["BINARY=\(CLI.binary.path)"],
                     stdin: nil, environment: [:], in: Self.package)
    }

    /// `cabildo …` as typed at a shell: found through PATH, run from another folder.
    func cabildo(_ arguments: [String], stdin: String? = nil) throws -> CLI.Result {
        let path = prefix.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        return try CLI.exec(URL(fileURLWithPath: "/usr/bin/env"), ["cabildo"] + arguments, stdin: stdin,
                            environment: ["PATH": path, "LANG": "es_MX.UTF-8", "HOME": directory.path,
                                          "CABILDO_DATABASE": "", "CABILDO_RESOURCES": ""],
                            in: elsewhere)
    }

    @Test func makeInstallPutsTheProgramItsDataTheManPageAndCompletionsUnderThePrefix() throws {
        let install = try make(["PREFIX=\(prefix.path)"])
        #expect(install.status == 0, "\(install.out)\(install.err)")
        let share = prefix.appendingPathComponent("share")
        for file in ["cabildo/Data/locales/es.po", "cabildo/Data/seed/mechanisms.csv", "cabildo/Themes/default.theme",
                     "man/man1/cabildo.1", "bash-completion/completions/cabildo", "zsh/site-functions/_cabildo",
                     "fish/vendor_completions.d/cabildo.fish"] {
            #expect(FileManager.default.fileExists(atPath: share.appendingPathComponent(file).path), "\(file)")
        }

        // The version, the schema it writes, and the installed files found beside the program.
        let version = try cabildo(["--version"])
        #expect(version.status == 0)
        #expect(version.out.hasPrefix("cabildo 0.3.0\nschema: v"))
        #expect(version.out.contains("data: \(share.appendingPathComponent("cabildo").path)\n"), "\(version.out)")

        // The man page reads, with every command in it.
        let manPage = share.appendingPathComponent("man/man1/cabildo.1").path
        let man = try CLI.exec(URL(fileURLWithPath: "/usr/bin/env"), ["man", "-l", manPage], stdin: nil,
                               environment: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(man.status == 0, "\(man.err)")
        for text in ["CABILDO(1)", "SYNOPSIS", "cabildo user add <name>", "--password-stdin", "cabildo kiosk",
                     "cabildo export", "EXIT STATUS"] {
            #expect(man.out.contains(text), "\(text)")
        }
        #expect(man.err.isEmpty, "\(man.err)")

        // The completion knows the program's commands.
        let bash = try CLI.exec(URL(fileURLWithPath: "/bin/bash"), ["-c", """
            source "$0"; COMP_WORDS=(cabildo us); COMP_CWORD=1; COMP_LINE="cabildo us"; COMP_POINT=10; _cabildo; echo "${COMPREPLY[@]}"
            """, share.appendingPathComponent("bash-completion/completions/cabildo").path], stdin: nil, environment: [:])
        #expect(bash.out.contains("user"), "\(bash.out)\(bash.err)")

        // An account made in another folder, and its check, in Spanish from the installed catalogue.
        let add = try cabildo(["user", "add", "ana", "--role", "administrator", "--password-stdin",
                               "--database", "cabildo.sqlite"], stdin: "una-clave-larga\n")
        #expect(add.status == 0, "\(add.err)")
        let check = try cabildo(["check", "--database", "cabildo.sqlite"])
        #expect(check.status == 0, "\(check.err)")
        #expect(check.out.contains("Verificación correcta"), "\(check.out)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("cabildo.sqlite").path))
    }

    @Test func versionNamesTheSchemaADatabaseIsWrittenWith() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "una-clave-larga\n")
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        let last = try cli.sqlite("SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1").out
        #expect(version.out.contains("\nschema: \(last)"), "\(version.out) vs \(last)")
    }

    @Test func destdirStagesThePrefixForAPackage() throws {
        let stage = directory.appendingPathComponent("stage")
        let install = try make(["PREFIX=/usr/local", "DESTDIR=\(stage.path)"])
        #expect(install.status == 0, "\(install.out)\(install.err)")
        for file in ["bin/cabildo", "share/cabildo/Data/locales/en.po", "share/man/man1/cabildo.1"] {
            #expect(FileManager.default.fileExists(atPath: stage.appendingPathComponent("usr/local/" + file).path), "\(file)")
        }
    }
} }
