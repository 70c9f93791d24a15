import CabildoCore
import CabildoText

/// The forms of the data-rights register: a request registered, and what is
/// done under one. Each saves through Core's intent, which checks the rules
/// (administrators only, an open request of the right asked for) and audits it.
@MainActor
public enum DataRightsForms {
    static let folios: FieldKey = "folios"
    static let path: FieldKey = "path"
    static let confirm: FieldKey = "confirm"

    public static func register(_ session: AppSession) -> FormSpec {
        FormSpec(title: Message("Register a data-rights request"), fields: [
            FieldSpec(Fields.requesterName),
            FieldSpec(Fields.requesterContact),
            FieldSpec("kind", Message("Right"), .choice(Wording.options(ArcoRight.self, session))),
            FieldSpec(folios, Message("Folios (separated by spaces or commas)"), .line(maxLength: 400), required: true),
            FieldSpec.day(Fields.receivedOn),
            FieldSpec("channel", Message("Received by"), .choice(Wording.options(ArcoChannel.self, session))),
            FieldSpec(Fields.requestDetails),
        ], values: FormValues([Fields.receivedOn.key: session.database.clock.today()])) { v, session in
            let typed = (v[folios] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            let request = try session.database.addArcoRequest(ArcoRequestDraft(
                requesterName: v[Fields.requesterName.key] ?? "", requesterContact: v.text(Fields.requesterContact.key),
                kind: v.code("kind", as: ArcoRight.self) ?? .access, folios: typed,
                receivedOn: v.text(Fields.receivedOn.key), channel: v.code("channel", as: ArcoChannel.self) ?? .office,
                details: v.text(Fields.requestDetails.key)), rules: try ArcoRules.standard(), by: session.actor)
            return Message("Request {id} registered ({right}); it must be answered by {due} ({law}, {article}).",
                           ["id": .text(String(request.id!)), "right": .message(request.kind.label),
                            "due": .text(request.dueOn), "law": .text(request.law), "article": .text(request.article)])
        }
    }

    /// Access or portability: a copy of the person's data, written to a file.
    public static func copy(_ id: Int64) -> FormSpec {
        FormSpec(title: Message("Give a copy of the data"), fields: [
            FieldSpec(path, Message("File to write (a new file)"), .line(maxLength: 1_000), required: true),
        ]) { v, session in
            let file = v[path] ?? ""
            let count = try session.database.giveArcoCopy(id, to: session.database.outputFile(file), by: session.actor)
            return Message("A copy of the data of {count} submissions was written to {path}; hand it only to the person it belongs to.",
                           ["count": .text(String(count)), "path": .text(file)])
        }
    }

    public static func rectify(_ id: Int64) -> FormSpec {
        FormSpec(title: Message("Rectify contact data"), fields: [
            FieldSpec("folio", Message("Folio (when the request names several)"), .line(maxLength: 20)),
            FieldSpec(Fields.contactName.key, Message("Corrected name"), .line(maxLength: Fields.contactName.policy.maxLength)),
            FieldSpec(Fields.contactEmail.key, Message("Corrected e-mail"),
                      .line(maxLength: Fields.contactEmail.policy.maxLength)),
            FieldSpec(Fields.contactPhone.key, Message("Corrected telephone"),
                      .line(maxLength: Fields.contactPhone.policy.maxLength)),
        ]) { v, session in
            let saved = try session.database.rectifyArcoContact(id, folio: v.text("folio"), contact: ContactDetails(
                name: v.text(Fields.contactName.key), email: v.text(Fields.contactEmail.key),
                phone: v.text(Fields.contactPhone.key)), by: session.actor)
            return Message("The contact data of folio {folio} was rectified.",
                           ["folio": .text(Folio.display(saved.folio))])
        }
    }

    /// Cancellation erases for good: the form asks for it to be confirmed.
    public static func cancel(_ id: Int64) -> FormSpec {
        FormSpec(title: Message("Cancel contact data"), fields: [
            FieldSpec(confirm, Message("Erase the contact data of this request's folios"), .flag, required: true,
                      help: Message("The submissions, their answers and their public responses stay; the contact data cannot be brought back.")),
        ]) { v, session in
            guard v.flag(confirm) else {
                throw CabildoError(.validation, Message("Mark the box to confirm the erasure."), field: confirm)
            }
            let erased = try session.database.cancelArcoContact(id, by: session.actor)
            return Message("The contact data of {count} submissions was erased; the submissions and their public responses stay.",
                           ["count": .text(String(erased.count))])
        }
    }

    public static func close(_ id: Int64) -> FormSpec {
        FormSpec(title: Message("Close the request"), fields: [FieldSpec(Fields.outcome)]) { v, session in
            let closed = try session.database.closeArcoRequest(id, outcome: v.text(Fields.outcome.key), by: session.actor)
            return Message("Request {id} closed on {day}.", ["id": .text(String(id)), "day": .text(closed.closedOn ?? "")])
        }
    }
}
