import CabildoCore
import CabildoText

/// A consultation: where, what about, when it is open, its questions, and
/// the commitments it informs. The jurisdiction is chosen by id.
@MainActor
public enum ConsultationForm {
    /// Core names a question's errors `questions.N.prompt`.
    static let questions: FieldKey = "questions"

    public static func spec(_ session: AppSession) throws -> FormSpec {
        let places = try session.database.jurisdictionEntries(editableBy: session.actor)
        let commitments = try session.database.commitmentsWithProgress().map(\.0)
        func linked(_ c: Commitment) -> FieldKey { FieldKey("commitment-\(c.id!)") }
        return FormSpec(title: Message("New consultation"), fields: [
            FieldSpec(Fields.jurisdiction.key, Message("Jurisdiction"), .choice(Wording.options(places)), required: true),
            FieldSpec(Fields.title),
            FieldSpec(Fields.theme.key, Message("Theme"), .choice(Wording.options(Theme.self, session))),
            FieldSpec("opensOn", Message("Opens on"), .day, required: true),
            FieldSpec("closesOn", Message("Closes on"), .day, required: true),
            FieldSpec(questions, Message("Questions"), .group(item: Message("Question"), fields: [
                FieldSpec(Fields.question.key, Fields.question.label, .line(maxLength: Fields.question.policy.maxLength),
                          required: true),
            ]), required: true),
        ] + commitments.map { c in
            FieldSpec(linked(c), Message("Linked to {commitment}", ["commitment": .text(Wording.numbered(c))]), .flag)
        }) { v, session in
            guard let jurisdictionId = v.recordId(Fields.jurisdiction.key) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: Fields.jurisdiction.key)
            }
            let created = try session.database.createConsultation(ConsultationDraft(
                jurisdictionId: jurisdictionId, title: v["title"] ?? "",
                theme: v.code(Fields.theme.key, as: Theme.self) ?? .other,
                opensOn: v["opensOn"] ?? "", closesOn: v["closesOn"] ?? "",
                questions: v.items(questions, Fields.question.key).map { QuestionDraft(prompt: $0) },
                commitmentIds: commitments.filter { v.flag(linked($0)) }.map { $0.id! }), by: session.actor)
            return Message("Consultation '{title}' created.", ["title": .text(created.title)])
        }
    }
}
