import CabildoText
import Foundation
import GRDB

public struct CommitmentDraft: Sendable, Equatable {
    public var planId: Int64
    public var number: Int?
    public var title: String
    public var problem: String?
    public var solution: String?
    public var axisId: Int64?
    public var startDate: String?
    public var endDate: String?
    public var values: Set<OGPValue>
    public var institutions: [(organisationId: Int64, role: CommitmentInstitutionRole)]

    public init(planId: Int64, number: Int? = nil, title: String, problem: String? = nil, solution: String? = nil,
                axisId: Int64? = nil, startDate: String? = nil, endDate: String? = nil, values: Set<OGPValue> = [],
                institutions: [(organisationId: Int64, role: CommitmentInstitutionRole)] = []) {
        self.planId = planId; self.number = number; self.title = title; self.problem = problem
        self.solution = solution; self.axisId = axisId; self.startDate = startDate; self.endDate = endDate
        self.values = values; self.institutions = institutions
    }

    public static func == (a: CommitmentDraft, b: CommitmentDraft) -> Bool {
        a.planId == b.planId && a.number == b.number && a.title == b.title && a.problem == b.problem
            && a.solution == b.solution && a.axisId == b.axisId && a.startDate == b.startDate
            && a.endDate == b.endDate && a.values == b.values
            && a.institutions.map(\.organisationId) == b.institutions.map(\.organisationId)
            && a.institutions.map(\.role) == b.institutions.map(\.role)
    }
}

/// A commitment's progress, derived from its milestones, never typed.
public struct CommitmentProgress: Sendable, Equatable {
    public let completed: Int
    public let total: Int
    /// Whole percent, rounded down; 0 when there are no milestones.
    public var percent: Int { total == 0 ? 0 : completed * 100 / total }
}

public struct AssessmentDraft: Sendable, Equatable {
    public var verifiable: Bool
    public var potentialForResults: PotentialForResults
    public var completion: Completion?
    public var openedGovernment: OpenedGovernment?
    public var rationale: String
    public init(verifiable: Bool, potentialForResults: PotentialForResults, completion: Completion? = nil,
                openedGovernment: OpenedGovernment? = nil, rationale: String) {
        self.verifiable = verifiable; self.potentialForResults = potentialForResults
        self.completion = completion; self.openedGovernment = openedGovernment; self.rationale = rationale
    }
}

extension AppDatabase {
    /// The rules a commitment's own fields follow, created or edited: a
    /// number unique in its plan, an axis of the same plan, an end after the start.
    private static func validated(_ draft: CommitmentDraft, replacing id: Int64?, _ db: Database) throws -> Commitment {
        if let number = draft.number {
            guard number > 0 else {
                throw CabildoError(.validation, Message("A commitment's number must be 1 or more."), field: "number")
            }
            if try Commitment.filter(Column("planId") == draft.planId && Column("number") == number
                                     && Column("id") != (id ?? -1)).fetchCount(db) > 0 {
                throw CabildoError(.conflict, Message("This plan already has a commitment number {number}.",
                                                      ["number": .text(String(number))]), field: "number")
            }
        }
        if let axisId = draft.axisId {
            let axis = try Self.fetch(ThematicAxis.self, axisId, db, Message("Thematic axis"))
            guard axis.planId == draft.planId else {
                throw CabildoError(.validation, Message("That thematic axis belongs to another plan."), field: "axis")
            }
        }
        let start = try Fields.day(draft.startDate, Fields.startDate)
        let end = try Fields.day(draft.endDate, Fields.endDate)
        if let start, let end, end < start {
            throw CabildoError.invalid(Fields.endDate, Message("the end cannot come before the start ({start})",
                                                               ["start": .text(start)]))
        }
        return Commitment(id: id, planId: draft.planId, number: draft.number, title: try Fields.title.clean(draft.title),
                          problem: try Fields.problem.clean(draft.problem),
                          solution: try Fields.solution.clean(draft.solution), axisId: draft.axisId,
                          startDate: start, endDate: end)
    }

    public func createCommitment(_ draft: CommitmentDraft, by actor: Actor) throws -> Commitment {
        try perform { db, now in
            try actor.require(.editPlan(draft.planId), db)
            _ = try Self.fetch(ActionPlan.self, draft.planId, db, Message("Action plan"))
            let commitment = try Self.validated(draft, replacing: nil, db)
            let saved = try Self.insert(commitment, db, actor, now, action: "commitment.create")
            for value in draft.values {
                try db.execute(sql: "INSERT INTO commitmentValue (commitmentId, value) VALUES (?, ?)",
                               arguments: [saved.id, value])
            }
            for institution in draft.institutions {
                _ = try Self.fetch(Organisation.self, institution.organisationId, db, Message("Organisation"))
                try db.execute(sql: "INSERT OR IGNORE INTO commitmentInstitution (commitmentId, organisationId, role) VALUES (?, ?, ?)",
                               arguments: [saved.id, institution.organisationId, institution.role])
            }
            return saved
        }
    }

    /// Edits a commitment's own fields; it stays in its plan, and its
    /// OGP values and institutions are kept as they are.
    public func updateCommitment(_ id: Int64, _ draft: CommitmentDraft, by actor: Actor) throws -> Commitment {
        try perform { db, now in
            let before = try Self.fetch(Commitment.self, id, db, Message("Commitment"))
            try actor.require(.editPlan(before.planId), db)
            var draft = draft
            draft.planId = before.planId
            return try Self.update(before, to: try Self.validated(draft, replacing: id, db), db, actor, now,
                                   action: "commitment.update")
        }
    }

    public func addMilestone(to commitmentId: Int64, description: String, dueDate: String?,
                             by actor: Actor) throws -> Milestone {
        try perform { db, now in
            let commitment = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment"))
            try actor.require(.editPlan(commitment.planId), db)
            let position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM milestone WHERE commitmentId = ?",
                                              arguments: [commitmentId]) ?? 0) + 1
            let milestone = Milestone(id: nil, commitmentId: commitmentId, position: position,
                                      description: try Fields.milestone.clean(description),
                                      dueDate: try Fields.day(dueDate, Fields.dueDate), completedOn: nil)
            return try Self.insert(milestone, db, actor, now, action: "milestone.add")
        }
    }

    public func completeMilestone(_ id: Int64, on date: String? = nil, by actor: Actor) throws -> Milestone {
        try perform { db, now in
            let before = try Self.fetch(Milestone.self, id, db, Message("Milestone"))
            let commitment = try Self.fetch(Commitment.self, before.commitmentId, db, Message("Commitment"))
            try actor.require(.editPlan(commitment.planId), db)
            guard before.completedOn == nil else {
                throw CabildoError(.conflict, Message("This milestone is already complete."))
            }
            var after = before
            after.completedOn = try Fields.day(date ?? clock.today(), Fields.sessionDate)
            return try Self.update(before, to: after, db, actor, now, action: "milestone.complete")
        }
    }

    public func reopenMilestone(_ id: Int64, by actor: Actor) throws -> Milestone {
        try perform { db, now in
            let before = try Self.fetch(Milestone.self, id, db, Message("Milestone"))
            let commitment = try Self.fetch(Commitment.self, before.commitmentId, db, Message("Commitment"))
            try actor.require(.editPlan(commitment.planId), db)
            var after = before
            after.completedOn = nil
            return try Self.update(before, to: after, db, actor, now, action: "milestone.reopen")
        }
    }

    public func progress(of commitmentId: Int64) throws -> CommitmentProgress {
        try read { db in try Self.progress(of: commitmentId, db) }
    }

    static func progress(of commitmentId: Int64, _ db: Database) throws -> CommitmentProgress {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*) AS total, count(completedOn) AS completed FROM milestone WHERE commitmentId = ?
            """, arguments: [commitmentId])!
        return CommitmentProgress(completed: row["completed"], total: row["total"])
    }

    /// A progress report, with the links and documents that back it.
    public func recordProgressUpdate(commitmentId: Int64, milestoneId: Int64?, summary: String,
                                     evidence: [(kind: EvidenceKind, reference: String)],
                                     by actor: Actor) throws -> ProgressUpdate {
        try perform { db, now in
            let commitment = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment"))
            try actor.require(.editPlan(commitment.planId), db)
            if let milestoneId {
                let milestone = try Self.fetch(Milestone.self, milestoneId, db, Message("Milestone"))
                guard milestone.commitmentId == commitmentId else {
                    throw CabildoError(.validation, Message("That milestone belongs to another commitment."),
                                       field: "milestone")
                }
            }
            let update = ProgressUpdate(id: nil, commitmentId: commitmentId, milestoneId: milestoneId,
                                        date: clock.today(), summary: try Fields.summary.clean(summary),
                                        accountId: actor.accountId)
            let saved = try Self.insert(update, db, actor, now, action: "progress.record")
            for item in evidence {
                var row = Evidence(id: nil, progressUpdateId: saved.id!, kind: item.kind,
                                   reference: try Fields.evidenceReference.clean(item.reference), description: nil)
                try row.insert(db)
            }
            return saved
        }
    }

    /// An assessment on the IRM scales; only the independent monitoring body writes these.
    public func recordAssessment(commitmentId: Int64, _ draft: AssessmentDraft, by actor: Actor) throws -> Assessment {
        try perform { db, now in
            try actor.require(.assess, db)
            _ = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment"))
            let assessment = Assessment(id: nil, commitmentId: commitmentId, assessedOn: clock.today(),
                                        verifiable: draft.verifiable, potentialForResults: draft.potentialForResults,
                                        completion: draft.completion, openedGovernment: draft.openedGovernment,
                                        rationale: try Fields.rationale.clean(draft.rationale),
                                        accountId: actor.accountId)
            return try Self.insert(assessment, db, actor, now, action: "assessment.record")
        }
    }

    public func actionPlans() throws -> [ActionPlan] {
        try read { db in try ActionPlan.order(Column("title")).fetchAll(db) }
    }
}

extension AppDatabase {
    /// Every commitment with its progress, in one query (not one per row).
    public func commitmentsWithProgress() throws -> [(Commitment, CommitmentProgress)] {
        try read { try Self.commitmentsWithProgress($0) }
    }

    static func commitmentsWithProgress(_ db: Database) throws -> [(Commitment, CommitmentProgress)] {
        let counts = try Row.fetchAll(db, sql: """
            SELECT commitmentId, count(*), count(completedOn) FROM milestone GROUP BY commitmentId
            """).reduce(into: [Int64: CommitmentProgress]()) {
                $0[$1[0]] = CommitmentProgress(completed: $1[2], total: $1[1])
            }
        return try Commitment.order(Column("planId"), Column("number") == nil, Column("number"), Column("id"))
            .fetchAll(db).map { ($0, counts[$0.id!] ?? CommitmentProgress(completed: 0, total: 0)) }
    }

    public func milestones(of commitmentId: Int64) throws -> [Milestone] {
        try read { db in
            try Milestone.filter(Column("commitmentId") == commitmentId).order(Column("position")).fetchAll(db)
        }
    }

    /// Overdue: due before today and not complete.
    public func isOverdue(_ milestone: Milestone) -> Bool {
        milestone.completedOn == nil && (milestone.dueDate.map { $0 < clock.today() } ?? false)
    }
}

extension AppDatabase {
    public func assessments(of commitmentId: Int64) throws -> [Assessment] {
        try read { db in
            try Assessment.filter(Column("commitmentId") == commitmentId).order(Column("assessedOn").desc, Column("id").desc)
                .fetchAll(db)
        }
    }

    public func progressUpdates(of commitmentId: Int64) throws -> [(ProgressUpdate, [Evidence])] {
        try read { db in
            try ProgressUpdate.filter(Column("commitmentId") == commitmentId).order(Column("date").desc, Column("id").desc)
                .fetchAll(db).map { update in
                    (update, try Evidence.filter(Column("progressUpdateId") == update.id!).order(Column("id")).fetchAll(db))
                }
        }
    }
}

/// The co-creation figures the action-plan template asks for, counted from
/// the meetings recorded, never typed.
public struct CoCreationFigures: Sendable, Equatable {
    public let spaces: Int
    public let meetings: Int
    public let publicMeetings: Int
    /// Distinct organisations that took part in any meeting of the plan.
    public let groups: Int
    /// People counted at the meetings where attendance was counted.
    public let attendees: Int
}

extension AppDatabase {
    public func coCreationSpaces(planId: Int64) throws -> [CoCreationSpace] {
        try read { db in try CoCreationSpace.filter(Column("planId") == planId).order(Column("id")).fetchAll(db) }
    }

    /// Records a meeting of a co-creation space and the organisations that
    /// took part, in one audited transaction.
    public func recordCoCreationMeeting(spaceId: Int64, date: String, place: String?, isPublic: Bool, attendees: Int?,
                                        organisationIds: [Int64], by actor: Actor) throws -> CoCreationMeeting {
        try perform { db, now in
            let space = try Self.fetch(CoCreationSpace.self, spaceId, db, Message("Co-creation space"))
            try actor.require(.editPlan(space.planId), db)
            if let attendees, attendees < 0 {
                throw CabildoError(.validation, Message("The number of people cannot be negative."), field: "attendees")
            }
            let meeting = try Self.insert(CoCreationMeeting(
                id: nil, spaceId: spaceId, date: try Fields.day(date, Fields.sessionDate)!,
                place: try Fields.place.clean(place), isPublic: isPublic, attendees: attendees),
                db, actor, now, action: "cocreation.meeting")
            for organisationId in Set(organisationIds) {
                _ = try Self.fetch(Organisation.self, organisationId, db, Message("Organisation"))
                try db.execute(sql: "INSERT INTO coCreationParticipant (meetingId, organisationId) VALUES (?, ?)",
                               arguments: [meeting.id, organisationId])
            }
            return meeting
        }
    }

    public func coCreationFigures(planId: Int64) throws -> CoCreationFigures {
        try read { try Self.coCreationFigures(planId: planId, $0) }
    }

    static func coCreationFigures(planId: Int64, _ db: Database) throws -> CoCreationFigures {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM coCreationSpace WHERE planId = ?1),
                   count(m.id), coalesce(sum(m.isPublic), 0), coalesce(sum(m.attendees), 0),
                   (SELECT count(DISTINCT p.organisationId) FROM coCreationParticipant p
                      JOIN coCreationMeeting pm ON pm.id = p.meetingId
                      JOIN coCreationSpace ps ON ps.id = pm.spaceId WHERE ps.planId = ?1)
            FROM coCreationMeeting m JOIN coCreationSpace s ON s.id = m.spaceId WHERE s.planId = ?1
            """, arguments: [planId])!
        return CoCreationFigures(spaces: row[0], meetings: row[1], publicMeetings: row[2], groups: row[4],
                                 attendees: row[3])
    }
}
