import CabildoCore
import CabildoText

/// One commitment: its progress, problem and solution, the latest
/// assessment and progress report above; its milestones below.
@MainActor
public final class CommitmentPane: Pane {
    public let context = Context.commitment
    public let id: Int64
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let headerLimit: Int? = 6
    public let shows: Shows? = Shows(tables: ["commitment", "milestone", "progressUpdate", "evidence", "assessment"])
    private var commitment: Commitment?
    private var editable = false, mayAssess = false, mayAudit = false

    public init(_ id: Int64) { self.id = id }

    public func load(_ session: AppSession) throws {
        let database = session.database
        let c = try database.commitment(id)
        commitment = c
        let progress = try database.progress(of: id)
        func text(_ message: Message) -> String { session.text(message) }
        func label<E: DomainEnum>(_ value: E) -> String { Wording.label(value, session) }
        title = Wording.numbered(c)
        header = [text(Message("Progress")) + ": \(Wording.bar(progress, session)) — "
            + text(Message("{done} of {total} milestones complete", ["done": .text(String(progress.completed)),
                                                                    "total": .text(String(progress.total))]))]
            + [c.problem.map { Wording.labelled(Message("Problem"), $0, session) },
               c.solution.map { Wording.labelled(Message("Solution"), $0, session) }].compactMap { $0 }
        if let latest = try database.assessments(of: id).first {
            header.append(text(Message("Assessment {date}", ["date": .text(latest.assessedOn)])) + ": "
                + [latest.verifiable ? text(Message("verifiable")) : text(Message("not verifiable")),
                   text(Message("potential")) + " " + label(latest.potentialForResults),
                   latest.completion.map { text(Message("completion")) + " " + label($0) },
                   latest.openedGovernment.map { text(Message("opened government")) + ": " + label($0) }]
                .compactMap { $0 }.joined(separator: "; "))
        }
        if let report = try database.latestProgressReport(of: id) {
            header.append(text(Message("Last report {date}", ["date": .text(report.update.date)]))
                + ": \(report.update.summary) ("
                + text(Message("{count} pieces of evidence", ["count": .text(String(report.evidenceCount))])) + ")")
        }
        rows = HeldRows(try database.milestones(of: id).map { m in
            var line = "\(m.position). \(m.description)"
            if let due = m.dueDate { line += " — " + text(Message("due {date}", ["date": .text(due)])) }
            if let done = m.completedOn {
                line += " — " + text(Message("complete on {date}", ["date": .text(done)]))
            } else if database.isOverdue(m) {
                line += " — " + text(Message("OVERDUE"))
            }
            return PaneRow(text: line, id: m.id, kind: .milestone)
        })
        editable = database.may(session.actor, editPlan: c.planId)
        mayAssess = database.mayAssess(session.actor)
        mayAudit = database.mayReadAudit(session.actor)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .new, .update, .edit: return editable ? .available : .notForThisAccount
        case .complete, .reopen:
            guard editable else { return .notForThisAccount }
            return row?.kind == .milestone && row?.id != nil ? .available
                : .needsSelection(Message("Select a milestone first."))
        case .assess: return mayAssess ? .available : .notForThisAccount
        case .history: return mayAudit ? .available : .notForThisAccount
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        let database = session.database
        switch command {
        case .new: return .form(MilestoneForm.spec(id))
        case .update: return .form(ProgressForm.spec(id))
        case .assess: return .form(AssessmentForm.spec(id, session))
        case .edit:
            let plans = try database.actionPlans().filter { $0.id == commitment?.planId }
            return .form(CommitmentForm.spec(plans, session, editing: try database.commitment(id)))
        // Complete and reopen: change the selected milestone, then say the new progress.
        case .complete:
            _ = try database.completeMilestone(row!.id!, by: session.actor)
            return .done(Message("Milestone complete. Progress: {percent} percent",
                                 ["percent": .text(String(try database.progress(of: id).percent))]))
        case .reopen:
            _ = try database.reopenMilestone(row!.id!, by: session.actor)
            return .done(Message("Milestone reopened. Progress: {percent} percent",
                                 ["percent": .text(String(try database.progress(of: id).percent))]))
        case .history:
            return .open(AuditPane(table: "commitment", recordId: id, title: Message("History of this record")))
        default: return .stay
        }
    }
}
