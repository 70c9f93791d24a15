import CabildoText
import Foundation
import GRDB

public enum ExportKind: String, CaseIterable, Sendable {
    /// `results`: one consultation's results per question (needs its id).
    case mechanisms, commitments, submissions, results
}

public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json
}

/// One exported value: CSV flattens lists and pairs, JSON keeps their shape.
enum ExportValue {
    case text(String?)
    case number(Int?)
    case list([String])
    case pairs([(String, String)])

    /// Appends this value as one CSV field. A list or pairs are joined in
    /// `scratch` first (reused from row to row), then escaped as one field.
    func appendCSV(to buffer: inout [UInt8], scratch: inout [UInt8]) {
        switch self {
        case .text(let s): if let s { CSV.append(s, to: &buffer) }
        case .number(let n): if let n { CSV.append(String(n), to: &buffer) }
        case .list(let items):
            scratch.removeAll(keepingCapacity: true)
            for (i, item) in items.enumerated() {
                if i > 0 { scratch.append(contentsOf: "; ".utf8) }
                scratch.append(contentsOf: item.utf8)
            }
            scratch.withUnsafeBufferPointer { CSV.append(bytes: $0, to: &buffer) }
        case .pairs(let pairs):
            scratch.removeAll(keepingCapacity: true)
            for (i, pair) in pairs.enumerated() {
                if i > 0 { scratch.append(UInt8(ascii: "\n")) }
                scratch.append(contentsOf: pair.0.utf8)
                scratch.append(contentsOf: ": ".utf8)
                scratch.append(contentsOf: pair.1.utf8)
            }
            scratch.withUnsafeBufferPointer { CSV.append(bytes: $0, to: &buffer) }
        }
    }

    var json: String {
        switch self {
        case .text(let s): s.map(JSONText.quote) ?? "null"
        case .number(let n): n.map(String.init) ?? "null"
        case .list(let items): "[" + items.map(JSONText.quote).joined(separator: ",") + "]"
        case .pairs(let pairs):
            "[" + pairs.map { "{\"question\":\(JSONText.quote($0.0)),\"answer\":\(JSONText.quote($0.1))}" }
                .joined(separator: ",") + "]"
        }
    }
}

enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension AppDatabase {
    /// Streams an export to `write`. Open data: only published submissions
    /// (and their public responses), without citizens' personal data. Pending
    /// and rejected submissions (`includeUnpublished`) and personal data go
    /// only to an administrator's own account, and such an export is audited
    /// as it starts and once written, with the number of records it holds.
    /// Returns the number of records written.
    @discardableResult
    public func export(_ kind: ExportKind, format: ExportFormat, includePersonalData: Bool = false,
                       includeUnpublished: Bool = false, consultation consultationId: Int64? = nil,
                       by actor: Actor, to write: (String) throws -> Void) throws -> Int {
        if kind == .results && (consultationId == nil || includePersonalData) {
            throw CabildoError(.validation, consultationId == nil
                ? Message("The results export is of one consultation: say which with --consultation ID.")
                : Message("The results export holds no personal data."))
        }
        let isInternal = includePersonalData || includeUnpublished
        if isInternal {
            guard actor.role == .administrator, actor.accountId != nil else {
                throw CabildoError.refused(includePersonalData
                    ? Message("only an administrator, signed in with their own account, can export personal data")
                    : Message("only an administrator, signed in with their own account, can export unpublished submissions"))
            }
            // Recorded before any of it is read out (an export cut short, or
            // stopped by Ctrl-C, still shows that it began), checking that the
            // account has not been disabled since it signed in.
            try perform { db, now in
                try actor.require(.readPersonalData(jurisdictionId: nil), db)
                try Audit.append(db, actor: actor, at: now, action: "export.started", table: kind.rawValue, id: nil,
                                 before: nil, after: "{\"format\":\"\(format.rawValue)\",\"personalData\":\(includePersonalData),"
                                     + "\"unpublished\":\(includeUnpublished)}")
            }
        }
        let count = try read { db in
            let columns: [String]
            let sql: String
            let rowValues: (Row) throws -> [ExportValue]
            /// The next record's values; a query's rows unless the kind gives its own.
            var next: (() throws -> [ExportValue]?)?
            switch kind {
            case .mechanisms:
                (columns, sql, rowValues) = Self.mechanismExport(db)
            case .commitments:
                (columns, sql, rowValues) = Self.commitmentExport(db)
            case .submissions:
                (columns, sql, rowValues) = try Self.submissionExport(db, includePersonalData: includePersonalData,
                                                                      includeUnpublished: includeUnpublished)
            case .results:
                // Worked out by the read model, then written as the other kinds are.
                var rows: [[ExportValue]]
                (columns, rows) = try Self.resultsExport(db, consultationId!,
                                                         scope: includeUnpublished ? .received : .published)
                rows.reverse()
                next = { rows.popLast() }
                sql = ""
                rowValues = { _ in [] }
            }
            var count = 0
            // CSV lines are built as UTF-8 bytes in one buffer, handed to
            // `write` about 64 KiB at a time.
            var buffer: [UInt8] = [], scratch: [UInt8] = []
            buffer.reserveCapacity(1 << 17)
            func flush(atLeast: Int) throws {
                guard !buffer.isEmpty, buffer.count >= atLeast else { return }
                try write(String(decoding: buffer, as: UTF8.self))
                buffer.removeAll(keepingCapacity: true)
            }
            switch format {
            case .csv: CSV.appendLine(columns, to: &buffer)
            case .json: try write("[")
            }
            if next == nil {
                let cursor = try Row.fetchCursor(db, sql: sql)
                next = { try cursor.next().map(rowValues) }
            }
            while let values = try next?() {
                switch format {
                case .csv:
                    for (i, value) in values.enumerated() {
                        if i > 0 { buffer.append(UInt8(ascii: ",")) }
                        value.appendCSV(to: &buffer, scratch: &scratch)
                    }
                    buffer.append(contentsOf: "\r\n".utf8)
                    try flush(atLeast: 1 << 16)
                case .json:
                    let fields = zip(columns, values).map { "\(JSONText.quote($0)):\($1.json)" }
                    try write((count == 0 ? "\n" : ",\n") + "{" + fields.joined(separator: ",") + "}")
                }
                count += 1
            }
            try flush(atLeast: 0)
            if format == .json { try write("\n]\n") }
            return count
        }
        if isInternal {
            // And after it, saying what it held.
            let summary = "{\"format\":\"\(format.rawValue)\",\"personalData\":\(includePersonalData),"
                + "\"records\":\(count),\"unpublished\":\(includeUnpublished)}"
            try perform { db, now in
                try Audit.append(db, actor: actor, at: now,
                                 action: includePersonalData ? "export.personalData" : "export.internal",
                                 table: kind.rawValue, id: nil, before: nil, after: summary)
            }
        }
        return count
    }

    /// A consultation's results, one row per option (or free-text answer) of
    /// each question, for all its submissions, then by channel and by
    /// municipality: the read model the app shows, row by row.
    private static func resultsExport(_ db: Database, _ consultationId: Int64, scope: ResultsScope) throws
        -> ([String], [[ExportValue]]) {
        let columns = ["group", "group_code", "group_name", "submissions", "question", "prompt", "kind", "respondents",
                       "option", "count", "percent", "mean_position", "text"]
        var rows: [[ExportValue]] = []
        for group in try consultationResults(consultationId, scope: scope, db).groups {
            for result in group.questions {
                let question = result.question
                let head: [ExportValue] = [.text(group.kind.rawValue), .text(group.code), .text(group.name),
                                           .number(group.submissions), .number(question.position),
                                           .text(question.prompt), .text(question.kind.rawValue),
                                           .number(result.respondents)]
                for option in result.options {
                    rows.append(head + [.text(option.option), .number(option.count), .text(option.percentText),
                                        .text(option.meanPositionText), .text(nil)])
                }
                for text in result.texts {
                    rows.append(head + [.text(nil), .number(text.count), .text(nil), .text(nil), .text(text.text)])
                }
                if result.options.isEmpty && result.texts.isEmpty {
                    rows.append(head + [.text(nil), .number(0), .text(nil), .text(nil), .text(nil)])
                }
            }
        }
        return (columns, rows)
    }

    private static func mechanismExport(_ db: Database) -> ([String], String, (Row) throws -> [ExportValue]) {
        let columns = ["id", "jurisdiction_code", "jurisdiction", "name", "acronym", "theme", "status", "established",
                       "legal_basis", "purpose", "budget_programme", "official_name", "official_post",
                       "official_email", "official_phone", "current_members", "updated_at"]
        let sql = """
            SELECT m.*, j.inegiCode, j.name AS jurisdictionName,
                   (SELECT count(*) FROM membership WHERE mechanismId = m.id AND endDate IS NULL) AS members
            FROM mechanism m JOIN jurisdiction j ON j.id = m.jurisdictionId ORDER BY j.inegiCode, m.name
            """
        return (columns, sql, { row in
            [.number(row["id"]), .text(row["inegiCode"]), .text(row["jurisdictionName"]), .text(row["name"]),
             .text(row["acronym"]), .text(row["theme"]), .text(row["status"]), .text(row["established"]),
             .text(row["legalBasis"]), .text(row["purpose"]), .text(row["budgetProgramme"]),
             .text(row["officialName"]), .text(row["officialPost"]), .text(row["officialEmail"]),
             .text(row["officialPhone"]), .number(row["members"]), .text(row["updatedAt"])]
        })
    }

    private static func commitmentExport(_ db: Database) -> ([String], String, (Row) throws -> [ExportValue]) {
        let columns = ["id", "plan", "number", "title", "axis", "problem", "solution", "ogp_values",
                       "lead_institutions", "start_date", "end_date", "milestones", "milestones_completed",
                       "progress_percent"]
        let sql = """
            SELECT c.*, p.title AS planTitle, a.name AS axisName,
                   (SELECT group_concat(value, ';') FROM commitmentValue WHERE commitmentId = c.id) AS ogpValues,
                   (SELECT group_concat(o.name, ';') FROM commitmentInstitution ci JOIN organisation o
                        ON o.id = ci.organisationId WHERE ci.commitmentId = c.id AND ci.role = 'lead') AS leads,
                   (SELECT count(*) FROM milestone WHERE commitmentId = c.id) AS milestones,
                   (SELECT count(completedOn) FROM milestone WHERE commitmentId = c.id) AS completed
            FROM commitment c JOIN actionPlan p ON p.id = c.planId LEFT JOIN thematicAxis a ON a.id = c.axisId
            ORDER BY p.title, c.number, c.id
            """
        return (columns, sql, { row in
            let progress = CommitmentProgress(completed: row["completed"], total: row["milestones"])
            let split: (String?) -> [String] = { ($0 ?? "").split(separator: ";").map(String.init) }
            return [.number(row["id"]), .text(row["planTitle"]), .number(row["number"]), .text(row["title"]),
                    .text(row["axisName"]), .text(row["problem"]), .text(row["solution"]),
                    .list(split(row["ogpValues"])), .list(split(row["leads"])), .text(row["startDate"]),
                    .text(row["endDate"]), .number(progress.total), .number(progress.completed),
                    .number(progress.percent)]
        })
    }

    /// Submissions and their answers are read by two cursors walking in
    /// step by submission id (a merge), not a query per submission.
    private static func submissionExport(_ db: Database, includePersonalData: Bool, includeUnpublished: Bool) throws
        -> ([String], String, (Row) throws -> [ExportValue]) {
        var columns = ["folio", "consultation", "channel", "place", "jurisdiction_code", "received_at", "moderation",
                       "rejection_reason", "commitment_id", "answers", "response", "responded_at"]
        if includePersonalData {
            columns += ["contact_name", "contact_email", "contact_phone", "privacy_notice_version"]
        }
        let sql = """
            SELECT s.*, c.title AS consultationTitle, j.inegiCode, r.body AS responseBody, r.respondedAt
            FROM submission s JOIN consultation c ON c.id = s.consultationId
            JOIN jurisdiction j ON j.id = s.jurisdictionId LEFT JOIN response r ON r.submissionId = s.id
            \(includeUnpublished ? "" : "WHERE s.moderation = 'published'")
            ORDER BY s.id
            """
        // Only the answers of the submissions exported: open data read every
        // answer, four of five of them for pending or rejected submissions.
        let answerCursor = try Row.fetchCursor(db, sql: """
            SELECT a.submissionId, q.position, q.prompt, a.text
            FROM submission s CROSS JOIN answer a ON a.submissionId = s.id JOIN consultationQuestion q ON q.id = a.questionId
            \(includeUnpublished ? "" : "WHERE s.moderation = 'published'")
            ORDER BY s.id
            """)
        var next: (submissionId: Int64, position: Int, prompt: String, text: String)?
        func advance() throws {
            next = try answerCursor.next().map { ($0[0], $0[1], $0[2], $0[3]) }
        }
        try advance()
        // Columns by position, found by name once: looking each field up by
        // name in every row was a third of the export's time.
        enum Field: Int, CaseIterable {
            case id, folio, consultationTitle, channel, place, inegiCode, receivedAt, moderation, rejectionReason,
                 commitmentId, responseBody, respondedAt, contactName, contactEmail, contactPhone, privacyNoticeVersion
        }
        var positions: [Int] = []
        return (columns, sql, { row in
            if positions.isEmpty {
                let names = Array(row.columnNames)
                positions = try Field.allCases.map { field in
                    guard let position = names.firstIndex(of: "\(field)") else {
                        throw DatabaseError(resultCode: .SQLITE_ERROR, message: "no column \(field) in the export")
                    }
                    return position
                }
            }
            func text(_ field: Field) -> ExportValue { .text(row[positions[field.rawValue]]) }
            let id: Int64 = row[positions[Field.id.rawValue]]
            var answers: [(position: Int, prompt: String, text: String)] = []
            while let answer = next, answer.submissionId <= id {
                if answer.submissionId == id { answers.append((answer.position, answer.prompt, answer.text)) }
                try advance()
            }
            answers.sort { $0.position < $1.position }
            var values: [ExportValue] = [
                text(.folio), text(.consultationTitle), text(.channel), text(.place), text(.inegiCode), text(.receivedAt),
                text(.moderation), text(.rejectionReason), .number(row[positions[Field.commitmentId.rawValue]]),
                .pairs(answers.map { ($0.prompt, $0.text) }), text(.responseBody), text(.respondedAt),
            ]
            if includePersonalData {
                values += [text(.contactName), text(.contactEmail), text(.contactPhone), text(.privacyNoticeVersion)]
            }
            return values
        })
    }
}
