import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing
import TerminalKit
@testable import CabildoUI

/// Issue 11: the kiosk as a host of the flows, driven with keys in process.
@MainActor @Suite(.serialized) struct KioskAppTests {
    let database: AppDatabase
    let spanish: Localizer
    let english: Localizer

    init() throws {
        database = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"))
        spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
    }

    /// A kiosk account of the municipality `code`, and an open consultation there.
    func kioskAccount(_ name: String, in code: String) throws -> (account: Account, jurisdictionId: Int64) {
        let op = Actor.operator("tests")
        let account = try database.createAccount(username: name, displayName: "Quiosco", role: .kiosk,
                                                 jurisdictionCode: code, password: "clave-del-kiosco", by: op)
        let jurisdictionId = try database.jurisdiction(inegiCode: code)!.id!
        let day: (Double) -> String = {
            Date().addingTimeInterval($0 * 86_400).formatted(Date.ISO8601FormatStyle().year().month().day())
        }
        _ = try database.createConsultation(ConsultationDraft(
            jurisdictionId: jurisdictionId, title: "Agua potable", theme: .other, opensOn: day(-1),
            closesOn: day(30), questions: [QuestionDraft(prompt: "¿Qué falta?", maxLength: 80)]), by: op)
        return (account, jurisdictionId)
    }

    func kiosk(_ account: Account, _ jurisdictionId: Int64) throws -> KioskApp {
        try KioskApp(database: database, setup: KioskSetup(place: "Palacio Municipal", jurisdictionId: jurisdictionId,
                                                           channel: .kiosk, account: account,
                                                           languages: [spanish, english]))
    }

    func screen(_ app: KioskApp) -> Screen {
        var screen = Screen(width: 80, height: 24)
        app.draw(into: &screen)
        return screen
    }

    func type(_ text: String, into app: KioskApp) { for c in text { _ = app.handle(.character(c), burst: false) } }

    /// An answer wraps over lines as it is typed (nothing scrolls sideways),
    /// and the review shows it whole, never cut.
    @Test func aLongAnswerWrapsAndIsReviewedWhole() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let app = try kiosk(account, place)
        type("1112", into: app)                                // Spanish, take part, the consultation, anonymous
        let answer = "Faltan tomas de agua en la colonia centro y las pipas llegan tarde casi todas las semanas"
        type(answer, into: app)
        var shown = screen(app)
        #expect(!shown.text.contains("…"))
        let words = shown.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains(String(answer.prefix(80))), "\(shown.text)")
        #expect(shown.cursor.row > 6, "the cursor follows the text onto its second line")
        #expect(shown.text.contains("80 de 80 caracteres"))     // at the limit, the counter shows
        _ = app.handle(.enter, burst: false)
        #expect(app.step == .review)
        shown = screen(app)
        let reviewed = shown.markedText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(reviewed.contains("> 1. ¿Qué falta? — " + answer.prefix(80)), "\(shown.markedText)")
        #expect(!shown.text.contains("…"))
        _ = app.handle(.down, burst: false)
        #expect(screen(app).markedText.contains("> 2. Enviar"))
    }

    /// What the kiosk asked to be said, in order.
    final class SaidRecorder: Speaking {
        var said: [String] = []
        func say(_ text: String, language: String) { said.append(text) }
        func stop() {}
    }

    /// With --speak the idle warning is said once per warning: again after a
    /// wipe, not at every second of the countdown. Counted as the kiosk asks
    /// for it: a real voice silenced by the next one may never reach a file.
    @Test func theIdleWarningIsSaidOncePerWarning() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let voice = SaidRecorder()
        let app = try KioskApp(database: database, setup: KioskSetup(place: "Palacio Municipal", jurisdictionId: place,
                                                                     channel: .kiosk, account: account,
                                                                     languages: [spanish, english]), speaker: voice)
        for round in 1...2 {
            type("1112", into: app)
            for idle in [91, 92, 93] {
                app.lastKey = Date().addingTimeInterval(-Double(idle))
                app.idleTick()
            }
            #expect(voice.said.filter { $0.contains("¿Sigue ahí?") }.count == round, "said once in warning \(round)")
            app.lastKey = Date().addingTimeInterval(-200)
            app.idleTick()                                        // wiped
            #expect(app.step == .language)
        }
    }

    /// A message longer than the bottom line takes the lines above it, whole.
    @Test func aLongMessageIsNeverCut() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let app = try kiosk(account, place)
        type("1", into: app)
        let long = String(repeating: "Mensaje largo para la persona que participa. ", count: 3)
        app.status.show(long, error: true, localizer: spanish)
        let shown = screen(app)
        let words = shown.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains(long.trimmingCharacters(in: .whitespaces)), "\(shown.text)")
        #expect(shown.cursor.row < 23 && shown.line(shown.cursor.row).hasPrefix("Error: "))
    }

    @Test func eachCitizenSeesTheirLanguageAndTheProcessKeepsItsOwn() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let app = try kiosk(account, place)
        let before = Localizer.current.language
        #expect(screen(app).line(2).contains("Bienvenida · Welcome"))
        type("2", into: app)                                   // English
        #expect(screen(app).line(2).contains("What would you like to do?"))
        #expect(screen(app).line(23).contains("Enter Continue"))
        #expect(Localizer.current.language == before)         // nothing process-wide was swapped
        type("112", into: app)                                 // take part, the consultation, no data
        _ = app.handle(.enter, burst: false)                   // the required answer left empty
        let refused = screen(app)
        #expect(app.step == .question(0))
        #expect(refused.line(23).hasPrefix("Error: Question 1:"))
        // The next citizen starts in the kiosk's first language.
        app.wipe()
        type("1", into: app)
        #expect(screen(app).line(2).contains("¿Qué desea hacer?"))
        #expect(screen(app).line(23).contains("Enter Continuar"))
        type("112", into: app)
        _ = app.handle(.enter, burst: false)
        #expect(screen(app).line(23).hasPrefix("Error: Pregunta 1: este campo es obligatorio"))
        #expect(Localizer.current.language == before)
    }

    @Test func idleWarnsCountsDownAndWipesAsBefore() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let app = try kiosk(account, place)
        app.lastKey = Date().addingTimeInterval(-1_000)
        app.idleTick()
        #expect(app.idleWarning == nil)                        // the welcome screen has nothing to lose
        type("2111", into: app)
        type("Mi calle", into: app)
        app.lastKey = Date().addingTimeInterval(-100)          // 90 s idle, then 10 of the 15 s countdown
        app.idleTick()
        #expect(app.idleWarning == 5)
        // The sentence keeps its words (a screen reader says it once); the last seconds are counted apart.
        #expect(screen(app).line(4).contains("In 15 seconds this screen"))
        #expect(screen(app).text.contains("5 seconds left."))
        app.lastKey = Date().addingTimeInterval(-95)            // 10 s left: not counted yet
        app.idleTick()
        #expect(app.idleWarning == 10 && !screen(app).text.contains("seconds left"))
        app.lastKey = Date().addingTimeInterval(-104)
        app.idleTick()
        #expect(screen(app).text.contains("1 second left.") && screen(app).line(4).contains("In 15 seconds"))
        _ = app.handle(.character("x"), burst: false)         // any key: still here, nothing lost
        #expect(app.idleWarning == nil && app.step == .question(0))
        #expect(screen(app).markedText.contains("> Mi calle"))
        app.lastKey = Date().addingTimeInterval(-200)
        app.idleTick()
        #expect(app.step == .language && app.idleWarning == nil)
        type("2111", into: app)
        #expect(!screen(app).text.contains("Mi calle"))       // the next citizen starts empty
    }

    @Test func aWrongEmailShowsBesideItsFieldAndNothingTypedIsLost() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let app = try kiosk(account, place)
        type("1111", into: app)                                // Spanish, take part, the consultation, consent
        type("Una toma de agua", into: app)
        _ = app.handle(.enter, burst: false)
        #expect(app.step == .contact)
        type("Ana", into: app)
        _ = app.handle(.tab, burst: false)
        type("ana@", into: app)
        _ = app.handle(.enter, burst: false)
        let shown = screen(app)
        #expect(app.step == .contact)
        #expect(shown.text.contains("Su correo electrónico") && shown.text.contains("ana@"))
        // On the field's own line, read with it, not only on the status line.
        let errorRow = (0..<23).first { shown.line($0).contains("correo") && shown.line($0).contains("Error:") }
        #expect(errorRow != nil)
        _ = app.handle(.backspace, burst: false)
        type("@example.org", into: app)
        _ = app.handle(.enter, burst: false)
        #expect(app.step == .review)
        #expect(screen(app).text.contains("Una toma de agua"))
    }

    /// Issue 11: a kiosk can be set up anywhere in the country.
    @Test(arguments: ["15069", "23008"])
    func aKioskIsSetUpForPapalotlaAndSolidaridadAndRecordsThere(code: String) throws {
        _ = try kioskAccount("kiosco-\(code)", in: code)
        let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(UUID().uuidString)")
        try "clave-del-kiosco\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        let setup = try KioskSetups.make(database: database, place: "Plaza principal", account: "kiosco-\(code)",
                                         passwordFile: passwordFile.path, jurisdiction: nil, channel: .kiosk,
                                         idle: 90, countdown: 15)
        let municipality = try database.jurisdiction(inegiCode: code)!
        #expect(setup.jurisdictionId == municipality.id)
        let app = try KioskApp(database: database, setup: setup)
        type("1112", into: app)
        type("Más pipas", into: app)
        _ = app.handle(.enter, burst: false)
        type("2", into: app)                                   // Send
        guard case .receipt(let folio) = app.step else { Issue.record("no receipt: \(screen(app).text)"); return }
        let stored = try database.reader.read { try Submission.filter(Column("folio") == folio).fetchOne($0) }
        #expect(stored?.jurisdictionId == municipality.id)
        #expect(stored?.place == "Plaza principal")
    }
}

extension KioskAppTests {
    /// Whether a process still runs (a zombie waiting to be reaped runs no more).
    static func runs(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].dropFirst(2).hasPrefix("Z")
    }

    /// The key that silences speech ends the synthesiser, not only the shell
    /// that started it: nothing of the voice keeps running.
    @Test func silencingSpeechEndsTheSynthesiser() throws {
        let (account, place) = try kioskAccount("kiosco1", in: "15104")
        let pids = try temporaryDirectory().appendingPathComponent("pids")
        FileManager.default.createFile(atPath: pids.path, contents: nil)
        // A synthesiser that keeps talking: the shell starts it and waits for it.
        let command = "cat > /dev/null; echo $$ >> '\(pids.path)'; sleep 30 & echo $! >> '\(pids.path)'; wait"
        let speaker = try Speaker(environment: ["CABILDO_SPEECH_COMMAND": command])
        let app = try KioskApp(database: database, setup: KioskSetup(place: "Palacio Municipal", jurisdictionId: place,
                                                                     channel: .kiosk, account: account,
                                                                     languages: [spanish, english]), speaker: speaker)
        func started() -> [Int32] {
            ((try? String(contentsOf: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
        }
        type("1112", into: app)                                   // the question is said
        Thread.sleep(forTimeInterval: 1)                          // its shell has started the synthesiser
        let before = started()
        #expect(before.count >= 2 && before.suffix(2).allSatisfy(Self.runs), "the question's voice speaks: \(before)")
        type("a", into: app)                                      // a letter typed silences it
        let end = Date().addingTimeInterval(5)
        while started().contains(where: Self.runs), Date() < end { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!started().contains(where: Self.runs), "still running: \(started().filter(Self.runs))")
    }
}
