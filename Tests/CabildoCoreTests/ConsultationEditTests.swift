import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Editing a consultation: anything until its first submission; after it, only
/// what does not change the meaning of the answers already taken.
@Suite struct ConsultationEditTests {
    /// The consultation's current state as a draft, to change one thing at a time.
    static func draft(_ world: World, _ consultation: Consultation) throws -> ConsultationDraft {
        let questions = try world.db.questions(of: consultation.id!).map { q in
            QuestionDraft(prompt: q.prompt, kind: q.kind, required: q.required, maxLength: q.maxLength,
                          choices: q.choiceList)
        }
        return ConsultationDraft(jurisdictionId: consultation.jurisdictionId, title: consultation.title,
                                 theme: consultation.theme, description: consultation.description,
                                 opensOn: consultation.opensOn, closesOn: consultation.closesOn, questions: questions,
                                 commitmentIds: try world.db.commitments(linkedTo: consultation.id!).map { $0.id! })
    }

    static func actions(_ world: World) throws -> [String] {
        try world.db.reader.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry ORDER BY id") }
    }

    @Test func beforeTheFirstSubmissionEverythingChanges() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        var draft = try Self.draft(world, consultation)
        draft.theme = .publicWorks
        draft.opensOn = "2026-03-05"
        draft.jurisdictionId = try world.jurisdictionId("15")
        draft.questions = [QuestionDraft(prompt: "¿Qué obra hace falta?"),
                           QuestionDraft(prompt: "¿Dónde?", kind: .choice, choices: ["Centro", "Norte", "Sur"])]
        let edited = try world.db.editConsultation(consultation.id!, draft, by: world.stateEditor)
        #expect(edited.theme == .publicWorks && edited.opensOn == "2026-03-05")
        let questions = try world.db.questions(of: consultation.id!)
        #expect(questions.map(\.prompt) == ["¿Qué obra hace falta?", "¿Dónde?"])
        #expect(questions[1].choiceList == ["Centro", "Norte", "Sur"])
        #expect(try Self.actions(world).suffix(2) == ["consultation.edit", "consultation.questions"])
        #expect(try world.db.check().isHealthy)
    }

    @Test func afterTheFirstSubmissionTheQuestionsAndWhatFramedThemStay() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        _ = try world.submit("Más rutas", consultation: consultation, questions: questions)
        let original = try Self.draft(world, consultation)
        func refusal(by actor: Actor? = nil, _ change: (inout ConsultationDraft) -> Void) -> CabildoError? {
            var draft = original
            change(&draft)
            return cabildoError {
                try world.db.editConsultation(consultation.id!, draft, by: actor ?? world.tlalnepantlaEditor)
            }
        }
        #expect(refusal { $0.questions[0].prompt = "¿Otra pregunta?" }?.field == "questions")
        #expect(refusal { $0.questions[1].choices.append("Bicicleta") }?.field == "questions")
        #expect(refusal { $0.questions[1].required = true }?.field == "questions")
        #expect(refusal { $0.questions.append(QuestionDraft(prompt: "¿Algo más?")) }?.field == "questions")
        #expect(refusal { $0.theme = .health }?.field == "theme")
        #expect(refusal { $0.opensOn = "2026-02-20" }?.field == "opensOn")
        let state = try world.jurisdictionId("15")
        #expect(refusal(by: world.admin) { $0.jurisdictionId = state }?.field == "jurisdiction")
        // Earlier than it was, but not today: refused; so is a day already past.
        #expect(refusal { $0.closesOn = "2026-03-20" }?.field == "closesOn")
        #expect(refusal { $0.closesOn = "2026-03-01" }?.field == "closesOn")
        #expect(refusal { $0.questions[0].prompt = "x" }?.message.id.contains("Only the title") == true)
        #expect(try world.db.questions(of: consultation.id!) == questions)
        #expect(try world.db.consultation(consultation.id!) == consultation)
    }

    @Test func afterTheFirstSubmissionTitleDescriptionClosingAndCommitmentsChange() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        _ = try world.submit("Más rutas", consultation: consultation, questions: questions)
        var draft = try Self.draft(world, consultation)
        draft.title = "Movilidad en Tlalnepantla de Baz"
        draft.description = "Segunda ronda."
        draft.closesOn = "2026-04-30"
        let commitment = try world.db.commitmentsWithProgress()[0].0
        draft.commitmentIds = [commitment.id!]
        let edited = try world.db.editConsultation(consultation.id!, draft, by: world.tlalnepantlaEditor)
        #expect(edited.title == "Movilidad en Tlalnepantla de Baz" && edited.closesOn == "2026-04-30")
        #expect(try world.db.commitments(linkedTo: consultation.id!).map(\.id) == [commitment.id])
        #expect(try Self.actions(world).suffix(2) == ["consultation.edit", "consultation.link"])
        // Today, to close it now; then the kiosk no longer takes part tomorrow, but today it still does.
        draft.closesOn = "2026-03-02"
        draft.commitmentIds = []
        #expect(try world.db.editConsultation(consultation.id!, draft, by: world.tlalnepantlaEditor).closesOn
            == "2026-03-02")
        #expect(try world.db.commitments(linkedTo: consultation.id!).isEmpty)
        #expect(try world.db.check().isHealthy)
    }

    @Test func anEditorOfAnotherJurisdictionCannotEditIt() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        let other = try world.db.createAccount(username: "editor.chimal", displayName: "x", role: .editor,
                                               jurisdictionCode: "15031", password: World.password,
                                               by: .operator("tests"))
        var draft = try Self.draft(world, consultation)
        draft.title = "Otro título"
        #expect(cabildoError { try world.db.editConsultation(consultation.id!, draft, by: Actor(account: other)) }?.kind
            == .permission)
        #expect(cabildoError { try world.db.editConsultation(consultation.id!, draft, by: world.monitor) }?.kind
            == .permission)
        let nothing = try Self.actions(world).count
        _ = try world.db.editConsultation(consultation.id!, try Self.draft(world, consultation), by: world.admin)
        #expect(try Self.actions(world).count == nothing)   // no change, no entry
    }
}
