import CabildoCore
import CabildoText

/// The caravans' jornadas: where and when, who was on duty, what each took
/// (submissions, messages, paper forms typed of those collected) and when
/// it was merged here.
@MainActor
public final class JornadasPane: Pane {
    public let context = Context.report
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows? = Shows(tables: ["jornada", "submission", "contactRequest"])

    public init() {}

    /// A jornada in a line: its day, municipality with its state, and place.
    public static func label(_ j: JornadaSummary) -> String { "\(j.jornada.day) — \(j.municipality) — \(j.jornada.place)" }

    public func load(_ session: AppSession) throws {
        title = session.text(Message("Caravan jornadas"))
        let jornadas = try session.database.jornadas()
        header = jornadas.isEmpty ? [session.text(Message("No jornada has been merged here yet."))] : []
        rows = HeldRows(jornadas.map { j in
            let merged = j.jornada.mergedAt.map { session.text(Message("merged {at}", ["at": .text(String($0.prefix(16)))])) }
                ?? session.text(Message("not merged"))
            return PaneRow(text: Self.label(j) + " — " + session.text(Message(
                "staff: {staff} — {submissions} submissions, {messages} messages — paper forms: {typed} typed of {collected} collected",
                ["staff": .text(j.jornada.staff), "submissions": .text(String(j.submissions)),
                 "messages": .text(String(j.contactRequests)), "typed": .text(String(j.paperTyped)),
                 "collected": .text(String(j.jornada.paperCollected))])) + " — " + merged, id: j.jornada.id)
        })
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability { .notHere }
    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome { .stay }
}
