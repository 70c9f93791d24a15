import CabildoCore
import CabildoText

/// The reasoned public response the citizen reads with the folio.
@MainActor
public enum RespondForm {
    public static func spec(_ submissionId: Int64) -> FormSpec {
        FormSpec(title: Message("Public response"), fields: [FieldSpec(Fields.response, lines: 6)]) { v, session in
            _ = try session.database.respondToSubmission(submissionId, body: v["response"] ?? "", by: session.actor)
            return Message("Response saved; the citizen sees it with the folio.")
        }
    }
}
