import CabildoTestSupport
import CabildoCore
import Foundation
import GRDB
import Testing

/// The loop back to the citizen, with the real binary: a message written at
/// one kiosk, answered in the officials' app, read by folio at another
/// kiosk, and the notice that answer queued sent once through sendmail.
extension EndToEnd { @Suite struct LoopBackTests {
    @Test func aMessageSentAtAKioskIsAnsweredInTheAppAndReadAtAnotherKiosk() throws {
        let world = try KioskWorld()
        let cli = world.cli

        // A citizen writes to a mechanism, leaving an e-mail with consent.
        let kiosk = try world.start()
        try kiosk.type("1")
        kiosk.waitFor("the menu") { $0.contains("3. Contactar a un mecanismo") }
        try kiosk.type("3")
        kiosk.waitFor("the mechanisms") { $0.contains("1. ") }
        try kiosk.press("Enter")
        kiosk.waitFor("the message") { $0.contains("Mensaje") && $0.contains("Escriba") }
        try kiosk.type("¿Cuándo es la próxima sesión abierta?")
        try kiosk.press("Enter")
        kiosk.waitFor("the notice") { $0.contains("Aviso de privacidad") }
        try kiosk.type("1")
        kiosk.waitFor("the contact form") { $0.contains("Sus datos de contacto") }
        try kiosk.type("Luis")
        try kiosk.press("Tab")
        try kiosk.type("luis@example.mx")
        try kiosk.press("Enter")
        kiosk.waitFor("the folio") { KioskWorld.folio(on: $0) != nil }
        let folio = try #require(KioskWorld.folio(on: kiosk.screen))
        let mechanism = try cli.sqlite("""
            SELECT m.name FROM contactRequest r JOIN mechanism m ON m.id = r.mechanismId
            """).out.trimmingCharacters(in: .whitespacesAndNewlines)

        // An administrator answers it from the mechanism's detail.
        let app = try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                             "HOME": cli.directory.path, "TERM": "screen"])
        try app.signIn("admin", KioskWorld.adminPassword)
        try app.press("/")
        try app.type(mechanism)
        try app.press("Enter")
        app.waitForCursorLine("the mechanism") { $0.contains(mechanism) }
        try app.press("Enter")
        app.waitFor("the detail") { $0.contains("Mensaje ciudadano") }
        try app.press("End")
        app.waitForCursorLine("the message") { $0.contains("Mensaje ciudadano") && $0.contains("(nueva)") }
        try app.press("w")
        app.waitFor("the answer form") { $0.contains("Responder a la persona") }
        try app.type("La próxima sesión abierta es el primer lunes del mes.")
        try app.press("C-s")
        app.waitFor("the answer saved") { $0.contains("Respuesta guardada") }
        app.waitFor("the message answered") { $0.contains("(respondida)") }
        // Once only.
        try app.press("w")
        app.waitFor("the refusal") { $0.contains("Error: Este mensaje ya fue respondido o cerrado.") }

        // Another kiosk, of another municipality, reads the answer by folio.
        let db = try world.database()
        _ = try db.createAccount(username: "kiosco2", displayName: "Quiosco 2", role: .kiosk, jurisdictionCode: "15031",
                                 password: KioskAccounts.kioskPassword, by: .operator("tests"))
        let other = try Tmux(["kiosk", "--place", "Caravana", "--account", "kiosco2", "--password-file", world.passwordFile],
                             environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                           "HOME": cli.directory.path, "TERM": "screen"])
        other.waitFor("the welcome") { $0.contains("Bienvenida · Welcome") }
        try other.type("1")
        try other.type("2")
        other.waitFor("the folio field") { $0.contains("Folio:") }
        try other.type(folio)
        try other.press("Enter")
        other.waitFor("the answer") { $0.contains("La próxima sesión abierta es el primer lunes del mes.") }
        #expect(!other.screen.contains("luis@example.mx") && !other.screen.contains("Luis"))

        // The answer queued one notice; notify send hands it to sendmail once.
        let mail = cli.directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let sendmail = try ImportNotifyCommandTests.fakeSendmail(in: mail)
        let sent = try cli.run(["notify", "send", "--sendmail", sendmail])
        #expect(sent.status == 0 && sent.out.contains("1 notices sent by e-mail"))
        let again = try cli.run(["notify", "send", "--sendmail", sendmail])
        #expect(again.status == 0 && again.out.contains("0 notices sent by e-mail"))
        let mails = try ImportNotifyCommandTests.mails(in: mail)
        #expect(mails.count == 1)
        #expect(try String(contentsOf: mail.appendingPathComponent("mail-0.args"), encoding: .utf8)
            == "-i\n--\nluis@example.mx\n")
        #expect(try cli.sqlite("SELECT kind, status FROM notice").out == "contactAnswer|sent\n")
        #expect(try cli.run(["check"]).status == 0)
    }

    /// The register in the app: an overdue request says so in words, at 80×24.
    @Test func theDataRightsPaneSaysOverdueInWords() throws {
        let world = try KioskWorld()
        let cli = world.cli
        let db = try world.database()
        let admin = Actor(account: try db.authenticate(username: "admin", password: KioskWorld.adminPassword))
        let consultation = try db.openConsultations()[0]
        let question = try db.questions(of: consultation.id!)[0]
        let submission = try db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: consultation.jurisdictionId,
            answers: [question.id!: "Banquetas"], contact: ContactDetails(email: "maria@example.mx"),
            privacyNoticeVersion: "2026-01"), by: admin)
        _ = try db.addArcoRequest(ArcoRequestDraft(requesterName: "María", kind: .access, folios: [submission.folio],
                                                   receivedOn: day(fromToday: -60), channel: .office),
                                  rules: try ArcoRules.standard(), by: admin)
        let app = try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": "en_US.UTF-8",
                                             "HOME": cli.directory.path, "TERM": "screen"])
        try app.signIn("admin", KioskWorld.adminPassword)
        try app.press("3")
        app.waitFor("the consultations") { $0.contains("Movilidad en Tlalnepantla") }
        try app.press("d")
        app.waitFor("the register") { $0.contains("Data-rights (ARCO) requests") && $0.contains("1 open, 1 overdue") }
        app.waitForCursorLine("the overdue request") { $0.contains("access — OVERDUE: it was due by") }
        // A copy of the data, to a file asked for in a form.
        try app.press("a")
        app.waitFor("the path form") { $0.contains("File to write") }
        let copy = cli.directory.appendingPathComponent("copia.json").path
        try app.type(copy)
        try app.press("C-s")
        app.waitFor("the copy written") { $0.contains("A copy of the data of 1 submissions was written") }
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("maria@example.mx"))
    }
}}
