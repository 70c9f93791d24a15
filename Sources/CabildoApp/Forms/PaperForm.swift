import CabildoCore
import CabildoText

/// A paper or round-table submission typed in by an official.
@MainActor
public enum PaperForm {
    public static func spec(_ consultationId: Int64, _ session: AppSession) throws -> FormSpec {
        let questions = try session.database.questions(of: consultationId)
        let places = try session.database.jurisdictionEntries(editableBy: session.actor)
        // Each answer is read back under the key its field was declared with (as Core names its errors).
        let answerFields = questions.map(\.answerField)
        // On a caravan laptop the forms collected that day are the caravan's.
        let channels: [Channel] = try session.database.laptopJornada() != nil ? [.caravan] : [.paper, .roundtable]
        let fields = [
            FieldSpec("channel", Message("Channel"),
                      .choice(channels.map { Option(id: $0.rawValue, label: session.text($0.label)) })),
            FieldSpec(Fields.requiredPlace),
            FieldSpec(Fields.jurisdiction.key, Message("Jurisdiction"), .choice(Wording.options(places)), required: true),
        ] + answerFields
        return FormSpec(title: Message("Type in a paper submission"), fields: fields) { v, session in
            var answers: [Int64: String] = [:]
            for (q, field) in zip(questions, answerFields) { answers[q.id!] = v[field.key] }
            let submission = try session.database.recordSubmission(SubmissionDraft(
                consultationId: consultationId, channel: v.code("channel", as: Channel.self) ?? .paper,
                place: v["place"] ?? "", jurisdictionId: v.recordId(Fields.jurisdiction.key) ?? 0,
                answers: answers), by: session.actor)
            return Message("Submission saved with folio {folio}.", ["folio": .text(Folio.display(submission.folio))])
        }
    }
}
