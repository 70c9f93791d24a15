import CabildoCore
import CabildoText

/// The register of data-rights (ARCO) requests, open ones by their deadline
/// first, each saying in words where it stands (overdue, due today, how many
/// business days are left), and the actions that give each right effect,
/// every one through Core (administrators only, audited).
@MainActor
public final class DataRightsPane: Pane {
    public let context = Context.dataRights
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows? = Shows(tables: ["arcoRequest", "arcoRequestSubmission", "noticeOpposition"])
    private var mayHandle = false

    public init() {}

    public func load(_ session: AppSession) throws {
        func text(_ message: Message) -> String { session.text(message) }
        title = text(Message("Data-rights (ARCO) requests"))
        mayHandle = session.database.mayHandleDataRights(session.actor)
        let requests = try session.database.arcoRequests(rules: try ArcoRules.standard(), for: session.actor)
        let overdue = requests.filter(\.isOverdue).count
        header = [text(Message("{open} open, {overdue} overdue",
                               ["open": .text(String(requests.filter { $0.request.status == .open }.count)),
                                "overdue": .text(String(overdue))]))]
        rows = HeldRows(requests.map { summary in
            let r = summary.request
            return PaneRow(text: "#\(r.id!) \(Wording.label(r.kind, session)) — \(text(Self.standing(summary))) — "
                + text(Message("Received on {day} ({channel}) from {name}; folios: {folios}",
                               ["day": .text(r.receivedOn), "channel": .message(r.channel.label),
                                "name": .text(r.requesterName),
                                "folios": .text(summary.folios.map(Folio.display).joined(separator: ", "))])),
                           id: r.id)
        })
    }

    /// Where a request stands, in words (not colour): its deadline, how far off
    /// or how late, or when it was closed. The command line says the same.
    nonisolated public static func standing(_ summary: ArcoRequestSummary) -> Message {
        let request = summary.request
        let due = Message.Argument.text(request.dueOn)
        if request.status == .closed {
            return Message("closed on {day}; it was due by {due}", ["day": .text(request.closedOn ?? ""), "due": due])
        }
        let days = Message.Argument.text(String(abs(summary.businessDaysLeft)))
        let extended: Message.Argument = request.extended ? .message(Message(" (extended)")) : .text("")
        switch summary.businessDaysLeft {
        case ..<0:
            return Message("OVERDUE: it was due by {due}{extended}, {days} business days ago",
                           ["due": due, "days": days, "extended": extended])
        case 0:
            return Message("due today, {due}{extended}", ["due": due, "extended": extended])
        default:
            return Message("due by {due}{extended}, in {days} business days",
                           ["due": due, "days": days, "extended": extended])
        }
    }

    private static let actions: Set<Command> = [.access, .rectify, .cancel, .oppose, .extend, .close]

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        guard command == .new || Self.actions.contains(command) else { return .notHere }
        guard mayHandle else { return .notForThisAccount }
        if command == .new { return .available }
        // Whether the request is open and asks for this right is Core's to refuse, in words.
        return row?.id == nil ? .needsSelection(Message("Select a request first.")) : .available
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        let id = row?.id
        switch command {
        case .new: return .form(DataRightsForms.register(session))
        case .access: return .form(DataRightsForms.copy(id!))
        case .rectify: return .form(DataRightsForms.rectify(id!))
        case .cancel: return .form(DataRightsForms.cancel(id!))
        case .close: return .form(DataRightsForms.close(id!))
        case .oppose:
            try session.database.opposeArcoNotices(id!, by: session.actor)
            return .done(Message("No notice will be sent for the folios of request {id}.", ["id": .text(String(id!))]))
        case .extend:
            let extended = try session.database.extendArcoDeadline(id!, rules: try ArcoRules.standard(), by: session.actor)
            return .done(Message("Request {id} must now be answered by {due}.",
                                 ["id": .text(String(id!)), "due": .text(extended.dueOn)]))
        default: return .stay
        }
    }
}
