import CabildoCore
import CabildoText

/// A meeting of a co-creation space and the organisations that took part
/// (one box each): the figures above the commitments count them.
@MainActor
public enum CoCreationForm {
    public static func spec(_ spaces: [CoCreationSpace], _ session: AppSession) throws -> FormSpec {
        let organisations = try session.database.organisations()
        func took(_ o: Organisation) -> FieldKey { FieldKey("org-\(o.id!)") }
        return FormSpec(title: Message("Record a co-creation meeting"), fields: [
            FieldSpec("space", Message("Co-creation space"), .choice(spaces.map { Wording.option($0.id, $0.name) }),
                      required: true),
            FieldSpec.day(Fields.sessionDate), FieldSpec(Fields.place),
            FieldSpec("public", Message("Open to the public"), .flag),
            FieldSpec(Fields.attendees),
        ] + organisations.map { o in
            FieldSpec(took(o), Message("{name} took part", ["name": .text(Wording.named(o))]), .flag)
        }, values: FormValues(["public": "true"])) { v, session in
            guard let space = spaces.first(where: { $0.id == v.recordId("space") }) else {
                throw CabildoError(.validation, Message("Choose a co-creation space."), field: "space")
            }
            _ = try session.database.recordCoCreationMeeting(
                spaceId: space.id!, date: v["date"] ?? "", place: v["place"], isPublic: v.flag("public"),
                attendees: try Fields.wholeNumber(v["attendees"], Fields.attendees),
                organisationIds: organisations.filter { v.flag(took($0)) }.map { $0.id! }, by: session.actor)
            return Message("Meeting of '{space}' recorded.", ["space": .text(space.name)])
        }
    }
}
