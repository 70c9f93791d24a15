import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing
import TerminalKit
@testable import CabildoUI

/// Issue 10, item 4: pasted keys never send, and the kiosk's limit holds.
@MainActor @Suite(.serialized) struct KioskBurstTests {
    let database: AppDatabase
    let app: KioskApp

    init(perMinute: Int = AppDatabase.kioskSubmissionsPerMinute) throws {
        database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        let (kiosk, admin) = try KioskAccounts.add(to: database)
        let tlalnepantla = try database.jurisdiction(inegiCode: "15104")!.id!
        _ = try database.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Movilidad", theme: .mobility, opensOn: day(fromToday: -10), closesOn: day(fromToday: 30),
            questions: [QuestionDraft(prompt: "¿Qué cambiaría?", maxLength: 40)]), by: admin)
        let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
        app = try KioskApp(database: database, setup: KioskSetup(
            place: "Palacio Municipal", jurisdictionId: tlalnepantla, channel: .kiosk, account: kiosk,
            languages: [english], submissionsPerMinute: perMinute))
    }

    var screen: String {
        var screen = Screen(width: 80, height: 24)
        app.draw(into: &screen)
        return screen.text
    }

    func submissions() throws -> Int { try database.reader.read { try Submission.fetchCount($0) } }

    /// Typed as a person does, one key per read.
    func type(_ keys: [Key]) { for key in keys { _ = app.handle(key, burst: false) } }
    func type(_ text: String) { type(text.map { Key.character($0) }) }

    /// Language, menu, consultation, anonymous, the answer: the review.
    func toReview() {
        type("111")
        type("2")
        type("Más luminarias")
        type([.enter])
    }

    @Test func pastedKeysNeverSendNorContinueAndTheCitizenIsTold() throws {
        type("111")
        type("2")
        // A paste into the answer: its text is typed, its Enter continues nothing.
        for key in "Banquetas\r".map({ $0 == "\r" ? Key.enter : .character($0) }) { _ = app.handle(key, burst: true) }
        #expect(app.step == .question(0))
        #expect(screen.contains("> Banquetas"))
        #expect(screen.contains("Pasted text was ignored here: press the keys one at a time."))
        type([.enter])
        #expect(app.step == .review)
        // On the review, a pasted number sends nothing, nor does a pasted Enter.
        for key: Key in [.character("2"), .enter, .character("2")] { _ = app.handle(key, burst: true) }
        #expect(app.step == .review)
        #expect(try submissions() == 0)
        #expect(screen.contains("Pasted text was ignored"))
        // A pasted Esc still goes back: only what confirms is held back.
        _ = app.handle(.escape, burst: true)
        #expect(app.step == .question(0))
        type([.enter])
        type("2")
        guard case .receipt = app.step else { Issue.record("no receipt: \(screen)"); return }
        #expect(try submissions() == 1)
        // The receipt's "Enter to finish" waits for a key pressed, not pasted.
        _ = app.handle(.enter, burst: true)
        guard case .receipt = app.step else { Issue.record("a pasted Enter left the receipt"); return }
        type([.enter])
        #expect(app.step == .language)
    }

    @Test func pastingAFloodStoresNothing() throws {
        // The whole walk, Enter included, many times over, in one burst.
        let flood = String(repeating: "1112Rutas seguras\r2\r\r", count: 1_000)
        for key in flood.map({ $0 == "\r" ? Key.enter : .character($0) }) { _ = app.handle(key, burst: true) }
        #expect(try submissions() == 0)
    }

    @Test func pastOurLimitTheKioskRefusesAndKeepsTheAnswers() throws {
        let limited = try KioskBurstTests(perMinute: 1)
        limited.toReview()
        limited.type("2")
        guard case .receipt = limited.app.step else { Issue.record("no receipt"); return }
        limited.type([.enter])
        limited.toReview()
        limited.type("2")
        #expect(limited.app.step == .review)
        #expect(limited.screen.contains("Error: This kiosk has already sent 1 participations in the last minute"))
        #expect(limited.screen.contains("Más luminarias"))
        #expect(try limited.submissions() == 1)
    }
}

/// A ranking of twelve options at the kiosk: "1" then "2" typed together
/// reach option 12; after a pause "1" is option 1.
@MainActor @Suite struct KioskTwelveOptionsTests {
    @Test func oneThenTwoRanksOptionTwelve() throws {
        let database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        let (kiosk, admin) = try KioskAccounts.add(to: database)
        let tlalnepantla = try database.jurisdiction(inegiCode: "15104")!.id!
        let options = (1...12).map { "Obra \($0)" }
        _ = try database.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Obras", theme: .mobility, opensOn: day(fromToday: -10),
            closesOn: day(fromToday: 30),
            questions: [QuestionDraft(prompt: "¿Qué obra va primero?", kind: .ranking, required: false, choices: options)]),
            by: admin)
        let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
        let app = try KioskApp(database: database, setup: KioskSetup(
            place: "Palacio Municipal", jurisdictionId: tlalnepantla, channel: .kiosk, account: kiosk, languages: [english]))
        func type(_ text: String) { for c in text { _ = app.handle(.character(c), burst: false) } }
        func screen() -> String {
            var screen = Screen(width: 80, height: 24)
            app.draw(into: &screen)
            return screen.text
        }
        /// The option's line, from its mark on.
        func option(_ n: Int) -> String? {
            screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasSuffix("] \(n). Obra \(n)") }.map { String($0.suffix(from: $0.lastIndex(of: "[")!)) }
        }
        type("111")
        type("2")                                   // anonymous: the question
        #expect(app.step == .question(0), "\(screen())")
        type("12")                                  // as fast as a person types two digits
        #expect(option(12) == "[1] 12. Obra 12" && option(1) == "[ ] 1. Obra 1" && option(2) == "[ ] 2. Obra 2",
                "\(screen())")
        Thread.sleep(forTimeInterval: Picks.numberPause + 0.2)
        type("1")                                   // after the pause: option 1, second place
        #expect(option(12) == "[1] 12. Obra 12" && option(1) == "[2] 1. Obra 1", "\(screen())")
    }
}
