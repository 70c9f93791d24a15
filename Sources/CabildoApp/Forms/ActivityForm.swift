import CabildoCore
import CabildoText

/// An activity of a mechanism: a date, a title, a description.
@MainActor
public enum ActivityForm {
    public static func spec(_ mechanismId: Int64) -> FormSpec {
        FormSpec(title: Message("Add activity"), fields: [
            FieldSpec.day(Fields.sessionDate), FieldSpec(Fields.title), FieldSpec(Fields.description, lines: 3),
        ]) { v, session in
            let activity = try session.database.addActivity(mechanismId: mechanismId, date: v["date"] ?? "",
                                                            title: v["title"] ?? "", description: v["description"],
                                                            by: session.actor)
            return Message("Activity '{title}' recorded.", ["title": .text(activity.title)])
        }
    }
}
