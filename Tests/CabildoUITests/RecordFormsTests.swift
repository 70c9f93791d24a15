import CabildoApp
import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing
import TerminalKit
@testable import CabildoUI

/// The forms for a mechanism's members, sessions, activities and news, a
/// milestone reopened and a submission linked to a commitment, driven by
/// keys as an official types them.
@MainActor @Suite struct RecordFormsTests {
    let app: OfficialsApp

    init() throws { app = try OfficialsAppTests().signedInApp() }

    func keys(_ keys: Key...) { for key in keys { _ = app.handle(key) } }
    func type(_ text: String) { for c in text { _ = app.handle(.character(c)) } }
    func screen() -> Screen { OfficialsAppTests().frame(app) }
    /// Tab until the field under the cursor says `label`.
    func tab(to label: String) {
        for _ in 0..<20 {
            let s = screen()
            if s.line(s.cursor.row).contains(label) { return }
            _ = app.handle(.tab)
        }
        Issue.record("no field \(label)")
    }
    var rows: [PaneRow] { (app.top as? PaneScreen)?.rows ?? [] }

    @Test func anOrganisationAndAPersonJoinAndTheSessionRecordsWhoWasPresent() throws {
        keys(.home, .enter)                                    // Cabildo Abierto
        let mechanism = try #require(try app.database.mechanisms(matching: "Cabildo Abierto").first)
        let organisation = try #require(try app.database.organisations().first)
        keys(.character("m"), .right)                          // the first organisation
        tab(to: Fields.post.label.description)
        type("Integrante")
        keys(.control("s"))
        keys(.character("m"))
        tab(to: Fields.personName.label.description)
        type("Rosa Pérez")
        tab(to: Fields.post.label.description)
        type("Vocal")
        keys(.control("s"))
        let members = try app.database.members(of: mechanism.id!)
        #expect(Set(members.map(\.name)) == [organisation.name, "Rosa Pérez"])

        keys(.character("s"))
        type("2026-03-05")
        keys(.tab)
        type("Sala de Cabildo")
        tab(to: "Rosa Pérez")
        keys(.character(" "))
        keys(.control("s"))
        let session = try #require(try app.database.sessionSummaries(of: mechanism.id!).first)
        #expect(session.attendance == 1)
        let attendance = Message("attendance: {count}", ["count": .text("1")]).description
        #expect(rows.contains { $0.kind == .session && $0.text.contains(attendance) })

        keys(.character("a"))
        type("2026-03-06")
        keys(.tab)
        type("Recorrido por el barrio")
        keys(.control("s"))
        keys(.character("p"))
        type("Convocatoria abierta")
        keys(.tab)
        type("La próxima sesión es pública.")
        keys(.control("s"))
        #expect(try app.database.activities(of: mechanism.id!).map(\.title) == ["Recorrido por el barrio"])
        #expect(try app.database.news(of: mechanism.id!).map(\.title) == ["Convocatoria abierta"])
        #expect(rows.contains { $0.kind == .activity && $0.text.contains("2026-03-06: Recorrido por el barrio") })
        #expect(rows.contains { $0.kind == .news && $0.text.contains("Convocatoria abierta — La próxima sesión es pública.") })
    }

    @Test func aPersonWithoutANameIsRefusedBesideTheField() throws {
        keys(.home, .enter, .character("m"))
        tab(to: Fields.post.label.description)
        type("Vocal")
        keys(.control("s"))
        let s = screen()
        #expect(app.top is FormScreen)                          // still open, nothing lost
        #expect(s.text.contains("Vocal"))
        #expect(s.line(s.cursor.row).contains(Fields.personName.label.description))
    }

    @Test func aMilestoneCompletedByMistakeIsReopened() throws {
        keys(.character("2"), .home, .enter, .character("n"))
        type("Diagnóstico participativo")
        keys(.control("s"), .home, .character("c"))
        let commitment = try #require(try app.database.commitmentsWithProgress().first?.0)
        #expect(try app.database.progress(of: commitment.id!).percent == 100)
        keys(.character("o"))
        #expect(try app.database.progress(of: commitment.id!).percent == 0)
        #expect(try app.database.milestones(of: commitment.id!).allSatisfy { $0.completedOn == nil })
        #expect(screen().text.contains("[----------] 0 percent"))
    }

    @Test func aSubmissionIsLinkedToACommitmentAndUnlinked() throws {
        let admin = Actor(account: try app.database.authenticate(username: "ana", password: "clave-de-ana-1"))
        let place = try #require(try app.database.jurisdiction(inegiCode: "15104")).id!
        let consultation = try app.database.createConsultation(ConsultationDraft(
            jurisdictionId: place, title: "Movilidad", theme: .mobility, opensOn: "2026-01-01", closesOn: "2026-12-31",
            questions: [QuestionDraft(prompt: "¿Qué cambiaría?")]), by: admin)
        let question = try app.database.questions(of: consultation.id!)[0]
        let submission = try app.database.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: place,
            answers: [question.id!: "Más rutas"]), by: admin)
        let commitment = try #require(try app.database.commitmentsWithProgress().first?.0)
        keys(.character("3"), .home, .enter, .home, .enter)   // the consultation, then the submission
        keys(.character("l"), .right, .control("s"))
        #expect(try app.database.submission(submission.id!, for: admin).commitmentId == commitment.id)
        let header = (app.top as? PaneScreen)?.header ?? []
        #expect(header.contains(Message("Commitment").description + ": " + commitment.title))
        keys(.character("l"), .home, .control("s"))
        #expect(try app.database.submission(submission.id!, for: admin).commitmentId == nil)
    }
}

extension RecordFormsTests {
    @Test func aCoCreationMeetingIsCountedInThePlansFigures() throws {
        keys(.character("2"), .character("k"))
        #expect(app.top is FormScreen)
        keys(.right)                                           // the second space
        keys(.tab)
        type("2021-10-05")
        tab(to: Message("People present").description)
        type("35")
        let organisations = try app.database.organisations()
        for organisation in organisations.prefix(2) {
            tab(to: String(organisation.name.prefix(15)))
            keys(.character(" "))
        }
        keys(.control("s"))
        let plan = try #require(try app.database.actionPlans().first).id!
        let figures = try app.database.coCreationFigures(planId: plan)
        #expect(figures.meetings == 1 && figures.publicMeetings == 1 && figures.groups == 2 && figures.attendees == 35)
        // The header shows those counts, wrapped: compare the words.
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let header = words((app.top as? PaneScreen)?.header.joined(separator: " ") ?? "")
        let expected = Message("Co-creation — spaces: {spaces}; meetings: {meetings}, public-facing: {public}; groups that took part: {groups}; people counted: {people}",
                               ["spaces": .text("3"), "meetings": .text("1"), "public": .text("1"), "groups": .text("2"),
                                "people": .text("35")]).description
        #expect(header.contains(words(expected)))
    }
}

extension RecordFormsTests {
    /// Editing uses the same form as creating, filled in; Core keeps a
    /// commitment's number unique in its plan, shown beside the field.
    @Test func aCommitmentIsEditedInTheSameFormAndItsNumberStaysUnique() throws {
        let admin = Actor(account: try app.database.authenticate(username: "ana", password: "clave-de-ana-1"))
        let plan = try #require(try app.database.actionPlans().first).id!
        let other = try app.database.createCommitment(CommitmentDraft(planId: plan, number: 7, title: "Datos abiertos"),
                                                      by: admin)
        keys(.character("2"), .home)
        let index = try #require(rows.firstIndex { $0.id != other.id })
        for _ in 0..<index { keys(.down) }
        let commitment = try app.database.commitment(rows[index].id!)
        keys(.enter, .character("e"))
        #expect(screen().text.contains(commitment.title))     // the form comes filled in
        tab(to: Message("Number").description)
        keys(.control("u"))
        type("7")
        keys(.control("s"))
        #expect(app.top is FormScreen)                          // refused, nothing lost
        let s = screen()
        #expect(s.line(s.cursor.row).hasPrefix("Error: "))     // announced, where a screen reader reads it
        #expect((app.top as? FormScreen)?.form.focusedKey == "number")   // and the next key edits the number
        keys(.control("u"))
        type("2")
        tab(to: Fields.title.label.description)
        keys(.end)
        type(" en todo el Estado")
        keys(.control("s"))
        let saved = try app.database.commitment(commitment.id!)
        #expect(saved.number == 2 && saved.title == commitment.title + " en todo el Estado")
        #expect(saved.problem == commitment.problem && saved.planId == commitment.planId)
    }
}

extension RecordFormsTests {
    /// A consultation is linked to the commitments it informs when it is
    /// created (one box each), and its submissions list names them.
    @Test func aConsultationIsLinkedToTheCommitmentsItInforms() throws {
        let commitment = try #require(try app.database.commitmentsWithProgress().first?.0)
        keys(.character("3"), .character("n"))
        tab(to: Fields.title.label.description)
        type("Movilidad en Tlalnepantla")
        tab(to: Message("Opens on").description)
        type("2026-01-01")
        keys(.tab)
        type("2026-12-31")
        keys(.tab, .enter)   // a question is an item of its own
        type("¿Qué cambiaría?")
        tab(to: commitment.title)
        keys(.character(" "))
        keys(.control("s"))
        let consultation = try #require(try app.database.consultations().first { $0.title == "Movilidad en Tlalnepantla" })
        #expect(try app.database.commitments(linkedTo: consultation.id!).map(\.id) == [commitment.id])
        let index = try #require(rows.firstIndex { $0.id == consultation.id })
        keys(.home)
        for _ in 0..<index { keys(.down) }
        keys(.enter)
        let header = (app.top as? PaneScreen)?.header.joined(separator: " ") ?? ""
        #expect(header.contains(Message("Commitments").description + ": ") && header.contains(commitment.title))
    }
}

extension RecordFormsTests {
    /// "Benito Juárez" names municipalities of several states: a form picks
    /// one by id, typed to narrow and shown with its state, and an edit keeps it.
    @Test func aMechanismOfTheSecondBenitoJuarezStaysThereWhenEdited() throws {
        let quintanaRoo = try #require(try app.database.jurisdiction(inegiCode: "23005")).id!
        keys(.character("1"), .home, .character("n"))
        type("benito juarez quintana")
        #expect(screen().text.contains("< Benito Juárez (Quintana Roo) >"))
        tab(to: Message("Name").description)
        type("Consejo de Participación Ciudadana")
        keys(.control("s"))
        let created = try #require(try app.database.mechanisms(limit: 10_000).first { $0.name == "Consejo de Participación Ciudadana" })
        #expect(created.jurisdictionId == quintanaRoo)
        // Edited without touching the jurisdiction: it stays in Quintana Roo.
        keys(.character("/"))
        type("Consejo de Participación")
        keys(.enter, .enter, .character("e"))
        tab(to: Message("Acronym").description)
        type("CPC")
        keys(.control("s"))
        let edited = try app.database.mechanism(created.id!)
        #expect(edited.acronym == "CPC" && edited.jurisdictionId == quintanaRoo)

        // A consultation there too, from the same kind of choice.
        keys(.escape, .escape, .character("3"), .character("n"))
        type("benito quintana")
        tab(to: Message("Title").description)
        type("Playas limpias")
        tab(to: Message("Opens on").description)
        type("2026-01-01")
        tab(to: Message("Closes on").description)
        type("2026-12-31")
        keys(.tab, .enter)   // a question is an item of its own
        type("¿Qué playa?")
        keys(.control("s"))
        let consultation = try #require(try app.database.consultations().first { $0.title == "Playas limpias" })
        #expect(consultation.jurisdictionId == quintanaRoo)
    }
}

extension RecordFormsTests {
    static func cursorLine(_ screen: Screen) -> String { screen.line(screen.cursor.row) }

    /// The error beside a field, read from its first line on: its lines sit in the
    /// same column on the rows under it, until the next field's label.
    func error(beside label: String, in screen: Screen) -> String? {
        guard let row = (0..<screen.height).first(where: { screen.line($0).contains(label + ":") }),
              let start = screen.line(row).range(of: "Error: ") else { return nil }
        let column = screen.line(row).distance(from: screen.line(row).startIndex, to: start.lowerBound)
        var lines = [String(screen.line(row)[start.lowerBound...])]
        for next in (row + 1)..<screen.height {
            let line = screen.line(next)
            guard line.count > column, line.prefix(column).allSatisfy({ $0 == " " }),
                  line.dropFirst(column).first != " " else { break }
            lines.append(String(line.dropFirst(column)))
        }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// A new consultation saved at 80x24 with a day that is no day and a day left
    /// empty: each error reads whole beside its field, and the date's format hint
    /// shows whole or not at all, never cut to "A…" (Spanish) or "Y…" (English).
    @Test func aDateFieldsHintAndErrorAreNeverCut() throws {
        let saved = Localizer.current
        defer { Localizer.current = saved }
        for language in ["es", "en"] {
            let localizer = try Localizer.load(language: language, localesDirectory: Resources.locales)
            Localizer.current = localizer
            let app = try OfficialsAppTests().signedInApp()
            func keys(_ keys: Key...) { for key in keys { _ = app.handle(key) } }
            func type(_ text: String) { for c in text { _ = app.handle(.character(c)) } }
            keys(.character("3"), .character("n"))
            let title = localizer.render(Fields.title.label), opens = localizer.render(Message("Opens on"))
            let closes = localizer.render(Message("Closes on"))
            for _ in 0..<20 where !Self.cursorLine(OfficialsAppTests().frame(app)).contains(title) { keys(.tab) }
            type("Movilidad")
            for _ in 0..<20 where !Self.cursorLine(OfficialsAppTests().frame(app)).contains(opens) { keys(.tab) }
            type("2026-13-01")                  // no such month; "Closes on" stays empty
            keys(.control("s"), .tab, .backTab)
            let screen = OfficialsAppTests().frame(app)
            #expect(!screen.text.contains("…"), "\(screen.text)")
            let badDay = localizer.render(Message("Error: {message}", ["message": .text(
                localizer.render(Message("write the date as YYYY-MM-DD, for example 2021-10-15")))]))
            #expect(error(beside: opens, in: screen) == badDay, "\(screen.text)")
            let empty = localizer.render(Message("Error: {message}", ["message": .text(
                localizer.render(Message("{field} is required", ["field": .text(closes)])))]))
            #expect(error(beside: closes, in: screen) == empty, "\(screen.text)")
            // The first error is read with its field: it starts on the line under the cursor.
            #expect(Self.cursorLine(screen).contains(opens) && Self.cursorLine(screen).contains("Error: "))
        }
    }
}
