import CabildoTestSupport
import CabildoCore
import Foundation
import GRDB
import Testing

extension EndToEnd {
@Suite struct OfficialsTests {
    static let password = "clave-de-ana-1"

    func open(_ cli: CLI, lang: String = "es_MX.UTF-8") throws -> Tmux {
        try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": lang, "HOME": cli.directory.path,
                                   "TERM": "screen"])
    }

    func signIn(_ tmux: Tmux, _ user: String = "ana", _ password: String = OfficialsTests.password) throws {
        try tmux.signIn(user, password)
    }

    func addUser(_ cli: CLI, _ name: String, _ role: String, _ code: String? = nil) throws {
        try cli.run(["user", "add", name, "--role", role] + (code.map { ["--jurisdiction", $0] } ?? [])
                    + ["--password-stdin"], stdin: OfficialsTests.password + "\n")
    }

    @Test func firstRunCreatesTheAdministratorThenSignsIn() throws {
        let cli = try CLI()
        let tmux = try open(cli)
        tmux.waitFor("the first-run form") { $0.contains("Cree la cuenta de administración") }
        tmux.waitForCursorLine("contains Nombre de usuario") { $0.contains("Nombre de usuario") }
        try tmux.type("ana")
        try tmux.press("Tab")
        tmux.waitForCursorLine("the full-name field") { $0.contains("Nombre completo") }
        try tmux.type("Ana Martínez")
        try tmux.press("Tab")
        try tmux.type(Self.password)
        try tmux.press("Tab")
        try tmux.type("otra-clave-distinta")
        try tmux.press("C-s")
        tmux.waitFor("the mismatch") { $0.contains("Error: Las dos contraseñas no coinciden.") }
        #expect(tmux.screen.contains("Ana Martínez"))          // nothing typed was lost
        try tmux.press("C-u")
        try tmux.type(Self.password)
        try tmux.press("F2")
        tmux.waitFor("the sign-in") { $0.contains("Iniciar sesión") && $0.contains("está lista") }
        try tmux.type("ana")
        try tmux.press("Tab")
        try tmux.type("equivocada")
        try tmux.press("C-s")
        tmux.waitFor("the refusal") { $0.contains("Error: ") }
        tmux.waitForCursorLine("hasPrefix Error: ") { $0.hasPrefix("Error: ") }
        try tmux.press("C-u")
        try tmux.type(Self.password)
        try tmux.press("C-s")
        tmux.waitFor("the panes") { $0.contains("[1 Mecanismos]") && $0.contains("ana (administrador)") }
        tmux.waitForCursorLine("contains Sesión iniciada como ana") { $0.contains("Sesión iniciada como ana") }
    }

    /// Issue 17: Enter on the user name goes to the password; Enter there signs in.
    @Test func enterSignsIn() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        let tmux = try open(cli)
        tmux.waitFor("the sign-in and its hint") { $0.contains("Iniciar sesión en Cabildo") && $0.contains("Enter Entrar") }
        #expect(!tmux.screen.contains("Guardar"))
        try tmux.type("ana")
        tmux.waitFor("the name typed") { $0.contains("ana") }
        try tmux.press("Enter")
        tmux.waitForCursorLine("the password field") { $0.contains("Contraseña") }
        try tmux.type(Self.password)
        tmux.waitFor("the password typed") { $0.contains(String(repeating: "*", count: Self.password.count)) }
        try tmux.press("Enter")
        tmux.waitFor("the panes") { $0.contains("[1 Mecanismos]") && $0.contains("ana (administrador)") }
    }

    @Test func aMechanismWithAMemberAndASessionWithAnAgreement() throws {
        let cli = try CLI()
        try addUser(cli, "lucia", "editor", "15104")
        let tmux = try open(cli)
        try signIn(tmux, "lucia")
        try tmux.type("n")
        tmux.waitFor("the form") { $0.contains("Nuevo mecanismo de participación") }
        // An editor of Tlalnepantla is offered only Tlalnepantla.
        #expect(tmux.screen.contains("< Tlalnepantla de Baz (Estado de Méxi"))   // cut at 80 columns
        tmux.waitForCursorLine("contains Jurisdicción") { $0.contains("Jurisdicción") }
        try tmux.press("Tab")
        try tmux.type("Consejo Municipal de Movilidad")
        try tmux.press("C-s")
        tmux.waitFor("the new row") { $0.contains("Se creó el mecanismo 'Consejo Municipal de Movilidad'") }
        try tmux.type("/")
        try tmux.type("movilidad")
        try tmux.press("Enter", "Enter")
        tmux.waitFor("the detail") { $0.contains("m Agregar integrante") }
        try tmux.type("m")
        tmux.waitFor("the member form") { $0.contains("Nuevo integrante") }
        // A person, not one of the organisations on record: the name comes next.
        tmux.waitForCursorLine("contains Organización") { $0.contains("Organización:") && $0.contains("< — una persona") }
        try tmux.press("Tab")
        try tmux.type("Rosa Pérez")
        try tmux.press("Tab")
        try tmux.type("Vocal ciudadana")
        try tmux.press("C-s")
        tmux.waitFor("the member") { $0.contains("> Integrante: Rosa Pérez — Vocal ciudadana — vigente") }
        try tmux.type("s")
        tmux.waitFor("the session form") { $0.contains("Registrar una sesión") }
        try tmux.type("2026-11-20")
        try tmux.press("Tab")
        try tmux.type("Sala de Cabildo")
        for _ in 0..<4 { try tmux.press("Tab") }
        try tmux.type("Instalación del consejo")
        try tmux.press("Tab")
        tmux.waitForCursorLine("contains Asistió Rosa Pérez") { $0.contains("Asistió Rosa Pérez") }
        try tmux.press("Space", "Tab")
        // Each agreement is an item of its own, with its own responsible and due date.
        tmux.waitFor("the agreements group") { $0.contains("+ Agregar: Acuerdo") }
        try tmux.press("Enter")
        try tmux.type("Publicar el calendario de sesiones")
        try tmux.press("C-s")
        tmux.waitFor("the session and agreement") {
            $0.contains("Sesión 2026-11-20") && $0.contains("asistencia: 1")
                && $0.contains("Acuerdo: Publicar el calendario de sesiones — pendiente")
        }
        try tmux.press("End")
        tmux.waitForCursorLine("hasPrefix > Acuerdo: Publicar el calend") { $0.hasPrefix("> Acuerdo: Publicar el calendario") }
        try tmux.type("u")
        tmux.waitFor("the follow-up form") { $0.contains("Dar seguimiento a un acuerdo") }
        try tmux.press("Right")
        try tmux.press("Tab")
        try tmux.type("Publicado en el sitio del municipio.")
        try tmux.press("C-s")
        tmux.waitFor("the fulfilled agreement") { $0.contains("Acuerdo: Publicar el calendario de sesiones — cumplido") }
        try tmux.type("e")
        tmux.waitFor("the edit form") { $0.contains("Editar mecanismo de participación") && $0.contains("Consejo Municipal de Movilidad") }
        try tmux.press("Tab", "End")
        try tmux.type(" y Transporte")
        try tmux.press("C-s")
        tmux.waitFor("the new name") { $0.contains("\nConsejo Municipal de Movilidad y Transporte") }
        try tmux.press("Home")
        tmux.waitForCursorLine("hasPrefix > Integrante: Rosa Pérez") { $0.hasPrefix("> Integrante: Rosa Pérez") }
        try tmux.type("x")
        tmux.waitFor("the ended membership") { $0.contains("Rosa Pérez — Vocal ciudadana — terminó el") }
        // The State's mechanisms are not this editor's: no key to change them is offered.
        try tmux.press("Escape", "Escape")
        try tmux.type("/")
        try tmux.press("C-u")
        try tmux.type("caravanas")
        try tmux.press("Enter", "Enter")
        tmux.waitFor("the State's mechanism") { $0.contains("Integrante: Instituto Mexicano para la Competitividad") }
        #expect(!tmux.screen.contains("Agregar integrante"))
        try tmux.type("m")
        #expect(!tmux.screen.contains("Nuevo integrante"))
    }

    @Test func completingOneOfTwoMilestonesShowsFiftyPercent() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        let tmux = try open(cli)
        try signIn(tmux)
        try tmux.type("2")
        tmux.waitFor("the commitments") { $0.contains("[2 Compromisos]") && $0.contains("Cultura de Gobierno Abierto") }
        try tmux.type("n")
        tmux.waitFor("the form") { $0.contains("Nuevo compromiso") }
        try tmux.press("Tab")
        try tmux.type("1")
        try tmux.press("Tab")
        try tmux.type("Justicia cotidiana digital")
        try tmux.press("C-s")
        tmux.waitFor("the new commitment") { $0.contains("1. Justicia cotidiana digital — [----------] 0 por ciento") }
        try tmux.press("Home")
        tmux.waitForCursorLine("hasPrefix > 1. Justicia cotidiana digit") { $0.hasPrefix("> 1. Justicia cotidiana digital") }
        try tmux.press("Enter")
        for (name, due) in [("Diagnóstico de trámites", "2020-01-31"), ("Plataforma en línea", "2030-12-31")] {
            try tmux.type("n")
            tmux.waitFor("the milestone form") { $0.contains("Nuevo hito") }
            try tmux.type(name)
            try tmux.press("Tab")
            try tmux.type(due)
            try tmux.press("C-s")
            tmux.waitFor("the saved milestone") { $0.contains("Se agregó el hito.") && $0.contains("\(name) — vence el \(due)") }
        }
        #expect(tmux.screen.contains("1. Diagnóstico de trámites — vence el 2020-01-31 — VENCIDO"))
        try tmux.press("Home")
        try tmux.type("c")
        tmux.waitFor("fifty percent") { $0.contains("[#####-----] 50 por ciento") && $0.contains("1 de 2 hitos completados") }
        #expect(tmux.screen.contains("Hito completado. Avance: 50 por ciento"))
        try tmux.press("Escape")
        tmux.waitFor("the list") { $0.contains("1. Justicia cotidiana digital — [#####-----] 50 por ciento") }
    }

    @Test func aPaperSubmissionIsPublishedWithAResponse() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        let tmux = try open(cli)
        try signIn(tmux)
        try tmux.type("3")
        tmux.waitFor("the consultations") { $0.contains("[3 Consultas]") && $0.contains("Todavía no hay nada aquí.") }
        #expect(!tmux.screen.contains("Enter Abrir"))     // an empty list offers nothing to open
        try tmux.type("n")
        tmux.waitFor("the form") { $0.contains("Nueva consulta") }
        try tmux.press("Tab")
        try tmux.type("Seguridad en el Centro")
        try tmux.press("Tab", "Tab")
        try tmux.type("2026-01-01")
        try tmux.press("Tab")
        try tmux.type("2030-12-31")
        try tmux.press("Tab", "Enter")   // a question is an item of its own
        try tmux.type("¿Qué calle necesita más luz?")
        try tmux.press("C-s")
        tmux.waitFor("the consultation") { $0.contains("Seguridad en el Centro — 2026-01-01 → 2030-12-31") }
        try tmux.press("Home", "Enter")
        tmux.waitFor("its submissions") { $0.contains("n Nuevo") }
        try tmux.type("n")
        tmux.waitFor("the paper form") { $0.contains("Capturar una aportación en papel") }
        try tmux.press("Tab")
        try tmux.type("Mesa de Tlalnepantla")
        try tmux.press("Tab", "Tab")
        try tmux.type("Avenida Hidalgo")
        try tmux.press("C-s")
        tmux.waitFor("the folio") { $0.contains("Aportación guardada con el folio") }
        try tmux.press("Home")
        tmux.waitForCursorLine("contains pendiente de moderación") { $0.contains("pendiente de moderación") }
        // Read it in full before moderating.
        try tmux.press("Enter")
        tmux.waitFor("the submission in full") { $0.contains("1. ¿Qué calle necesita más luz?") && $0.contains("  Avenida Hidalgo") }
        try tmux.type("p")
        // The header wraps where the hour makes it long ("10:27 p.m."): read it joined.
        tmux.waitFor("published") { $0.replacingOccurrences(of: "—\n", with: "— ").contains("— publicada") }
        try tmux.type("w")
        tmux.waitFor("the response form") { $0.contains("Respuesta pública") }
        try tmux.type("Se instalarán luminarias en 2027.")
        try tmux.press("C-s")
        tmux.waitFor("the response in the detail") { $0.contains("Respuesta pública: Se instalarán luminarias en 2027.") }
        try tmux.press("Escape")
        tmux.waitFor("answered") { $0.contains("publicada — respondida") }
        let db = try AppDatabase.open(path: cli.database)
        let folio = try db.reader.read { try String.fetchOne($0, sql: "SELECT folio FROM submission")! }
        let status = try db.folioStatus(folio)
        #expect(status.moderation == .published && status.response == "Se instalarán luminarias en 2027.")
        let channel = try db.reader.read { try String.fetchOne($0, sql: "SELECT channel FROM submission")! }
        #expect(channel == "paper")
    }

    @Test func aSecondTerminalSeesTheChangeWithoutLosingWhatItTypes() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        try addUser(cli, "beto", "administrator")
        let first = try open(cli)
        let second = try open(cli)
        try signIn(first)
        try signIn(second, "beto")
        try second.type("n")
        second.waitFor("a form being typed in") { $0.contains("Nuevo mecanismo") }
        try second.press("Tab")
        try second.type("A medio escribir")
        try first.type("n")
        first.waitFor("the form") { $0.contains("Nuevo mecanismo") }
        try first.press("Tab")
        try first.type("Consejo Compartido de Prueba")
        try first.press("C-s")
        first.waitFor("saved") { $0.contains("Se creó el mecanismo") }
        let saved = Date()
        #expect(second.screen.contains("A medio escribir"))
        try second.press("Escape")
        second.waitFor("the question") { $0.contains("¿Salir sin guardar lo que escribió?") }
        try second.press("Left", "Enter")
        second.waitFor("the new mechanism in the other terminal") { $0.contains("Consejo Compartido de Prueba") }
        #expect(Date().timeIntervalSince(saved) < 2.5)
    }
}
}

extension EndToEnd.OfficialsTests {
    @Test func filtersAssessmentsTheAuditTrailAndTallies() throws {
        let cli = try CLI()
        try addUser(cli, "ana", "administrator")
        try addUser(cli, "observa", "monitor")
        let admin = try open(cli)
        try signIn(admin)
        // Only Tlalnepantla's mechanisms.
        try admin.type("f")
        admin.waitFor("the filter form") { $0.contains("Filtrar") && $0.contains("< (todos) >") }
        try admin.type("tlalnepantla de baz")     // typing narrows the 2,510 jurisdictions (Morelos has a Tlalnepantla too)
        admin.waitFor("Tlalnepantla chosen") { $0.contains("< Tlalnepantla de Baz (Estado de México) >  [tlalnepantla de ba") }
        try admin.press("C-s")
        admin.waitFor("the filtered list") { $0.contains("Solo se muestra: Tlalnepantla de Baz (Estado de México)") }
        #expect(admin.screen.contains("Tequio") && admin.screen.contains("Cabildo Abierto"))
        #expect(!admin.screen.contains("Observatorio") && !admin.screen.contains("Chimalhuacán"))
        // The administrator does not assess; the history of the seeded commitment is there.
        try admin.type("2")
        admin.waitFor("commitments") { $0.contains("Cultura de Gobierno Abierto") }
        try admin.press("Home", "Enter")
        admin.waitFor("the detail") { $0.contains("h Historial") }
        #expect(!admin.screen.contains("a Evaluar"))
        try admin.press("F1")
        admin.waitFor("the help") { $0.contains("Evaluar (no disponible para esta cuenta)") }
        // Every key fits the help's key column, so the labels stand in one column.
        #expect(admin.screen.contains("Up, Down      Moverse"))
        #expect(admin.screen.contains("PgUp, PgDn    Avanzar por páginas"))
        #expect(admin.screen.contains("Home, End     Primera o última"))
        try admin.press("Escape")
        try admin.press("F9")
        #expect(!admin.screen.contains("Bitácora"))
        try admin.press("Escape")
        try admin.press("F9")
        admin.waitFor("the audit trail") { $0.contains("Bitácora de auditoría") && $0.contains("account.create") }
        // The monitor assesses and sees no key to change the commitment.
        let monitor = try open(cli)
        try signIn(monitor, "observa")
        try monitor.type("2")
        monitor.waitFor("commitments") { $0.contains("Cultura de Gobierno Abierto") }
        #expect(!monitor.screen.contains("n Nuevo"))
        try monitor.press("Home", "Enter")
        monitor.waitFor("the detail") { $0.contains("a Evaluar") }
        #expect(!monitor.screen.contains("c Completar") && !monitor.screen.contains("h Historial"))
        try monitor.type("a")
        monitor.waitFor("the assessment form") { $0.contains("Evaluación en las escalas del IRM") }
        try monitor.press("Space", "Tab", "Right", "Tab", "Tab", "Tab")
        try monitor.type("Los hitos son verificables y el potencial es modesto.")
        try monitor.press("C-s")
        monitor.waitFor("the assessment") { $0.contains("verificable; potencial modesto") }
        // Tallies of the consultations (none yet: the headings still read).
        try admin.press("Escape", "Escape")
        try admin.type("3")
        admin.waitFor("consultations") { $0.contains("[3 Consultas]") }
        try admin.type("t")
        admin.waitFor("tallies") { $0.contains("Por canal") && $0.contains("Por municipio") }
    }
}
