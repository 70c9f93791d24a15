import CabildoCore
import CabildoText

/// Links a submission to a commitment (or unlinks it): what the citizen
/// asked for, traced to what the plan promises.
@MainActor
public enum LinkForm {
    public static func spec(_ submissionId: Int64, _ session: AppSession) throws -> FormSpec {
        let commitments = try session.database.commitmentsWithProgress().map(\.0)
        let none = session.text(Message("— no commitment —"))
        let current = try session.database.submission(submissionId, for: session.actor).commitmentId
        return FormSpec(title: Message("Link to commitment"), fields: [
            FieldSpec("commitment", Message("Commitment"),
                      .choice([Wording.option(nil, none)] + commitments.map { Wording.option($0.id, Wording.numbered($0)) })),
        ], values: FormValues(["commitment": current.map(String.init) ?? ""])) { v, session in
            let chosen = commitments.first { $0.id == v.recordId("commitment") }
            let s = try session.database.linkSubmission(submissionId, toCommitment: chosen?.id, by: session.actor)
            return chosen.map { Message("{folio} linked to '{title}'.", ["folio": .text(Folio.display(s.folio)),
                                                                        "title": .text($0.title)]) }
                ?? Message("{folio} is linked to no commitment.", ["folio": .text(Folio.display(s.folio))])
        }
    }
}
