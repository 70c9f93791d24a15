import CabildoCore
import CabildoText

/// Answering a citizen's message to a mechanism, or closing it with the
/// reason: the citizen reads either by folio, and an answer is sent as a
/// notice when they left contact data with consent (Core queues it).
@MainActor
public enum MessageReplyForm {
    public static func answer(_ requestId: Int64) -> FormSpec {
        FormSpec(title: Message("Answer the citizen"), fields: [FieldSpec(Fields.contactAnswer, lines: 6)]) { v, session in
            let saved = try session.database.answerContactRequest(requestId, answer: v[Fields.contactAnswer.key] ?? "",
                                                                  by: session.actor)
            return Message("Answer saved; the citizen reads it with the folio {folio}.",
                           ["folio": .text(saved.folio.map(Folio.display) ?? "")])
        }
    }

    public static func close(_ requestId: Int64) -> FormSpec {
        FormSpec(title: Message("Close the message"), fields: [FieldSpec(Fields.closingReason)]) { v, session in
            let saved = try session.database.closeContactRequest(requestId, reason: v[Fields.closingReason.key] ?? "",
                                                                 by: session.actor)
            return Message("Message closed; the citizen reads the reason with the folio {folio}.",
                           ["folio": .text(saved.folio.map(Folio.display) ?? "")])
        }
    }
}
