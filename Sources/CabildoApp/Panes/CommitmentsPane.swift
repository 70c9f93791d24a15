import CabildoCore
import CabildoText

/// The action plans with their co-creation figures, and every commitment
/// with its progress.
@MainActor
public final class CommitmentsPane: Pane {
    public let context = Context.commitments
    public private(set) var title = ""
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    /// At most six lines, so the commitments keep the screen whatever the number of plans.
    public let headerLimit: Int? = 6
    public let shows: Shows? = Shows(tables: ["actionPlan", "commitment", "milestone", "coCreationSpace",
                                              "coCreationMeeting"])
    private var editablePlans: [ActionPlan] = []
    private var editableSpaces: [CoCreationSpace] = []
    private var mayAudit = false

    public init() {}

    public func load(_ session: AppSession) throws {
        let overview = try session.database.plansOverview()
        title = session.text(Message("Action plans and commitments"))
        let titles = Dictionary(uniqueKeysWithValues: overview.plans.map { ($0.plan.id!, $0.plan.title) })
        header = overview.plans.flatMap { plan, figures in
            [Wording.labelled(Message("Plan"), "\(plan.title) (\(plan.periodStart ?? "?")–\(plan.periodEnd ?? "?"))",
                              session),
             "  " + session.text(Message("Co-creation — spaces: {spaces}; meetings: {meetings}, public-facing: {public}; groups that took part: {groups}; people counted: {people}",
                                         ["meetings": .text(String(figures.meetings)),
                                          "spaces": .text(String(figures.spaces)),
                                          "public": .text(String(figures.publicMeetings)),
                                          "groups": .text(String(figures.groups)),
                                          "people": .text(String(figures.attendees))]))]
        }
        rows = HeldRows(overview.commitments.map { c, progress in
            let plan = overview.plans.count > 1 ? " — \(titles[c.planId] ?? "")" : ""
            return PaneRow(text: "\(Wording.numbered(c)) — \(Wording.bar(progress, session))\(plan)", id: c.id)
        })
        editablePlans = overview.plans.map(\.plan).filter { session.database.may(session.actor, editPlan: $0.id!) }
        let editableIds = Set(editablePlans.map(\.id))
        editableSpaces = overview.spaces.filter { editableIds.contains($0.planId) }
        mayAudit = session.database.mayReadAudit(session.actor)
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability {
        switch command {
        case .open: return row?.id == nil ? .needsSelection(Message("Select a commitment first.")) : .available
        case .new: return editablePlans.isEmpty ? .notForThisAccount : .available
        case .cocreation: return editableSpaces.isEmpty ? .notForThisAccount : .available
        case .audit: return mayAudit ? .available : .notForThisAccount
        default: return .notHere
        }
    }

    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome {
        switch command {
        case .open: return .open(CommitmentPane(row!.id!))
        case .new: return .form(CommitmentForm.spec(editablePlans, session))
        case .cocreation: return .form(try CoCreationForm.spec(editableSpaces, session))
        case .audit: return .open(AuditPane(title: Message("Audit trail")))
        default: return .stay
        }
    }
}
