import CabildoCore
import CabildoText

/// A person, or one of the organisations on record: choosing an
/// organisation leaves the person's fields unused.
@MainActor
public enum MemberForm {
    public static func spec(_ mechanismId: Int64, _ session: AppSession) throws -> FormSpec {
        let organisations = try session.database.organisations()
        let aPerson = session.text(Message("— a person (fill in the name) —"))
        return FormSpec(title: Message("New member"), fields: [
            FieldSpec("organisation", Message("Organisation"),
                      .choice([Wording.option(nil, aPerson)] + organisations.map { Wording.option($0.id, Wording.named($0)) })),
            FieldSpec(Fields.personName, required: false), FieldSpec(Fields.post),
            FieldSpec("sector", Message("Sector"), .choice(Wording.options(Sector.self, session))),
            FieldSpec.day(Fields.startDate),
            FieldSpec(Fields.contactEmail), FieldSpec(Fields.contactPhone),
        ]) { v, session in
            let identity: MemberIdentity = v.recordId("organisation").map { .organisation(id: $0) }
                ?? .person(name: v["personName"] ?? "", email: v["contactEmail"], phone: v["contactPhone"])
            let member = try session.database.addMember(
                to: mechanismId, identity, post: v["post"] ?? "", sector: v.code("sector", as: Sector.self) ?? .civilSociety,
                startDate: v.text("startDate"), by: session.actor)
            return Message("Member added as {post}.", ["post": .text(member.post)])
        }
    }
}
