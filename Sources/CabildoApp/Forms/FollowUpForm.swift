import CabildoCore
import CabildoText

/// A follow-up note on an agreement and its new status.
@MainActor
public enum FollowUpForm {
    public static func spec(_ agreementId: Int64, _ session: AppSession) -> FormSpec {
        FormSpec(title: Message("Follow up an agreement"), fields: [
            FieldSpec("status", Message("Status"), .choice(Wording.options(AgreementStatus.self, session))),
            FieldSpec(Fields.followUpNote, lines: 3),
        ], values: FormValues(["status": AgreementStatus.inProgress.rawValue])) { v, session in
            _ = try session.database.followUpAgreement(agreementId,
                                                       status: v.code("status", as: AgreementStatus.self) ?? .inProgress,
                                                       note: v["note"] ?? "", by: session.actor)
            return Message("Follow-up recorded.")
        }
    }
}
