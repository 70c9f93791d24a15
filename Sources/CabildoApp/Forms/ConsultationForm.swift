import CabildoCore
import CabildoText

/// A consultation: where, what about, when it is open, its questions, and
/// the commitments it informs. The jurisdiction is chosen by id.
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
            FieldSpec("maxChoices", Message("Most a citizen may pick"), .line(maxLength: 3),
                      help: Message("Multiple choice only; empty: all the options.")),
            FieldSpec("optional", Message("May be left unanswered"), .flag),
        ]
    }

    /// The group's values for questions already stored (to edit them).
    public static func questionValues(_ stored: [ConsultationQuestion]) -> FormValues {
        var values = FormValues()
        for (index, question) in stored.enumerated() {
            func key(_ field: FieldKey) -> FieldKey { questions.item(index + 1, field) }
            values[key(Fields.question.key)] = question.prompt
            values[key("kind")] = question.kind.rawValue
            values[key("choices")] = question.choiceList.joined(separator: "\n")
            values[key("maxChoices")] = question.kind == .multiple ? question.maxChoices.map(String.init) : nil
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
            if let typed = v.text(key("maxChoices"))?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
                guard let most = Int(typed) else {
                    throw CabildoError(.validation, Message("Write the most options a citizen may pick as a number."),
                                       field: key("maxChoices"))
                }
                draft.maxChoices = most
            }
            drafts.append(draft)
        }
        return drafts
    }

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
            FieldSpec(questions, Message("Questions"), .group(item: Message("Question"), fields: questionFields(session)),
                      required: true),
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
                questions: try questionDrafts(v),
                commitmentIds: commitments.filter { v.flag(linked($0)) }.map { $0.id! }), by: session.actor)
            return Message("Consultation '{title}' created.", ["title": .text(created.title)])
        }
    }
}
