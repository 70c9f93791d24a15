import CabildoText
import Foundation
import GRDB

/// What importing an online form's results found and did.
public struct ImportReport: Sendable {
    public enum MatchedBy: Sendable { case text, position }

    /// A question and the column that holds its answers.
    public struct QuestionColumn: Sendable {
        public let position: Int
        public let prompt: String
        public let column: String
        public let by: MatchedBy
    }

    /// One bad row: its line in the file, the column at fault (nil for the whole row), and why.
    public struct Problem: Sendable {
        public let line: Int
        public let column: String?
        public let reason: Message
    }

    public let file: String
    public var questions: [QuestionColumn] = []
    /// The other columns Cabildo understood, by what they hold (id, timestamp, e-mail…).
    public var otherColumns: [(role: Message, column: String)] = []
    /// Rows read (blank ones aside).
    public var rows = 0
    /// Rows that would be or were written.
    public var good = 0
    /// Rows already imported by an earlier run: skipped.
    public var alreadyImported = 0
    public var written = 0
    public var problems: [Problem] = []
}

public struct ImportOptions: Sendable {
    public var dryRun: Bool
    public var skipBad: Bool
    /// Stamped on every submission as where it was taken.
    public var place: String
    public init(dryRun: Bool = false, skipBad: Bool = false, place: String = "En línea") {
        self.dryRun = dryRun; self.skipBad = skipBad; self.place = place
    }
}

extension AppDatabase {
    /// Imports an online form's results (CSV, first line the column names)
    /// into a consultation: each good row a submission of the online channel
    /// with its own folio, all in one transaction and one audit batch. Nothing
    /// is written when a row is bad unless `skipBad`; never in a dry run. A row
    /// imported before (by the file's id column, else a keyed hash of the row) is
    /// skipped, so importing a file twice adds nothing.
    public func importConsultation(_ consultationId: Int64, csv text: String, file: String, options: ImportOptions,
                                   by actor: Actor) throws -> ImportReport {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            throw CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                                  ["file": .text(file), "line": .text(String(error.line)),
                                                   "reason": .text(error.reason)]))
        }
        if options.dryRun {
            return try read { db in
                try ImportPlan(consultationId, records, file: file, options: options, db, clock: clock, actor: actor)
                    .report
            }
        }
        return try perform { db, now in
            let plan = try ImportPlan(consultationId, records, file: file, options: options, db, clock: clock,
                                      actor: actor)
            var report = plan.report
            guard !plan.rows.isEmpty, report.problems.isEmpty || options.skipBad else { return report }
            let audit = try Audit.Batch(db)
            for row in plan.rows {
                var submission = row.submission
                submission.folio = try Self.uniqueFolio(db)
                let saved = try audit.insert(submission, actor: actor, at: now, action: "submission.import")
                for answer in row.answers {
                    try Answer(submissionId: saved.id!, questionId: answer.questionId, text: answer.text).insert(db)
                }
                try db.execute(sql: "INSERT INTO importedRow (consultationId, rowKey, submissionId) VALUES (?, ?, ?)",
                               arguments: [consultationId, row.key, saved.id])
            }
            report.written = plan.rows.count
            // Not the consultation's state (that entry would read as a change to it): the import's own record.
            try audit.append(actor: actor, at: now, action: "consultation.import", table: Consultation.databaseTableName,
                             id: nil, before: nil, after: """
                                {"consultationId":\(consultationId),"file":\(JSONText.quote(file)),\
                                "rows":\(report.rows),"written":\(report.written),\
                                "alreadyImported":\(report.alreadyImported),"skipped":\(report.problems.count),\
                                "sha256":"\(Crypto.sha256Hex(text))"}
                                """)
            try audit.finish()
            return report
        }
    }
}

/// The checked rows of one import and its report, worked out in one read.
private struct ImportPlan {
    struct Row {
        let line: Int
        let key: String
        var submission: Submission
        let answers: [Answer]
    }

    enum Role { case id, timestamp, name, email, phone, consent, municipality }

    var report: ImportReport
    var rows: [Row] = []

    /// Column names (folded, punctuation aside) Cabildo knows, in Spanish and English.
    static let roles: [(Role, Message, [String])] = [
        (.id, Message("id"), ["id", "identificador", "id de respuesta", "response id"]),
        (.timestamp, Message("timestamp"), ["timestamp", "marca temporal", "fecha", "fecha y hora", "date",
                                             "submitted at"]),
        (.name, Message("name"), ["nombre", "name", "su nombre", "your name"]),
        (.email, Message("e-mail"), ["correo", "correo electronico", "email", "e mail", "su correo electronico",
                                      "your e mail"]),
        (.phone, Message("telephone"), ["telefono", "phone", "telephone", "su telefono", "your telephone"]),
        (.consent, Message("consent"), ["consentimiento", "consent", "aviso de privacidad", "privacy notice",
                                         "acepto el aviso de privacidad"]),
        (.municipality, Message("municipality"), ["municipio", "municipality", "clave inegi", "inegi"]),
    ]

    static let yes: Set<String> = ["si", "yes", "true", "1", "x", "acepto", "de acuerdo", "i agree", "agree"]

    /// Accents, capitals and punctuation aside: "¿Cómo se mueve?" is "como se mueve".
    static func folded(_ text: String) -> String {
        String(TextRules.folded(text).map { $0.isLetter || $0.isNumber ? $0 : " " })
            .split(separator: " ").joined(separator: " ")
    }

    /// "3", "P3", "Q3", "Pregunta 3", "Question 3": question 3 by its number.
    static func position(_ folded: String) -> Int? {
        var words = folded.split(separator: " ").map(String.init)
        if words.count == 2, ["pregunta", "question"].contains(words[0]) { words.removeFirst() }
        guard words.count == 1 else { return nil }
        var word = words[0]
        if word.count > 1, word.first == "p" || word.first == "q" { word.removeFirst() }
        guard word.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(word)
    }

    init(_ consultationId: Int64, _ records: [CSV.Record], file: String, options: ImportOptions, _ db: Database,
         clock: Clock, actor: Actor) throws {
        report = ImportReport(file: file)
        let consultation = try AppDatabase.fetch(Consultation.self, consultationId, db, Message("Consultation"))
        try actor.require(.moderate(jurisdictionId: consultation.jurisdictionId), db)
        let place = try Fields.requiredPlace.clean(options.place)
        let questions = try ConsultationQuestion.filter(Column("consultationId") == consultationId)
            .order(Column("position")).fetchAll(db)
        func fileError(_ line: Int, _ reason: Message) -> CabildoError {
            CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                            ["file": .text(file), "line": .text(String(line)), "reason": .message(reason)]))
        }
        guard let header = records.first else {
            throw fileError(1, Message("the file is empty; its first line must name the columns"))
        }

        // Columns: a question's text first, then the columns Cabildo knows, then a question's number.
        var questionColumn: [Int64: Int] = [:]
        var roleColumn: [Role: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = Self.folded(name)
            if let question = questions.first(where: { Self.folded($0.prompt) == key && !key.isEmpty }) {
                guard questionColumn[question.id!] == nil else {
                    throw fileError(header.line, Message("two columns hold question {n}: '{column}' and '{other}'",
                                                         ["n": .text(String(question.position)), "column": .text(name),
                                                          "other": .text(header.fields[questionColumn[question.id!]!])]))
                }
                questionColumn[question.id!] = index
                report.questions.append(.init(position: question.position, prompt: question.prompt, column: name, by: .text))
            } else if case let (role, label, _)? = Self.roles.first(where: { $0.2.contains(key) }) {
                guard roleColumn[role] == nil else {
                    throw fileError(header.line, Message("two columns hold the {what}: '{column}' and '{other}'",
                                                         ["what": .message(label), "column": .text(name),
                                                          "other": .text(header.fields[roleColumn[role]!])]))
                }
                roleColumn[role] = index
                report.otherColumns.append((label, name))
            } else if let number = Self.position(key), let question = questions.first(where: { $0.position == number }),
                      questionColumn[question.id!] == nil {
                questionColumn[question.id!] = index
                report.questions.append(.init(position: number, prompt: question.prompt, column: name, by: .position))
            } else {
                throw fileError(header.line, Message("column '{column}' is not a question of this consultation (by its text or its number: P1, P2…) nor a column Cabildo knows (id, timestamp, name, e-mail, telephone, consent, municipality)",
                                                     ["column": .text(name)]))
            }
        }
        report.questions.sort { $0.position < $1.position }
        guard let timestampColumn = roleColumn[.timestamp] else {
            throw fileError(header.line, Message("no column holds the date and time of each answer (a column named timestamp or marca temporal)"))
        }
        if let missing = questions.first(where: { $0.required && questionColumn[$0.id!] == nil }) {
            throw fileError(header.line, Message("no column holds question {n}, which must be answered",
                                                 ["n": .text(String(missing.position))]))
        }

        let today = clock.today()
        let now = clock.now()
        let dayStyle = Date.ISO8601FormatStyle(timeZone: clock.timeZone).year().month().day()
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let fields = record.fields
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            report.rows += 1
            var problems: [ImportReport.Problem] = []
            func problem(_ column: Int?, _ reason: Message) {
                problems.append(.init(line: record.line, column: column.map { header.fields[$0] }, reason: reason))
            }
            guard fields.count == header.fields.count else {
                problem(nil, Message("the row has {count} fields; the first line names {expected}",
                                     ["count": .text(String(fields.count)),
                                      "expected": .text(String(header.fields.count))]))
                report.problems += problems
                continue
            }
            func value(_ role: Role) -> String? {
                roleColumn[role].map { fields[$0].trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                    $0.isEmpty ? nil : $0
                }
            }

            // The row's identity: the form's own id, else a hash of every field.
            let key: String
            if let idColumn = roleColumn[.id] {
                guard let id = value(.id) else {
                    problem(idColumn, Message("this field is required"))
                    report.problems += problems
                    continue
                }
                key = "id:" + id
            } else {
                // Keyed with the audit key: the row holds contact data, and a plain
                // hash of it would outlive an erasure as something to guess against.
                key = "hmac:" + (try String.fetchOne(db, sql: "SELECT \(AuditKey.functionName)(?)",
                                                     arguments: [Audit.canonical(fields.map(Optional.some))]) ?? "")
            }
            if let first = seen[key] {
                problem(roleColumn[.id], Message("the same row as line {line}", ["line": .text(String(first))]))
                report.problems += problems
                continue
            }
            seen[key] = record.line
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM importedRow WHERE consultationId = ? AND rowKey = ?",
                                 arguments: [consultationId, key]) == true {
                report.alreadyImported += 1
                continue
            }

            var receivedAt = ""
            if let instant = Self.instant(fields[timestampColumn], timeZone: clock.timeZone) {
                let day = instant.formatted(dayStyle)
                if day < consultation.opensOn || day > consultation.closesOn || instant > now {
                    problem(timestampColumn, Message("{day} is outside the consultation's dates ({opens} to {closes}) or after today ({today})",
                                                     ["day": .text(day), "opens": .text(consultation.opensOn),
                                                      "closes": .text(consultation.closesOn), "today": .text(today)]))
                }
                receivedAt = instant.formatted(.iso8601)
            } else {
                problem(timestampColumn, Message("write the date and time as 2026-03-15 14:30, 2026-03-15T14:30:00Z or 15/03/2026 14:30:00"))
            }

            var answers: [Answer] = []
            for question in questions {
                let column = questionColumn[question.id!]
                do {
                    if let text = try question.checkedAnswer(column.map { fields[$0] }) {
                        answers.append(Answer(submissionId: 0, questionId: question.id!, text: text))
                    }
                } catch { problem(column, error.message) }
            }
            if answers.isEmpty && problems.isEmpty { problem(nil, Message("Answer at least one question.")) }

            var contact = ContactDetails()
            for (role, rule) in [(Role.name, Fields.contactName), (.email, Fields.contactEmail), (.phone, Fields.contactPhone)] {
                guard let column = roleColumn[role] else { continue }
                do {
                    switch role {
                    case .email: contact.email = try Fields.email(fields[column], rule)
                    case .phone: contact.phone = try Fields.phone(fields[column], rule)
                    default: contact.name = try rule.clean(fields[column])
                    }
                } catch { problem(column, error.message) }
            }
            var notice: String?
            if !contact.isEmpty {
                let consentColumn = roleColumn[.consent] ?? roleColumn[.email] ?? roleColumn[.phone] ?? roleColumn[.name]
                if !(value(.consent).map { Self.yes.contains(Self.folded($0)) } ?? false) {
                    problem(consentColumn, Message("contact data can be kept only with consent to the privacy notice, and this row does not give it (write sí or yes)"))
                } else if !receivedAt.isEmpty {
                    let day = String(receivedAt.prefix(10))
                    notice = try String.fetchOne(db, sql: """
                        SELECT version FROM privacyNotice WHERE publishedOn <= ? ORDER BY publishedOn DESC, version DESC LIMIT 1
                        """, arguments: [day])
                    if notice == nil {
                        problem(consentColumn, Message("no privacy notice was in force on {day}", ["day": .text(day)]))
                    }
                }
            }

            var jurisdictionId = consultation.jurisdictionId
            if let code = value(.municipality) {
                if let id = try Int64.fetchOne(db, sql: "SELECT id FROM jurisdiction WHERE inegiCode = ?", arguments: [code]) {
                    jurisdictionId = id
                } else {
                    problem(roleColumn[.municipality],
                            Message("'{value}' is not an INEGI code of a state or municipality (15104, for example)",
                                    ["value": .text(code)]))
                }
            }

            guard problems.isEmpty else { report.problems += problems; continue }
            report.good += 1
            rows.append(Row(line: record.line, key: key, submission: Submission(
                id: nil, folio: "", consultationId: consultationId, channel: .online, place: place,
                jurisdictionId: jurisdictionId, receivedAt: receivedAt, moderation: .pending, rejectionReason: nil,
                contactName: contact.name, contactEmail: contact.email, contactPhone: contact.phone,
                privacyNoticeVersion: contact.isEmpty ? nil : notice, commitmentId: nil, recordedBy: actor.accountId),
                answers: answers))
        }
    }

    /// A form's date and time: ISO 8601 with its offset, or without one (then
    /// the server's time zone), or day/month/year as forms in Mexico write it.
    static func instant(_ raw: String, timeZone: TimeZone) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let parts = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else { return nil }
        let day = parts[0], time = parts[1].split(separator: ":")
        let ymd: [Substring]
        if day.contains("-") {
            ymd = day.split(separator: "-")
        } else {
            let dmy = day.split(separator: "/")
            guard dmy.count == 3 else { return nil }
            ymd = [dmy[2], dmy[1], dmy[0]]
        }
        let digits = { (s: Substring) in s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard ymd.count == 3, ymd.allSatisfy(digits), ymd[0].count == 4, (2...3).contains(time.count),
              time.allSatisfy(digits), let year = Int(ymd[0]), let month = Int(ymd[1]), let dayNumber = Int(ymd[2]),
              let hour = Int(time[0]), let minute = Int(time[1]), hour < 24, minute < 60 else { return nil }
        let second = time.count == 3 ? Int(time[2]) ?? 60 : 0
        guard second < 60, CalendarDay.isValid(String(format: "%04d-%02d-%02d", year, month, dayNumber)) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: dayNumber, hour: hour,
                                                  minute: minute, second: second))
    }
}
