import CabildoCore
import CabildoText

/// One mechanism: its fields above; members, sessions, agreements,
/// activities, news and citizens' messages below, read in one snapshot.
@MainActor
public final class MechanismPane: Pane {
    public let context = Context.mechanism
    public let id: Int64
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let headerLimit: Int? = 6
    public let shows: Shows? = Shows(tables: [
        "mechanism", "jurisdiction", "membership", "person", "organisation", "mechanismSession", "agendaItem",
        "sessionAttendance", "agreement", "agreementFollowUp", "activity", "news", "contactRequest"])
    private var detail: MechanismDetail?
    private var mayAudit = false
    /// The citizens' messages still waiting for an answer (Core refuses the others too).
    private var waiting: Set<Int64> = []

    public init(_ id: Int64) { self.id = id }

    public func load(_ session: AppSession) throws {
        let detail = try session.database.mechanismDetail(id, for: session.actor)
        self.detail = detail
        mayAudit = session.database.mayReadAudit(session.actor)
        let m = detail.mechanism
        func label<E: DomainEnum>(_ value: E) -> String { Wording.label(value, session) }
        func text(_ message: Message) -> String { session.text(message) }
        title = m.name
        let fields: [(Message, String?)] = [
            (Message("Jurisdiction"), detail.jurisdictionName), (Message("Theme"), label(m.theme)),
            (Message("Status"), label(m.status)), (Message("Established"), m.established),
            (Message("Purpose"), m.purpose), (Message("Legal basis"), m.legalBasis),
            (Message("Budget programme"), m.budgetProgramme),
            (Message("Responsible official"), [m.officialName, m.officialEmail, m.officialPhone]
                .compactMap { $0 }.joined(separator: " · ").nilIfEmpty),
        ]
        header = fields.compactMap { name, value in value.map { Wording.labelled(name, $0, session) } }
        var rows: [PaneRow] = []
        for member in detail.members {
            let term = member.endDate.map { text(Message("ended {date}", ["date": .text($0)])) }
                ?? text(Message("current"))
            rows.append(PaneRow(text: text(Message("Member")) + ": \(member.name) — \(member.post) — \(term)",
                                id: member.membershipId, kind: .member))
        }
        for summary in detail.sessions {
            let meeting = summary.session
            let agenda = summary.agenda.joined(separator: "; ")
            let place = meeting.isOnline ? text(Message("online")) : (meeting.place ?? "")
            let openness = meeting.isPublic ? text(Message("public")) : text(Message("not public"))
            let present = text(Message("attendance: {count}", ["count": .text(String(summary.attendance))]))
            // Parts left empty (no place, no agenda) are left out, not shown as " —  — ".
            let parts = [label(meeting.kind), place, openness, present, agenda].filter { !$0.isEmpty }
            rows.append(PaneRow(text: text(Message("Session")) + " \(meeting.date) — " + parts.joined(separator: " — "),
                                id: meeting.id, kind: .session))
        }
        for agreement in detail.agreements {
            let due = agreement.dueDate.map { " — " + text(Message("due {date}", ["date": .text($0)])) } ?? ""
            rows.append(PaneRow(text: text(Message("Agreement"))
                + ": \(agreement.text) — \(label(agreement.status))\(due)", id: agreement.id, kind: .agreement))
        }
        for activity in detail.activities {
            rows.append(PaneRow(text: text(Message("Activity")) + " \(activity.date): \(activity.title)"
                + (activity.description.map { " — \($0)" } ?? ""), id: activity.id, kind: .activity))
        }
        for item in detail.news {
            rows.append(PaneRow(text: text(Message("News")) + " \(item.publishedOn): \(item.title) — \(item.body)",
                                id: item.id, kind: .news))
        }
        waiting = Set(detail.contacts.filter { $0.status == .new }.compactMap(\.id))
        for request in detail.contacts {
            let contact = [request.contactName, request.contactEmail, request.contactPhone].compactMap { $0 }
                .joined(separator: ", ")
            // The folio and where it stands, then the answer or the reason it was closed.
            let folio = request.folio.map { " " + Folio.display($0) } ?? ""
            let answer = request.answer.map { " — " + text(Message("Answer")) + ": \($0)" } ?? ""
            rows.append(PaneRow(text: text(Message("Citizen's message")) + folio
                + " \(Wording.day(request.createdAt, session)) (\(label(request.status))): \(request.message)"
                + (contact.isEmpty ? "" : " — \(contact)") + answer, id: request.id, kind: .contact))
        }
        self.rows = HeldRows(rows)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        let editable = detail?.editable ?? false
        switch command {
        case .member, .session, .activity, .news, .edit: return editable ? .available : .notForThisAccount
        case .end:
            guard editable else { return .notForThisAccount }
            return row?.kind == .member && row?.id != nil ? .available : .needsSelection(Message("Select a member first."))
        case .followUp:
            guard editable else { return .notForThisAccount }
            return row?.kind == .agreement && row?.id != nil ? .available
                : .needsSelection(Message("Select an agreement first."))
        case .history: return mayAudit ? .available : .notForThisAccount
        case .answer, .close:
            // Core answers who may (an editor of the jurisdiction, an administrator) and that it is still new.
            guard editable else { return .notForThisAccount }
            guard row?.kind == .contact, let id = row?.id else {
                return .needsSelection(Message("Select a citizen's message first."))
            }
            return waiting.contains(id) ? .available
                : .needsSelection(Message("This message was already answered or closed."))
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .member: return .form(try MemberForm.spec(id, session))
        case .session: return .form(try SessionForm.spec(id, session))
        case .activity: return .form(ActivityForm.spec(id))
        case .news: return .form(NewsForm.spec(id))
        case .edit: return .form(try MechanismForm.spec(session, editing: try session.database.mechanism(id)))
        case .followUp: return .form(FollowUpForm.spec(row!.id!, session))
        case .end:
            _ = try session.database.endMembership(row!.id!, on: session.database.clock.today(), by: session.actor)
            return .done(Message("The membership has ended; it stays in the history."))
        case .answer: return .form(MessageReplyForm.answer(row!.id!))
        case .close: return .form(MessageReplyForm.close(row!.id!))
        case .history:
            return .open(AuditPane(table: "mechanism", recordId: id, title: Message("History of this record")))
        default: return .stay
        }
    }
}
