import CabildoCore
import CabildoText

/// Creates a mechanism, or edits one: the same declared fields either way.
/// The jurisdiction is chosen by id, never by its name (not unique in Mexico).
@MainActor
public enum MechanismForm {
    public static func spec(_ session: AppSession, editing existing: Mechanism? = nil) throws -> FormSpec {
        let places = try session.database.jurisdictionEntries(editableBy: session.actor)
        var values = FormValues(["status": MechanismStatus.active.rawValue])
        if let m = existing {
            values = FormValues(["jurisdiction": String(m.jurisdictionId), "name": m.name,
                                 "acronym": m.acronym ?? "", "theme": m.theme.rawValue, "status": m.status.rawValue,
                                 "established": m.established ?? "", "purpose": m.purpose ?? "",
                                 "legalBasis": m.legalBasis ?? "", "budgetProgramme": m.budgetProgramme ?? "",
                                 "officialName": m.officialName ?? "", "officialPost": m.officialPost ?? "",
                                 "officialEmail": m.officialEmail ?? "", "officialPhone": m.officialPhone ?? ""])
        }
        let title = existing == nil ? Message("New participation mechanism") : Message("Edit participation mechanism")
        return FormSpec(title: title, fields: [
            FieldSpec(Fields.jurisdiction.key, Message("Jurisdiction"), .choice(Wording.options(places)), required: true),
            FieldSpec(Fields.mechanismName), FieldSpec(Fields.acronym),
            FieldSpec(Fields.theme.key, Message("Theme"), .choice(Wording.options(Theme.self, session))),
            FieldSpec("status", Message("Status"), .choice(Wording.options(MechanismStatus.self, session))),
            FieldSpec(Fields.established.key, Fields.established.label, .line(maxLength: 10)),
            FieldSpec(Fields.purpose, lines: 2), FieldSpec(Fields.legalBasis, lines: 1),
            FieldSpec(Fields.budgetProgramme), FieldSpec(Fields.officialName), FieldSpec(Fields.officialPost),
            FieldSpec(Fields.officialEmail), FieldSpec(Fields.officialPhone),
        ], values: values) { v, session in
            guard let jurisdictionId = v.recordId(Fields.jurisdiction.key) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: Fields.jurisdiction.key)
            }
            let draft = MechanismDraft(jurisdictionId: jurisdictionId, name: v["name"] ?? "", acronym: v["acronym"],
                                       theme: v.code(Fields.theme.key, as: Theme.self) ?? .other,
                                       status: v.code("status", as: MechanismStatus.self) ?? .active,
                                       established: v["established"], legalBasis: v["legalBasis"],
                                       purpose: v["purpose"], budgetProgramme: v["budgetProgramme"],
                                       officialName: v["officialName"], officialPost: v["officialPost"],
                                       officialEmail: v["officialEmail"], officialPhone: v["officialPhone"])
            if let id = existing?.id {
                let saved = try session.database.updateMechanism(id, draft, by: session.actor)
                return Message("Mechanism '{name}' saved.", ["name": .text(saved.name)])
            }
            let created = try session.database.createMechanism(draft, by: session.actor)
            return Message("Mechanism '{name}' created.", ["name": .text(created.name)])
        }
    }
}
