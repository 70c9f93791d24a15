import CabildoCore
import CabildoText

/// A news item of a mechanism.
@MainActor
public enum NewsForm {
    public static func spec(_ mechanismId: Int64) -> FormSpec {
        FormSpec(title: Message("Publish news"), fields: [FieldSpec(Fields.title), FieldSpec(Fields.body, lines: 5)]) { v, session in
            let item = try session.database.publishNews(mechanismId: mechanismId, title: v["title"] ?? "",
                                                        body: v["body"] ?? "", by: session.actor)
            return Message("News '{title}' published.", ["title": .text(item.title)])
        }
    }
}
