import CabildoCore
import CabildoText

/// Rejecting a submission, giving the reason that is kept.
@MainActor
public enum RejectForm {
    public static func spec(_ submissionId: Int64) -> FormSpec {
        FormSpec(title: Message("Reject a submission"), fields: [FieldSpec(Fields.rejectionReason)]) { v, session in
            _ = try session.database.moderateSubmission(submissionId, .reject(reason: v["reason"] ?? ""),
                                                        by: session.actor)
            return Message("Submission rejected; the reason is kept.")
        }
    }
}
