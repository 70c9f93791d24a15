import CabildoApp
import CabildoTestSupport
import CabildoCore
import Foundation
import GRDB
import CabildoText
import Testing
import TerminalKit
@testable import CabildoUI

@MainActor @Suite struct OfficialsAppTests {
    @Test func theCommandTableHasNoConflictingBindings() throws {
        let keymap = try AppCommands.keymap()
        for context in [Context.mechanisms, .mechanism, .commitments, .commitment, .consultations, .submissions,
                        .search, .form, .help, .signIn].map(\.rawValue) {
            #expect(!keymap.hints(in: context).isEmpty)
        }
    }

    /// The keys file cannot change the sign-in and lock forms (it could leave the lock without a way to save).
    @Test func theKeysFileCannotChangeTheSignInAndLock() throws {
        for line in ["unbind signin C-s", "unbind signin F2", "bind signin C-s quit"] {
            #expect(throws: KeymapError.self) { try AppCommands.keymap(bindingsFile: (line, "keys")) }
        }
        let keymap = try AppCommands.keymap(bindingsFile: ("unbind form C-s\nunbind global F1\n", "keys"))
        #expect(keymap.command(for: .control("s"), in: Context.form.rawValue) == nil)
        #expect(keymap.command(for: .control("s"), in: Context.signIn.rawValue) == "submit")
    }

    /// The bindings file is checked against the application's contexts: a misspelt one is a file:line error.
    @Test func theKeysFileNamesOnlyTheApplicationsContexts() throws {
        #expect(throws: KeymapError.self) { try AppCommands.keymap(bindingsFile: ("bind mecanismos x new\n", "keys")) }
        let keymap = try AppCommands.keymap(bindingsFile: ("bind mechanisms x new\n", "keys"))
        #expect(keymap.command(for: .character("x"), in: Context.mechanisms.rawValue) == Command.new.rawValue)
    }

    /// A seeded database with an administrator, signed in through the form.
    func signedInApp(clock: @escaping () -> Date = Date.init) throws -> OfficialsApp {
        let app = try OfficialsApp(database: try Ana.database(), keymap: try AppCommands.keymap(), clock: clock)
        for c in "ana" { _ = app.handle(.character(c)) }
        _ = app.handle(.tab)
        for c in "clave-de-ana-1" { _ = app.handle(.character(c)) }
        _ = app.handle(.control("s"))
        _ = app.handle(.home)
        return app
    }

    func frame(_ app: OfficialsApp, width: Int = 80, height: Int = 24) -> Screen {
        var screen = Screen(width: width, height: height)
        app.draw(into: &screen)
        return screen
    }

    @Test func browsingAndSearchingKeepTheCursorOnTheFocus() throws {
        let app = try signedInApp()
        var screen = frame(app)
        #expect(screen.cursor == (4, 0))
        #expect(screen.marked(4).hasPrefix("> Cabildo Abierto"))
        _ = app.handle(.down)
        screen = frame(app)
        #expect(screen.cursor == (5, 0) && screen.marked(5).hasPrefix("> "))
        _ = app.handle(.character("/"))
        for c in "tequio" { _ = app.handle(.character(c)) }
        screen = frame(app)
        #expect(screen.marked(4).hasPrefix("> Tequio"))
        #expect(screen.cursor.row == 3)
        _ = app.handle(.enter)
        _ = app.handle(.enter)
        screen = frame(app)
        #expect(screen.line(1).hasPrefix("Tequio"))
        #expect(app.handle(.character("q")) == true)
        #expect(app.handle(.character("q")) == false)
    }

    /// A first-time user types a search into the list ("teq"), where letters are
    /// commands: the letters say how to search, and the `q` asks before leaving.
    @Test func typingIntoTheListPointsToTheSearchAndQuittingAsksFirst() throws {
        let app = try signedInApp()
        #expect(app.handle(.character("t")))
        #expect(frame(app).line(23).contains("to search, press /; help: ?"))
        #expect(app.handle(.character("e")))
        #expect(app.handle(.character("q")))                    // asked, not left
        var screen = frame(app)
        #expect(screen.text.contains("Leave Cabildo? (q again leaves)"))
        #expect(screen.line(screen.cursor.row).contains("[No]"))    // the cursor is on the answer
        #expect(app.handle(.escape))                             // stays
        screen = frame(app)
        #expect(!screen.text.contains("Leave Cabildo?") && screen.cursor == (4, 0))
        #expect(app.handle(.character("q")))
        #expect(app.handle(.enter))                              // No is the answer Enter gives
        #expect(!frame(app).text.contains("Leave Cabildo?"))
        // A word typed on ("queso") stays at its next letter, which is not read as yes ("s").
        #expect(app.handle(.character("q")))
        #expect(app.handle(.character("u")))
        #expect(!frame(app).text.contains("Leave Cabildo?") && app.top is PaneScreen)
        #expect(app.handle(.character("q")))
        #expect(app.handle(.character("n")))                     // not a new mechanism's form
        #expect(app.top is PaneScreen && !frame(app).text.contains("Leave Cabildo?"))
        #expect(app.handle(.character("q")))
        #expect(app.handle(.right))
        #expect(app.handle(.enter) == false)                      // Yes leaves
        // From the help too.
        let helped = try signedInApp()
        _ = helped.handle(.character("?"))
        #expect(helped.handle(.character("q")))
        #expect(frame(helped).text.contains("Leave Cabildo?"))
        #expect(helped.handle(.character("q")) == false)
    }

    /// A search that finds nothing says so, and how to ask for the start of a word.
    @Test func aSearchWithNoMatchSaysSoAndSuggestsAStar() throws {
        let app = try signedInApp()
        _ = app.handle(.character("/"))
        for c in "teq" { _ = app.handle(.character(c)) }
        var words = frame(app).text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Nothing matches “teq”. A word finds whole words only; for the words that begin with it, end it with * (teq*)."), "\(words)")
        #expect(!words.contains("Nothing here yet"))
        _ = app.handle(.character("*"))
        #expect(frame(app).marked(4).hasPrefix("> Tequio"))
        for _ in 0..<4 { _ = app.handle(.backspace) }
        for c in "zzz*" { _ = app.handle(.character(c)) }
        words = frame(app).text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Nothing matches “zzz*”.") && !words.contains("(zzz**)"))
    }

    /// A filter that leaves nothing says so, not that there is nothing yet.
    @Test func aFilterThatLeavesNothingSaysSo() throws {
        let app = try signedInApp()
        let list = try #require(app.top as? PaneScreen)
        let mechanisms = try #require(list.pane as? MechanismsPane)
        mechanisms.filters = Filters(["jurisdiction": "999999"], labels: ["jurisdiction": "Ninguna"])
        try list.reload(app: app)
        #expect(list.rowCount == 0)
        let text = frame(app).text
        #expect(text.contains("Nothing matches the filters in force.") && !text.contains("Nothing here yet"))
    }

    /// The help of an empty list says a row's commands need a row, not that the account may not use them.
    @Test func theHelpOfAnEmptyListSaysWhyNotInWords() throws {
        let app = try signedInApp()
        _ = app.handle(.character("3"))
        let list = try #require(app.top as? PaneScreen)
        #expect(list.rowCount == 0)
        #expect(frame(app).text.contains("Nothing here yet."))
        _ = app.handle(.character("?"))
        let text = frame(app, height: 40).text
        let open = try #require(text.split(separator: "\n").first { $0.contains("Enter") && $0.contains("Open") })
        #expect(open.contains("(the list is empty)"), "\(open)")
        #expect(!text.contains("not available to this account"))
    }

    @Test func anUnusedKeySaysSoWithoutMovingTheCursor() throws {
        let app = try signedInApp()
        _ = app.handle(.character("z"))
        let screen = frame(app)
        #expect(screen.line(23).contains("?"))
        #expect(screen.cursor == (4, 0))
    }

    /// Ctrl-O shows whole what the screen cut: the selected row, then a form's field with its error.
    @Test func ctrlOShowsWholeWhatTheScreenCut() throws {
        let app = try signedInApp()
        _ = app.handle(.down)
        var screen = frame(app)
        #expect(screen.line(5).contains("…"))                   // the row is cut at 80 columns
        _ = app.handle(.control("o"))
        screen = frame(app)
        let words = screen.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Whole text: Comisión de Planeación para el Desarrollo Municipal (COPLADEMUN)")
                && words.contains("— Tlalnepantla de Baz — active"), "\(screen.text)")
        #expect(screen.cursor == (4, 2))                        // on the text, where a screen reader starts
        _ = app.handle(.character("z"))                        // any key closes it, and does nothing else
        #expect(!frame(app).text.contains("Whole text") && frame(app).cursor == (5, 0))
        _ = app.handle(.character("n"))
        _ = app.handle(.control("s"))                          // the name is missing
        _ = app.handle(.tab)
        _ = app.handle(.backTab)
        _ = app.handle(.control("o"))
        let field = frame(app).text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(field.contains("Whole text: Name:") && field.contains("Error: Name is required"), "\(field)")
    }

    /// The summary of a form's errors names the first field at fault, where the focus goes;
    /// the next key gives the cursor back to the form and the message stays.
    @Test func theErrorSummaryNamesTheFieldAndTheNextKeyGoesBackToIt() throws {
        let app = try signedInApp()
        _ = app.handle(.character("n"))
        _ = app.handle(.control("s"))
        var screen = frame(app)
        #expect(screen.line(23).contains("Some fields need attention; the first is Name."))
        #expect(screen.cursor.row == 23)
        _ = app.handle(.tab)
        _ = app.handle(.backTab)
        screen = frame(app)
        #expect(screen.line(23).contains("Some fields need attention"))   // still there, quietly
        #expect(screen.line(screen.cursor.row).contains("Name:") && screen.line(screen.cursor.row).contains("Error: Name is required"))
    }

    /// Where "?" is typed text, the message names the key that opens the help there.
    @Test func anUnusedKeyNamesTheHelpKeyOfThatScreen() throws {
        let app = try signedInApp()
        _ = app.handle(.character("z"))
        #expect(frame(app).line(23).contains("help: ?"))
        _ = app.handle(.character("n"))
        _ = app.handle(.function(12))
        #expect(frame(app).line(23).contains("press F1 for help"))
    }

    @Test func fifteenMinutesIdleLocksAndThePasswordUnlocksWhereItWas() throws {
        let app = try signedInApp()
        _ = app.handle(.down)
        app.lastKey = Date().addingTimeInterval(-15 * 60)
        app.tick()
        var screen = frame(app)
        #expect(screen.line(1).contains("ana"))
        #expect(!screen.text.contains("Cabildo Abierto"))
        for c in "equivocada" { _ = app.handle(.character(c)) }
        _ = app.handle(.control("s"))
        screen = frame(app)
        #expect(screen.line(23).hasPrefix("Error: "))
        _ = app.handle(.control("u"))
        for c in "clave-de-ana-1" { _ = app.handle(.character(c)) }
        _ = app.handle(.control("s"))
        _ = app.handle(.home)
        _ = app.handle(.down)
        screen = frame(app)
        #expect(screen.cursor == (5, 0))
        #expect(screen.text.contains("Cabildo Abierto"))
    }

    /// Disabled in the database (another terminal, the command line) while signed in.
    func disable(_ app: OfficialsApp) throws {
        _ = try app.database.createAccount(username: "beto", displayName: "Beto", role: .administrator,
                                           jurisdictionCode: nil, password: "clave-de-beto-1", by: .operator("tests"))
        _ = try app.database.disableAccount(username: "ana", by: .operator("tests"))
    }

    func showsTheSignInFormSayingWhy(_ app: OfficialsApp) {
        let screen = frame(app)
        #expect(app.account == nil)
        #expect(screen.line(1).hasPrefix(Message("Sign in to Cabildo").description))
        #expect(!screen.text.contains("Cabildo Abierto") && !screen.text.contains("ana (administr"))
        #expect(screen.line(23).contains(Message("This account has been disabled; sign in with another account.")
            .description))
    }

    @Test func anAccountDisabledWhileSignedInIsSignedOutAtTheNextTick() throws {
        let app = try signedInApp()
        app.tick()
        #expect(app.account != nil)
        try disable(app)
        app.tick()
        showsTheSignInFormSayingWhy(app)
    }

    @Test func anAccountDisabledWhileSignedInIsSignedOutAtTheNextKey() throws {
        let app = try signedInApp()
        try disable(app)
        _ = app.handle(.character("n"))     // would open a new mechanism's form
        showsTheSignInFormSayingWhy(app)
        // Signing in again is refused like any other failure.
        for c in "ana" { _ = app.handle(.character(c)) }
        _ = app.handle(.tab)
        for c in "clave-de-ana-1" { _ = app.handle(.character(c)) }
        _ = app.handle(.control("s"))
        #expect(app.account == nil)
        #expect(frame(app).line(23).contains(Message("The user name or the password is wrong.").description))
    }

    @Test func theSubmissionsListIsPagedFromTheDatabaseToItsLastRow() throws {
        let app = try signedInApp()
        _ = try app.database.loadDemoData(submissions: 1_500, seed: 9, by: .operator("tests"))
        _ = app.handle(.character("3"))
        _ = app.handle(.home)
        _ = app.handle(.enter)
        let consultation = try #require(try app.database.consultations().first)
        let count = try app.database.submissionCount(of: consultation.id!)
        #expect(count > 300)
        var screen = frame(app)
        #expect(screen.text.contains("\(count) en total") || screen.text.contains("\(count) in all"))
        _ = app.handle(.end)
        screen = frame(app)
        let oldest = try #require(try app.database.reader.read {
            try String.fetchOne($0, sql: "SELECT folio FROM submission WHERE consultationId = ? ORDER BY receivedAt, id LIMIT 1",
                                arguments: [consultation.id])
        })
        #expect(screen.marked(screen.cursor.row).hasPrefix("> " + Folio.display(oldest)))
        _ = app.handle(.pageUp)
        screen = frame(app)
        #expect(screen.marked(screen.cursor.row).hasPrefix("> "))
    }
}

@MainActor @Suite struct PagedRowsTests {
    /// Scrolling the whole list, down from the top and up from the end,
    /// shows every row in order, never walks an OFFSET past the first page,
    /// and never holds more than `kept` pages.
    @Test func scrollingEveryRowUsesNeighboursKeysAndKeepsMemoryBounded() throws {
        let database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        _ = try database.loadDemoData(submissions: 3_000, seed: 2, by: .operator("tests"))
        let consultation = try #require(try database.consultations().first).id!
        let all = try database.submissions(of: consultation, limit: 10_000).map(\.id)
        func paged() -> PagedRows<SubmissionSummary> {
            PagedRows(count: all.count, fetch: { position, limit in
                try database.submissions(of: consultation, from: position, limit: limit)
            }, render: { PaneRow(text: $0.folio, id: $0.id) })
        }
        let down = paged()
        var seen: [Int64] = []
        for index in 0..<all.count {
            seen.append(down.row(index).id!)
            #expect(down.pagesHeld <= down.kept)
        }
        #expect(seen == all)
        #expect(down.deepOffsetReads == 0)

        let up = paged()
        seen = []
        for index in (0..<all.count).reversed() { seen.insert(up.row(index).id!, at: 0) }
        #expect(seen == all)
        guard case .last = try #require(up.firstRead) else { Issue.record("End did not read the last page"); return }
        #expect(up.deepOffsetReads == 0)

        // Keys faster than frames: rows 5 pages apart are still reached by keys.
        let jumps = paged()
        for index in stride(from: 0, to: all.count, by: 500) { #expect(jumps.row(index).id == all[index]) }
        #expect(jumps.deepOffsetReads == 0)

        // A reload deep in the list (after publishing, say) reads its page around the selected record's key.
        let deep = all.count - 150
        let reloaded = PagedRows(count: all.count, fetch: { position, limit in
            try database.submissions(of: consultation, from: position, limit: limit)
        }, render: { PaneRow(text: $0.folio, id: $0.id) }, locate: { try database.submissionIndex(of: $0, in: consultation) })
        #expect(reloaded.index(following: deep, in: down) == deep)
        #expect((deep - 5..<deep + 5).map { reloaded.row($0).id } == Array(all[deep - 5..<deep + 5]))
        #expect(reloaded.deepOffsetReads == 0)
        guard case .after = try #require(reloaded.firstRead) else { Issue.record("the reload did not use a key"); return }

        // A reload that reads only the rows on screen: those rows, by key, and
        // the pages beyond them as they are scrolled to, in order.
        let window = PagedRows(count: all.count, fetch: { position, limit in
            try database.submissions(of: consultation, from: position, limit: limit)
        }, render: { PaneRow(text: $0.folio, id: $0.id) }, locate: { try database.submissionIndex(of: $0, in: consultation) })
        #expect(window.index(following: deep, in: down) == deep)
        window.read(window: deep - 3..<deep + 15)
        #expect(window.itemsRead == 18 + 1)
        #expect((deep - 3..<deep + 15).map { window.row($0).id } == Array(all[deep - 3..<deep + 15]))
        #expect(window.itemsRead == 18 + 1)
        #expect((deep - 250..<deep + 150).map { window.row($0).id } == Array(all[deep - 250..<deep + 150]))
        #expect(window.deepOffsetReads == 0)
    }
}
