import CabildoCore
import CabildoText

/// A consultation: where, what about, when it is open, its questions, and
/// the commitments it informs. The jurisdiction is chosen by id. The same
/// declaration creates one and edits one.
@MainActor
public enum ConsultationForm {
    /// Core names a question's errors `questions.N.prompt` (`.kind`, `.choices`, `.maxChoices`).
    static let questions: FieldKey = QuestionDraft.group

    /// A question's fields: its text, its type, its options one per line,
    /// the most a citizen may pick (multiple choice) and whether it may be left empty.
    static func questionFields(_ session: AppSession) -> [FieldSpec] {
        [
            FieldSpec(Fields.question.key, Fields.question.label, .line(maxLength: Fields.question.policy.maxLength),
                      required: true),
            FieldSpec("kind", Message("Type"), .choice(Wording.options(QuestionKind.self, session))),
            FieldSpec("choices", Message("Options, one per line"), .paragraphs(maxLength: 5_000, lines: 4),
                      help: Message("For one choice, multiple choice and ranking.")),
            FieldSpec(Fields.maxChoices.key, Fields.maxChoices.label,
                      .line(maxLength: Fields.maxChoices.policy.maxLength),
                      help: Message("Multiple choice only; empty: all the options.")),
            FieldSpec("optional", Message("May be left unanswered"), .flag),
        ]
    }

    /// The group's values for questions already there (to edit them).
    public static func questionValues(_ stored: [QuestionDraft]) -> FormValues {
        var values = FormValues()
        for (index, question) in stored.enumerated() {
            func key(_ field: FieldKey) -> FieldKey { questions.item(index + 1, field) }
            values[key(Fields.question.key)] = question.prompt
            values[key("kind")] = question.kind.rawValue
            values[key("choices")] = question.choices.joined(separator: "\n")
            values[key(Fields.maxChoices.key)] = question.kind == .multiple ? question.maxChoices.map(String.init) : nil
            values[key("optional")] = question.required ? "false" : "true"
        }
        return values
    }

    /// The questions the group's values declare, as Core takes them.
    static func questionDrafts(_ v: FormValues) throws -> [QuestionDraft] {
        var drafts: [QuestionDraft] = []
        for n in 0..<v.itemCount(questions) {
            func key(_ field: FieldKey) -> FieldKey { questions.item(n + 1, field) }
            var draft = QuestionDraft(prompt: v[key(Fields.question.key)] ?? "",
                                      kind: v.code(key("kind"), as: QuestionKind.self) ?? .text,
                                      required: !v.flag(key("optional")),
                                      choices: (v[key("choices")] ?? "").split(whereSeparator: \.isNewline).map(String.init))
            // The rule keyed as this question's field, so its error lands beside it.
            let most = FieldRule(key(Fields.maxChoices.key), Fields.maxChoices.label, Fields.maxChoices.policy)
            draft.maxChoices = try Fields.wholeNumber(v[most.key], most, atLeast: 1)
            drafts.append(draft)
        }
        return drafts
    }

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
            FieldSpec(questions, lockable(Message("Questions")), .group(item: Message("Question"),
                                                                        fields: questionFields(session)),
                      required: true, help: lockedHelp),
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
            values.values.merge(questionValues(draft.questions).values) { $1 }
            for c in commitments where draft.commitmentIds.contains(c.id!) { values[linked(c)] = "true" }
        }
        return FormSpec(title: id == nil ? Message("New consultation") : Message("Edit consultation"), fields: fields,
                        values: values) { v, session in
            guard let jurisdictionId = v.recordId(Fields.jurisdiction.key) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: Fields.jurisdiction.key)
            }
            // A question keeps what this form does not show of it (an answer's limit) while its type stays.
            let kept = editing?.draft.questions ?? []
            let drafts = try questionDrafts(v).enumerated().map { index, draft in
                guard kept.indices.contains(index), kept[index].kind == draft.kind else { return draft }
                var same = draft
                same.maxLength = kept[index].maxLength
                return same
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
