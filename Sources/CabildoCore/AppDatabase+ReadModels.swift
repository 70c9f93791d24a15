import CabildoText
import GRDB

/// A mechanism as its detail shows it, read in one snapshot with a query
/// per kind of record (never one per session or per member).
public struct MechanismDetail: Sendable {
    public let mechanism: Mechanism
    public let jurisdictionName: String
    public let members: [MemberSummary]
    public let sessions: [SessionSummary]
    public let agreements: [Agreement]
    public let activities: [Activity]
    public let news: [News]
    /// Citizens' messages; contact data only for those allowed to see it.
    public let contacts: [ContactRequest]
    /// Whether the reader may change this mechanism and what hangs from it.
    public let editable: Bool
}

/// The action plans above the commitments: each plan with its co-creation
/// figures, every commitment with its progress, and the co-creation spaces.
public struct PlansOverview: Sendable {
    public let plans: [(plan: ActionPlan, figures: CoCreationFigures)]
    public let commitments: [(commitment: Commitment, progress: CommitmentProgress)]
    public let spaces: [CoCreationSpace]
}

/// The newest progress report of a commitment and how much evidence it carries.
public struct LatestProgressReport: Sendable, Equatable {
    public let update: ProgressUpdate
    public let evidenceCount: Int
}

extension AppDatabase {
    public func mechanismDetail(_ id: Int64, for actor: Actor) throws -> MechanismDetail {
        try read { db in
            let mechanism = try Self.fetch(Mechanism.self, id, db, Message("Mechanism"))
            let personal = try actor.allows(.readPersonalData(jurisdictionId: mechanism.jurisdictionId), db)
            let byMechanism = Column("mechanismId") == id
            return MechanismDetail(
                mechanism: mechanism,
                jurisdictionName: try String.fetchOne(db, sql: "SELECT name FROM jurisdiction WHERE id = ?",
                                                      arguments: [mechanism.jurisdictionId]) ?? "",
                members: try Self.members(of: id, db),
                sessions: try Self.sessionSummaries(of: id, db),
                agreements: try Agreement.filter(byMechanism).order(Column("id")).fetchAll(db),
                activities: try Activity.filter(byMechanism).order(Column("date").desc, Column("id").desc).fetchAll(db),
                news: try News.filter(byMechanism).order(Column("publishedOn").desc, Column("id").desc).fetchAll(db),
                contacts: try ContactRequest.filter(byMechanism).order(Column("createdAt").desc).fetchAll(db)
                    .map { personal ? $0 : $0.withoutPersonalData() },
                editable: try actor.allows(.editJurisdiction(mechanism.jurisdictionId), db))
        }
    }

    /// Plans, their figures, commitments and spaces: one snapshot, a query
    /// per plan for its figures (a handful), none per commitment.
    public func plansOverview() throws -> PlansOverview {
        try read { db in
            let plans = try ActionPlan.order(Column("title")).fetchAll(db)
            return PlansOverview(
                plans: try plans.map { ($0, try Self.coCreationFigures(planId: $0.id!, db)) },
                commitments: try Self.commitmentsWithProgress(db).map { (commitment: $0.0, progress: $0.1) },
                spaces: try CoCreationSpace.order(Column("planId"), Column("id")).fetchAll(db))
        }
    }

    /// The newest progress report of a commitment, or nil when none was made.
    public func latestProgressReport(of commitmentId: Int64) throws -> LatestProgressReport? {
        try read { db in
            guard let update = try ProgressUpdate.filter(Column("commitmentId") == commitmentId)
                .order(Column("date").desc, Column("id").desc).fetchOne(db) else { return nil }
            let count = try Evidence.filter(Column("progressUpdateId") == update.id!).fetchCount(db)
            return LatestProgressReport(update: update, evidenceCount: count)
        }
    }
}
