import CabildoCore
import CabildoText
import Testing
import TerminalKit
@testable import CabildoUI

@MainActor @Suite struct OfficialsAppTests {
    @Test func theCommandTableHasNoConflictingBindings() throws {
        let keymap = try AppCommands.keymap()
        for context in [AppCommands.list, AppCommands.search, AppCommands.detail, AppCommands.help] {
            #expect(!keymap.hints(in: context).isEmpty)
        }
    }

    func frame(_ app: OfficialsApp, width: Int = 80, height: Int = 24) -> Screen {
        var screen = Screen(width: width, height: height)
        app.draw(into: &screen)
        return screen
    }

    @Test func browsingAndSearchingKeepTheCursorOnTheFocus() throws {
        let database = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"))
        let app = try OfficialsApp(database: database, keymap: try AppCommands.keymap())
        var screen = frame(app)
        #expect(screen.cursor == (2, 0))
        #expect(screen.line(2).hasPrefix("> Cabildo Abierto"))
        _ = app.handle(.down)
        screen = frame(app)
        #expect(screen.cursor == (3, 0) && screen.line(3).hasPrefix("> "))
        _ = app.handle(.character("/"))
        for c in "tequio" { _ = app.handle(.character(c)) }
        screen = frame(app)
        #expect(screen.line(2).hasPrefix("> Tequio"))
        #expect(screen.cursor.row == 1)
        _ = app.handle(.enter)
        _ = app.handle(.enter)
        screen = frame(app)
        #expect(screen.line(screen.cursor.row).contains("Tequio"))
        #expect(app.handle(.character("q")) == false)
    }

    @Test func anUnusedKeySaysSoWithoutMovingTheCursor() throws {
        let database = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"))
        let app = try OfficialsApp(database: database, keymap: try AppCommands.keymap())
        _ = app.handle(.character("z"))
        let screen = frame(app)
        #expect(screen.line(23).contains("?"))
        #expect(screen.cursor == (2, 0))
    }
}
