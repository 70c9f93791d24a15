import CabildoCore
import CabildoText

/// Creates a commitment, or edits one: the same declared fields either way.
@MainActor
public enum CommitmentForm {
    public static func spec(_ plans: [ActionPlan], _ session: AppSession, editing existing: Commitment? = nil) -> FormSpec {
        var values = FormValues()
        if let c = existing {
            values = FormValues(["plan": String(c.planId), "number": c.number.map(String.init) ?? "",
                                 "title": c.title, "problem": c.problem ?? "", "solution": c.solution ?? "",
                                 Fields.startDate.key: c.startDate ?? "", Fields.endDate.key: c.endDate ?? ""])
        }
        let title = existing == nil ? Message("New commitment") : Message("Edit commitment")
        return FormSpec(title: title, fields: [
            FieldSpec("plan", Message("Action plan"), .choice(plans.map { Wording.option($0.id, $0.title) }), required: true),
            FieldSpec(Fields.commitmentNumber),
            FieldSpec(Fields.title), FieldSpec(Fields.problem, lines: 2), FieldSpec(Fields.solution, lines: 2),
            FieldSpec.day(Fields.startDate), FieldSpec.day(Fields.endDate),
        ], values: values) { v, session in
            guard let planId = v.recordId("plan") else {
                throw CabildoError(.validation, Message("Choose an action plan."), field: "plan")
            }
            let draft = CommitmentDraft(planId: planId,
                                        number: try Fields.wholeNumber(v["number"], Fields.commitmentNumber, atLeast: 1),
                                        title: v["title"] ?? "", problem: v["problem"], solution: v["solution"],
                                        axisId: existing?.axisId, startDate: v.text(Fields.startDate.key),
                                        endDate: v.text(Fields.endDate.key))
            if let id = existing?.id {
                let saved = try session.database.updateCommitment(id, draft, by: session.actor)
                return Message("Commitment '{title}' saved.", ["title": .text(saved.title)])
            }
            let created = try session.database.createCommitment(draft, by: session.actor)
            return Message("Commitment '{title}' created.", ["title": .text(created.title)])
        }
    }
}
