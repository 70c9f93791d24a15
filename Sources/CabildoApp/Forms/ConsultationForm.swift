import CabildoCore
import CabildoText

/// A consultation: where, what about, when it is open, its questions, and
/// the commitments it informs. The jurisdiction is chosen by id. The same
/// declaration creates one and edits one.
@MainActor
public enum ConsultationForm {
    /// Core names a question's errors `questions.N.prompt`.
    static let questions: FieldKey = "questions"

    /// A new consultation, or (`editing`) one already there: it starts with
    /// what it holds, and once it has submissions the fields Core keeps as
    /// they were say they are locked. Core's rule is what refuses a change to them.
    public static func spec(_ session: AppSession, editing id: Int64? = nil) throws -> FormSpec {
        let places = try session.database.jurisdictionEntries(editableBy: session.actor)
        let commitments = try session.database.commitmentsWithProgress().map(\.0)
        let editing = try id.map { try session.database.consultationEditing($0) }
        let locked = editing?.hasSubmissions ?? false
        func linked(_ c: Commitment) -> FieldKey { FieldKey("commitment-\(c.id!)") }
        /// A field that cannot change once the consultation has submissions.
        func lockable(_ label: Message) -> Message {
            locked ? Message("{label} (locked)", ["label": .message(label)]) : label
        }
        let lockedHelp = locked ? Message("Locked: submissions were given to this consultation as it is.") : nil
        var fields = [
            FieldSpec(Fields.jurisdiction.key, lockable(Message("Jurisdiction")), .choice(Wording.options(places)),
                      required: true, help: lockedHelp),
            FieldSpec(Fields.title),
            FieldSpec(Fields.theme.key, lockable(Message("Theme")), .choice(Wording.options(Theme.self, session)),
                      help: lockedHelp),
            FieldSpec("opensOn", lockable(Message("Opens on")), .day, required: true, help: lockedHelp),
            FieldSpec("closesOn", Message("Closes on"), .day, required: true,
                      help: locked ? Message("Later, or today to close it now.") : nil),
            FieldSpec(questions, lockable(Message("Questions")), .group(item: Message("Question"), fields: [
                FieldSpec(Fields.question.key, Fields.question.label, .line(maxLength: Fields.question.policy.maxLength),
                          required: true),
            ]), required: true, help: lockedHelp),
        ]
        if editing != nil { fields.insert(FieldSpec(Fields.description, lines: 4), at: 2) }
        fields += commitments.map { c in
            FieldSpec(linked(c), Message("Linked to {commitment}", ["commitment": .text(Wording.numbered(c))]), .flag)
        }
        var values = FormValues()
        if let draft = editing?.draft {
            values[Fields.jurisdiction.key] = String(draft.jurisdictionId)
            values[Fields.title.key] = draft.title
            values[Fields.description.key] = draft.description
            values[Fields.theme.key] = draft.theme.rawValue
            values["opensOn"] = draft.opensOn
            values["closesOn"] = draft.closesOn
            for (index, question) in draft.questions.enumerated() {
                values[questions.item(index + 1, Fields.question.key)] = question.prompt
            }
            for c in commitments where draft.commitmentIds.contains(c.id!) { values[linked(c)] = "true" }
        }
        return FormSpec(title: id == nil ? Message("New consultation") : Message("Edit consultation"), fields: fields,
                        values: values) { v, session in
            guard let jurisdictionId = v.recordId(Fields.jurisdiction.key) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: Fields.jurisdiction.key)
            }
            // A question left as it was keeps what this form does not show of it (its kind, its options).
            let kept = editing?.draft.questions ?? []
            let drafts = v.items(questions, Fields.question.key).enumerated().map { index, prompt in
                kept.indices.contains(index) && kept[index].prompt == prompt ? kept[index] : QuestionDraft(prompt: prompt)
            }
            let draft = ConsultationDraft(
                jurisdictionId: jurisdictionId, title: v["title"] ?? "",
                theme: v.code(Fields.theme.key, as: Theme.self) ?? .other,
                description: v.text(Fields.description.key),
                opensOn: v["opensOn"] ?? "", closesOn: v["closesOn"] ?? "", questions: drafts,
                commitmentIds: commitments.filter { v.flag(linked($0)) }.map { $0.id! })
            if let id {
                let saved = try session.database.editConsultation(id, draft, by: session.actor)
                return Message("Consultation '{title}' saved.", ["title": .text(saved.title)])
            }
            let created = try session.database.createConsultation(draft, by: session.actor)
            return Message("Consultation '{title}' created.", ["title": .text(created.title)])
        }
    }
}
