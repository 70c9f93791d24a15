import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing

extension EndToEnd { @Suite struct KioskTests {
    @Test func takingPartWithBadInputThenContactDataEndsWithADurableFolio() throws {
        let world = try KioskWorld()
        let tmux = try world.start(["--theme", "monochrome"], env: ["NO_COLOR": "1"])
        tmux.waitForCursor(x: 2, y: 4)
        tmux.waitForCursorLine("contains > 1. Español") { $0.contains("> 1. Español") }
        try world.toFirstQuestion(tmux, contact: true)
        // An empty required answer is refused, the message takes the cursor.
        try tmux.press("Enter")
        tmux.waitFor("the error") { $0.contains("Error: Pregunta 1: este campo es obligatorio") }
        tmux.waitForCursorLine("hasPrefix Error: Pregunta 1") { $0.hasPrefix("Error: Pregunta 1") }
        // A pasted escape sequence and more text than the limit.
        try tmux.type("Rutas\u{1B}[2J nocturnas y más seguras para todas las personas")
        tmux.waitFor("the limit") { $0.contains("40 de 40 caracteres") }
        #expect(tmux.screen.contains("Pregunta 1 de 2"))       // nothing cleared the screen
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        try tmux.type("2")
        tmux.waitFor("the contact form") { $0.contains("Sus datos de contacto") }
        try tmux.press("Tab")
        try tmux.type("no-es-correo")
        try tmux.press("Enter")
        tmux.waitFor("the e-mail error") { $0.contains("Error: ") && $0.contains("correo") }
        try tmux.press("C-u")
        try tmux.type("maria@example.mx")
        try tmux.press("Enter")
        tmux.waitFor("the review") { $0.contains("Revise sus respuestas") && $0.contains("4. Enviar") }
        #expect(tmux.screen.contains("Transporte público"))
        try tmux.type("4")
        tmux.waitFor("the receipt") { $0.contains("Su folio:") }
        let folio = try #require(KioskWorld.folio(on: tmux.screen))
        tmux.waitForCursorLine("the folio") { $0.trimmingCharacters(in: .whitespaces) == folio }
        // SIGKILL the moment the folio is on screen: the submission is there.
        kill(tmux.pid, SIGKILL)
        let db = try world.database()
        let status = try db.folioStatus(folio)
        #expect(status.moderation == .pending)
        let stored = try db.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT s.id, s.contactEmail, s.place, s.channel FROM submission s WHERE folio = ?",
                             arguments: [try Folio.normalise(folio)])!
        }
        #expect(stored["contactEmail"] as String? == "maria@example.mx")
        #expect(stored["place"] as String == "Palacio Municipal" && stored["channel"] as String == "kiosk")
        let answers = try db.answers(of: stored["id"])
        #expect(answers.count == 2)
        #expect(!answers[0].text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(answers[0].text.count <= 40)
        #expect(try db.check().isHealthy)
    }

    @Test func aFailedWriteShowsNoFolioAndKeepsTheAnswers() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try world.toFirstQuestion(tmux)
        try tmux.type("Más luminarias")
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        try tmux.type("1")
        tmux.waitFor("the review") { $0.contains("3. Enviar") }
        _ = try world.cli.sqlite("CREATE TRIGGER no_writes BEFORE INSERT ON submission BEGIN SELECT RAISE(ABORT, 'disco lleno'); END;")
        try tmux.type("3")
        tmux.waitFor("the error") { $0.contains("Error: ") }
        #expect(!tmux.screen.contains("Su folio"))
        #expect(tmux.screen.contains("Más luminarias") && tmux.screen.contains("A pie"))
        tmux.waitForCursorLine("hasPrefix Error: ") { $0.hasPrefix("Error: ") }
        _ = try world.cli.sqlite("DROP TRIGGER no_writes;")
        try tmux.type("3")
        tmux.waitFor("the receipt") { $0.contains("Su folio:") }
        #expect(KioskWorld.folio(on: tmux.screen) != nil)
    }

    @Test func aKioskWhoseAccountIsDisabledTakesNothingAndKeepsTheAnswers() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try world.toFirstQuestion(tmux)
        try tmux.type("Más luminarias")
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        try tmux.type("1")
        tmux.waitFor("the review") { $0.contains("3. Enviar") }
        #expect(try world.cli.run(["user", "disable", "kiosco1"]).status == 0)
        try tmux.type("3")
        tmux.waitFor("the refusal") { $0.contains("Error: Quiosco deshabilitado; sus respuestas siguen aquí. Avise al personal.") }
        #expect(!tmux.screen.contains("Su folio"))
        #expect(tmux.screen.contains("Más luminarias") && tmux.screen.contains("A pie"))
        #expect(try world.cli.sqlite("SELECT count(*) FROM submission").out == "0\n")
        #expect(try world.cli.run(["user", "enable", "kiosco1"]).status == 0)
        try tmux.type("3")
        tmux.waitFor("the receipt") { $0.contains("Su folio:") }
        #expect(try world.cli.sqlite("SELECT count(*) FROM submission").out == "1\n")
    }

    @Test func checkingAFolioShowsTheResponseAndCatchesATypo() throws {
        let world = try KioskWorld()
        let db = try world.database()
        let admin = Actor(account: try db.authenticate(username: "admin", password: KioskWorld.adminPassword))
        let kiosk = Actor(account: try db.authenticate(username: "kiosco1", password: "clave-del-kiosco"))
        let consultation = try db.openConsultations()[0]
        let questions = try db.questions(of: consultation.id!)
        let submission = try db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .kiosk, place: "Palacio", jurisdictionId: consultation.jurisdictionId,
            answers: [questions[0].id!: "Banquetas"], contact: ContactDetails(name: "María"),
            privacyNoticeVersion: "2026-01"), by: kiosk)
        _ = try db.moderateSubmission(submission.id!, .publish, by: admin)
        _ = try db.respondToSubmission(submission.id!, body: "Se incluirá en el programa de obra 2027.", by: admin)

        let tmux = try world.start()
        try tmux.type("1")
        try tmux.type("2")
        tmux.waitFor("the folio field") { $0.contains("Folio:") }
        var typo = Array(submission.folio)
        typo[3] = typo[3] == "A" ? "B" : "A"
        try tmux.type(String(typo).lowercased())
        try tmux.press("Enter")
        tmux.waitFor("the typo") { $0.contains("Error: ") && $0.contains("folio") }
        try tmux.press("C-u")
        try tmux.type(Folio.display(submission.folio).lowercased())
        tmux.waitForCursor(x: 2 + 7 + 11, y: 4)
        try tmux.press("Enter")
        tmux.waitFor("the status") { $0.contains("Se incluirá en el programa de obra 2027.") }
        #expect(tmux.screen.contains("publicada"))
        #expect(!tmux.screen.contains("María"))
        try tmux.press("Enter")
        tmux.waitFor("the welcome") { $0.contains("Bienvenida · Welcome") }
    }

    @Test func contactingAMechanismReachesItsOfficial() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try tmux.type("2")                  // English
        tmux.waitFor("the English menu") { $0.contains("3. Contact a participation mechanism") }
        try tmux.type("3")
        tmux.waitFor("the mechanisms") { $0.contains("1. Cabildo Abierto") }
        try tmux.press("Enter")
        tmux.waitFor("the message") { $0.contains("Message:") }
        try tmux.type("Quiero participar en la próxima sesión")
        try tmux.press("Enter")
        tmux.waitFor("the notice") { $0.contains("Privacy notice") && $0.contains("SIMPLIFIED PRIVACY NOTICE") }
        // Giving contact data, then changing one's mind: Esc goes back to the notice.
        try tmux.type("1")
        tmux.waitFor("the contact form") { $0.contains("Your contact data") }
        try tmux.press("Escape")
        tmux.waitFor("the notice again") { $0.contains("Privacy notice") }
        try tmux.type("2")
        tmux.waitFor("the confirmation") { $0.contains("Your message was sent.") }
        let requests = try world.database().reader.read { try ContactRequest.fetchAll($0) }
        #expect(requests.count == 1)
        #expect(requests.first?.message == "Quiero participar en la próxima sesión")
        #expect(requests.first?.contactName == nil && requests.first?.place == "Palacio Municipal")
    }

    @Test func interruptKeysAreIgnoredAndOnlyAnAdministratorLeaves() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("¿Qué desea hacer?") }
        let before = tmux.screen
        for key in ["C-c", "C-z", "C-\\", "C-s", "C-q"] { try tmux.press(key) }
        try tmux.type("x")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(tmux.exitStatus == nil)
        #expect(tmux.screen == before)
        try tmux.press("F10")
        tmux.waitFor("the staff form") { $0.contains("Salir del modo quiosco") }
        try tmux.type("kiosco1")
        try tmux.press("Tab")
        try tmux.type("clave-del-kiosco")
        #expect(!tmux.screen.contains("clave-del-kiosco"))     // the password is masked
        try tmux.press("Enter")
        tmux.waitFor("the refusal") { $0.contains("Error: ") }
        // A right password of an account that is not an administrator's gets the answer a wrong one gets.
        #expect(tmux.screen.contains("Error: El nombre de usuario o la contraseña son incorrectos."))
        #expect(!tmux.screen.contains("Solo una persona administradora"))
        #expect(tmux.exitStatus == nil)
        try tmux.press("BTab")
        try tmux.press("C-u")
        try tmux.type("admin")
        try tmux.press("Tab")
        try tmux.press("C-u")
        try tmux.type(KioskWorld.adminPassword)
        try tmux.press("Enter")
        #expect(tmux.waitForExit() == 0)
    }

    @Test func idleWarnsCountsDownAndWipes() throws {
        let world = try KioskWorld()
        let tmux = try world.start(["--idle", "2", "--countdown", "2"])
        try world.toFirstQuestion(tmux)
        try tmux.type("Texto a medias")
        tmux.waitFor("the warning") { $0.contains("¿Sigue ahí?") }
        tmux.waitForCursorLine("contains ¿Sigue ahí?") { $0.contains("¿Sigue ahí?") }
        tmux.waitFor("the wipe") { $0.contains("Bienvenida · Welcome") }
        try world.toFirstQuestion(tmux)
        #expect(!tmux.screen.contains("Texto a medias"))
        #expect(tmux.screen.contains("Pregunta 1 de 2") && !tmux.screen.contains("caracteres"))   // empty again
    }

    @Test func aKeyDuringTheWarningKeepsWhatWasTyped() throws {
        let world = try KioskWorld()
        let tmux = try world.start(["--idle", "2", "--countdown", "30"])
        try world.toFirstQuestion(tmux)
        try tmux.type("Sigo aquí")
        tmux.waitFor("the warning") { $0.contains("¿Sigue ahí?") }
        try tmux.press("Space")
        tmux.waitFor("the question again") { $0.contains("> Sigo aquí") }
    }

    @Test func aHangUpEndsTheKioskCleanlyAndStoresNothing() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try world.toFirstQuestion(tmux)
        try tmux.type("A medias")
        kill(tmux.pid, SIGHUP)
        #expect(tmux.waitForExit() == 0)
        #expect(try world.database().reader.read { try Submission.fetchCount($0) } == 0)
    }
}
}
