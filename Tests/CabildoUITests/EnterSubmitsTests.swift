import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing
import TerminalKit
@testable import CabildoUI

/// Issue 17, item 1: Enter on the last field of a one-purpose form (sign in,
/// first administrator, unlock, the kiosk's staff exit) submits it; Enter on
/// an earlier field moves on, and tries nothing.
@MainActor @Suite struct EnterSubmitsTests {
    func type(_ text: String, into app: OfficialsApp) { for c in text { _ = app.handle(.character(c)) } }

    func frame(_ app: OfficialsApp) -> Screen {
        var screen = Screen(width: 80, height: 24)
        app.draw(into: &screen)
        return screen
    }

    func failedSignIns(_ database: AppDatabase) throws -> Int {
        try database.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM signInFailure") ?? 0 }
    }

    func appWithAna() throws -> OfficialsApp {
        try OfficialsApp(database: try Ana.database(), keymap: try AppCommands.keymap())
    }

    @Test func enterOnTheUserNameMovesOnAndEnterOnThePasswordSignsIn() throws {
        let app = try appWithAna()
        var screen = frame(app)
        let hints = screen.line(23)
        #expect(hints.contains("Enter " + Message("Sign in").description))
        #expect(!hints.contains(Message("Save").description))
        type("ana", into: app)
        _ = app.handle(.enter)
        #expect(app.account == nil)
        #expect(try failedSignIns(app.database) == 0)      // nothing was tried with an empty password
        screen = frame(app)
        #expect(screen.cursor.row == 4)                     // on the password, the line under the name
        type("clave-de-ana-1", into: app)
        _ = app.handle(.enter)
        #expect(app.account?.username == "ana")
        #expect(frame(app).text.contains("Cabildo Abierto"))
    }

    @Test func theHintSaysSignInInSpanish() throws {
        let saved = Localizer.current
        defer { Localizer.current = saved }
        Localizer.current = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        let hints = frame(try appWithAna()).line(23)
        #expect(hints.contains("Enter Entrar"))
        #expect(!hints.contains("Guardar"))
    }

    @Test func ctrlSStillSignsInFromAnyField() throws {
        let app = try appWithAna()
        type("ana", into: app)
        _ = app.handle(.tab)
        type("clave-de-ana-1", into: app)
        _ = app.handle(.backTab)
        _ = app.handle(.control("s"))
        #expect(app.account?.username == "ana")
    }

    @Test func enterWalksTheFirstAdministratorFormAndCreatesTheAccountOnTheLastField() throws {
        let database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        let app = try OfficialsApp(database: database, keymap: try AppCommands.keymap())
        for (text, isLast) in [("admin", false), ("Administración", false), ("clave-larga-1", false),
                               ("clave-larga-1", true)] {
            type(text, into: app)
            #expect(try database.accounts().isEmpty)
            _ = app.handle(.enter)
            #expect(try database.accounts().isEmpty == !isLast)
        }
        #expect(try database.accounts().map(\.username) == ["admin"])
    }

    @Test func enterUnlocksAfterIdle() throws {
        let app = try appWithAna()
        type("ana", into: app)
        _ = app.handle(.enter)
        type("clave-de-ana-1", into: app)
        _ = app.handle(.enter)
        app.lastKey = Date().addingTimeInterval(-15 * 60)
        app.tick()
        #expect(!frame(app).text.contains("Cabildo Abierto"))
        type("clave-de-ana-1", into: app)
        _ = app.handle(.enter)
        #expect(frame(app).text.contains("Cabildo Abierto"))
    }

    @Test func formsThatSaveStillMoveOnWithEnter() throws {
        let app = try appWithAna()
        type("ana", into: app)
        _ = app.handle(.enter)
        type("clave-de-ana-1", into: app)
        _ = app.handle(.enter)
        _ = app.handle(.character("n"))      // a new mechanism: Enter goes to the next field, never saves
        let before = try app.database.reader.read { try Mechanism.fetchCount($0) }
        for _ in 0..<30 { _ = app.handle(.enter) }
        #expect(try app.database.reader.read { try Mechanism.fetchCount($0) } == before)
        #expect(frame(app).line(23).contains(Message("Save").description))
    }

    @Test func theKioskStaffExitMovesOnWithEnterAndLeavesOnTheLastField() throws {
        let database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        let kiosk = try KioskAccounts.add(to: database).kiosk
        let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
        let app = try KioskApp(database: database, setup: KioskSetup(
            place: "Palacio Municipal", jurisdictionId: try database.jurisdiction(inegiCode: "15104")!.id!,
            channel: .kiosk, account: kiosk, languages: [english]))
        _ = app.handle(.function(10))
        #expect(app.step == .staff)
        var screen = Screen(width: 80, height: 24)
        app.draw(into: &screen)
        #expect(screen.line(23).contains("Enter " + Message("Sign in").description))
        for c in "admin" { _ = app.handle(.character(c), burst: false) }
        #expect(app.handle(.enter, burst: false))
        #expect(!app.leaving)
        #expect(try failedSignIns(database) == 0)
        for c in "clave-de-admin-1" { _ = app.handle(.character(c), burst: false) }
        #expect(app.handle(.enter, burst: false) == false)     // the loop ends: staff left kiosk mode
        #expect(app.leaving)
    }
}
