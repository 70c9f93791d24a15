import CabildoCore
import CabildoText

/// Submissions counted by theme, channel, municipality and status, for one
/// consultation or all.
@MainActor
public final class TalliesPane: Pane {
    public let context = Context.report
    public let title: String
    public let header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows?
    let consultationId: Int64?

    public init(_ consultationId: Int64?, title: String) {
        self.consultationId = consultationId
        self.title = title
        shows = Shows(tables: consultationId == nil ? ["submission", "consultation", "jurisdiction", "jornada"]
                          : ["consultation", "jurisdiction", "jornada"], consultation: consultationId)
    }

    public func load(_ session: AppSession) throws {
        let tally = try session.database.tally(consultationId: consultationId)
        var rows: [PaneRow] = []
        func section(_ heading: Message, _ items: [(String, Int)]) {
            rows.append(PaneRow(text: session.text(heading), kind: .tally))
            rows += items.map { PaneRow(text: "    \($0.0): \($0.1)", kind: .tally) }
        }
        section(Message("By theme"), tally.byTheme.map { (Wording.label($0.0, session), $0.1) })
        section(Message("By channel"), tally.byChannel.map { (Wording.label($0.0, session), $0.1) })
        section(Message("By municipality"), tally.byMunicipality)
        section(Message("By status"), tally.byStatus.map { (Wording.label($0.0, session), $0.1) })
        if !tally.byJornada.isEmpty { section(Message("By caravan jornada"), tally.byJornada) }
        self.rows = HeldRows(rows)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability { .notHere }
    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome { .stay }
}
