import CabildoCore
import CabildoText

/// The participation mechanisms: searched by words, filtered by
/// jurisdiction, theme and status.
@MainActor
public final class MechanismsPane: Filtered {
    public let context = Context.mechanisms
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows? = Shows(tables: ["mechanism", "jurisdiction"])
    public var query: String? = ""
    public var filters = Filters()
    private var mayCreate = false, mayAudit = false

    public init() {}

    public func load(_ session: AppSession) throws {
        let database = session.database
        title = session.text(Message("Participation mechanisms"))
        let names = try database.jurisdictionNames()
        let words = query?.trimmingCharacters(in: .whitespaces) ?? ""
        let matches = words.isEmpty ? nil : try database.mechanisms(matching: words)
        let found = (try matches.map(Array.init) ?? database.mechanisms(limit: 10_000)).filter { m in
            (filters["jurisdiction"].map { $0 == String(m.jurisdictionId) } ?? true)
                && (filters["theme"].map { $0 == m.theme.rawValue } ?? true)
                && (filters["status"].map { $0 == m.status.rawValue } ?? true)
        }
        header = (filters.isEmpty ? [] : [session.text(filters.summary)])
            + [matches?.bound.map { session.text($0) }].compactMap { $0 }
        rows = HeldRows(found.map { m in
            PaneRow(text: "\(m.name)\(m.acronym.map { " (\($0))" } ?? "") — \(names[m.jurisdictionId] ?? "") — "
                + Wording.label(m.status, session), id: m.id)
        })
        mayCreate = database.mayEditSomeJurisdiction(session.actor)
        mayAudit = database.mayReadAudit(session.actor)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .open: return row?.id == nil ? .needsSelection(Message("Select a mechanism first.")) : .available
        case .new: return mayCreate ? .available : .notForThisAccount
        case .filter: return .available
        case .audit: return mayAudit ? .available : .notForThisAccount
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .open: return .open(MechanismPane(row!.id!))
        case .new: return .form(try MechanismForm.spec(session))
        case .filter:
            return .form(FilterForm.spec(self, [
                ("jurisdiction", Message("Jurisdiction"), Wording.options(try session.database.jurisdictionEntries())),
                ("theme", Message("Theme"), Wording.options(Theme.self, session)),
                ("status", Message("Status"), Wording.options(MechanismStatus.self, session))], session))
        case .audit: return .open(AuditPane(title: Message("Audit trail")))
        default: return .stay
        }
    }
}
