import CabildoTestSupport
import Foundation
import Testing

extension EndToEnd { @Suite struct AccountCommandTests {
    /// `export --include-personal-data` is the command line's sign-in.
    func exportAs(_ cli: CLI, _ name: String, _ password: String) throws -> CLI.Result {
        try cli.run(["export", "submissions", "--include-personal-data", "--admin", name, "--password-stdin"],
                    stdin: password + "\n")
    }

    func audit(_ cli: CLI, _ action: String) throws -> String {
        try cli.sqlite("SELECT actor, after FROM auditEntry WHERE action = '\(action)' ORDER BY id").out
    }

    @Test func aNewPasswordReplacesTheOldAndIsAuditedWithoutItsHash() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-vieja-de-ana\n")
        #expect(try exportAs(cli, "ana", "clave-vieja-de-ana").status == 0)
        #expect(try cli.run(["user", "password", "ana"]).status == 64)      // the password only on standard input
        #expect(try cli.run(["user", "password", "ana", "--password-stdin"], stdin: "corta\n").status == 3)
        let changed = try cli.run(["user", "password", "ana", "--password-stdin"], stdin: "clave-nueva-de-ana\n")
        #expect(changed.status == 0 && changed.out.contains("ana"))
        let old = try exportAs(cli, "ana", "clave-vieja-de-ana")
        #expect(old.status == 2 && old.err.contains("The user name or the password is wrong."))
        #expect(try exportAs(cli, "ana", "clave-nueva-de-ana").status == 0)
        let entry = try audit(cli, "account.password")
        #expect(entry.contains("operator:") && !entry.contains("argon2"))
        #expect(try cli.sqlite("SELECT count(*) FROM auditEntry WHERE before LIKE '%argon2%' OR after LIKE '%argon2%'")
            .out == "0\n")
        #expect(try cli.run(["user", "password", "nadie", "--password-stdin"], stdin: "clave-de-nadie-1\n").status == 3)
    }

    @Test func aDisabledAccountIsEnabledAgain() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        try cli.run(["user", "add", "beto", "--role", "administrator", "--password-stdin"], stdin: "clave-de-beto-1\n")
        #expect(try cli.run(["user", "disable", "beto"]).status == 0)
        #expect(try cli.run(["user", "list"]).out.contains("[disabled]"))
        let refused = try exportAs(cli, "beto", "clave-de-beto-1")
        #expect(refused.status == 2 && refused.err.contains("The user name or the password is wrong."))
        let enabled = try cli.run(["user", "enable", "beto"])
        #expect(enabled.status == 0 && enabled.out.contains("beto"))
        #expect(!(try cli.run(["user", "list"]).out.contains("[disabled]")))
        #expect(try exportAs(cli, "beto", "clave-de-beto-1").status == 0)
        #expect(try audit(cli, "account.enable").contains("\"disabled\":false"))
        #expect(try cli.run(["user", "enable", "nadie"]).status == 3)
    }

    @Test func aLockedAccountIsShownAndUnlockedByTheOperator() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        // A failure from the command line is recorded and audited, without the password.
        #expect(try exportAs(cli, "Ana", "un-intento-malo").status == 2)
        let failed = try audit(cli, "signin.failed")
        #expect(failed.contains("\"username\":\"Ana\"") && failed.contains("command line") && !failed.contains("un-intento"))
        // Ten failures lock an account for 15 minutes (CabildoCoreTests); here the lock is set directly.
        _ = try cli.sqlite("INSERT INTO signInState (username, countedAfter, lockedUntil) VALUES ('ana', 0, '2999-01-01T00:00:00Z')")
        #expect(try cli.run(["user", "list"]).out.contains("[locked until 2999-01-01T00:00:00Z"))
        let locked = try exportAs(cli, "ana", "clave-de-ana-1")
        #expect(locked.status == 2 && locked.err.contains("The user name or the password is wrong."))
        let unlocked = try cli.run(["user", "unlock", "ana"])
        #expect(unlocked.status == 0 && unlocked.out.contains("ana"))
        #expect(!(try cli.run(["user", "list"]).out.contains("locked")))
        #expect(try exportAs(cli, "ana", "clave-de-ana-1").status == 0)
        #expect(try audit(cli, "account.unlock").contains("operator:"))
        #expect(try cli.run(["check"]).status == 0)
    }

    /// $USER is the caller's to set; the operator is the real user id.
    @Test func theOperatorIsTheRealUserEvenWithUSERSet() throws {
        let cli = try CLI()
        let result = try CLI.exec(CLI.binary, ["user", "add", "ana", "--role", "administrator", "--password-stdin"],
                                  stdin: "clave-de-ana-1\n",
                                  environment: ["CABILDO_DATABASE": cli.database, "LANG": "en_US.UTF-8",
                                                "HOME": cli.directory.path, "USER": "mallory", "LOGNAME": "mallory"])
        #expect(result.status == 0)
        let actor = try cli.sqlite("SELECT actor FROM auditEntry WHERE action = 'account.create'").out
        let real = String(cString: getpwuid(getuid())!.pointee.pw_name)
        #expect(actor == "operator:\(real) (uid \(getuid()))\n")
        #expect(!actor.contains("mallory"))
    }

    /// `cabildo user password ana` run at a terminal, for an administrator ana.
    func newPasswordAtATerminal(lang: String) throws -> (CLI, Tmux) {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        let tmux = try Tmux(["user", "password", "ana", "--password-stdin"],
                            environment: ["CABILDO_DATABASE": cli.database, "LANG": lang,
                                          "HOME": cli.directory.path, "TERM": "screen"])
        try tmux.keepPaneOnExit()
        return (cli, tmux)
    }

    /// Typed at a terminal, a new password is asked twice and never shown.
    @Test func aPasswordTypedAtATerminalIsNotEchoed() throws {
        let (cli, tmux) = try newPasswordAtATerminal(lang: "es_MX.UTF-8")
        tmux.waitFor("the first prompt") { $0.contains("Contraseña nueva de ana:") }
        try tmux.type("secreto-tecleado-1")
        try tmux.press("Enter")
        tmux.waitFor("the second prompt") { $0.contains("Repita la contraseña:") }
        #expect(!tmux.screen.contains("secreto-tecleado"))
        try tmux.type("secreto-tecleado-1")
        try tmux.press("Enter")
        #expect(tmux.waitForExit() == 0)
        #expect(tmux.screen.contains("Se cambió la contraseña de 'ana'."))
        #expect(!tmux.screen.contains("secreto-tecleado"))
        #expect(try exportAs(cli, "ana", "secreto-tecleado-1").status == 0)
    }

    @Test func twoDifferentPasswordsAtATerminalChangeNothing() throws {
        let (cli, tmux) = try newPasswordAtATerminal(lang: "en_US.UTF-8")
        tmux.waitFor("the first prompt") { $0.contains("New password for ana:") }
        try tmux.type("primera-clave-1")
        try tmux.press("Enter")
        tmux.waitFor("the second prompt") { $0.contains("The same password again:") }
        try tmux.type("segunda-clave-2")
        try tmux.press("Enter")
        #expect(tmux.waitForExit() == 3)
        #expect(tmux.screen.contains("The two passwords differ."))
        #expect(try exportAs(cli, "ana", "clave-de-ana-1").status == 0)
    }
} }
