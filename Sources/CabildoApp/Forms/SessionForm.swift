import CabildoCore
import CabildoText
import Foundation

/// A session with its agenda, the current members present (one box each)
/// and the agreements taken: saved in one transaction.
@MainActor
public enum SessionForm {
    /// The attendance boxes are items of one group, so an error about
    /// attendance lands on them: `attendance.N.present`, N the member's place.
    static let attendance: FieldKey = "attendance"
    static let present: FieldKey = "present"
    static let agreements: FieldKey = "agreements"

    public static func spec(_ mechanismId: Int64, _ session: AppSession) throws -> FormSpec {
        let members = try session.database.members(of: mechanismId).filter(\.isCurrent)
        var fields = [
            FieldSpec.day(Fields.sessionDate),
            FieldSpec(Fields.place),
            FieldSpec("online", Message("Online"), .flag),
            FieldSpec("kind", Message("Kind"), .choice(Wording.options(SessionKind.self, session))),
            FieldSpec("public", Message("Public"), .flag),
            FieldSpec(Fields.agendaItem.key, Message("Agenda (one item a line)"), .paragraphs(maxLength: 4_000, lines: 3)),
        ]
        fields += members.enumerated().map { index, member in
            FieldSpec(attendance.item(index + 1, present), Message("{name} attended", ["name": .text(member.name)]), .flag)
        }
        // Each agreement with its own responsible and due date: Core names an
        // item's errors `agreements.N.text` and so on.
        fields.append(FieldSpec(agreements, Message("Agreements"), .group(item: Message("Agreement"), fields: [
            FieldSpec(Fields.agreementText.key, Fields.agreementText.label,
                      .line(maxLength: Fields.agreementText.policy.maxLength), required: true),
            FieldSpec(Fields.responsible), FieldSpec.day(Fields.dueDate),
        ])))
        return FormSpec(title: Message("Record a session"), fields: fields, values: FormValues(["public": "true"])) { v, session in
            let taken = (0..<v.itemCount(agreements)).map { index in
                let item = index + 1
                return (text: v[agreements.item(item, Fields.agreementText.key)] ?? "",
                        responsible: v[agreements.item(item, Fields.responsible.key)],
                        dueDate: v.text(agreements.item(item, Fields.dueDate.key)))
            }
            let attended = members.enumerated().filter { v.flag(attendance.item($0.offset + 1, present)) }
                .map(\.element.membershipId)
            _ = try session.database.recordSession(SessionDraft(
                mechanismId: mechanismId, date: v["date"] ?? "", place: v["place"], isOnline: v.flag("online"),
                kind: v.code("kind", as: SessionKind.self) ?? .ordinary, isPublic: v.flag("public"),
                agenda: Lines.split(v[Fields.agendaItem.key]), attendance: attended, agreements: taken),
                by: session.actor)
            return Message("Session recorded with {count} agreements.", ["count": .text(String(taken.count))])
        }
    }
}

/// Text typed one item a line: each line trimmed, empty lines dropped.
enum Lines {
    static func split(_ text: String?) -> [String] {
        (text ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
