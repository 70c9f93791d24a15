import CabildoCore
import CabildoText

/// The audit trail, for one record or all, newest first (administrators).
@MainActor
public final class AuditPane: Pane {
    public let context = Context.report
    public private(set) var title = ""
    public let header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    /// Any change adds to the trail.
    public let shows: Shows? = nil
    let table: String?
    let recordId: Int64?
    private let heading: Message

    public init(table: String? = nil, recordId: Int64? = nil, title: Message) {
        self.table = table; self.recordId = recordId; heading = title
    }

    public func load(_ session: AppSession) throws {
        title = session.text(heading)
        rows = HeldRows(try session.database.auditEntries(table: table, recordId: recordId, for: session.actor).map { e in
            let record = e.recordId.map { "\(e.recordTable) #\($0)" } ?? e.recordTable
            return PaneRow(text: "\(Wording.moment(e.at, session)) \(e.actor) — \(e.action) — \(record)",
                           id: e.id, kind: .auditEntry)
        })
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability { .notHere }
    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome { .stay }
}
