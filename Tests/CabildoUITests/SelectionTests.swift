import CabildoApp
import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing
import TerminalKit
@testable import CabildoUI

/// Other terminals write while an official looks at a list: the selection
/// stays on its record, and an action acts on the record that was selected.
@MainActor @Suite struct SelectionFollowsItsRecordTests {
    let app: OfficialsApp
    let admin: Actor
    let place: Int64
    let consultation: Int64
    let question: Int64

    init() throws {
        app = try OfficialsAppTests().signedInApp()
        admin = Actor(account: try app.database.authenticate(username: "ana", password: "clave-de-ana-1"))
        place = try #require(try app.database.jurisdiction(inegiCode: "15104")).id!
        consultation = try app.database.createConsultation(ConsultationDraft(
            jurisdictionId: place, title: "Movilidad", theme: .mobility, opensOn: "2026-01-01", closesOn: "2099-12-31",
            questions: [QuestionDraft(prompt: "¿Qué cambiaría?")]), by: admin).id!
        question = try app.database.questions(of: consultation)[0].id!
    }

    /// What another terminal does: a kiosk or an official records submissions.
    func recordElsewhere(_ count: Int) throws {
        for n in 0..<count {
            _ = try app.database.recordSubmission(SubmissionDraft(
                consultationId: consultation, channel: .paper, place: "Mesa", jurisdictionId: place,
                answers: [question: "Respuesta \(n)"]), by: admin)
        }
    }

    func frame() -> Screen { OfficialsAppTests().frame(app) }
    func selectedLine() -> String { let screen = frame(); return screen.line(screen.cursor.row) }
    func folio(_ line: String) -> String { String(line.dropFirst(2).prefix(11)) }

    @Test func newSubmissionsAboveNeverMoveTheSelectionNorThePublishKey() throws {
        try recordElsewhere(250)
        for key: Key in [.character("3"), .home, .enter, .home] { _ = app.handle(key) }
        for _ in 0..<150 { _ = app.handle(.down) }   // deep in the second page of 100
        let before = frame()
        let chosen = folio(before.line(before.cursor.row))
        #expect(before.marked(before.cursor.row).hasPrefix("> "))

        try recordElsewhere(7)   // newer rows arrive above the selection
        app.tick()
        let after = frame()
        #expect(after.line(after.cursor.row) == before.line(before.cursor.row))
        #expect(after.cursor == before.cursor)   // the row stays where it was on screen too

        _ = app.handle(.character("p"))
        let published = try app.database.reader.read {
            try String.fetchAll($0, sql: "SELECT folio FROM submission WHERE moderation = 'published'")
        }
        #expect(published.map(Folio.display) == [chosen])
    }

    /// An official watching the top of a list newest first sees new submissions
    /// arrive there, while the selection stays on the record chosen.
    @Test func atTheTopOfTheListNewSubmissionsShowAndTheSelectionStaysOnItsRecord() throws {
        try recordElsewhere(30)
        for key: Key in [.character("3"), .home, .enter, .home, .down] {
            _ = app.handle(key)
            _ = frame()   // as the loop draws after each key: the list learns its height
        }
        let before = frame()
        let chosen = folio(before.line(before.cursor.row))
        try recordElsewhere(2)
        app.tick()
        let after = frame()
        let newest = try app.database.submissions(of: consultation, limit: 2).map { Folio.display($0.folio) }
        #expect(folio(after.line(before.cursor.row - 1)) == newest[0], "\(after.text)")
        #expect(folio(after.line(before.cursor.row)) == newest[1])
        #expect(folio(after.line(after.cursor.row)) == chosen)
        #expect(after.cursor.row == before.cursor.row + 2)
        _ = app.handle(.character("p"))
        let published = try app.database.reader.read {
            try String.fetchAll($0, sql: "SELECT folio FROM submission WHERE moderation = 'published'")
        }
        #expect(published.map(Folio.display) == [chosen])
    }

    @Test func aNewMechanismAboveKeepsTheSelectedOne() throws {
        for key: Key in [.home, .down, .down] { _ = app.handle(key) }
        let before = selectedLine()
        _ = try app.database.createMechanism(MechanismDraft(
            jurisdictionId: place, name: "AAA Asamblea de barrio", theme: .other), by: admin)
        app.tick()
        #expect(selectedLine() == before)
    }

    @Test func aSelectedRecordThatLeavesTheListIsNeverActedOnInItsPlace() throws {
        try recordElsewhere(5)
        for key: Key in [.character("3"), .home, .enter] { _ = app.handle(key) }
        let list = try #require(app.top as? PaneScreen)
        try #require(list.pane as? SubmissionsPane).filters = Filters(["moderation": Moderation.pending.rawValue])
        try list.reload(app: app)
        for _ in 0..<2 { _ = app.handle(.down) }
        let gone = folio(selectedLine())
        let goneId = try #require(try app.database.reader.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM submission WHERE folio = ?",
                               arguments: [gone.replacingOccurrences(of: "-", with: "")])
        })
        _ = try app.database.moderateSubmission(goneId, .publish, by: admin)   // another official publishes it
        app.tick()
        let shown = folio(selectedLine())
        #expect(shown != gone)

        _ = app.handle(.character("p"))   // pressed for the record that left: refused, nothing published
        #expect(frame().line(23).hasPrefix("Error: "))
        let published = { try app.database.reader.read {
            try String.fetchAll($0, sql: "SELECT folio FROM submission WHERE moderation = 'published'")
        }.map(Folio.display) }
        #expect(try published() == [gone])

        _ = app.handle(.character("p"))   // pressed again, for the record now on screen
        #expect(try Set(published()) == [gone, shown])
    }
}
