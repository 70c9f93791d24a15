import CabildoCore
import CabildoText

/// The monitoring body's assessment of a commitment on the IRM scales.
@MainActor
public enum AssessmentForm {
    public static func spec(_ commitmentId: Int64, _ session: AppSession) -> FormSpec {
        let none = Wording.option(nil, session.text(Message("(not assessed yet)")))
        return FormSpec(title: Message("Assessment on the IRM scales"), fields: [
            FieldSpec("verifiable", Message("Verifiable"), .flag),
            FieldSpec("potential", Message("Potential for results"),
                      .choice(Wording.options(PotentialForResults.self, session))),
            FieldSpec("completion", Message("Completion"), .choice([none] + Wording.options(Completion.self, session))),
            FieldSpec("opened", Message("Did it open government?"),
                      .choice([none] + Wording.options(OpenedGovernment.self, session))),
            FieldSpec(Fields.rationale, lines: 4),
        ]) { v, session in
            _ = try session.database.recordAssessment(commitmentId: commitmentId, AssessmentDraft(
                verifiable: v.flag("verifiable"),
                potentialForResults: v.code("potential", as: PotentialForResults.self) ?? .unclear,
                completion: v.code("completion", as: Completion.self),
                openedGovernment: v.code("opened", as: OpenedGovernment.self),
                rationale: v["rationale"] ?? ""), by: session.actor)
            return Message("Assessment recorded.")
        }
    }
}
