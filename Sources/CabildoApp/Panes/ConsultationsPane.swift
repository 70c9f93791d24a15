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
    private var mayCreate = false, mayAudit = false

    public init() {}

    public func load(_ session: AppSession) throws {
        title = session.text(Message("Consultations"))
        rows = HeldRows(try session.database.consultations().map { c in
            PaneRow(text: "\(c.title) — \(c.opensOn) → \(c.closesOn) — \(Wording.label(c.theme, session))", id: c.id)
        })
        mayCreate = session.database.mayEditSomeJurisdiction(session.actor)
        mayAudit = session.database.mayReadAudit(session.actor)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .open: return row?.id == nil ? .needsSelection(Message("Select a consultation first.")) : .available
        case .new: return mayCreate ? .available : .notForThisAccount
        case .tally, .jornadas: return .available
        case .audit: return mayAudit ? .available : .notForThisAccount
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
        default: return .stay
        }
    }
}
