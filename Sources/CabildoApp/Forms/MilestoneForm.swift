import CabildoCore
import CabildoText

/// A dated milestone of a commitment.
@MainActor
public enum MilestoneForm {
    public static func spec(_ commitmentId: Int64) -> FormSpec {
        FormSpec(title: Message("New milestone"), fields: [
            FieldSpec(Fields.milestone, lines: 2), FieldSpec.day(Fields.dueDate),
        ]) { v, session in
            _ = try session.database.addMilestone(to: commitmentId, description: v["milestone"] ?? "",
                                                  dueDate: v.text(Fields.dueDate.key), by: session.actor)
            return Message("Milestone added.")
        }
    }
}
