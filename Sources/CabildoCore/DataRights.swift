import CabildoText
import Foundation
import GRDB

// Data-rights requests (derechos ARCO: access, rectification, cancellation,
// opposition, and portability): who asked, for which folios, under which
// law's deadline, and what was done. Only administrators handle them.

public enum ArcoRight: String, DomainEnum {
    case access, rectification, cancellation, opposition, portability
    public var label: Message {
        switch self {
        case .access: Message("access")
        case .rectification: Message("rectification")
        case .cancellation: Message("cancellation")
        case .opposition: Message("opposition")
        case .portability: Message("portability")
        }
    }
}

/// How the request reached the government.
public enum ArcoChannel: String, DomainEnum {
    case office, email, post, platform
    public var label: Message {
        switch self {
        case .office: Message("in person")
        case .email: Message("e-mail")
        case .post: Message("post")
        case .platform: Message("transparency platform")
        }
    }
}

public enum ArcoStatus: String, DomainEnum {
    case open, closed
    public var label: Message { self == .open ? Message("open") : Message("closed") }
}

public struct ArcoRequest: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "arcoRequest"
    public var id: Int64?
    /// Who asked (the data's owner or their representative) and how to answer them.
    public var requesterName: String
    public var requesterContact: String?
    public var kind: ArcoRight
    public var details: String?
    public var receivedOn: String
    public var channel: ArcoChannel
    /// The rule the deadline was computed by, as the data file gave it then.
    public var law: String
    public var article: String
    public var dueOn: String
    public var extended: Bool
    public var status: ArcoStatus
    /// The last day the right was given effect (a copy given, data rectified, cancelled, opposed).
    public var actedOn: String?
    public var closedOn: String?
    public var outcome: String?
    public var recordedBy: Int64?

    public func withoutPersonalData() -> ArcoRequest {
        var copy = self
        copy.requesterName = ""; copy.requesterContact = nil; copy.details = nil
        return copy
    }
}

/// One rule of `Data/reference/arco-deadlines.csv`.
public struct ArcoDeadlineRule: Sendable, Equatable {
    public let law: String
    public let article: String
    public let days: Int
    public let extensionDays: Int
    public let businessDays: Bool
    public let effectiveFrom: String
}

/// The deadlines and the official holidays, as data: a reform or a state's
/// own rule is an edit of `Data/reference/`, not of the code.
public struct ArcoRules: Sendable, Equatable {
    public let deadlines: [ArcoDeadlineRule]
    public let holidays: Set<String>

    public static let deadlinesFile = "arco-deadlines.csv"
    public static let holidaysFile = "holidays.csv"

    public init(deadlines: [ArcoDeadlineRule], holidays: Set<String>) {
        self.deadlines = deadlines.sorted { $0.effectiveFrom < $1.effectiveFrom }
        self.holidays = holidays
    }

    /// The rules shipped in `Data/reference/`.
    public static func standard() throws -> ArcoRules {
        try load(from: Resources.data.appendingPathComponent("reference"))
    }

    public static func load(from directory: URL) throws -> ArcoRules {
        let deadlines = try table(directory, deadlinesFile,
                                  ["law", "article", "days", "extension_days", "business_days", "effective_from"]) { value, line in
            guard let days = Int(value("days")), days > 0 else {
                throw failure(deadlinesFile, line, "days", Message("write a whole number of 1 or more"))
            }
            guard let extra = Int(value("extension_days")), extra >= 0 else {
                throw failure(deadlinesFile, line, "extension_days", Message("write a whole number of 0 or more"))
            }
            guard ["yes", "no"].contains(value("business_days")) else {
                throw failure(deadlinesFile, line, "business_days", Message("write yes or no"))
            }
            guard CalendarDay.isValid(value("effective_from")) else {
                throw failure(deadlinesFile, line, "effective_from",
                              Message("write the date as YYYY-MM-DD, for example 2021-10-15"))
            }
            return ArcoDeadlineRule(law: value("law"), article: value("article"), days: days, extensionDays: extra,
                                    businessDays: value("business_days") == "yes",
                                    effectiveFrom: value("effective_from"))
        }
        let holidays = try table(directory, holidaysFile, ["date"]) { value, line in
            guard CalendarDay.isValid(value("date")) else {
                throw failure(holidaysFile, line, "date", Message("write the date as YYYY-MM-DD, for example 2021-10-15"))
            }
            return value("date")
        }
        return ArcoRules(deadlines: deadlines, holidays: Set(holidays))
    }

    private static func failure(_ file: String, _ line: Int, _ column: String, _ reason: Message) -> CabildoError {
        CabildoError(.dataFile, Message("{file}:{line}: column '{column}': {reason}",
                                        ["file": .text("Data/reference/" + file), "line": .text(String(line)),
                                         "column": .text(column), "reason": .message(reason)]))
    }

    /// A CSV file's rows after its header, each handed to `row` with a lookup by column name.
    private static func table<T>(_ directory: URL, _ file: String, _ columns: [String],
                                 _ row: ((String) -> String, Int) throws -> T) throws -> [T] {
        let shown = "Data/reference/" + file
        func failure(_ line: Int, _ reason: Message.Argument) -> CabildoError {
            CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                            ["file": .text(shown), "line": .text(String(line)), "reason": reason]))
        }
        guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
            throw CabildoError(.dataFile, Message("{file} cannot be read; it is needed for the legal deadlines of data-rights requests.",
                                                  ["file": .text(shown)]))
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw failure(error.line, .text(error.reason)) }
        guard let header = records.first?.fields else { return [] }
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        guard columns.allSatisfy({ index[$0] != nil }) else {
            throw failure(1, .message(Message("the header needs {columns}",
                                              ["columns": .text(columns.joined(separator: ", "))])))
        }
        return try records.dropFirst().map { record in
            guard record.fields.count == header.count else {
                throw failure(record.line, .message(Message("expected {n} columns", ["n": .text(String(header.count))])))
            }
            return try row({ record.fields[index[$0]!].trimmingCharacters(in: .whitespaces) }, record.line)
        }
    }

    /// The rule in force on the day a request was received.
    public func rule(on day: String) throws -> ArcoDeadlineRule {
        guard let rule = deadlines.last(where: { $0.effectiveFrom <= day }) else {
            throw CabildoError(.dataFile, Message("No deadline rule in Data/reference/{file} is in force on {day}.",
                                                  ["file": .text(Self.deadlinesFile), "day": .text(day)]))
        }
        return rule
    }

    /// Not a Saturday, a Sunday or an official holiday of the file.
    public func isBusinessDay(_ day: String) -> Bool {
        guard let date = Self.date(day) else { return false }
        let weekday = Self.calendar.component(.weekday, from: date)   // 1 Sunday … 7 Saturday
        return weekday != 1 && weekday != 7 && !holidays.contains(day)
    }

    /// The day `count` business days (or calendar days) after `day`: counted
    /// from the day after, as the law counts from the day after receipt.
    public func day(_ count: Int, after day: String, businessDays: Bool = true) -> String {
        var current = day, left = count
        while left > 0 {
            current = Self.next(current)
            if !businessDays || isBusinessDay(current) { left -= 1 }
        }
        return current
    }

    /// Business days after `from` up to and including `to` (negative when `to` is earlier).
    public func businessDays(from: String, to: String) -> Int {
        if from == to { return 0 }
        let (start, end, sign) = from < to ? (from, to, 1) : (to, from, -1)
        var current = start, count = 0
        while current < end {
            current = Self.next(current)
            if isBusinessDay(current) { count += 1 }
        }
        return sign * count
    }

    /// The deadline of a request received on `receivedOn` under `rule`, extended or not.
    public func dueOn(receivedOn: String, rule: ArcoDeadlineRule, extended: Bool) -> String {
        day(rule.days + (extended ? rule.extensionDays : 0), after: receivedOn, businessDays: rule.businessDays)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    private static func next(_ day: String) -> String {
        let date = calendar.date(byAdding: .day, value: 1, to: Self.date(day)!)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}

public struct ArcoRequestDraft: Sendable, Equatable {
    public var requesterName: String
    public var requesterContact: String?
    public var kind: ArcoRight
    public var folios: [String]
    public var receivedOn: String?
    public var channel: ArcoChannel
    public var details: String?
    public init(requesterName: String, requesterContact: String? = nil, kind: ArcoRight, folios: [String],
                receivedOn: String? = nil, channel: ArcoChannel, details: String? = nil) {
        self.requesterName = requesterName; self.requesterContact = requesterContact; self.kind = kind
        self.folios = folios; self.receivedOn = receivedOn; self.channel = channel; self.details = details
    }
}

/// A request as the register lists it.
public struct ArcoRequestSummary: Sendable, Equatable {
    public let request: ArcoRequest
    public let folios: [String]
    /// Business days from today to the deadline: negative once it has passed.
    public let businessDaysLeft: Int
    public var isOverdue: Bool { request.status == .open && businessDaysLeft < 0 }
}

/// What `giveArcoCopy` writes: everything Cabildo holds of the person under
/// the request's folios, in a structured, common format (JSON), which also
/// serves portability.
struct ArcoCopy: Encodable {
    struct Item: Encodable {
        struct QA: Encodable { let question: String; let answer: String }
        let folio: String
        let consultation: String
        let receivedAt: String
        let channel: String
        let place: String
        let contactName: String?
        let contactEmail: String?
        let contactPhone: String?
        let privacyNoticeVersion: String?
        let moderation: String
        let answers: [QA]
        let response: String?
        let respondedAt: String?
        let noticesOpposed: Bool
    }
    let request: Int64
    let right: String
    let writtenAt: String
    let submissions: [Item]
}

extension Fields {
    public static let requesterName = FieldRule("requesterName", Message("Requester"), .line(120, required: true))
    public static let requesterContact = FieldRule("requesterContact", Message("How to answer them"), .line(254))
    public static let requestDetails = FieldRule("details", Message("What is asked"), .paragraphs(4_000))
    public static let receivedOn = FieldRule("receivedOn", Message("Received on"), .line(10, required: true))
    public static let outcome = FieldRule("outcome", Message("Outcome"), .paragraphs(4_000))
}

extension AppDatabase {
    /// Registers a request with its legal deadline, by the rule in force on the day it was received.
    public func addArcoRequest(_ draft: ArcoRequestDraft, rules: ArcoRules, by actor: Actor) throws -> ArcoRequest {
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            let today = clock.today()
            let received = try Fields.day(draft.receivedOn ?? today, Fields.receivedOn)!
            guard received <= today else {
                throw CabildoError(.validation, Message("A request cannot be received after today ({today}).",
                                                        ["today": .text(today)]), field: "receivedOn")
            }
            let submissions = try Self.submissions(folios: draft.folios, db)
            let rule = try rules.rule(on: received)
            let request = ArcoRequest(
                id: nil, requesterName: try Fields.requesterName.clean(draft.requesterName),
                requesterContact: try Fields.requesterContact.clean(draft.requesterContact), kind: draft.kind,
                details: try Fields.requestDetails.clean(draft.details), receivedOn: received, channel: draft.channel,
                law: rule.law, article: rule.article,
                dueOn: rules.dueOn(receivedOn: received, rule: rule, extended: false), extended: false,
                status: .open, actedOn: nil, closedOn: nil, outcome: nil, recordedBy: actor.accountId)
            let saved = try Self.insert(request, db, actor, now, action: "arco.add")
            for submission in submissions {
                try db.execute(sql: "INSERT INTO arcoRequestSubmission (requestId, submissionId) VALUES (?, ?)",
                               arguments: [saved.id, submission.id])
            }
            return saved
        }
    }

    /// The submissions the folios name, each once; an unknown folio is named.
    static func submissions(folios: [String], _ db: Database) throws -> [Submission] {
        guard !folios.isEmpty else {
            throw CabildoError(.validation, Message("Name at least one folio the request is about."), field: "folios")
        }
        var found: [Submission] = []
        for typed in folios {
            let folio: String
            do { folio = try Folio.normalise(typed) } catch {
                throw CabildoError(.validation, Folio.message(for: error), field: "folios")
            }
            guard let submission = try Submission.filter(Column("folio") == folio).fetchOne(db) else {
                throw CabildoError(.notFound, Message("No submission has the folio {folio}.",
                                                      ["folio": .text(Folio.display(folio))]), field: "folios")
            }
            if !found.contains(where: { $0.id == submission.id }) { found.append(submission) }
        }
        return found
    }

    /// The register: open requests first, the nearest deadline first; then the closed ones, latest first.
    public func arcoRequests(rules: ArcoRules, for actor: Actor) throws -> [ArcoRequestSummary] {
        let today = clock.today()
        return try read { db in
            try actor.require(.handleDataRights, db)
            let requests = try ArcoRequest.order(Column("status").desc, Column("dueOn"), Column("id")).fetchAll(db)
            let open = requests.filter { $0.status == .open }
            let closed = requests.filter { $0.status == .closed }.sorted { ($0.closedOn ?? "", $0.id!) > ($1.closedOn ?? "", $1.id!) }
            return try (open + closed).map { request in
                ArcoRequestSummary(request: request, folios: try Self.folios(of: request.id!, db),
                                   businessDaysLeft: rules.businessDays(from: today, to: request.dueOn))
            }
        }
    }

    public func arcoRequest(_ id: Int64, for actor: Actor) throws -> ArcoRequest {
        try read { db in
            try actor.require(.handleDataRights, db)
            return try Self.fetch(ArcoRequest.self, id, db, Message("Data-rights request"))
        }
    }

    static func folios(of requestId: Int64, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT s.folio FROM arcoRequestSubmission a JOIN submission s ON s.id = a.submissionId
            WHERE a.requestId = ? ORDER BY s.id
            """, arguments: [requestId])
    }

    /// An open request of one of `rights`, with its submissions; anything else is refused in words.
    static func openRequest(_ id: Int64, for rights: [ArcoRight], _ db: Database) throws -> (ArcoRequest, [Submission]) {
        let request = try fetch(ArcoRequest.self, id, db, Message("Data-rights request"))
        guard request.status == .open else {
            throw CabildoError(.conflict, Message("Request {id} was closed on {day}; nothing more is done under it.",
                                                  ["id": .text(String(id)), "day": .text(request.closedOn ?? "")]))
        }
        guard rights.contains(request.kind) else {
            throw CabildoError(.validation, Message("Request {id} asks for {right}; this action gives effect to another right.",
                                                    ["id": .text(String(id)), "right": .message(request.kind.label)]))
        }
        let submissions = try Submission.fetchAll(db, sql: """
            SELECT s.* FROM arcoRequestSubmission a JOIN submission s ON s.id = a.submissionId
            WHERE a.requestId = ? ORDER BY s.id
            """, arguments: [id])
        return (request, submissions)
    }

    /// Marks the request as acted on today, audited under the action's name.
    static func acted(_ request: ArcoRequest, today: String, _ db: Database, _ actor: Actor, _ now: String,
                      action: String) throws {
        var after = request
        after.actedOn = today
        _ = try update(request, to: after, db, actor, now, action: action)
    }

    /// Access (or portability): writes a copy of every submission of the
    /// request's folios with its contact data, as JSON, to `file` (owner-only,
    /// never over an existing file without --force). Audited once written,
    /// with the number of submissions it holds. Returns that number.
    @discardableResult
    public func giveArcoCopy(_ id: Int64, to file: OutputFile, by actor: Actor) throws -> Int {
        let (request, copy) = try read { db in
            try actor.require(.handleDataRights, db)
            let (request, submissions) = try Self.openRequest(id, for: [.access, .portability], db)
            var items: [ArcoCopy.Item] = []
            for submission in submissions {
                let consultation = try Self.fetch(Consultation.self, submission.consultationId, db, Message("Consultation"))
                let answers = try Row.fetchAll(db, sql: """
                    SELECT q.prompt, a.text FROM answer a JOIN consultationQuestion q ON q.id = a.questionId
                    WHERE a.submissionId = ? ORDER BY q.position
                    """, arguments: [submission.id]).map { ArcoCopy.Item.QA(question: $0[0], answer: $0[1]) }
                let response = try Response.filter(Column("submissionId") == submission.id).fetchOne(db)
                items.append(ArcoCopy.Item(
                    folio: Folio.display(submission.folio), consultation: consultation.title,
                    receivedAt: submission.receivedAt, channel: submission.channel.rawValue, place: submission.place,
                    contactName: submission.contactName, contactEmail: submission.contactEmail,
                    contactPhone: submission.contactPhone, privacyNoticeVersion: submission.privacyNoticeVersion,
                    moderation: submission.moderation.rawValue, answers: answers, response: response?.body,
                    respondedAt: response?.respondedAt, noticesOpposed: try Self.noticesOpposed(submission.id!, db)))
            }
            return (request, ArcoCopy(request: id, right: request.kind.rawValue, writtenAt: clock.instant(),
                                      submissions: items))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(copy)
        do {
            try file.writeText { emit in try emit(String(decoding: data, as: UTF8.self) + "\n") }
        } catch {
            throw (error as? CabildoError) ?? CabildoError.file(error, path: file.path)
        }
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            try Self.acted(request, today: clock.today(), db, actor, now, action: "arco.access")
            try Audit.append(db, actor: actor, at: now, action: "arco.copyWritten", table: "arcoCopy", id: id,
                             before: nil, after: "{\"submissions\":\(copy.submissions.count)}")
        }
        return copy.submissions.count
    }

    /// Rectification: the contact data given replaces what a submission of the
    /// request holds (a value left nil stays as it was). `folio` may be left
    /// out when the request names one folio.
    @discardableResult
    public func rectifyArcoContact(_ id: Int64, folio: String?, contact: ContactDetails, by actor: Actor) throws
        -> Submission {
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            let (request, submissions) = try Self.openRequest(id, for: [.rectification], db)
            let target: Submission
            if let folio {
                let named = try Self.submissions(folios: [folio], db)[0]
                guard let match = submissions.first(where: { $0.id == named.id }) else {
                    throw CabildoError(.validation, Message("The folio {folio} is not one of this request's.",
                                                            ["folio": .text(Folio.display(named.folio))]), field: "folio")
                }
                target = match
            } else {
                guard submissions.count == 1 else {
                    throw CabildoError(.validation, Message("This request names several folios; say which one to rectify."),
                                       field: "folio")
                }
                target = submissions[0]
            }
            let given = try contact.cleaned()
            guard !given.isEmpty else {
                throw CabildoError(.validation, Message("Give the corrected name, e-mail or telephone."), field: "contactEmail")
            }
            var after = target
            if let name = given.name { after.contactName = name }
            if let email = given.email { after.contactEmail = email }
            if let phone = given.phone { after.contactPhone = phone }
            guard after.privacyNoticeVersion != nil else {
                throw CabildoError(.validation, Message("This submission was given without contact data, so there is none to rectify."),
                                   field: "folio")
            }
            let saved = try Self.update(target, to: after, db, actor, now, action: "arco.rectify")
            try Self.acted(request, today: clock.today(), db, actor, now, action: "arco.rectify")
            return saved
        }
    }

    /// Cancellation: the contact data of every submission of the request is
    /// erased; the submission, its answers and its public response stay. The
    /// audit entry says what was erased without keeping it: its `before` is
    /// the record without personal data and without the keyed digest of the
    /// erased values, its `after` the record as it is now. SQLite overwrites
    /// the freed bytes (secure_delete), so a backup made afterwards holds none
    /// of it, and the WAL is checkpointed and emptied when no one is reading.
    /// Returns the submissions whose data was erased.
    @discardableResult
    public func cancelArcoContact(_ id: Int64, by actor: Actor) throws -> [Submission] {
        let erased = try perform { db, now in
            try actor.require(.handleDataRights, db)
            let (request, submissions) = try Self.openRequest(id, for: [.cancellation], db)
            // Freed bytes are overwritten, whatever the SQLite build's default (Debian's is on).
            let secureDelete = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = \(secureDelete)") }
            var erased: [Submission] = []
            for before in submissions where !before.withoutPersonalData().isSameContact(as: before) {
                let after = before.withoutPersonalData()
                try after.update(db)
                try Audit.append(db, actor: actor, at: now, action: "arco.cancel", table: Submission.databaseTableName,
                                 id: before.id, before: Audit.json(before),
                                 after: try Audit.state(after, encoder: Audit.jsonEncoder(), db))
                erased.append(after)
            }
            // A notice to the person holds the same contact data: it goes too,
            // sent or not, and the trail keeps only that it was erased.
            for submission in submissions {
                for notice in try Notice.filter(Column("submissionId") == submission.id).fetchAll(db) {
                    try notice.delete(db)
                    try Audit.append(db, actor: actor, at: now, action: "arco.cancel", table: Notice.databaseTableName,
                                     id: notice.id, before: "{\"folio\":\"\(notice.folio)\",\"erased\":true}",
                                     after: nil)
                }
            }
            try Self.acted(request, today: clock.today(), db, actor, now, action: "arco.cancel")
            return erased
        }
        // The old pages leave the WAL too, when no other terminal is reading them.
        try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return erased
    }

    /// Opposition: no notice is ever sent for the request's submissions. A
    /// notices outbox must ask `noticesOpposed` before queuing one.
    public func opposeArcoNotices(_ id: Int64, by actor: Actor) throws {
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            let (request, submissions) = try Self.openRequest(id, for: [.opposition], db)
            for submission in submissions where try !Self.noticesOpposed(submission.id!, db) {
                try db.execute(sql: "INSERT INTO noticeOpposition (submissionId, requestId, since) VALUES (?, ?, ?)",
                               arguments: [submission.id, id, clock.today()])
                try Audit.append(db, actor: actor, at: now, action: "arco.oppose", table: "noticeOpposition",
                                 id: submission.id, before: nil,
                                 after: "{\"requestId\":\(id),\"since\":\"\(clock.today())\"}")
            }
            try Self.acted(request, today: clock.today(), db, actor, now, action: "arco.oppose")
        }
    }

    /// Whether the person behind a submission opposed being sent notices.
    public func noticesOpposed(submissionId: Int64) throws -> Bool {
        try read { try Self.noticesOpposed(submissionId, $0) }
    }

    static func noticesOpposed(_ submissionId: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM noticeOpposition WHERE submissionId = ?", arguments: [submissionId])
            ?? false
    }

    /// Extends the deadline by the rule's extension, once.
    public func extendArcoDeadline(_ id: Int64, rules: ArcoRules, by actor: Actor) throws -> ArcoRequest {
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            let (before, _) = try Self.openRequest(id, for: ArcoRight.allCases, db)
            guard !before.extended else {
                throw CabildoError(.conflict, Message("The deadline of request {id} was already extended; the law allows it once.",
                                                      ["id": .text(String(id))]))
            }
            let rule = try rules.rule(on: before.receivedOn)
            guard rule.extensionDays > 0 else {
                throw CabildoError(.validation, Message("The rule of request {id} ({law}, {article}) allows no extension.",
                                                        ["id": .text(String(id)), "law": .text(before.law),
                                                         "article": .text(before.article)]))
            }
            var after = before
            after.extended = true
            after.dueOn = rules.dueOn(receivedOn: before.receivedOn, rule: rule, extended: true)
            return try Self.update(before, to: after, db, actor, now, action: "arco.extend")
        }
    }

    /// Closes a request, with what was answered; nothing more is done under it.
    public func closeArcoRequest(_ id: Int64, outcome: String?, by actor: Actor) throws -> ArcoRequest {
        try perform { db, now in
            try actor.require(.handleDataRights, db)
            let (before, _) = try Self.openRequest(id, for: ArcoRight.allCases, db)
            var after = before
            after.status = .closed
            after.closedOn = clock.today()
            after.outcome = try Fields.outcome.clean(outcome)
            return try Self.update(before, to: after, db, actor, now, action: "arco.close")
        }
    }
}

extension Submission {
    func isSameContact(as other: Submission) -> Bool {
        contactName == other.contactName && contactEmail == other.contactEmail && contactPhone == other.contactPhone
    }
}
