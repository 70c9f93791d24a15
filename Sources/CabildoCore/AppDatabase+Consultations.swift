import CabildoText
import Foundation
import GRDB

public struct QuestionDraft: Sendable, Equatable {
    public var prompt: String
    public var kind: QuestionKind
    public var required: Bool
    public var maxLength: Int
    /// The options, one per line as an official declares them.
    public var choices: [String]
    /// For multiple choice: the most options a citizen may pick (nil: all of them).
    public var maxChoices: Int?
    public init(prompt: String, kind: QuestionKind = .text, required: Bool = true, maxLength: Int = 2_000,
                choices: [String] = [], maxChoices: Int? = nil) {
        self.prompt = prompt; self.kind = kind; self.required = required; self.maxLength = maxLength
        self.choices = choices; self.maxChoices = maxChoices
    }

    /// A stored question as a draft: saved back unchanged, it changes nothing.
    public init(_ question: ConsultationQuestion) {
        self.init(prompt: question.prompt, kind: question.kind, required: question.required,
                  maxLength: question.maxLength, choices: question.choiceList, maxChoices: question.maxChoices)
    }
}

public struct ConsultationDraft: Sendable, Equatable {
    public var jurisdictionId: Int64
    public var title: String
    public var theme: Theme
    public var description: String?
    public var opensOn: String
    public var closesOn: String
    public var questions: [QuestionDraft]
    public var commitmentIds: [Int64]
    public init(jurisdictionId: Int64, title: String, theme: Theme, description: String? = nil, opensOn: String,
                closesOn: String, questions: [QuestionDraft], commitmentIds: [Int64] = []) {
        self.jurisdictionId = jurisdictionId; self.title = title; self.theme = theme; self.description = description
        self.opensOn = opensOn; self.closesOn = closesOn; self.questions = questions
        self.commitmentIds = commitmentIds
    }
}

public struct SubmissionDraft: Sendable, Equatable {
    public var consultationId: Int64
    public var channel: Channel
    public var place: String
    public var jurisdictionId: Int64
    public var answers: [Int64: String]   // question id → answer
    public var contact: ContactDetails
    public var privacyNoticeVersion: String?
    public init(consultationId: Int64, channel: Channel, place: String, jurisdictionId: Int64,
                answers: [Int64: String], contact: ContactDetails = ContactDetails(),
                privacyNoticeVersion: String? = nil) {
        self.consultationId = consultationId; self.channel = channel; self.place = place
        self.jurisdictionId = jurisdictionId; self.answers = answers; self.contact = contact
        self.privacyNoticeVersion = privacyNoticeVersion
    }
}

/// What anyone may learn from a folio: nothing personal.
public struct FolioStatus: Sendable, Equatable {
    public let folio: String
    public let consultationTitle: String
    public let receivedAt: String
    public let moderation: Moderation
    public let response: String?
    public let respondedAt: String?
}

public enum ModerationDecision: Sendable, Equatable {
    case publish
    case reject(reason: String)
}

extension AppDatabase {
    public func createConsultation(_ draft: ConsultationDraft, by actor: Actor) throws -> Consultation {
        try perform { db, now in
            try actor.require(.editJurisdiction(draft.jurisdictionId), db)
            let consultation = try Self.validated(draft, id: nil, db)
            let saved = try Self.insert(consultation, db, actor, now, action: "consultation.create")
            try Self.insertQuestions(draft.questions, of: saved.id!, db)
            for commitmentId in Set(draft.commitmentIds) {
                _ = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment"))
                try db.execute(sql: "INSERT INTO consultationCommitment (consultationId, commitmentId) VALUES (?, ?)",
                               arguments: [saved.id, commitmentId])
            }
            return saved
        }
    }

    public func questions(of consultationId: Int64) throws -> [ConsultationQuestion] {
        try read { db in
            try ConsultationQuestion.filter(Column("consultationId") == consultationId)
                .order(Column("position")).fetchAll(db)
        }
    }

    /// Records a citizen's submission and gives it a fresh folio. The commit
    /// is durable (synchronous=FULL) before this returns, so a folio shown is
    /// a submission kept.
    /// How many submissions a kiosk account records in a minute unless its
    /// kiosk is started with another limit: a person needs well over ten
    /// seconds for one, so a crowded caravan stays below it; a paste does not.
    public static let kioskSubmissionsPerMinute = 6

    /// Stores a citizen's submission. A kiosk account records at most
    /// `perMinute` in any minute (counted in this transaction, from the
    /// submissions it recorded); past that it is refused and nothing is stored.
    public func recordSubmission(_ draft: SubmissionDraft, by actor: Actor,
                                 perMinute: Int = kioskSubmissionsPerMinute) throws -> Submission {
        try perform { db, now in
            let consultation = try Self.fetch(Consultation.self, draft.consultationId, db, Message("Consultation"))
            try actor.require(.recordSubmission(jurisdictionId: consultation.jurisdictionId), db)
            if actor.role == .kiosk, let account = actor.accountId {
                try Self.requireKioskRate(account: account, perMinute: perMinute, now: clock.now(), db)
            }
            _ = try Self.fetch(Jurisdiction.self, draft.jurisdictionId, db, Message("Jurisdiction"))
            let today = clock.today()
            let typedLater = draft.channel == .paper || draft.channel == .roundtable
            guard today >= consultation.opensOn, typedLater || today <= consultation.closesOn else {
                throw CabildoError(.validation, Message("This consultation is not open: it runs from {opens} to {closes}.",
                                                        ["opens": .text(consultation.opensOn),
                                                         "closes": .text(consultation.closesOn)]))
            }
            let place = try Fields.requiredPlace.clean(draft.place)
            let contact = try draft.contact.cleaned()
            try Self.requireNotice(draft.privacyNoticeVersion, for: contact, db)

            let questions = try ConsultationQuestion.filter(Column("consultationId") == consultation.id!)
                .order(Column("position")).fetchAll(db)
            let answers = try ConsultationQuestion.checkedAnswers(draft.answers, of: questions)
                .map { Answer(submissionId: 0, questionId: $0.questionId, text: $0.text) }

            // On a caravan laptop the contact data is sealed, never stored readable.
            let capture = try Self.jornadaCapture(contact, db)
            let kept = capture == nil ? contact : ContactDetails()
            let submission = Submission(id: nil, folio: try Self.uniqueFolio(db), consultationId: consultation.id!,
                                        channel: draft.channel, place: place, jurisdictionId: draft.jurisdictionId,
                                        receivedAt: now, moderation: .pending, rejectionReason: nil,
                                        contactName: kept.name, contactEmail: kept.email,
                                        contactPhone: kept.phone,
                                        privacyNoticeVersion: contact.isEmpty ? nil : draft.privacyNoticeVersion,
                                        commitmentId: nil, recordedBy: actor.accountId)
            let saved = try Self.insert(submission, db, actor, now, action: "submission.record")
            if let capture {
                try Self.keep(capture, submissionId: saved.id, typedFromPaper: actor.role != .kiosk, db, actor, now)
            }
            for var answer in answers {
                answer.submissionId = saved.id!
                try answer.insert(db)
            }
            return saved
        }
    }

    /// Refuses a kiosk's submission when it already recorded `perMinute` in
    /// the last 60 seconds (index `submission_recorder`: one range read).
    static func requireKioskRate(account: Int64, perMinute: Int, now: Date, _ db: Database) throws {
        let since = now.addingTimeInterval(-60).formatted(.iso8601)
        let recent = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM submission WHERE recordedBy = ? AND receivedAt > ?
            """, arguments: [account, since]) ?? 0
        guard recent < max(1, perMinute) else {
            throw CabildoError(.permission, Message(
                "This kiosk has already sent {count} participations in the last minute, as many as it may. Your answers are kept: wait a minute and send again.",
                ["count": .text(String(recent))]))
        }
    }

    public func moderateSubmission(_ id: Int64, _ decision: ModerationDecision, by actor: Actor) throws -> Submission {
        try perform { db, now in
            let before = try Self.fetch(Submission.self, id, db, Message("Submission"))
            let consultation = try Self.fetch(Consultation.self, before.consultationId, db, Message("Consultation"))
            try actor.require(.moderate(jurisdictionId: consultation.jurisdictionId), db)
            var after = before
            switch decision {
            case .publish:
                after.moderation = .published
                after.rejectionReason = nil
            case .reject(let reason):
                after.moderation = .rejected
                after.rejectionReason = try Fields.rejectionReason.clean(reason)
            }
            return try Self.update(before, to: after, db, actor, now, action: "submission.moderate")
        }
    }

    /// The reasoned public response every submission gets; writing it again revises it.
    public func respondToSubmission(_ id: Int64, body: String, by actor: Actor) throws -> Response {
        try perform { db, now in
            let submission = try Self.fetch(Submission.self, id, db, Message("Submission"))
            let consultation = try Self.fetch(Consultation.self, submission.consultationId, db, Message("Consultation"))
            try actor.require(.moderate(jurisdictionId: consultation.jurisdictionId), db)
            let text = try Fields.response.clean(body)
            if let before = try Response.filter(Column("submissionId") == id).fetchOne(db) {
                var after = before
                after.body = text
                after.respondedAt = now
                after.accountId = actor.accountId
                let saved = try Self.update(before, to: after, db, actor, now, action: "response.revise")
                // A revised response is news to the citizen too; an unchanged one is not.
                if before.body != text {
                    try Self.queueNotice(answering: submission, about: consultation.title, with: text, db, actor, now)
                }
                return saved
            }
            let response = Response(id: nil, submissionId: id, body: text, respondedAt: now, accountId: actor.accountId)
            let saved = try Self.insert(response, db, actor, now, action: "response.write")
            try Self.queueNotice(answering: submission, about: consultation.title, with: text, db, actor, now)
            return saved
        }
    }

    public func linkSubmission(_ id: Int64, toCommitment commitmentId: Int64?, by actor: Actor) throws -> Submission {
        try perform { db, now in
            let before = try Self.fetch(Submission.self, id, db, Message("Submission"))
            let consultation = try Self.fetch(Consultation.self, before.consultationId, db, Message("Consultation"))
            try actor.require(.moderate(jurisdictionId: consultation.jurisdictionId), db)
            if let commitmentId { _ = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment")) }
            var after = before
            after.commitmentId = commitmentId
            return try Self.update(before, to: after, db, actor, now, action: "submission.link")
        }
    }

    /// Looks a folio up as a citizen typed it; says plainly what is wrong.
    public func folioStatus(_ typed: String) throws -> FolioStatus {
        let folio: String
        do { folio = try Folio.normalise(typed) } catch {
            throw CabildoError(.validation, Folio.message(for: error), field: "folio")
        }
        return try read { db in
            // On a caravan laptop, earlier folios come from the kit.
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.folio, c.title, s.receivedAt, s.moderation, r.body, r.respondedAt
                FROM submission s JOIN consultation c ON c.id = s.consultationId
                LEFT JOIN response r ON r.submissionId = s.id
                WHERE s.folio = ?
                """, arguments: [folio]) ?? Row.fetchOne(db, sql: """
                SELECT folio, consultationTitle, receivedAt, moderation, response, respondedAt
                FROM caravanFolio WHERE folio = ?
                """, arguments: [folio]) else {
                throw CabildoError.notFound(Message("No submission has the folio {folio}.",
                                                    ["folio": .text(Folio.display(folio))]))
            }
            return FolioStatus(folio: row[0], consultationTitle: row[1], receivedAt: row[2], moderation: row[3],
                               response: row[4], respondedAt: row[5])
        }
    }

    /// A submission as an actor may see it: contact data only for those allowed.
    public func submission(_ id: Int64, for actor: Actor) throws -> Submission {
        try read { db in
            let submission = try Self.fetch(Submission.self, id, db, Message("Submission"))
            return try actor.allows(.readPersonalData(jurisdictionId: submission.jurisdictionId), db)
                ? submission : submission.withoutPersonalData()
        }
    }

    public func answers(of submissionId: Int64) throws -> [Answer] {
        try read { db in
            try Answer.filter(Column("submissionId") == submissionId).order(Column("questionId")).fetchAll(db)
        }
    }
}

/// A submission as a list shows it: nothing personal.
public struct SubmissionSummary: Sendable, Hashable {
    public let id: Int64
    public let folio: String
    public let receivedAt: String
    public let channel: Channel
    public let place: String
    public let moderation: Moderation
    public let firstAnswer: String
    public let responded: Bool

    /// Hashed by id alone: a list keyed by its records hashes each row at
    /// every reload, and == still compares every field, so a record that
    /// changed is told apart from what it was.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension AppDatabase {
    /// The commitments a consultation was linked to when it was created.
    public func commitments(linkedTo consultationId: Int64) throws -> [Commitment] {
        try read { db in
            try Commitment.fetchAll(db.cachedStatement(sql: """
                SELECT c.* FROM commitment c JOIN consultationCommitment l ON l.commitmentId = c.id
                WHERE l.consultationId = ? ORDER BY c.number, c.title
                """), arguments: [consultationId])
        }
    }

    public func consultations() throws -> [Consultation] {
        try read { db in try Consultation.order(Column("opensOn").desc, Column("title")).fetchAll(db) }
    }

    /// One page of a consultation's submissions, newest first, optionally
    /// only those of a status, a channel or a municipality. A page next to
    /// one already read is found by its neighbour's key (keyset paging), so
    /// it costs the same at the millionth row as at the first.
    public func submissions(of consultationId: Int64, moderation: Moderation? = nil, channel: Channel? = nil,
                            jurisdictionId: Int64? = nil, jornadaId: Int64? = nil,
                            from position: PagePosition<SubmissionSummary> = .offset(0),
                            limit: Int = 500) throws -> [SubmissionSummary] {
        let (range, order, offset, reversed): (String, String, Int, Bool)
        var arguments = Self.submissionFilters(consultationId, moderation, channel, jurisdictionId, jornadaId)
        switch position {
        case .offset(let n): (range, order, offset, reversed) = ("", "DESC", n, false)
        case .after(let key):
            (range, order, offset, reversed) = ("AND (s.receivedAt, s.id) < (:receivedAt, :id)", "DESC", 0, false)
            _ = arguments.append(contentsOf: ["receivedAt": key.receivedAt, "id": key.id])
        case .before(let key):
            (range, order, offset, reversed) = ("AND (s.receivedAt, s.id) > (:receivedAt, :id)", "ASC", 0, true)
            _ = arguments.append(contentsOf: ["receivedAt": key.receivedAt, "id": key.id])
        case .last: (range, order, offset, reversed) = ("", "ASC", 0, true)
        }
        _ = arguments.append(contentsOf: ["limit": limit, "offset": offset])
        let page = try read { db in
            // Kept prepared (a few variants, every value bound): a list other
            // terminals add to is read again every second or so, and
            // preparing was a quarter of that.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT s.id, s.folio, s.receivedAt, s.channel, s.place, s.moderation, r.id IS NOT NULL
                FROM \(Self.submissionSource(byJornada: jornadaId != nil)) LEFT JOIN response r ON r.submissionId = s.id
                WHERE \(Self.submissionFilter(byJornada: jornadaId != nil)) \(range)
                ORDER BY s.receivedAt \(order), s.id \(order) LIMIT :limit OFFSET :offset
                """), arguments: arguments)
            let first = try Self.firstAnswers(of: rows.map { $0[0] as Int64 }, db)
            return rows.map {
                SubmissionSummary(id: $0[0], folio: $0[1], receivedAt: $0[2], channel: $0[3], place: $0[4],
                                  moderation: $0[5], firstAnswer: first[$0[0]] ?? "", responded: $0[6])
            }
        }
        return reversed ? page.reversed() : page
    }

    /// Each submission's answer to its earliest question answered, for a
    /// whole page in one statement (not a sorted lookup per row). SQLite
    /// takes a bare column from the row where `min()` found its value.
    static func firstAnswers(of submissions: [Int64], _ db: Database) throws -> [Int64: String] {
        guard !submissions.isEmpty else { return [:] }
        // The ids as one JSON array, so the statement is the same every time and stays prepared.
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT a.submissionId, a.text, min(q.position) FROM answer a
            JOIN consultationQuestion q ON q.id = a.questionId
            WHERE a.submissionId IN (SELECT value FROM json_each(?))
            GROUP BY a.submissionId
            """), arguments: ["[" + submissions.map(String.init).joined(separator: ",") + "]"])
        return Dictionary(rows.map { ($0[0] as Int64, $0[1] as String) }, uniquingKeysWith: { first, _ in first })
    }
}

extension AppDatabase {
    /// Where a submission stands in the same newest-first, filtered order
    /// (its row number from 0), or nil when it no longer matches the filters:
    /// a list keeps its selection on the record, not on a row number, while
    /// other terminals add submissions above it.
    public func submissionIndex(of summary: SubmissionSummary, in consultationId: Int64,
                                moderation: Moderation? = nil, channel: Channel? = nil,
                                jurisdictionId: Int64? = nil, jornadaId: Int64? = nil) throws -> Int? {
        let source = Self.submissionSource(byJornada: jornadaId != nil)
        let filters = Self.submissionFilter(byJornada: jornadaId != nil)
        var arguments = Self.submissionFilters(consultationId, moderation, channel, jurisdictionId, jornadaId)
        _ = arguments.append(contentsOf: ["id": summary.id, "receivedAt": summary.receivedAt])
        return try read { db in
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(source) WHERE \(filters) AND s.id = :id)"),
                                    arguments: arguments) == true else { return nil }
            return try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM \(source) WHERE \(filters) AND (s.receivedAt, s.id) > (:receivedAt, :id)
                """), arguments: arguments) ?? 0
        }
    }

    /// Whether any of `ids`, as it stands now and under the same filters,
    /// falls between two rows of the list (both included, newest first): a
    /// list whose rows on screen none of the changes touched nor came among
    /// keeps them (see `PagedRows.keep`).
    public func anySubmission(of ids: Set<Int64>, between first: SubmissionSummary, and last: SubmissionSummary,
                              in consultationId: Int64, moderation: Moderation? = nil, channel: Channel? = nil,
                              jurisdictionId: Int64? = nil, jornadaId: Int64? = nil) throws -> Bool {
        guard !ids.isEmpty else { return false }
        var arguments = Self.submissionFilters(consultationId, moderation, channel, jurisdictionId, jornadaId)
        _ = arguments.append(contentsOf: [
            "ids": "[" + ids.map(String.init).joined(separator: ",") + "]",
            "firstAt": first.receivedAt, "firstId": first.id, "lastAt": last.receivedAt, "lastId": last.id,
        ])
        return try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM \(Self.submissionSource(byJornada: jornadaId != nil))
                WHERE \(Self.submissionFilter(byJornada: jornadaId != nil))
                  AND s.id IN (SELECT value FROM json_each(:ids))
                  AND (s.receivedAt, s.id) <= (:firstAt, :firstId) AND (s.receivedAt, s.id) >= (:lastAt, :lastId))
                """), arguments: arguments) ?? true
        }
    }

    /// What a submissions list reads: the submissions (`s`), or with a
    /// jornada asked for, that jornada's records first (`CROSS JOIN` keeps
    /// SQLite from scanning the whole consultation instead): a few hundred
    /// rows a day, however many the consultation has.
    static func submissionSource(byJornada: Bool) -> String {
        byJornada ? "jornadaRecord jr CROSS JOIN submission s ON s.id = jr.submissionId" : "submission s"
    }

    /// The filters of a submissions list, over `submissionSource`. Every
    /// value is a bound parameter (`submissionFilters`): the statements are
    /// kept prepared, so a value written into their text would make one per
    /// jornada. Only whether a jornada is asked for changes the text.
    static func submissionFilter(byJornada: Bool) -> String {
        """
        s.consultationId = :consultation
          AND (:moderation IS NULL OR s.moderation = :moderation) AND (:channel IS NULL OR s.channel = :channel)
          AND (:jurisdiction IS NULL OR s.jurisdictionId = :jurisdiction)
        """ + (byJornada ? " AND jr.jornadaId = :jornada" : "")
    }

    /// The values `submissionFilter` binds (by name; a statement ignores those it does not use).
    static func submissionFilters(_ consultationId: Int64, _ moderation: Moderation?, _ channel: Channel?,
                                  _ jurisdictionId: Int64?, _ jornadaId: Int64?) -> StatementArguments {
        ["consultation": consultationId, "moderation": moderation, "channel": channel,
         "jurisdiction": jurisdictionId, "jornada": jornadaId]
    }

    /// How many submissions the same filters give (for a paged list), added
    /// up from the counts the triggers keep (`submissionTotal`, or
    /// `submissionCount` for a municipality): a few rows per consultation, never its submissions, so a list that other
    /// terminals keep adding to is recounted at no cost.
    public func submissionCount(of consultationId: Int64, moderation: Moderation? = nil, channel: Channel? = nil,
                                jurisdictionId: Int64? = nil, jornadaId: Int64? = nil) throws -> Int {
        try read { db in
            // A jornada's submissions are counted from its own records (a few hundred a day).
            if jornadaId != nil {
                return try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT count(*) FROM \(Self.submissionSource(byJornada: true)) WHERE \(Self.submissionFilter(byJornada: true))
                    """), arguments: Self.submissionFilters(consultationId, moderation, channel, jurisdictionId,
                                                            jornadaId)) ?? 0
            }
            // Without a municipality, the totals: a few rows, not one per municipality.
            guard let jurisdictionId else {
                return try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT coalesce(sum(n), 0) FROM submissionTotal WHERE consultationId = ?1
                      AND (?2 IS NULL OR moderation = ?2) AND (?3 IS NULL OR channel = ?3)
                    """), arguments: [consultationId, moderation, channel]) ?? 0
            }
            return try Int.fetchOne(db.cachedStatement(sql: """
                SELECT coalesce(sum(n), 0) FROM submissionCount WHERE consultationId = ?1
                  AND (?2 IS NULL OR moderation = ?2) AND (?3 IS NULL OR channel = ?3)
                  AND jurisdictionId = ?4
                """), arguments: [consultationId, moderation, channel, jurisdictionId]) ?? 0
        }
    }
}

/// Counts of submissions by one dimension, largest first.
public struct Tally: Sendable {
    public let byChannel: [(Channel, Int)]
    public let byMunicipality: [(String, Int)]
    public let byTheme: [(Theme, Int)]
    public let byStatus: [(Moderation, Int)]
    /// Submissions each caravan jornada took: "day — municipality — place".
    public let byJornada: [(String, Int)]
}

extension AppDatabase {
    /// Tallies of one consultation's submissions, or of all when nil, from
    /// the kept counts (`submissionTotal`; `submissionCount` by municipality),
    /// not from the submissions.
    public func tally(consultationId: Int64? = nil) throws -> Tally {
        try read { db in
            let scope = "(?1 IS NULL OR s.consultationId = ?1) AND s.n > 0"
            let channel = try Row.fetchAll(db, sql: "SELECT s.channel, sum(s.n) FROM submissionTotal s WHERE \(scope) GROUP BY 1 ORDER BY 2 DESC, 1",
                                           arguments: [consultationId]).map { ($0[0] as Channel, $0[1] as Int) }
            let place = try Row.fetchAll(db, sql: """
                SELECT j.name, sum(s.n) FROM submissionCount s JOIN jurisdiction j ON j.id = s.jurisdictionId
                WHERE \(scope) GROUP BY j.id ORDER BY 2 DESC, 1
                """, arguments: [consultationId]).map { ($0[0] as String, $0[1] as Int) }
            let theme = try Row.fetchAll(db, sql: """
                SELECT c.theme, sum(s.n) FROM submissionTotal s JOIN consultation c ON c.id = s.consultationId
                WHERE \(scope) GROUP BY 1 ORDER BY 2 DESC, 1
                """, arguments: [consultationId]).map { ($0[0] as Theme, $0[1] as Int) }
            let status = try Row.fetchAll(db, sql: "SELECT s.moderation, sum(s.n) FROM submissionTotal s WHERE \(scope) GROUP BY 1 ORDER BY 2 DESC, 1",
                                          arguments: [consultationId]).map { ($0[0] as Moderation, $0[1] as Int) }
            let jornada = try Row.fetchAll(db, sql: """
                SELECT j.day || ' — ' || m.name || ' — ' || j.place, count(*)
                FROM jornadaRecord r JOIN jornada j ON j.id = r.jornadaId JOIN jurisdiction m ON m.id = j.jurisdictionId
                JOIN submission s ON s.id = r.submissionId
                WHERE ?1 IS NULL OR s.consultationId = ?1 GROUP BY j.id ORDER BY j.day DESC, j.id DESC
                """, arguments: [consultationId]).map { ($0[0] as String, $0[1] as Int) }
            return Tally(byChannel: channel, byMunicipality: place, byTheme: theme, byStatus: status, byJornada: jornada)
        }
    }
}
