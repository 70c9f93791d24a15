import CabildoTestSupport
import Foundation
import Testing

/// `cabildo kiosk --speak`: what is handed to espeak-ng, captured through
/// CABILDO_SPEECH_COMMAND (the text on standard input, the voice in CABILDO_SPEECH_VOICE).
extension EndToEnd { @Suite struct KioskSpeechTests {
    /// Every text the kiosk said, in order, each with the voice it asked for.
    final class Capture {
        let file: URL
        init(_ world: KioskWorld) {
            file = world.cli.directory.appendingPathComponent("spoken")
            FileManager.default.createFile(atPath: file.path, contents: nil)
        }
        var command: String { "{ printf '%s|' \"$CABILDO_SPEECH_VOICE\"; cat; printf '\\036'; } >> '\(file.path)'" }
        /// Whole utterances only: the text after the last separator is still being written.
        var utterances: [String] {
            ((try? String(contentsOf: file, encoding: .utf8)) ?? "").components(separatedBy: "\u{1E}").dropLast()
                .filter { !$0.isEmpty }
        }
        var last: String { utterances.last ?? "" }
        /// Waits until something said satisfies a condition.
        @discardableResult
        func waitFor(_ description: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ condition: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if utterances.contains(where: condition) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("never said \(description); said: \(utterances)", sourceLocation: sourceLocation)
            return false
        }
    }

    @Test func theKioskSaysTheWelcomeTheChoicesAndTheFolio() throws {
        let world = try KioskWorld()
        let speech = Capture(world)
        let tmux = try world.start(["--speak"], env: ["CABILDO_SPEECH_COMMAND": speech.command])
        #expect(tmux.screen.contains("F5 Repetir"), "the repeat key is named on screen")
        speech.waitFor("the welcome with its choices") {
            $0.hasPrefix("es-419|") && $0.contains("Bienvenida · Welcome") && $0.contains("1. Español")
                && $0.contains("2. English")
        }
        // A choice is said as it is selected; F5 says the step again.
        try tmux.press("Down")
        speech.waitFor("the choice reached") { $0.contains("2. English") && !$0.contains("1. Español") }
        let count = speech.utterances.count
        try tmux.press("F5")
        speech.waitFor("the step again") { _ in speech.utterances.count > count }
        #expect(speech.last.contains("Bienvenida · Welcome"))
        try tmux.press("Up")
        try world.toFirstQuestion(tmux)
        speech.waitFor("the question") { $0.contains("Pregunta 1 de 2") && $0.contains("¿Qué cambiaría del transporte público?") }
        try tmux.type("Rutas nocturnas")
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        speech.waitFor("the choices of question 2") { $0.contains("2. Transporte público") }
        try tmux.type("2")
        tmux.waitFor("the review") { $0.contains("3. Enviar") }
        speech.waitFor("each answer on the review") { $0.contains("Rutas nocturnas") && $0.contains("Transporte público") }
        let beforeSending = speech.utterances.count
        try tmux.type("3")
        tmux.waitFor("the receipt") { $0.contains("Su folio:") }
        let folio = try #require(KioskWorld.folio(on: tmux.screen))
        let spelled = folio.map { String($0) }.joined(separator: " ")
        speech.waitFor("the folio, letter by letter") { $0.contains("Su folio:") && $0.contains(spelled) }
        // Nothing the citizen answered is said after the review.
        try tmux.press("Enter")
        tmux.waitFor("the welcome again") { $0.contains("Bienvenida · Welcome") }
        speech.waitFor("the welcome again") { _ in speech.last.contains("Bienvenida · Welcome") }
        for said in speech.utterances.dropFirst(beforeSending) { #expect(!said.contains("Rutas nocturnas"), "\(said)") }
    }

    /// Options to pick or rank are said with the step, and the one reached
    /// or picked is said with its state in words.
    @Test func optionsToPickAndRankAreSaidWithTheirState() throws {
        let world = try KioskWorld()
        _ = try KioskQuestionTypesTests.plantWorksConsultation(in: world)
        let speech = Capture(world)
        let tmux = try world.start(["--speak"], env: ["CABILDO_SPEECH_COMMAND": speech.command])
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("Participar en una consulta") }
        try tmux.type("1")
        tmux.waitFor("the consultations") { $0.contains("Obras del barrio") }
        let line = try #require(tmux.screen.components(separatedBy: "\n").first { $0.contains("Obras del barrio") })
        try tmux.type(String(line.split(separator: ".").first ?? "").filter { $0.isNumber })
        tmux.waitFor("the notice") { $0.contains("Aviso de privacidad") }
        try tmux.type("2")
        tmux.waitFor("question 1") { $0.contains("Pregunta 1 de 2") }
        speech.waitFor("the options with the question") {
            $0.contains("¿Qué le preocupa?") && $0.contains("1. Agua: sin marcar") && $0.contains("4. Basura: sin marcar")
        }
        try tmux.press("Space")
        speech.waitFor("the pick") { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "es-419|1. Agua: marcado" }
        try tmux.press("Down")
        speech.waitFor("the option reached") { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "es-419|2. Seguridad: sin marcar" }
        try tmux.type("1")
        try tmux.type("3")
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        try tmux.type("3")
        speech.waitFor("a place in the ranking") { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "es-419|3. Parques: lugar 1" }
    }

    @Test func englishIsSaidInTheEnglishVoice() throws {
        let world = try KioskWorld()
        let speech = Capture(world)
        let tmux = try world.start(["--speak"], env: ["CABILDO_SPEECH_COMMAND": speech.command])
        try tmux.type("2")
        tmux.waitFor("the English menu") { $0.contains("1. Take part in a consultation") }
        speech.waitFor("the menu in English") { $0.hasPrefix("en-us|") && $0.contains("1. Take part in a consultation") }
    }

    @Test func withoutSpeakNothingIsSaidAndNoRepeatKeyIsNamed() throws {
        let world = try KioskWorld()
        let speech = Capture(world)
        let tmux = try world.start([], env: ["CABILDO_SPEECH_COMMAND": speech.command])
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        #expect(!tmux.screen.contains("F5"))
        #expect(speech.utterances.isEmpty)
    }
}}
