import CabildoApp
import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import GRDBSQLite
import Testing
import TerminalKit
@testable import CabildoUI

/// The list in view is read again only when a change touches what it shows,
/// and a change read at a tick is drawn at once.
@MainActor @Suite struct ChangeNoticeUITests {
    let app: OfficialsApp
    let admin: Actor
    let place: Int64
    let consultations: [(id: Int64, question: Int64)]

    init() throws { try self.init(clock: Date.init) }

    init(clock: @escaping () -> Date) throws {
        app = try OfficialsAppTests().signedInApp(clock: clock)
        admin = Actor(account: try app.database.authenticate(username: "ana", password: "clave-de-ana-1"))
        place = try #require(try app.database.jurisdiction(inegiCode: "15104")).id!
        var made: [(Int64, Int64)] = []
        for title in ["Movilidad", "Agua"] {
            let id = try app.database.createConsultation(ConsultationDraft(
                jurisdictionId: place, title: title, theme: .mobility, opensOn: "2026-01-01", closesOn: "2099-12-31",
                questions: [QuestionDraft(prompt: "¿Qué cambiaría?")]), by: admin).id!
            made.append((id, try app.database.questions(of: id)[0].id!))
        }
        consultations = made
    }

    /// What another terminal does: records a submission in a consultation.
    @discardableResult
    func recordElsewhere(in index: Int, channel: Channel = .paper) throws -> Submission {
        try app.database.recordSubmission(SubmissionDraft(
            consultationId: consultations[index].id, channel: channel, place: "Mesa", jurisdictionId: place,
            answers: [consultations[index].question: "Respuesta"]), by: admin)
    }

    /// The first consultation's submissions, in view and drawn, once the
    /// changes made while setting up have been noticed.
    func showSubmissions() throws -> PaneScreen {
        _ = app.handle(.character("3"))
        try app.push(SubmissionsPane(consultations[0].id))
        app.tick()
        _ = frameText()
        return try #require(app.top as? PaneScreen)
    }

    func frameText() -> String {
        let screen = OfficialsAppTests().frame(app)
        return (0..<screen.height).map { screen.line($0) }.joined(separator: "\n")
    }

    /// The count the header shows, and the rows the list holds, against the submissions themselves.
    func expectCountShown(_ list: PaneScreen, moderation: Moderation? = nil, channel: Channel? = nil) throws {
        let counted = try app.database.reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM submission WHERE consultationId = ?1 AND (?2 IS NULL OR moderation = ?2)
                  AND (?3 IS NULL OR channel = ?3)
                """, arguments: [consultations[0].id, moderation, channel]) ?? 0
        }
        #expect(list.rowCount == counted)
        #expect(list.header[0].hasSuffix(" — " + Message("{count} in all", ["count": .text(String(counted))]).description))
    }

    @Test func aChangeToAMechanismDoesNotReadTheSubmissionsAgain() throws {
        for _ in 0..<3 { try recordElsewhere(in: 0) }
        let list = try showSubmissions()
        let loads = list.loads
        _ = try app.database.createMechanism(MechanismDraft(
            jurisdictionId: place, name: "Asamblea de barrio", theme: .other), by: admin)
        app.tick()
        #expect(list.loads == loads)
    }

    @Test func aSubmissionInAnotherConsultationDoesNotReadItAgain() throws {
        try recordElsewhere(in: 0)
        let list = try showSubmissions()
        let loads = list.loads
        let other = try recordElsewhere(in: 1)
        app.tick()
        #expect(list.loads == loads)
        #expect(!frameText().contains(Folio.display(other.folio)))
    }

    @Test func aNewSubmissionInTheConsultationInViewAppearsAtTheNextTick() throws {
        try recordElsewhere(in: 0)
        let list = try showSubmissions()
        let loads = list.loads
        let new = try recordElsewhere(in: 0)
        #expect(!frameText().contains(Folio.display(new.folio)))
        app.tick()
        #expect(list.loads == loads + 1)
        #expect(frameText().contains(Folio.display(new.folio)))
        try expectCountShown(list)
        app.tick()   // nothing more has changed: nothing is read
        #expect(list.loads == loads + 1)
    }

    /// Kiosks add submissions all day: the list reads them and their count,
    /// not the consultation, its commitments and the account's rights again.
    /// A consultation's tallies are counted when opened, saying when: a pane
    /// left open on a busy consultation recounted its whole results at every look.
    @Test func talliesAreCountedWhenOpenedNotAtEachNewSubmission() throws {
        try recordElsewhere(in: 0)
        _ = try showSubmissions()
        try app.push(TalliesPane(consultations[0].id, title: "Resultados"))
        let tallies = try #require(app.top as? PaneScreen)
        #expect(tallies.header.first?.hasPrefix("Counted on ") == true, "\(tallies.header)")
        #expect(frameText().contains("Counted on"))
        let loads = tallies.loads
        try recordElsewhere(in: 0)
        let (_, statements) = try app.database.statements { app.tick() }
        #expect(tallies.loads == loads)
        #expect(!statements.contains { $0.contains("answer") }, "\(statements)")
        // Opened again, it counts again: two submissions now.
        app.pop()
        try app.push(TalliesPane(consultations[0].id, title: "Resultados"))
        let again = try #require(app.top as? PaneScreen)
        #expect(again.rows.contains { $0.text.contains("answered by 2") }, "\(again.rows.map(\.text))")
    }

    @Test func aNewSubmissionReadsOnlySubmissionsAgain() throws {
        try recordElsewhere(in: 0)
        _ = try showSubmissions()
        let new = try recordElsewhere(in: 0)
        let (_, statements) = try app.database.statements { app.tick() }
        #expect(frameText().contains(Folio.display(new.folio)))
        let read = statements.filter { $0.hasPrefix("SELECT") }
        #expect(!read.isEmpty)
        #expect(read.allSatisfy { !$0.contains("FROM consultation") && !$0.contains("commitment") }, "\(read)")
    }

    /// A consultation renamed elsewhere: its list's title follows at the next tick.
    @Test func aConsultationEditedElsewhereIsReadAgain() throws {
        try recordElsewhere(in: 0)
        let list = try showSubmissions()
        let c = try app.database.consultation(consultations[0].id)
        let draft = ConsultationDraft(jurisdictionId: c.jurisdictionId, title: "Movilidad y transporte", theme: c.theme,
                                      opensOn: c.opensOn, closesOn: c.closesOn,
                                      questions: [QuestionDraft(prompt: "¿Qué cambiaría?")])
        _ = try app.database.editConsultation(consultations[0].id, draft, by: admin)
        app.tick()
        #expect(list.title == "Movilidad y transporte")
        #expect(frameText().contains("Movilidad y transporte"))
    }

    @Test func theShownCountStaysRightThroughSubmissionsModerationAndFilters() throws {
        var recorded: [Submission] = []
        for n in 0..<6 { recorded.append(try recordElsewhere(in: 0, channel: n % 2 == 0 ? .paper : .roundtable)) }
        let list = try showSubmissions()
        try expectCountShown(list)
        recorded.append(try recordElsewhere(in: 0))
        try recordElsewhere(in: 1)
        app.tick()
        try expectCountShown(list)
        _ = try app.database.moderateSubmission(recorded[0].id!, .publish, by: admin)
        _ = try app.database.moderateSubmission(recorded[1].id!, .reject(reason: "Fuera de tema"), by: admin)
        app.tick()
        try expectCountShown(list)
        try #require(list.pane as? SubmissionsPane).filters = Filters(["moderation": Moderation.pending.rawValue])
        try list.reload(app: app)
        try expectCountShown(list, moderation: .pending)
        try #require(list.pane as? SubmissionsPane).filters.chosen["channel"] = Channel.paper.rawValue
        try list.reload(app: app)
        try expectCountShown(list, moderation: .pending, channel: .paper)
        _ = try app.database.moderateSubmission(recorded[2].id!, .publish, by: admin)   // a pending paper one leaves
        try recordElsewhere(in: 0, channel: .paper)
        app.tick()
        try expectCountShown(list, moderation: .pending, channel: .paper)
    }

    /// Stands for the event loop: counts frames drawn now and frames asked for later.
    final class FrameRecorder: FrameDrawing {
        var drawn = 0, asked = 0
        var inputIsWaiting = false
        func render() { drawn += 1 }
        func setNeedsDisplay() { asked += 1 }
    }

    /// A key waiting when the timer fires is served before any look for
    /// changes: the look waits for the next tick, and is not counted as done.
    @Test func aWaitingKeyGoesBeforeTheLookForChanges() throws {
        let list = try showSubmissions()
        let recorder = FrameRecorder()
        app.loop = recorder
        try recordElsewhere(in: 0)
        let loads = list.loads
        recorder.inputIsWaiting = true
        #expect(app.timerTick() == false)
        #expect(list.loads == loads && recorder.drawn == 0)
        recorder.inputIsWaiting = false
        #expect(app.timerTick() == true)
        #expect(list.loads == loads + 1 && recorder.drawn == 1)
    }

    /// The tick's reading is drawn before the tick returns, so no key waiting
    /// on the main queue is handled on rows that were read but never shown.
    @Test func aTickThatReadsTheListDrawsItAtOnce() throws {
        let list = try showSubmissions()
        let recorder = FrameRecorder()
        app.loop = recorder
        app.tick()
        #expect(recorder.drawn == 0 && recorder.asked == 0)   // nothing changed: nothing read, nothing drawn
        try recordElsewhere(in: 0)
        app.tick()
        #expect(list.rowCount == 1)
        #expect(recorder.drawn == 1)
    }
}

/// Issue 12: an idle session showing a list other terminals keep adding to
/// used to begin about twelve read transactions a second and read two pages
/// of rows, each row's first answer looked up on its own.
@MainActor @Suite struct IdleReloadTests {
    let notices: ChangeNoticeUITests
    init() throws { notices = try ChangeNoticeUITests() }
    var app: OfficialsApp { notices.app }

    /// The list in view, drawn, with `count` submissions in it.
    func listWith(_ count: Int) throws -> PaneScreen {
        for _ in 0..<count { try notices.recordElsewhere(in: 0) }
        return try notices.showSubmissions()
    }

    @Test func aTickReadsInOneTransaction() throws {
        let list = try listWith(30)
        let loads = list.loads
        var before = app.database.readTransactions
        app.tick()   // nothing changed: the account and the head, together
        #expect(app.database.readTransactions == before + 1)
        try notices.recordElsewhere(in: 0)
        before = app.database.readTransactions
        app.tick()   // the account, the changes, the pane and its rows on screen
        #expect(list.loads == loads + 1)
        #expect(app.database.readTransactions == before + 1)
        _ = notices.frameText()   // drawing reads nothing more: the rows on screen were read with the rest
        #expect(app.database.readTransactions == before + 1)
    }

    /// The statements prepared on the connection, by their SQL.
    func prepared() throws -> [String: OpaquePointer] {
        try app.database.reader.read { db in
            var found: [String: OpaquePointer] = [:]
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while let current = statement {
                found[String(cString: sqlite3_sql(current))] = current
                statement = sqlite3_next_stmt(db.sqliteConnection, current)
            }
            return found
        }
    }

    /// A tick that reads the list again uses the statements the last one
    /// prepared (parsing them was a quarter of an idle session's CPU).
    @Test func aTickReusesTheStatementsTheLastOnePrepared() throws {
        _ = try listWith(30)
        try notices.recordElsewhere(in: 0)
        app.tick()
        let first = try prepared()
        let hot = ["FROM auditHead", "FROM auditEntry a", "FROM account WHERE", "FROM submissionTotal",
                   "LEFT JOIN response", "count(*) FROM submission s", "FROM consultation WHERE", "json_each"]
        for part in hot { #expect(first.keys.contains { $0.contains(part) }, "\(part)") }
        try notices.recordElsewhere(in: 0)
        app.tick()
        let second = try prepared()
        for (sql, statement) in first where hot.contains(where: sql.contains) { #expect(second[sql] == statement, "\(sql)") }
    }

    /// A new submission above the rows on screen: the list reads those rows
    /// (and the one above them, for its key), not a page of a hundred.
    @Test func aReloadReadsOnlyTheRowsOnScreen() throws {
        let list = try listWith(150)
        _ = app.handle(.down)
        _ = app.handle(.down)
        _ = notices.frameText()
        let selected = try #require(list.selectedRow)
        try notices.recordElsewhere(in: 0)
        app.tick()
        let rows = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(list.list.visibleRows > 10)
        #expect(rows.itemsRead <= list.list.visibleRows + 1)
        #expect(list.selectedRow == selected)
        // What is drawn is what a fresh read of the list shows, row by row.
        let ids = try app.database.submissions(of: notices.consultations[0].id, limit: 200).map(\.id)
        #expect(list.rows.map(\.id) == ids)
        try notices.expectCountShown(list)
    }

    /// Scrolled down a list kiosks keep adding to: the rows on screen are
    /// kept, found where they now stand, and not read again; the selection
    /// and the screen stay as they were, and match a fresh read row by row.
    /// A change to a row on screen, or one among them, reads them again.
    @Test func rowsAddedAboveAScrolledViewKeepTheRowsOnScreenWithoutReadingThem() throws {
        let list = try listWith(80)
        for _ in 0..<30 { _ = app.handle(.down); _ = notices.frameText() }
        #expect(list.list.top > 0)
        try notices.recordElsewhere(in: 0)
        app.tick()   // a first look reads the rows on screen around the selection
        _ = notices.frameText()
        let before = notices.frameText()
        let selected = try #require(list.selectedRow)
        let top = list.list.top
        for _ in 0..<3 { try notices.recordElsewhere(in: 0) }
        app.tick()
        let kept = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(kept.itemsRead == 0, "the rows on screen were read again")
        #expect(list.selectedRow == selected)
        #expect(list.list.top == top + 3)
        let after = notices.frameText()
        #expect(after.split(separator: "\n").dropFirst(5) == before.split(separator: "\n").dropFirst(5))
        let ids = try app.database.submissions(of: notices.consultations[0].id, limit: 200).map(\.id)
        let shown = (list.list.top..<list.list.top + list.list.visibleRows).map { list.row($0).id }
        #expect(shown == Array(ids[list.list.top..<list.list.top + list.list.visibleRows]))
        try notices.expectCountShown(list)
        // A row on screen published elsewhere: read again, and shown so.
        let onScreen = try #require(list.row(list.list.top + 2).id)
        _ = try app.database.moderateSubmission(onScreen, .publish, by: notices.admin)
        app.tick()
        let reread = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(reread.itemsRead > 0)
        #expect(list.row(list.list.top + 2).text.contains(app.session.text(Moderation.published.label)))
        #expect(list.selectedRow?.id == selected.id)
    }

    /// Deep in a list, scrolling on from kept rows reads the next page from
    /// their key, not by an OFFSET walk from the top.
    @Test func scrollingOnFromKeptRowsReadsByKey() throws {
        let list = try listWith(1_300)   // more than ten pages below the rows on screen
        for _ in 0..<150 { _ = app.handle(.down) }
        _ = notices.frameText()
        try notices.recordElsewhere(in: 0)
        app.tick()
        _ = notices.frameText()
        for _ in 0..<3 { try notices.recordElsewhere(in: 0) }
        app.tick()
        let kept = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(kept.itemsRead == 0)
        for _ in 0..<60 { _ = app.handle(.down) }
        _ = notices.frameText()
        #expect(kept.deepOffsetReads == 0)
        let ids = try app.database.submissions(of: notices.consultations[0].id, limit: 400).map(\.id)
        #expect(list.selectedRow?.id == ids[list.list.selected])
    }


    /// A submission that comes among the rows on screen (a caravan's, say,
    /// with the hour it was taken) is not missed by keeping them: they are read again.
    @Test func aSubmissionAmongTheRowsOnScreenIsShown() throws {
        for _ in 0..<80 { try notices.recordElsewhere(in: 0) }
        // Each its own minute, oldest first, so a row can come between two.
        try app.database.rawStorage.write {
            try $0.execute(sql: """
                UPDATE submission SET receivedAt = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-02-01', '+' || (id * 2) || ' minutes')
                """)
        }
        let list = try notices.showSubmissions()
        for _ in 0..<30 { _ = app.handle(.down); _ = notices.frameText() }
        try notices.recordElsewhere(in: 0)
        app.tick()
        _ = notices.frameText()
        let middle = list.row(list.list.top + 5)
        let middleAt = try #require(try app.database.rawStorage.read {
            try String.fetchOne($0, sql: "SELECT receivedAt FROM submission WHERE id = ?", arguments: [middle.id])
        })
        let among = try notices.recordElsewhere(in: 0)
        try app.database.rawStorage.write {
            try $0.execute(sql: "UPDATE submission SET receivedAt = strftime('%Y-%m-%dT%H:%M:%SZ', ?, '+1 minutes') WHERE id = ?",
                           arguments: [middleAt, among.id])
        }
        app.tick()
        let shown = (list.list.top..<list.list.top + list.list.visibleRows).map { list.row($0).id }
        #expect(shown.contains(among.id))
        let ids = try app.database.submissions(of: notices.consultations[0].id, limit: 200).map(\.id)
        #expect(shown == Array(ids[list.list.top..<list.list.top + list.list.visibleRows]))
    }

    /// A change to a submission off screen that leaves the count as it was:
    /// the list is read again, but the screen is the same, so no frame is drawn.
    @Test func aChangeOffScreenDrawsNoFrame() throws {
        let list = try listWith(40)
        let oldest = try #require(list.rows.last?.id)
        let recorder = ChangeNoticeUITests.FrameRecorder()
        app.loop = recorder
        let loads = list.loads
        _ = try app.database.moderateSubmission(oldest, .publish, by: notices.admin)
        app.tick()
        #expect(list.loads == loads + 1)
        #expect(recorder.drawn == 0)
        // One on screen changes: drawn at once.
        let first = try #require(list.rows.first?.id)
        _ = try app.database.moderateSubmission(first, .publish, by: notices.admin)
        app.tick()
        #expect(recorder.drawn == 1)
        #expect(list.rows.first?.text.contains(app.session.text(Moderation.published.label)) == true)
    }
    /// Deciding that a reload left the screen as it was compares the records
    /// read, so it makes no row into text (that was 8 % of an idle session's
    /// CPU); the rows are made into text only for a frame that is drawn.
    @Test func aReloadThatChangesNothingOnScreenMakesNoRowIntoText() throws {
        let list = try listWith(40)
        let recorder = ChangeNoticeUITests.FrameRecorder()
        app.loop = recorder
        let oldest = try #require(list.rows.last?.id)
        _ = try app.database.moderateSubmission(oldest, .publish, by: notices.admin)
        app.tick()
        let reread = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(reread.itemsRead > 0)
        #expect(reread.rowsMadeIntoText == 0)
        #expect(recorder.drawn == 0)
        // A new row on screen: drawn, and only the new row is made into text;
        // the others were made into text before the reloads and carried.
        _ = notices.frameText()
        try notices.recordElsewhere(in: 0)
        app.tick()
        #expect(recorder.drawn == 1)
        let frame = notices.frameText()
        let drawn = try #require(list.shown as? PagedRows<SubmissionSummary>)
        #expect(drawn.rowsMadeIntoText == 1)
        // And the frame is the one a list read afresh draws.
        let afresh = PaneScreen(SubmissionsPane(notices.consultations[0].id))
        try afresh.reload(app: app, following: false)
        #expect(afresh.rows.prefix(list.list.visibleRows).map(\.text) == list.rows.prefix(list.list.visibleRows).map(\.text))
        #expect(frame.contains(try #require(afresh.rows.first?.text.prefix(20))), "\(frame)\n\(afresh.rows.prefix(3).map(\.text))")
    }
}

@MainActor @Suite struct PagedRowsDrawingTests {
    /// A page read (at every reload of a list other terminals add to) costs
    /// the rows shown: each row is made into text when it is first drawn, once.
    @Test func rowsAreMadeIntoTextOnlyWhenShown() throws {
        var made = 0
        let rows = PagedRows<Int>(count: 1_000, fetch: { position, limit in
            guard case .offset(let start) = position else { return [] }
            return Array(start..<min(1_000, start + limit))
        }, render: { made += 1; return PaneRow(text: "Fila \($0)", id: Int64($0)) })
        for index in 0..<20 { #expect(rows.row(index).text == "Fila \(index)") }
        #expect(made == 20)
        for index in 0..<20 { _ = rows.row(index) }   // drawn again: already text
        #expect(made == 20)
    }
}
