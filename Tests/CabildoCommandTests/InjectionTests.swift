import CabildoTestSupport
import CabildoCore
import Foundation
import GRDB
import Testing

/// Records of every kind carry OSC, CSI, C1, bidi and zero-width payloads,
/// written behind Cabildo's back; every screen of the officials' app and of
/// the kiosk is walked, and the bytes the program wrote to its terminal
/// (tmux pipe-pane: the raw output, before tmux reads it) carry none of them.
extension EndToEnd { @Suite struct InjectionTests {
    /// OSC 52 (writes the clipboard), CSI 6n (makes the terminal answer),
    /// C1 CSI, right-to-left override, zero-width space.
    static let payload = "\u{1B}]52;c;SGFjaw==\u{07}\u{1B}[6n\u{9B}31m\u{202E}\u{200B}"
    static let forbidden: [(String, [UInt8])] = [
        ("OSC", [0x1B, 0x5D]), ("CSI 6n", [0x1B, 0x5B, 0x36, 0x6E]), ("C1 CSI", [0xC2, 0x9B]),
        ("U+202E", [0xE2, 0x80, 0xAE]), ("U+200B", [0xE2, 0x80, 0x8B]),
    ]
    /// How a payload's start is drawn: visible, inert (a long line may cut the rest).
    static let drawn = "␛]52"

    /// Every kind of record, made through CabildoCore with clean text.
    static func recordsOfEveryKind(_ world: KioskWorld) throws {
        let db = try world.database()
        let op = Actor.operator("tests")
        let admin = Actor(account: try db.authenticate(username: "admin", password: KioskWorld.adminPassword))
        let monitor = Actor(account: try db.createAccount(username: "monitor", displayName: "Órgano de seguimiento",
                                                          role: .monitor, jurisdictionCode: nil,
                                                          password: KioskWorld.adminPassword, by: op))
        let kiosk = Actor(account: try db.authenticate(username: "kiosco1", password: "clave-del-kiosco"))
        let mechanism = try #require(try db.mechanisms(matching: "Cabildo Abierto").first)
        let member = try db.addMember(to: mechanism.id!, .person(name: "Rosa Pérez"), post: "Vocal", sector: .civilSociety,
                                      startDate: "2026-01-10", by: admin)
        _ = try db.recordSession(SessionDraft(mechanismId: mechanism.id!, date: "2026-02-01", place: "Sala de Cabildo",
                                              minutes: "Acta", agenda: ["Lista de asistencia"], attendance: [member.id!],
                                              agreements: [("Publicar el calendario", "Secretaría", "2026-03-01")]),
                                 by: admin)
        let agreement = try #require(try db.agreements(of: mechanism.id!).first)
        _ = try db.followUpAgreement(agreement.id!, status: .inProgress, note: "Borrador listo", by: admin)
        _ = try db.addActivity(mechanismId: mechanism.id!, date: "2026-02-10", title: "Recorrido", description: "Barrio",
                               by: admin)
        _ = try db.publishNews(mechanismId: mechanism.id!, title: "Convocatoria", body: "Próxima sesión", by: admin)
        _ = try db.sendContactRequest(mechanismId: mechanism.id!, message: "Quiero participar",
                                      contact: ContactDetails(name: "Luis"), privacyNoticeVersion: "2026-01",
                                      place: "Palacio Municipal", by: kiosk)
        let commitment = try #require(try db.commitmentsWithProgress().first?.0)
        let milestone = try db.addMilestone(to: commitment.id!, description: "Diagnóstico", dueDate: "2026-01-15", by: admin)
        _ = try db.recordProgressUpdate(commitmentId: commitment.id!, milestoneId: milestone.id, summary: "Avance",
                                        evidence: [(.link, "https://example.mx/avance"), (.document, "Oficio 12")],
                                        by: admin)
        _ = try db.recordAssessment(commitmentId: commitment.id!, AssessmentDraft(
            verifiable: true, potentialForResults: .modest, rationale: "Verificable"), by: monitor)
        let consultation = try db.openConsultations()[0]
        let questions = try db.questions(of: consultation.id!)
        for (text, decision) in [("Banquetas", ModerationDecision.publish), ("Otra", .reject(reason: "Duplicada"))] {
            let submission = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .kiosk, place: "Palacio",
                jurisdictionId: consultation.jurisdictionId, answers: [questions[0].id!: text, questions[1].id!: "A pie"],
                contact: decision == .publish ? ContactDetails(name: "Ana", email: "ana@example.mx") : ContactDetails(),
                privacyNoticeVersion: "2026-01"), by: kiosk)
            _ = try db.moderateSubmission(submission.id!, decision, by: admin)
            guard decision == .publish else { continue }
            // The response queues a notice (the outbox), and the person asks for their data (the register).
            _ = try db.respondToSubmission(submission.id!, body: "Se atenderá", by: admin)
            _ = try db.addArcoRequest(ArcoRequestDraft(requesterName: "Ana", kind: .access, folios: [submission.folio],
                                                       channel: .office, details: "Copia de mis datos"),
                                      rules: try ArcoRules.standard(), by: admin)
        }
    }

    /// The payload appended to every free-text column of every table, as a
    /// careless import or a hostile hand with sqlite3 would. Columns whose
    /// CHECK refuses it (dates, codes, vocabularies) keep their value.
    static func plant(_ world: KioskWorld) throws -> Int {
        let queue = try DatabaseQueue(path: world.cli.database)
        let kept: Set<String> = ["username", "passwordHash", "folio", "inegiCode", "version", "language", "key", "value",
                                 "choices"]
        var planted = 0
        try queue.write { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT LIKE '%Search%' AND name NOT IN ('auditEntry', 'grdb_migrations')
                """)
            for table in tables {
                for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))")
                where (column["type"] as String) == "TEXT" {
                    let name: String = column["name"]
                    if kept.contains(name) || name.hasSuffix("At") { continue }
                    do {
                        try db.execute(sql: "UPDATE \(table) SET \(name) = \(name) || ? WHERE \(name) IS NOT NULL",
                                       arguments: [payload])
                        planted += db.changesCount > 0 ? 1 : 0
                    } catch {}   // a CHECK refused it
                }
            }
            try db.execute(sql: "UPDATE consultationQuestion SET choices = json_array('A pie' || ?, 'En bicicleta') WHERE choices IS NOT NULL",
                           arguments: [payload])
        }
        return planted
    }

    static func assertClean(_ file: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes.count > 2_000, "the output was captured", sourceLocation: sourceLocation)
        for (name, sequence) in forbidden {
            let found = Data(bytes).range(of: Data(sequence)) != nil
            #expect(!found, "\(name) reached the terminal", sourceLocation: sourceLocation)
        }
    }

    @Test func payloadsInEveryRecordNeverReachTheTerminalOfTheOfficialsApp() throws {
        let world = try KioskWorld()
        try Self.recordsOfEveryKind(world)
        #expect(try Self.plant(world) > 40)
        let output = world.cli.directory.appendingPathComponent("officials.out")
        let tmux = try Tmux([], environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                              "HOME": world.cli.directory.path, "TERM": "screen"])
        try tmux.recordOutput(to: output.path)
        try tmux.signIn("admin", KioskWorld.adminPassword)
        var screens = 0
        /// Keys, then a screen that shows `expected` and, if `planted`, a drawn payload.
        func see(_ expected: String, _ keys: [String] = [], typed: String? = nil, planted: Bool = true) throws {
            if !keys.isEmpty { try tmux.press(keys) }
            if let typed { try tmux.type(typed) }
            tmux.waitFor(expected) { $0.contains(expected) && (!planted || $0.contains(Self.drawn)) }
            screens += 1
        }
        try see("[1 Mecanismos]")
        try see("Buscar: cabildo", ["/"], typed: "cabildo")
        try see("Rosa Pérez", ["Enter", "Enter"])                  // the mechanism: members, sessions, news…
        try see("Editar", ["e"])
        try see("Historial", ["Escape", "h"], planted: false)      // the audit trail holds what Cabildo wrote
        try see("Filtrar", ["Escape", "Escape", "Escape", "f"], planted: false)
        try see("[2 Compromisos]", ["Escape", "2"])
        try see("Diagnóstico", ["Home", "Enter"])
        try see("[3 Consultas]", ["Escape", "3"])
        try see("en total", ["Home", "Enter"])
        try see("Duplicada", ["Home", "Enter"])
        try see("Por canal", ["Escape", "t"])
        try see("Bitácora de auditoría", ["Escape", "Escape", "F9"], planted: false)
        // Their rows end before the payload at 80 columns; what is drawn is still checked below.
        try see("Avisos a la ciudadanía", ["Escape", "o"], planted: false)
        try see("Solicitudes de derechos ARCO", ["Escape", "d"], planted: false)
        try see("Editar consulta", ["Escape", "Home", "e"])
        #expect(screens == 16)
        try Self.assertClean(output)
    }

    @Test func payloadsInEveryRecordNeverReachTheTerminalOfTheKiosk() throws {
        let world = try KioskWorld()
        try Self.recordsOfEveryKind(world)
        _ = try Self.plant(world)
        let folio = try world.database().reader.read {
            try String.fetchOne($0, sql: "SELECT folio FROM submission WHERE moderation = 'published'")
        }
        let output = world.cli.directory.appendingPathComponent("kiosk.out")
        let tmux = try world.start()
        try tmux.recordOutput(to: output.path)
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try tmux.type("1")
        tmux.waitFor("the consultations") { $0.contains(Self.drawn) }
        try tmux.type("1")
        tmux.waitFor("the notice") { $0.contains("Aviso de privacidad") }   // the payload is at its end, pages below
        try tmux.type("2")
        tmux.waitFor("question 1") { $0.contains("Pregunta 1 de 2") && $0.contains(Self.drawn) }
        try tmux.type("Más luz")
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") && $0.contains(Self.drawn) }
        try tmux.type("2")   // the planted first choice is refused as an answer, with a clear error
        tmux.waitFor("the review") { $0.contains("3. Enviar") && $0.contains(Self.drawn) }
        try tmux.press("Escape", "Escape", "Escape", "Escape", "Escape")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try tmux.type("2")
        tmux.waitFor("the folio field") { $0.contains("Folio:") }
        try tmux.type(try #require(folio))
        try tmux.press("Enter")
        tmux.waitFor("the response") { $0.contains("Se atenderá") && $0.contains(Self.drawn) }
        try tmux.press("Enter")
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("3. Contactar") }
        try tmux.type("3")
        tmux.waitFor("the mechanisms") { $0.contains("1. Cabildo Abierto") && $0.contains(Self.drawn) }
        try Self.assertClean(output)
    }
} }
