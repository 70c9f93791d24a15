import CabildoText
import Foundation
import GRDB

/// The read models of `cabildo publish`: what the public may see, and
/// nothing else. Each is read from one snapshot and sorted, so the same
/// records always give the same site. Nothing here carries citizens'
/// contact data, unpublished submissions, accounts, the audit trail,
/// citizens' messages (only an answer, by its folio) or members' own
/// e-mails and telephones.
public enum Publication {
    /// Which records a publication covers: all, or one jurisdiction and, for
    /// a state, its municipalities.
    public struct Scope: Sendable, Equatable {
        public let jurisdictionIds: Set<Int64>?
        public static let everything = Scope(jurisdictionIds: nil)

        func contains(_ id: Int64) -> Bool { jurisdictionIds?.contains(id) ?? true }
        func containsAny(_ ids: [Int64]) -> Bool { jurisdictionIds == nil || ids.contains { contains($0) } }
    }

    public struct Member: Sendable, Equatable {
        public let membershipId: Int64
        /// Set when the member is a person (an official's or a representative's post), else nil.
        public let personId: Int64?
        public let organisationId: Int64?
        public let name: String
        public let post: String
        public let sector: Sector
        public let startDate: String?
        public let endDate: String?
        public var isCurrent: Bool { endDate == nil }
    }

    public struct Session: Sendable, Equatable {
        public let id: Int64
        public let date: String
        public let place: String?
        public let isOnline: Bool
        public let kind: SessionKind
        public let minutes: String?
        public let agenda: [String]
        /// Names of the members who attended, sorted.
        public let attendees: [String]
    }

    public struct FollowUp: Sendable, Equatable {
        public let date: String
        public let status: AgreementStatus
        public let note: String
    }

    public struct Agreement: Sendable, Equatable {
        public let id: Int64
        /// The session it was agreed in, when that session is public.
        public let sessionId: Int64?
        public let sessionDate: String?
        public let text: String
        public let responsible: String?
        public let dueDate: String?
        public let status: AgreementStatus
        public let followUps: [FollowUp]
    }

    public struct Mechanism: Sendable, Equatable {
        public let id: Int64
        public let jurisdictionCode: String
        public let jurisdictionName: String
        public let name: String
        public let acronym: String?
        public let theme: Theme
        public let status: MechanismStatus
        public let established: String?
        public let legalBasis: String?
        public let purpose: String?
        public let budgetProgramme: String?
        /// The responsible official's public (office) contact.
        public let officialName: String?
        public let officialPost: String?
        public let officialEmail: String?
        public let officialPhone: String?
        public let members: [Member]
        public let sessions: [Session]
        public let agreements: [Agreement]
        public let activities: [CabildoCore.Activity]
        public let news: [CabildoCore.News]
    }

    public struct Institution: Sendable, Equatable {
        public let name: String
        public let role: String
    }

    public struct Space: Sendable, Equatable {
        public let space: CoCreationSpace
        public let meetings: Int
        public let publicMeetings: Int
        public let attendees: Int
    }

    public struct ProgressReport: Sendable, Equatable {
        public let date: String
        public let summary: String
        public let milestonePosition: Int?
        public let evidence: [CabildoCore.Evidence]
    }

    public struct Commitment: Sendable, Equatable {
        public let commitment: CabildoCore.Commitment
        public let axis: String?
        public let values: [OGPValue]
        public let institutions: [Institution]
        public let milestones: [Milestone]
        public let progress: CommitmentProgress
        public let reports: [ProgressReport]
        public let assessments: [Assessment]
    }

    public struct Plan: Sendable, Equatable {
        public let plan: ActionPlan
        public let jurisdictions: [String]
        public let institutions: [Institution]
        public let spaces: [Space]
        public let figures: CoCreationFigures
        public let commitments: [Commitment]
    }

    public struct Consultation: Sendable, Equatable {
        public let consultation: CabildoCore.Consultation
        public let jurisdictionCode: String
        public let jurisdictionName: String
        /// Each question's results over the published submissions.
        public let results: [CabildoCore.QuestionResult]
        public let commitments: [CabildoCore.Commitment]
        /// Submissions received (every status: a count says nothing of their text), by channel and by
        /// municipality ("name (INEGI code)": names repeat across states).
        public let received: Int
        public let published: Int
        public let byChannel: [(Channel, Int)]
        public let byMunicipality: [(String, Int)]

        public static func == (a: Self, b: Self) -> Bool {
            a.consultation == b.consultation && a.results == b.results && a.received == b.received
                && a.published == b.published
        }
    }

    public struct Answer: Sendable, Equatable {
        public let position: Int
        public let text: String
    }

    /// A published submission as anyone may read it: no contact data, no place typed at capture.
    public struct Submission: Sendable, Equatable {
        public let folio: String
        public let receivedOn: String
        public let channel: Channel
        public let municipalityCode: String
        public let municipality: String
        public let answers: [Answer]
        public let response: String?
        public let respondedOn: String?
    }

    /// An official's answer to a citizen's message (or why it was closed), as
    /// anyone with its folio may read it: never the message, who sent it or
    /// from where.
    public struct MessageAnswer: Sendable, Equatable {
        public let folio: String
        public let mechanismId: Int64
        public let mechanismName: String
        public let sentOn: String
        public let status: ContactRequestStatus
        public let answer: String
        public let answeredOn: String
    }

    public struct Jurisdiction: Sendable, Equatable {
        public let code: String
        public let name: String
    }
}

extension AppDatabase {
    /// The scope of `--jurisdiction CODE`: that jurisdiction and, for a state, its municipalities.
    public func publicationScope(inegiCode: String?) throws -> Publication.Scope {
        guard let inegiCode else { return .everything }
        return try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM jurisdiction WHERE inegiCode = ?",
                                              arguments: [inegiCode]) else {
                throw CabildoError(.notFound, Message("No jurisdiction has the INEGI code {code}.",
                                                      ["code": .text(inegiCode)]), field: "jurisdiction")
            }
            let children = try Int64.fetchAll(db, sql: "SELECT id FROM jurisdiction WHERE parentId = ?", arguments: [id])
            return Publication.Scope(jurisdictionIds: Set([id] + children))
        }
    }

    /// The day the data was published: the day of the last change in the
    /// audit trail (so the same records give the same date), or today when
    /// nothing was ever recorded.
    public func publicationDay() throws -> String {
        try read { db in
            let last = try String.fetchOne(db, sql: "SELECT at FROM auditEntry ORDER BY id DESC LIMIT 1")
            return last.map { String($0.prefix(10)) } ?? clock.today()
        }
    }

    /// Jurisdictions that have a published mechanism or consultation in the scope, by INEGI code.
    public func publishedJurisdictions(_ scope: Publication.Scope) throws -> [Publication.Jurisdiction] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, inegiCode, name FROM jurisdiction WHERE id IN
                  (SELECT jurisdictionId FROM mechanism UNION SELECT jurisdictionId FROM consultation)
                ORDER BY inegiCode
                """).filter { scope.contains($0[0]) }.map { Publication.Jurisdiction(code: $0[1], name: $0[2]) }
        }
    }

    /// Every mechanism of the scope with what the catalogue shows, by
    /// jurisdiction and name. Only public sessions; members by their name,
    /// never their own e-mail or telephone.
    public func publishedMechanisms(_ scope: Publication.Scope) throws -> [Publication.Mechanism] {
        try read { db in
            let mechanisms = try Row.fetchAll(db, sql: """
                SELECT m.*, j.inegiCode, j.name AS jurisdictionName FROM mechanism m
                JOIN jurisdiction j ON j.id = m.jurisdictionId ORDER BY j.inegiCode, m.name, m.id
                """).filter { scope.contains($0["jurisdictionId"]) }
            let members = Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT ms.id, ms.mechanismId, ms.personId, ms.organisationId, coalesce(p.name, o.name) AS name,
                       ms.post, ms.sector, ms.startDate, ms.endDate
                FROM membership ms LEFT JOIN person p ON p.id = ms.personId
                LEFT JOIN organisation o ON o.id = ms.organisationId
                ORDER BY ms.endDate IS NOT NULL, name, ms.id
                """), by: { $0["mechanismId"] as Int64 })
            let agenda = Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT sessionId, text FROM agendaItem ORDER BY sessionId, position
                """), by: { $0[0] as Int64 })
            let attendance = Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT t.sessionId, coalesce(p.name, o.name) AS name FROM sessionAttendance t
                JOIN membership ms ON ms.id = t.membershipId LEFT JOIN person p ON p.id = ms.personId
                LEFT JOIN organisation o ON o.id = ms.organisationId ORDER BY t.sessionId, name
                """), by: { $0[0] as Int64 })
            let sessions = Dictionary(grouping: try MechanismSession.fetchAll(db, sql: """
                SELECT * FROM mechanismSession WHERE isPublic = 1 ORDER BY date DESC, id DESC
                """), by: \.mechanismId)
            let followUps = Dictionary(grouping: try AgreementFollowUp.fetchAll(db, sql: """
                SELECT * FROM agreementFollowUp ORDER BY date, id
                """), by: \.agreementId)
            let agreements = Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT a.*, s.id AS publicSessionId, s.date AS sessionDate FROM agreement a
                LEFT JOIN mechanismSession s ON s.id = a.sessionId AND s.isPublic = 1 ORDER BY a.id
                """), by: { $0["mechanismId"] as Int64 })
            let activities = Dictionary(grouping: try CabildoCore.Activity.fetchAll(db, sql: """
                SELECT * FROM activity ORDER BY date DESC, id DESC
                """), by: \.mechanismId)
            let news = Dictionary(grouping: try CabildoCore.News.fetchAll(db, sql: """
                SELECT * FROM news ORDER BY publishedOn DESC, id DESC
                """), by: \.mechanismId)
            return mechanisms.map { row in
                let id: Int64 = row["id"]
                return Publication.Mechanism(
                    id: id, jurisdictionCode: row["inegiCode"], jurisdictionName: row["jurisdictionName"],
                    name: row["name"], acronym: row["acronym"], theme: row["theme"], status: row["status"],
                    established: row["established"], legalBasis: row["legalBasis"], purpose: row["purpose"],
                    budgetProgramme: row["budgetProgramme"], officialName: row["officialName"],
                    officialPost: row["officialPost"], officialEmail: row["officialEmail"],
                    officialPhone: row["officialPhone"],
                    members: (members[id] ?? []).map {
                        Publication.Member(membershipId: $0["id"], personId: $0["personId"],
                                           organisationId: $0["organisationId"], name: $0["name"], post: $0["post"],
                                           sector: $0["sector"], startDate: $0["startDate"], endDate: $0["endDate"])
                    },
                    sessions: (sessions[id] ?? []).map { session in
                        Publication.Session(id: session.id!, date: session.date, place: session.place,
                                            isOnline: session.isOnline, kind: session.kind, minutes: session.minutes,
                                            agenda: (agenda[session.id!] ?? []).map { $0[1] },
                                            attendees: (attendance[session.id!] ?? []).map { $0[1] })
                    },
                    agreements: (agreements[id] ?? []).map { a in
                        Publication.Agreement(id: a["id"], sessionId: a["publicSessionId"], sessionDate: a["sessionDate"],
                                              text: a["text"], responsible: a["responsible"], dueDate: a["dueDate"],
                                              status: a["status"],
                                              followUps: (followUps[a["id"]] ?? []).map {
                                                  Publication.FollowUp(date: $0.date, status: $0.status, note: $0.note)
                                              })
                    },
                    activities: activities[id] ?? [], news: news[id] ?? [])
            }
        }
    }

    /// The answered or closed messages to the scope's mechanisms, in folio
    /// order, with nothing of the citizen's: the folio index of answers.
    public func publishedMessageAnswers(_ scope: Publication.Scope) throws -> [Publication.MessageAnswer] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.folio, m.id, m.name, r.createdAt, r.status, r.answer, r.answeredAt, m.jurisdictionId
                FROM contactRequest r JOIN mechanism m ON m.id = r.mechanismId
                WHERE r.folio IS NOT NULL AND r.status != 'new' AND r.answer IS NOT NULL ORDER BY r.folio
                """).filter { scope.contains($0[7]) }.map { row in
                Publication.MessageAnswer(folio: row[0], mechanismId: row[1], mechanismName: row[2],
                                          sentOn: String((row[3] as String).prefix(10)), status: row[4], answer: row[5],
                                          answeredOn: String(((row[6] as String?) ?? "").prefix(10)))
            }
        }
    }

    /// Every action plan that touches the scope, with its commitments whole.
    public func publishedPlans(_ scope: Publication.Scope) throws -> [Publication.Plan] {
        let plans = try read { db in
            try ActionPlan.order(Column("title"), Column("id")).fetchAll(db).compactMap { plan -> (ActionPlan, [String], [Publication.Institution])? in
                let places = try Row.fetchAll(db, sql: """
                    SELECT j.id, j.name FROM actionPlanJurisdiction pj JOIN jurisdiction j ON j.id = pj.jurisdictionId
                    WHERE pj.planId = ? ORDER BY j.inegiCode
                    """, arguments: [plan.id])
                guard scope.containsAny(places.map { $0[0] }) else { return nil }
                let institutions = try Row.fetchAll(db, sql: """
                    SELECT o.name, pi.role FROM actionPlanInstitution pi JOIN organisation o ON o.id = pi.organisationId
                    WHERE pi.planId = ? ORDER BY pi.role, o.name
                    """, arguments: [plan.id]).map { Publication.Institution(name: $0[0], role: $0[1]) }
                return (plan, places.map { $0[1] }, institutions)
            }
        }
        return try plans.map { plan, places, institutions in
            let planId = plan.id!
            let spaces = try read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.id, count(m.id), coalesce(sum(m.isPublic), 0), coalesce(sum(m.attendees), 0)
                    FROM coCreationSpace s LEFT JOIN coCreationMeeting m ON m.spaceId = s.id
                    WHERE s.planId = ? GROUP BY s.id ORDER BY s.id
                    """, arguments: [planId]).map { ($0[0] as Int64, $0[1] as Int, $0[2] as Int, $0[3] as Int) }
            }
            let spaceRecords = Dictionary(uniqueKeysWithValues: try coCreationSpaces(planId: planId).map { ($0.id!, $0) })
            let commitments = try read { db in
                try CabildoCore.Commitment.fetchAll(db, sql: """
                    SELECT * FROM commitment WHERE planId = ? ORDER BY number IS NULL, number, title, id
                    """, arguments: [planId]).map { commitment in
                    let id = commitment.id!
                    let axis = try String.fetchOne(db, sql: "SELECT name FROM thematicAxis WHERE id = ?",
                                                   arguments: [commitment.axisId])
                    let values = try OGPValue.fetchAll(db, sql: """
                        SELECT value FROM commitmentValue WHERE commitmentId = ? ORDER BY value
                        """, arguments: [id])
                    let institutions = try Row.fetchAll(db, sql: """
                        SELECT o.name, ci.role FROM commitmentInstitution ci JOIN organisation o ON o.id = ci.organisationId
                        WHERE ci.commitmentId = ? ORDER BY ci.role, o.name
                        """, arguments: [id]).map { Publication.Institution(name: $0[0], role: $0[1]) }
                    let milestones = try Milestone.filter(Column("commitmentId") == id).order(Column("position"))
                        .fetchAll(db)
                    let reports = try Row.fetchAll(db, sql: """
                        SELECT u.id, u.date, u.summary, m.position FROM progressUpdate u
                        LEFT JOIN milestone m ON m.id = u.milestoneId WHERE u.commitmentId = ? ORDER BY u.date DESC, u.id DESC
                        """, arguments: [id]).map { row in
                        Publication.ProgressReport(
                            date: row[1], summary: row[2], milestonePosition: row[3],
                            evidence: try CabildoCore.Evidence.filter(Column("progressUpdateId") == (row[0] as Int64))
                                .order(Column("id")).fetchAll(db))
                    }
                    let assessments = try Assessment.filter(Column("commitmentId") == id)
                        .order(Column("assessedOn").desc, Column("id").desc).fetchAll(db)
                        .map { var a = $0; a.accountId = nil; return a }
                    return Publication.Commitment(
                        commitment: commitment, axis: axis, values: values, institutions: institutions,
                        milestones: milestones, progress: try Self.progress(of: id, db), reports: reports,
                        assessments: assessments)
                }
            }
            return Publication.Plan(
                plan: plan, jurisdictions: places, institutions: institutions,
                spaces: spaces.compactMap { id, meetings, publicMeetings, attendees in
                    spaceRecords[id].map { Publication.Space(space: $0, meetings: meetings, publicMeetings: publicMeetings,
                                                             attendees: attendees) }
                },
                figures: try coCreationFigures(planId: planId), commitments: commitments)
        }
    }

    /// Every consultation of the scope, oldest first, with its results over
    /// the published submissions counted in SQL (a million submissions are
    /// never read into memory for this).
    public func publishedConsultations(_ scope: Publication.Scope) throws -> [Publication.Consultation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, j.inegiCode, j.name, c.jurisdictionId FROM consultation c
                JOIN jurisdiction j ON j.id = c.jurisdictionId ORDER BY c.opensOn, c.title, c.id
                """).filter { scope.contains($0[3]) }
                .map { row in
                    let id: Int64 = row[0]
                    let consultation = try CabildoCore.Consultation.fetchOne(db, key: id)!
                    // Free text is read on the contributions' own pages, not listed again.
                    let results = try Self.consultationResults(id, scope: .published, listingTexts: false, db)
                        .overall.questions
                    let commitments = try CabildoCore.Commitment.fetchAll(db, sql: """
                        SELECT c.* FROM commitment c JOIN consultationCommitment l ON l.commitmentId = c.id
                        WHERE l.consultationId = ? ORDER BY c.number, c.title, c.id
                        """, arguments: [id])
                    let byChannel = try Row.fetchAll(db, sql: """
                        SELECT channel, sum(n) FROM submissionTotal WHERE consultationId = ? AND n > 0
                        GROUP BY channel ORDER BY 2 DESC, 1
                        """, arguments: [id]).map { ($0[0] as Channel, $0[1] as Int) }
                    let byMunicipality = try Row.fetchAll(db, sql: """
                        SELECT j.name || ' (' || j.inegiCode || ')', sum(s.n) FROM submissionCount s
                        JOIN jurisdiction j ON j.id = s.jurisdictionId
                        WHERE s.consultationId = ? AND s.n > 0 GROUP BY j.id ORDER BY 2 DESC, 1
                        """, arguments: [id]).map { ($0[0] as String, $0[1] as Int) }
                    let published = try Int.fetchOne(db, sql: """
                        SELECT coalesce(sum(n), 0) FROM submissionTotal WHERE consultationId = ? AND moderation = 'published'
                        """, arguments: [id]) ?? 0
                    return Publication.Consultation(
                        consultation: consultation, jurisdictionCode: row[1], jurisdictionName: row[2], results: results,
                        commitments: commitments, received: byChannel.reduce(0) { $0 + $1.1 }, published: published,
                        byChannel: byChannel, byMunicipality: byMunicipality)
                }
        }
    }

    /// A consultation's published submissions in folio order, handed to
    /// `body` one at a time from two cursors walked in step (submissions and
    /// their answers), so memory does not grow with their number.
    public func forEachPublishedSubmission(of consultationId: Int64,
                                           _ body: (Publication.Submission) throws -> Void) throws {
        try read { db in
            let answers = try Row.fetchCursor(db, sql: """
                SELECT s.folio, q.position, a.text FROM submission s JOIN answer a ON a.submissionId = s.id
                JOIN consultationQuestion q ON q.id = a.questionId
                WHERE s.consultationId = ? AND s.moderation = 'published' ORDER BY s.folio, q.position
                """, arguments: [consultationId])
            // Options as people read them ("A; B", a ranking numbered).
            let questions = Dictionary(uniqueKeysWithValues: try ConsultationQuestion
                .filter(Column("consultationId") == consultationId).fetchAll(db).map { ($0.position, $0) })
            var next: (folio: String, answer: Publication.Answer)?
            func advance() throws {
                next = try answers.next().map { row in
                    let position: Int = row[1], text: String = row[2]
                    return (row[0], Publication.Answer(position: position,
                                                       text: questions[position]?.displayAnswer(text) ?? text))
                }
            }
            try advance()
            let submissions = try Row.fetchCursor(db, sql: """
                SELECT s.folio, s.receivedAt, s.channel, j.inegiCode, j.name, r.body, r.respondedAt
                FROM submission s JOIN jurisdiction j ON j.id = s.jurisdictionId
                LEFT JOIN response r ON r.submissionId = s.id
                WHERE s.consultationId = ? AND s.moderation = 'published' ORDER BY s.folio
                """, arguments: [consultationId])
            while let row = try submissions.next() {
                let folio: String = row[0]
                var own: [Publication.Answer] = []
                while let answer = next, answer.folio <= folio {
                    if answer.folio == folio { own.append(answer.answer) }
                    try advance()
                }
                let received: String = row[1], responded: String? = row[6]
                try body(Publication.Submission(
                    folio: folio, receivedOn: String(received.prefix(10)), channel: row[2], municipalityCode: row[3],
                    municipality: row[4], answers: own, response: row[5], respondedOn: responded.map { String($0.prefix(10)) }))
            }
        }
    }
}
