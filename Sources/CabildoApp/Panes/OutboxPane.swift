import CabildoCore
import CabildoText

/// The notices to citizens (answers to their participation or their
/// messages), oldest first: waiting, being sent, sent by e-mail or delivered
/// by hand. They hold contact data, so Core shows them only to whoever may
/// read it there: an administrator all, an editor their jurisdiction's.
@MainActor
public final class OutboxPane: Filtered {
    public let context = Context.outbox
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows? = Shows(tables: ["notice"])
    public var filters = Filters()

    public init() {}

    /// An editor sees their own jurisdiction's unless they chose one of its municipalities.
    private func scope(_ session: AppSession) -> Int64? {
        filters["municipality"].flatMap { Int64($0) }
            ?? AppDatabase.noticeScope(of: session.actor)
    }

    public func load(_ session: AppSession) throws {
        func text(_ message: Message) -> String { session.text(message) }
        title = text(Message("Notices to citizens"))
        let notices = try session.database.notices(.all, jurisdictionId: scope(session), for: session.actor)
        let waiting = notices.filter { $0.status == .queued }
        header = [text(Message("{waiting} waiting ({call} to call), {sent} sent by e-mail, {hand} delivered by hand",
                               ["waiting": .text(String(waiting.count)),
                                "call": .text(String(waiting.filter { $0.medium == .telephone }.count)),
                                "sent": .text(String(notices.filter { $0.status == .sent }.count)),
                                "hand": .text(String(notices.filter { $0.status == .deliveredByHand }.count))]))]
        if !filters.isEmpty { header.append(text(filters.summary)) }
        rows = HeldRows(notices.map { n in
            let to = n.medium == .email ? (n.email ?? "") : text(Message("telephone")) + " " + (n.phone ?? "")
            let who = [n.recipientName, to].compactMap { $0 }.joined(separator: ", ")
            return PaneRow(text: "#\(n.id!) \(Wording.day(n.createdAt, session)) — \(Wording.label(n.status, session)) — "
                + "\(Folio.display(n.folio)) — \(Wording.label(n.kind, session)): \(n.about) — \(who)", id: n.id)
        })
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .filter: return .available
        // Whether it was already sent or delivered is Core's to refuse: never twice.
        case .delivered: return row?.id == nil ? .needsSelection(Message("Select a notice first.")) : .available
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .delivered:
            let notice = try session.database.markNoticeDeliveredByHand(row!.id!, by: session.actor)
            return .done(Message("Notice {id} (folio {folio}) is marked as delivered by hand.",
                                 ["id": .text(String(notice.id!)), "folio": .text(Folio.display(notice.folio))]))
        case .filter:
            let places = session.actor.role == .administrator ? try session.database.jurisdictionEntries()
                : try session.database.jurisdictionEntries(editableBy: session.actor)
            return .form(FilterForm.spec(self, [("municipality", Message("Municipality"), Wording.options(places))],
                                         session))
        default: return .stay
        }
    }
}
