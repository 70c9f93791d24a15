import CabildoCore
import CabildoTestSupport
import Foundation
import GRDB
import Testing

/// Issue 13, a line mode: every officials' task of the full-screen end-to-end
/// tests and every kiosk flow, driven through pipes, in Spanish and in
/// English, writing no byte below 0x20 but newline and tab.
extension EndToEnd { @Suite struct LineModeTests {
    static let password = "clave-de-ana-1"
    static let languages = ["es_MX.UTF-8", "en_US.UTF-8"]

    /// The text in the language of `lang`.
    static func t(_ lang: String, _ es: String, _ en: String) -> String { lang.hasPrefix("es") ? es : en }

    func addUser(_ cli: CLI, _ name: String, _ role: String, _ code: String? = nil) throws {
        try cli.run(["user", "add", name, "--role", role] + (code.map { ["--jurisdiction", $0] } ?? [])
                    + ["--password-stdin"], stdin: Self.password + "\n")
    }

    func open(_ cli: CLI, lang: String, _ arguments: [String] = []) throws -> LinePipe {
        try LinePipe(arguments, environment: ["CABILDO_DATABASE": cli.database, "LANG": lang, "HOME": cli.directory.path,
                                              "TERM": "xterm-256color"])
    }

    func value(_ cli: CLI, _ sql: String) throws -> String {
        try cli.sqlite(sql).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: languages)
    func theFirstAdministratorIsCreatedAndSignsInNamingEachFieldAtFault(lang: String) throws {
        let cli = try CLI()
        let line = try open(cli, lang: lang)
        for answer in ["ana", "Ana Martínez", Self.password, "otra-clave-distinta", Self.password,
                       "ana", "equivocada", "", Self.password, "q"] {
            line.next(answer)
        }
        #expect(line.finish() == 0)
        let t = { Self.t(lang, $0, $1) }
        #expect(line.text.contains(t("Nombre de usuario (dato obligatorio, hasta", "User name (required, up to")))
        #expect(line.text.contains(t("Error en \"Repita la contraseña\": Las dos contraseñas no coinciden.",
                                     "Error in \"Password again\": The two passwords differ.")))
        #expect(line.text.contains(t("Error: El nombre de usuario o la contraseña son incorrectos.",
                                     "Error: The user name or the password is wrong.")))
        #expect(line.text.contains(t("Sesión iniciada como ana", "Signed in as ana")))
        #expect(line.text.contains(t("Mecanismos>", "Mechanisms>")))
        #expect(!line.text.contains(Self.password))
        #expect(line.isPlain)
        #expect(try value(cli, "SELECT displayName FROM account WHERE username = 'ana'") == "Ana Martínez")
    }

    @Test(arguments: languages)
    func aMechanismWithAMemberASessionAnAgreementItsFollowUpAnEditAndAnEndedMembership(lang: String) throws {
        let t = { Self.t(lang, $0, $1) }
        let cli = try CLI()
        try addUser(cli, "lucia", "editor", "15104")
        let line = try open(cli, lang: lang)
        line.next("lucia")
        line.next(Self.password)
        line.next("?")
        line.next("n")                          // the new mechanism's form
        line.next("")                           // Enter keeps the one jurisdiction offered
        line.next("Consejo Municipal de Movilidad")
        line.next(".")                          // saves at once
        line.next("/movilidad")
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Consejo Municipal de Movilidad")))
        line.next("m")                          // a member: a person without a name is refused on that field
        for answer in ["", "", "Vocal ciudadana", "."] { line.next(answer) }
        line.next("Rosa Pérez")
        line.next(t("s", "s"))                  // record a session
        for answer in ["2026-11-20", "Sala de Cabildo", "", "", "", "Instalación del consejo", "",
                       t("sí", "yes"), t("sí", "yes"), "Publicar el calendario de sesiones", "", "", "no"] {
            line.next(answer)
        }
        line.waitForPrompt()
        line.send("u " + (try #require(line.number(of: "Publicar el calendario de sesiones"))))
        line.next(t("cumplido", "fulfilled"))
        line.next("Publicado en el sitio del municipio.")
        line.next("")
        line.next("e")
        line.next("")
        line.next("Consejo Municipal de Movilidad y Transporte")
        line.next(".")
        line.waitForPrompt()
        line.send("x " + (try #require(line.number(of: "Rosa Pérez"))))
        line.next("q")
        #expect(line.finish() == 0)
        let text = line.text
        #expect(text.contains(t("n — Nuevo: ", "n — New: ")))              // the help, from the command table
        #expect(text.contains(t("Error: Nombre: este campo es obligatorio", "Error: Name: this field is required")))
        #expect(text.contains(t("Acuerdo 1: ", "Agreement 1: ")))
        #expect(text.contains(t("Acuerdo: Publicar el calendario de sesiones — cumplido",
                                "Agreement: Publicar el calendario de sesiones — fulfilled")))
        #expect(line.isPlain)
        let mechanism = try value(cli, "SELECT id FROM mechanism WHERE name = 'Consejo Municipal de Movilidad y Transporte'")
        #expect(!mechanism.isEmpty)
        #expect(try value(cli, "SELECT count(*) FROM mechanismSession WHERE mechanismId = \(mechanism)") == "1")
        #expect(try value(cli, "SELECT status FROM agreement WHERE mechanismId = \(mechanism)") == "fulfilled")
        #expect(try value(cli, "SELECT count(*) FROM sessionAttendance") == "1")
        #expect(try value(cli, "SELECT endDate IS NOT NULL FROM membership WHERE mechanismId = \(mechanism)") == "1")
    }

    @Test(arguments: languages)
    func aCommitmentsMilestonesAConsultationItsModerationTalliesAndTheAuditTrail(lang: String) throws {
        let t = { Self.t(lang, $0, $1) }
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        let line = try open(cli, lang: lang)
        line.next("ana")
        line.next(Self.password)
        // Commitments: one of two milestones completed is 50 %.
        line.next(t("compromisos", "commitments"))
        line.next("n")
        for answer in ["", "1", "Justicia cotidiana digital", "."] { line.next(answer) }
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Justicia cotidiana digital")))
        for (name, due) in [("Diagnóstico de trámites", "2020-01-31"), ("Plataforma en línea", "2030-12-31")] {
            line.next("n")
            line.next(name)
            line.next("")
            line.next(due)
        }
        line.waitForPrompt()
        line.send("c " + (try #require(line.number(of: "Diagnóstico de trámites"))))
        line.next("<")
        // Consultations: a new one, a paper submission published with a response, another rejected.
        line.next(t("consultas", "consultations"))
        line.next("n")
        for answer in ["tlalnepantla de baz", "Seguridad en el Centro", "", "2026-01-01", "2030-12-31",
                       t("sí", "yes"), "¿Qué calle necesita más luz?", "."] {
            line.next(answer)
        }
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Seguridad en el Centro")))
        line.next("n")
        for answer in ["", "Mesa de Tlalnepantla", "", "Avenida Hidalgo", "."] { line.next(answer) }
        line.next("1")                           // read it whole before moderating
        line.next("p")
        line.next("w")
        line.next("Se instalarán luminarias en 2027.")
        line.next("")
        line.next("<")
        line.next("n")
        for answer in ["", "Mesa de Tlalnepantla", "", "Nombre y teléfono de un vecino", "."] { line.next(answer) }
        line.waitForPrompt()
        line.send(t("rechazar ", "reject ") + (try #require(line.number(of: t("pendiente", "pending")))))
        line.next("Contiene datos personales")
        line.next(".")
        line.next("t")
        line.next("<")
        line.next("<")
        line.next("F9")
        line.next("q")
        #expect(line.finish() == 0)
        let text = line.text
        #expect(text.contains(t("[#####-----] 50 por ciento", "[#####-----] 50 percent")))
        #expect(text.contains(t("Respuesta pública: Se instalarán luminarias en 2027.",
                                "Public response: Se instalarán luminarias en 2027.")))
        #expect(text.contains(t("Por canal", "By channel")))
        #expect(text.contains(t("Bitácora de auditoría", "Audit trail")) && text.contains("submission.moderate"))
        #expect(line.isPlain)
        #expect(try value(cli, "SELECT count(*) FROM milestone WHERE completedOn IS NOT NULL") == "1")
        #expect(try value(cli, "SELECT moderation || ' ' || channel FROM submission ORDER BY id") == "published paper\nrejected paper")
        #expect(try value(cli, "SELECT rejectionReason FROM submission WHERE moderation = 'rejected'") == "Contiene datos personales")
    }

    @Test func aLongListIsReadTwentyRowsAtATimeAndARowIsActedOnByItsNumber() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        try cli.run(["demo-data", "--submissions", "45"])
        let line = try open(cli, lang: "es_MX.UTF-8")
        for answer in ["ana", Self.password, "consultas", "1", "+", "+", "-"] { line.next(answer) }
        line.waitForPrompt()
        let pending = try #require(line.number(of: "pendiente de moderación"))
        let folio = try #require(line.text.components(separatedBy: "\n").last { $0.hasPrefix(pending + ". ") }?
            .split(separator: " ").dropFirst().first.map(String.init))
        line.send("publicar " + pending)
        line.next("q")
        #expect(line.finish() == 0)
        let text = line.text
        #expect(text.contains("Filas 1 a 20 de "))
        #expect(text.contains("Filas 21 a ") && text.contains(", las últimas. Escriba - para las anteriores."))
        #expect(text.contains("Esa es la última página."))
        #expect(line.isPlain)
        #expect(try value(cli, "SELECT moderation FROM submission WHERE folio = '\(folio.replacingOccurrences(of: "-", with: ""))'") == "published")
    }

    @Test(arguments: languages)
    func filtersHistoryProgressCoCreationALinkAndTheMonitorsAssessment(lang: String) throws {
        let t = { Self.t(lang, $0, $1) }
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        try addUser(cli, "observa", "monitor")
        try cli.run(["demo-data", "--submissions", "5"])
        let admin = try open(cli, lang: lang)
        admin.next("ana")
        admin.next(Self.password)
        // Only Tlalnepantla's mechanisms: words narrow the 2,510 jurisdictions.
        for answer in ["f", "tlalnepantla de baz", "", ""] { admin.next(answer) }
        admin.next(t("compromisos", "commitments"))
        admin.waitForPrompt()
        admin.send(try #require(admin.number(of: "Cultura de Gobierno Abierto")))
        admin.next("?")
        admin.next("h")
        admin.next("<")
        // Progress with one link as evidence, asked item by item.
        for answer in ["u", "Se publicó el diagnóstico.", "", t("sí", "yes"), "https://example.org/diagnostico",
                       "no", ""] {
            admin.next(answer)
        }
        admin.next("<")
        for answer in ["k", "", "2026-02-10", "Palacio Municipal", "", "25", "."] { admin.next(answer) }
        // A submission linked to the commitment, the commitment chosen by words.
        for answer in [t("consultas", "consultations"), "1", "l 1", "cultura gobierno abierto"] { admin.next(answer) }
        admin.next("q")
        #expect(admin.finish() == 0)
        let text = admin.text
        #expect(text.contains(t("Solo se muestra: Tlalnepantla de Baz (Estado de México)",
                                "Showing only: Tlalnepantla de Baz (Estado de México)")))
        let filtered = text.components(separatedBy: t("Solo se muestra", "Showing only")).last!
            .components(separatedBy: t("Compromisos>", "Commitments>"))[0]
        #expect(filtered.contains("Tequio") && !filtered.contains("Chimalhuacán"))
        #expect(!text.contains(t("a — Evaluar", "a — Assess")))      // not this account's to do
        #expect(text.contains(t("Enlace 1: ", "Link 1: ")))
        #expect(admin.isPlain)
        let monitor = try open(cli, lang: lang)
        monitor.next("observa")
        monitor.next(Self.password)
        monitor.next(t("compromisos", "commitments"))
        monitor.waitForPrompt()
        monitor.send(try #require(monitor.number(of: "Cultura de Gobierno Abierto")))
        monitor.next("?")
        for answer in ["a", t("sí", "yes"), "", "", "", "Los hitos son verificables y el potencial es modesto.", ""] {
            monitor.next(answer)
        }
        monitor.next("q")
        #expect(monitor.finish() == 0)
        #expect(monitor.text.contains(t("a — Evaluar", "a — Assess")))
        #expect(!monitor.text.contains(t("c — Completar", "c — Complete")))
        #expect(monitor.isPlain)
        #expect(try value(cli, "SELECT count(*) FROM progressUpdate") == "1")
        #expect(try value(cli, "SELECT count(*) FROM coCreationMeeting") == "1")
        #expect(try value(cli, "SELECT count(*) FROM submission WHERE commitmentId IS NOT NULL") == "1")
        #expect(try value(cli, "SELECT rationale FROM assessment") == "Los hitos son verificables y el potencial es modesto.")
    }

    func kiosk(_ world: KioskWorld, lang: String, _ extra: [String] = []) throws -> LinePipe {
        try LinePipe(["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1", "--password-file", world.passwordFile]
                     + extra, environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                            "HOME": world.cli.directory.path, "TERM": "xterm-256color"])
    }

    @Test(arguments: languages)
    func everyKioskFlowInLines(lang: String) throws {
        let t = { Self.t(lang, $0, $1) }
        let language = t("1", "2")
        let world = try KioskWorld()
        let line = try kiosk(world, lang: lang)
        // Taking part: consent, an answer too long, a choice, contact data with a bad e-mail, the review, the folio.
        for answer in [language, "1", "1", "1", String(repeating: "a", count: 41), "Más rutas nocturnas", "2",
                       "Rosa", "no-es-correo", "", "", "rosa@example.org", "",
                       "1", "Más rutas nocturnas y seguras"] {     // corrected from the review
            line.next(answer)
        }
        line.waitForPrompt()
        line.send(try #require(line.number(of: t("Enviar", "Send"))))
        line.waitForPrompt()
        let folio = try #require(KioskWorld.folio(on: line.text))
        line.send("")
        // Checking it, after a typo.
        for answer in [language, "2", "XXXX", folio, "", language, "3"] { line.next(answer) }
        // A message to a mechanism, anonymous.
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Tequio")))
        for answer in ["Quisiera participar en la próxima sesión.", "¿Dónde se reúnen?", "", "2", ""] { line.next(answer) }
        // Staff leave kiosk mode.
        for answer in ["F10", "admin", KioskWorld.adminPassword] { line.next(answer) }
        #expect(line.finish() == 0)
        let text = line.text
        #expect(text.contains(t("Pregunta 1 de 2", "Question 1 of 2")))
        #expect(text.contains(t("Error: Pregunta 1: como máximo 40 caracteres", "Error: Question 1: at most 40 characters")))
        #expect(text.contains(t("Error: Su correo electrónico: ", "Error: Your e-mail")))
        #expect(text.contains("1. ¿Qué cambiaría del transporte público? — Más rutas nocturnas y seguras"))  // whole
        #expect(text.contains(t("Estado", "Status")) && text.contains(t("Respuesta", "Response")))
        #expect(text.contains(t("Su mensaje fue enviado.", "Your message was sent.")))
        #expect(!text.contains(KioskWorld.adminPassword))
        #expect(line.isPlain)
        let db = try world.database()
        let stored = try db.reader.read { try Row.fetchOne($0, sql: "SELECT folio, contactEmail FROM submission")! }
        #expect(Folio.display(stored[0]) == folio && stored[1] == "rosa@example.org")
        #expect(try db.reader.read { try String.fetchAll($0, sql: "SELECT text FROM answer ORDER BY questionId") }
                == ["Más rutas nocturnas y seguras", "Transporte público"])
        #expect(try db.reader.read { try String.fetchOne($0, sql: "SELECT message FROM contactRequest") }
                == "Quisiera participar en la próxima sesión.\n¿Dónde se reúnen?")
    }

    @Test func escapesPlantedInTheFileReachTheKioskInLinesAsHarmlessText() throws {
        let world = try KioskWorld()
        _ = try world.cli.sqlite("""
            UPDATE consultation SET title = 'Movilidad' || char(27) || '[2J' || char(7) || char(8238);
            UPDATE mechanism SET name = 'Tequio' || char(27) || ']0;x' || char(7) WHERE name = 'Tequio';
            """)
        let line = try kiosk(world, lang: "es")
        for answer in ["1", "1", "<", "3"] { line.next(answer) }
        line.waitForPrompt()
        #expect(line.finish() == 0)
        #expect(line.isPlain)
        #expect(line.text.contains("1. Movilidad␛[2J␇<U+202E>"))
        #expect(line.text.contains("Tequio␛]0;x␇"))
    }

    @Test func theIdleKioskWarnsOnceThenWipesAndAHangUpStoresNothing() throws {
        let world = try KioskWorld()
        let line = try kiosk(world, lang: "es", ["--idle", "1", "--countdown", "2"])
        for answer in ["1", "1", "1", "2", "Una respuesta a medias"] { line.next(answer) }
        line.waitFor("¿Sigue ahí?")
        line.send("")                          // still here: nothing lost
        line.waitFor("no se perdió nada")
        line.waitFor("¿Sigue ahí?")
        line.waitFor("Se limpió la pantalla")
        line.waitFor("Bienvenida · Welcome")
        line.next("1")
        line.next("1")
        #expect(line.finish() == 0)            // the input ends: a hang-up
        #expect(line.isPlain)
        #expect(line.text.components(separatedBy: "¿Sigue ahí?").count == 3)   // once per warning, not every second
        #expect(try world.database().reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM submission") } == 0)
    }

    @Test func aKioskInLinesAtATerminalIgnoresCtrlDAndCtrlCAndOnlyAnAdministratorLeaves() throws {
        let world = try KioskWorld()
        let tmux = try Tmux(["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1",
                             "--password-file", world.passwordFile],
                            environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                          "HOME": world.cli.directory.path, "TERM": "dumb"])
        try tmux.keepPaneOnExit()
        tmux.waitFor("the welcome in lines") { $0.contains("Bienvenida · Welcome") && $0.contains("Número:") }
        try tmux.press("C-d")
        try tmux.press("C-c")
        try tmux.press("C-z")
        try tmux.type("1")
        try tmux.press("Enter")
        tmux.waitFor("the menu") { $0.contains("3. Contactar a un mecanismo de participación") }
        #expect(tmux.exitStatus == nil)
        try tmux.type("F10")
        try tmux.press("Enter")
        tmux.waitFor("the staff's name") { $0.contains("Nombre de usuario (dato obligatorio") }
        try tmux.type("admin")
        try tmux.press("Enter")
        tmux.waitFor("the password") { $0.contains("Contraseña (dato obligatorio") }
        try tmux.type(KioskWorld.adminPassword)
        try tmux.press("Enter")
        #expect(tmux.waitForExit() == 0)
        #expect(!tmux.screen.contains(KioskWorld.adminPassword))
    }

    @Test func anAccountDisabledWhileSignedInIsSignedOutAtItsNextLine() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        try addUser(cli, "beto", "administrator")
        let line = try open(cli, lang: "es_MX.UTF-8")
        line.next("ana")
        line.next(Self.password)
        line.waitForPrompt()
        #expect(try cli.run(["user", "disable", "ana"]).status == 0)
        line.send("3")
        line.next("beto")
        line.next(Self.password)
        line.next("q")
        #expect(line.finish() == 0)
        let afterDisable = line.text.components(separatedBy: "Esta cuenta fue deshabilitada").last ?? ""
        #expect(line.text.contains("Esta cuenta fue deshabilitada"))
        #expect(afterDisable.contains("Sesión iniciada como beto"))
        #expect(!afterDisable.contains("Jurisdicción: Tlalnepantla de Baz"))     // the line was not acted on
    }

    @Test func withoutATerminalOnStandardOutputTheLineModeStartsByItself() throws {
        let cli = try CLI()
        let result = try cli.run([], stdin: "")          // standard input and output are pipes
        #expect(result.status == 0)
        #expect(result.out.contains("Welcome. Create the administrator's account."))
        #expect(result.out.contains("End of input."))
        #expect(LinePipe.isPlain(result.out + result.err))
    }

    @Test func termDumbOnATerminalStartsTheLineModeAndThePasswordIsNotEchoed() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        let tmux = try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                              "HOME": cli.directory.path, "TERM": "dumb"])
        tmux.waitFor("the sign-in prompt") { $0.contains("Nombre de usuario (dato obligatorio, hasta") }
        try tmux.type("ana")
        try tmux.press("Enter")
        tmux.waitFor("the password prompt") { $0.contains("Contraseña (dato obligatorio") }
        try tmux.type(Self.password)
        try tmux.press("Enter")
        tmux.waitFor("the list") { $0.contains("Mecanismos>") && $0.contains("Tequio") }
        #expect(!tmux.screen.contains(Self.password))
    }
}
}
