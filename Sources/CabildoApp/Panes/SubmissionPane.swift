import CabildoCore
import CabildoText

/// One submission in full: every answer under its question, the response,
/// and contact data only for those allowed to see it (Core decides).
@MainActor
public final class SubmissionPane: Pane {
    public let context = Context.submission
    public let id: Int64
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows?
    private var mayModerate = false

    public init(_ id: Int64) {
        self.id = id
        shows = Shows(tables: ["consultation", "consultationQuestion", "commitment"], submission: id)
    }

    public func load(_ session: AppSession) throws {
        let database = session.database
        let s = try database.submission(id, for: session.actor)
        let consultation = try database.consultation(s.consultationId)
        let prompts = Dictionary(uniqueKeysWithValues: try database.questions(of: s.consultationId).map { ($0.id!, $0) })
        title = Folio.display(s.folio) + " — " + consultation.title
        header = [Wording.moment(s.receivedAt, session) + " — " + Wording.label(s.channel, session)
            + ", " + s.place + " — " + Wording.label(s.moderation, session)]
        if let reason = s.rejectionReason { header.append(Wording.labelled(Message("Reason for rejecting"), reason, session)) }
        if let linked = s.commitmentId {
            header.append(Wording.labelled(Message("Commitment"), Wording.numbered(try database.commitment(linked)),
                                           session))
        }
        let contact = [s.contactName, s.contactEmail, s.contactPhone].compactMap { $0 }.joined(separator: ", ")
        if !contact.isEmpty { header.append(Wording.labelled(Message("Contact"), contact, session)) }
        // Every row stands for the submission: moderation acts on it whichever row is selected.
        var rows: [PaneRow] = []
        for answer in try database.answers(of: id) {
            let prompt = prompts[answer.questionId].map { "\($0.position). \($0.prompt)" } ?? ""
            rows.append(PaneRow(text: prompt, id: id, kind: .text))
            // A multiple choice's options, a ranking numbered, as people read them.
            let text = prompts[answer.questionId]?.displayAnswer(answer.text) ?? answer.text
            rows.append(PaneRow(text: text, id: id, kind: .answer, indent: 2))
        }
        if let response = try database.folioStatus(s.folio).response {
            rows.append(PaneRow(text: Wording.labelled(Message("Public response"), response, session), id: id,
                                kind: .response))
        }
        self.rows = HeldRows(rows)
        mayModerate = database.may(session.actor, moderateIn: consultation.jurisdictionId)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        Moderating.availability(of: command, submission: id, mayModerate: mayModerate)
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        try Moderating.perform(command, submission: id, in: session)
    }
}
