import CabildoCore
import CabildoText

/// A consultation's submissions, read a page at a time, filtered by
/// status, channel and municipality.
@MainActor
public final class SubmissionsPane: Filtered {
    public let context = Context.submissions
    public let consultationId: Int64
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    /// Of all submissions, only this consultation's: kiosks elsewhere leave it alone.
    public let shows: Shows?
    public var filters = Filters()
    private var mayModerate = false, mayEdit = false

    public init(_ consultationId: Int64) {
        self.consultationId = consultationId
        shows = Shows(tables: ["consultation", "consultationCommitment", "commitment", "jurisdiction"],
                      consultation: consultationId)
    }

    /// What the header and the commands take from other records than the
    /// submissions: read again unless a change touched submissions only.
    private struct Heading {
        let consultation: Consultation
        let linked: [Commitment]
        let mayModerate, mayEdit: Bool
    }
    private var heading: Heading?

    public func load(_ session: AppSession) throws {
        heading = nil
        try read(session)
    }

    /// New, moderated or answered submissions (the changes kiosks make all
    /// day) leave the consultation, its commitments and the account's rights
    /// as they were.
    public func reload(_ session: AppSession, after notice: ChangeNotice) throws {
        if notice.tooManyToName || !notice.tables.isSubset(of: ["submission", "response"]) { heading = nil }
        try read(session)
    }

    private func read(_ session: AppSession) throws {
        let database = session.database
        let consultationId = self.consultationId
        let heading = try self.heading ?? {
            let consultation = try database.consultation(consultationId)
            return Heading(consultation: consultation, linked: try database.commitments(linkedTo: consultationId),
                           mayModerate: database.may(session.actor, moderateIn: consultation.jurisdictionId),
                           mayEdit: database.may(session.actor, editJurisdiction: consultation.jurisdictionId))
        }()
        self.heading = heading
        let c = heading.consultation
        func text(_ message: Message) -> String { session.text(message) }
        title = c.title
        let status = filters["moderation"].flatMap(Moderation.init(rawValue:))
        let channel = filters["channel"].flatMap(Channel.init(rawValue:))
        let place = filters["municipality"].flatMap { Int64($0) }
        let jornada = filters["jornada"].flatMap { Int64($0) }
        let count = try database.submissionCount(of: consultationId, moderation: status, channel: channel,
                                                 jurisdictionId: place, jornadaId: jornada)
        header = [text(Message("Submissions")) + " — \(c.opensOn) → \(c.closesOn) — "
            + text(Message("{count} in all", ["count": .text(String(count))]))]
        let linked = heading.linked
        if !linked.isEmpty {
            header.append(Wording.labelled(Message("Commitments"), linked.map(Wording.numbered).joined(separator: "; "),
                                           session))
        }
        if !filters.isEmpty { header.append(text(filters.summary)) }
        rows = PagedRows(count: count, fetch: { position, limit in
            try database.submissions(of: consultationId, moderation: status, channel: channel,
                                     jurisdictionId: place, jornadaId: jornada, from: position, limit: limit)
        }, render: { s in
            let answered = s.responded ? text(Message("answered")) : text(Message("no response yet"))
            let words = Wording.excerpt(s.firstAnswer, 24)
            return PaneRow(text: "\(Folio.display(s.folio)) \(Wording.day(s.receivedAt, session)) — "
                + "\(Wording.label(s.moderation, session)) — \(answered) — \(Wording.label(s.channel, session)), "
                + "\(s.place): \(words)", id: s.id)
        }, locate: { s in
            try database.submissionIndex(of: s, in: consultationId, moderation: status, channel: channel,
                                         jurisdictionId: place, jornadaId: jornada)
        }, untouched: { notice, onScreen in
            guard !notice.tooManyToName, let first = onScreen.first, let last = onScreen.last,
                  notice.submissions.isDisjoint(with: onScreen.map(\.id)) else { return false }
            return try !database.anySubmission(of: notice.submissions, between: first, and: last, in: consultationId,
                                               moderation: status, channel: channel, jurisdictionId: place,
                                               jornadaId: jornada)
        })
        mayModerate = heading.mayModerate
        mayEdit = heading.mayEdit
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .open: return row?.id == nil ? .needsSelection(Message("Select a submission first.")) : .available
        case .filter, .tally: return .available
        case .new: return mayModerate ? .available : .notForThisAccount
        case .edit: return mayEdit ? .available : .notForThisAccount
        default: return Moderating.availability(of: command, submission: row?.id, mayModerate: mayModerate)
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .open: return .open(SubmissionPane(row!.id!))
        case .new: return .form(try PaperForm.spec(consultationId, session))
        case .tally: return .open(TalliesPane(consultationId, title: title))
        case .edit: return .form(try ConsultationForm.spec(session, editing: consultationId))
        case .filter:
            return .form(FilterForm.spec(self, [
                ("moderation", Message("Status"), Wording.options(Moderation.self, session)),
                ("channel", Message("Channel"), Wording.options(Channel.self, session)),
                ("municipality", Message("Municipality"), Wording.options(try session.database.jurisdictionEntries())),
                ("jornada", Message("Caravan jornada"), try session.database.jornadas().map { j in
                    Option(id: String(j.jornada.id!), label: JornadasPane.label(j))
                })],
                session))
        default: return try Moderating.perform(command, submission: row!.id!, in: session)
        }
    }
}
