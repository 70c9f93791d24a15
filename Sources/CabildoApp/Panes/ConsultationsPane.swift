import CabildoCore
import CabildoText

/// The consultations, each with its dates and theme.
@MainActor
public final class ConsultationsPane: Pane {
    public let context = Context.consultations
    public private(set) var title = ""
    public let header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows? = Shows(tables: ["consultation"])
    private var mayCreate = false, mayAudit = false, mayReadNotices = false, mayHandleDataRights = false
    /// Each consultation's jurisdiction, for who may edit it.
    private var jurisdictions: [Int64: Int64] = [:]

    public init() {}

    public func load(_ session: AppSession) throws {
        title = session.text(Message("Consultations"))
        let consultations = try session.database.consultations()
        jurisdictions = Dictionary(uniqueKeysWithValues: consultations.map { ($0.id!, $0.jurisdictionId) })
        rows = HeldRows(consultations.map { c in
            PaneRow(text: "\(c.title) — \(c.opensOn) → \(c.closesOn) — \(Wording.label(c.theme, session))", id: c.id)
        })
        mayCreate = session.database.mayEditSomeJurisdiction(session.actor)
        mayAudit = session.database.mayReadAudit(session.actor)
        mayReadNotices = session.database.mayReadNotices(session.actor)
        mayHandleDataRights = session.database.mayHandleDataRights(session.actor)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .open: return row?.id == nil ? .needsSelection(Message("Select a consultation first.")) : .available
        case .new: return mayCreate ? .available : .notForThisAccount
        case .tally, .jornadas: return .available
        case .audit: return mayAudit ? .available : .notForThisAccount
        case .edit:
            guard let id = row?.id, let place = jurisdictions[id] else {
                return mayCreate ? .needsSelection(Message("Select a consultation first.")) : .notForThisAccount
            }
            return session.database.may(session.actor, editJurisdiction: place) ? .available : .notForThisAccount
        case .outbox: return mayReadNotices ? .available : .notForThisAccount
        case .dataRights: return mayHandleDataRights ? .available : .notForThisAccount
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .open: return .open(SubmissionsPane(row!.id!))
        case .new: return .form(try ConsultationForm.spec(session))
        case .tally: return .open(TalliesPane(nil, title: session.text(Message("Tallies of all consultations"))))
        case .jornadas: return .open(JornadasPane())
        case .audit: return .open(AuditPane(title: Message("Audit trail")))
        case .edit: return .form(try ConsultationForm.spec(session, editing: row!.id!))
        case .outbox: return .open(OutboxPane())
        case .dataRights: return .open(DataRightsPane())
        default: return .stay
        }
    }
}
