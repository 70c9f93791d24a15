import CabildoText
import Foundation
import GRDB

/// One line of a bundle. Each line holds the SHA-256 of the line before it
/// (`prev`), so a line changed, dropped or moved breaks the chain at that
/// line; the last line (`end`) signs the chain's head with the jornada's key.
struct BundleLine: Codable {
    struct JornadaPart: Codable {
        var format = "cabildo-caravan-bundle/1"
        let kit: String
        let server: String
        let uid: String
        let municipality: String
        let day: String
        let place: String
        let staff: String
        let signingKey: String
        let openedAt: String
        let closedAt: String
        let paperCollected: Int
        let paperTyped: Int
        let submissions: Int
        let contactRequests: Int
    }
    struct SubmissionPart: Codable {
        let key: String
        let folio: String
        let consultationId: Int64
        let channel: Channel
        let place: String
        let jurisdictionId: Int64
        let receivedAt: String
        let privacyNoticeVersion: String?
        let answers: [AnswerPart]
        let sealedContact: String?
        let typedFromPaper: Bool
    }
    struct AnswerPart: Codable {
        let questionId: Int64
        let text: String
    }
    struct ContactRequestPart: Codable {
        let key: String
        let folio: String
        let mechanismId: Int64
        let createdAt: String
        let place: String?
        let message: String
        let privacyNoticeVersion: String?
        let sealedContact: String?
    }
    struct AuditPart: Codable {
        let id: Int64
        let at: String
        let actor: String
        let action: String
        let recordTable: String
        let recordId: Int64?
        let after: String?
        let hash: String
    }
    struct EndPart: Codable {
        let lines: Int
        let signature: String
    }

    var prev: String
    var jornada: JornadaPart?
    var submission: SubmissionPart?
    var contactRequest: ContactRequestPart?
    var audit: AuditPart?
    var end: EndPart?

    init(prev: String) { self.prev = prev }

    static func signed(kit: String, uid: String, head: String, lines: Int) -> String {
        "cabildo-caravan-bundle:\(kit):\(uid):\(head):\(lines)"
    }
}

/// What `caravan close` wrote.
public struct BundleSummary: Sendable {
    public let jornadaUid: String
    public let submissions: Int
    public let contactRequests: Int
    public let paperCollected: Int
    public let paperTyped: Int
    public let sealedContacts: Int
    public let text: String
}

/// What `cabildo import BUNDLE` did.
public struct MergeReport: Sendable {
    public let file: String
    public let kitId: String
    public let jornadaUid: String
    public let municipality: String
    public let day: String
    public let submissions: Int
    public let contactRequests: Int
    /// Records this import added; the rest were merged by an earlier import.
    public var added = 0
    public var alreadyMerged = 0
    /// Folios that already named something else here: (the laptop's folio, the one given here).
    public var collisions: [(folio: String, newFolio: String)] = []
}

extension AppDatabase {
    // MARK: - Closing a jornada, on the laptop

    /// Closes the laptop's jornada (it can be opened again) and writes its
    /// bundle: the jornada, its submissions and contact requests (contact data
    /// still sealed), their audit entries and the paper forms collected vs
    /// typed, hash-chained and signed with the jornada's key.
    public func closeJornada(paperCollected: Int?, databasePath: String, by actor: Actor) throws -> BundleSummary {
        guard let key = try JornadaKey.forDatabase(at: databasePath, create: false) else {
            throw CabildoError(.storage, Message("The jornada key {path} is missing; the jornada cannot be signed.",
                                                 ["path": .text(JornadaKey.path(forDatabase: databasePath))]))
        }
        if let paperCollected, paperCollected < 0 {
            throw CabildoError(.validation, Message("--paper-collected: give a number of forms, 0 or more."),
                               field: "paperCollected")
        }
        return try perform { db, now in
            guard let kitId = try Self.caravanKitId(db),
                  let before = try Jornada.filter(Column("kitId") == kitId).fetchOne(db),
                  let server = try String.fetchOne(db, sql: "SELECT serverKey FROM caravanKit WHERE id = ?",
                                                   arguments: [kitId]) else {
                throw CabildoError(.validation, Message("This database holds no jornada; run cabildo caravan open KIT first."))
            }
            guard before.signingKey == Crypto.hex(key.publicKey) else {
                throw CabildoError(.storage, Message("The jornada key {path} is not the one this jornada opened with; the jornada cannot be signed.",
                                                     ["path": .text(JornadaKey.path(forDatabase: databasePath))]))
            }
            var jornada = before
            jornada.closedAt = before.closedAt ?? now
            if let paperCollected { jornada.paperCollected = paperCollected }
            if jornada != before { jornada = try Self.update(before, to: jornada, db, actor, now, action: "jornada.close") }

            let municipality = try String.fetchOne(db, sql: "SELECT inegiCode FROM jurisdiction WHERE id = ?",
                                                   arguments: [jornada.jurisdictionId]) ?? ""
            // One statement per kind, in the order the bundle has always had:
            // submissions by id (each with its answers by question), then
            // contact requests by id.
            let answers = Dictionary(grouping: try Answer.fetchAll(db, sql: """
                SELECT a.* FROM jornadaRecord r JOIN answer a ON a.submissionId = r.submissionId
                WHERE r.jornadaId = ? ORDER BY a.submissionId, a.questionId
                """, arguments: [jornada.id]), by: \.submissionId)
            var typed = 0, sealedCount = 0
            func sealed(_ row: Row) -> String? {
                let sealed = (row["recordSealedContact"] as Data?).map { $0.base64EncodedString() }
                if sealed != nil { sealedCount += 1 }
                return sealed
            }
            let submissions = try Row.fetchAll(db, sql: """
                SELECT s.*, r.localKey AS recordKey, r.typedFromPaper AS recordTypedFromPaper,
                       r.sealedContact AS recordSealedContact
                FROM jornadaRecord r JOIN submission s ON s.id = r.submissionId
                WHERE r.jornadaId = ? ORDER BY r.submissionId
                """, arguments: [jornada.id]).map { row -> BundleLine.SubmissionPart in
                let s = try Submission(row: row)
                let paper: Bool = row["recordTypedFromPaper"]
                if paper { typed += 1 }
                return .init(key: row["recordKey"], folio: s.folio, consultationId: s.consultationId,
                             channel: s.channel, place: s.place, jurisdictionId: s.jurisdictionId,
                             receivedAt: s.receivedAt, privacyNoticeVersion: s.privacyNoticeVersion,
                             answers: (answers[s.id!] ?? []).map { .init(questionId: $0.questionId, text: $0.text) },
                             sealedContact: sealed(row), typedFromPaper: paper)
            }
            let requests = try Row.fetchAll(db, sql: """
                SELECT c.*, r.localKey AS recordKey, r.sealedContact AS recordSealedContact
                FROM jornadaRecord r JOIN contactRequest c ON c.id = r.contactRequestId
                WHERE r.jornadaId = ? AND r.submissionId IS NULL ORDER BY r.contactRequestId
                """, arguments: [jornada.id]).map { row -> BundleLine.ContactRequestPart in
                let r = try ContactRequest(row: row)
                return .init(key: row["recordKey"], folio: r.folio ?? "", mechanismId: r.mechanismId,
                             createdAt: r.createdAt, place: r.place, message: r.message,
                             privacyNoticeVersion: r.privacyNoticeVersion, sealedContact: sealed(row))
            }
            let entries = try AuditEntry.filter(["submission", "contactRequest", "jornada", "jornadaRecord"]
                .contains(Column("recordTable"))).order(Column("id")).fetchAll(db)

            let encoder = Audit.jsonEncoder()
            var lines: [String] = []
            func add(_ fill: (inout BundleLine) -> Void) throws {
                var line = BundleLine(prev: lines.last.map(Crypto.sha256Hex) ?? Audit.genesis)
                fill(&line)
                lines.append(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
            try add { $0.jornada = .init(kit: kitId, server: server, uid: jornada.uid, municipality: municipality,
                                         day: jornada.day, place: jornada.place, staff: jornada.staff,
                                         signingKey: jornada.signingKey, openedAt: jornada.openedAt,
                                         closedAt: jornada.closedAt ?? now, paperCollected: jornada.paperCollected,
                                         paperTyped: typed, submissions: submissions.count,
                                         contactRequests: requests.count) }
            for part in submissions { try add { $0.submission = part } }
            for part in requests { try add { $0.contactRequest = part } }
            for entry in entries {
                try add { $0.audit = .init(id: entry.id ?? 0, at: entry.at, actor: entry.actor, action: entry.action,
                                           recordTable: entry.recordTable, recordId: entry.recordId,
                                           after: entry.after, hash: entry.hash) }
            }
            let head = Crypto.sha256Hex(lines.last!)
            let count = lines.count
            try add { $0.end = .init(lines: count, signature: Crypto.sign(
                BundleLine.signed(kit: kitId, uid: jornada.uid, head: head, lines: count), secretKey: key.secretKey)) }
            return BundleSummary(jornadaUid: jornada.uid, submissions: submissions.count,
                                 contactRequests: requests.count, paperCollected: jornada.paperCollected,
                                 paperTyped: typed, sealedContacts: sealedCount,
                                 text: lines.joined(separator: "\n") + "\n")
        }
    }

    // MARK: - Merging a bundle, at the server

    /// Checks a bundle whole (its chain, its signature, that this server
    /// prepared its kit) before anything is written, then merges it in one
    /// transaction: every record once, however often the bundle comes; a folio
    /// that names something else here is given a new one and reported; the
    /// sealed contact data opened with the server's key; every merged record
    /// audited with its kit and jornada.
    public func importCaravanBundle(_ text: String, file: String, keys: CaravanServerKeys?,
                                    by actor: Actor) throws -> MergeReport {
        guard let keys else {
            throw CabildoError(.validation, Message("This server has no caravan keys, so it prepared no kit; {file} cannot be from it. Run cabildo keys to make them.",
                                                    ["file": .text(file)]))
        }
        func bad(_ message: Message) -> CabildoError {
            CabildoError(.dataFile, Message("{file}: {reason} Nothing was imported.",
                                            ["file": .text(file), "reason": .message(message)]))
        }
        guard !text.isEmpty else { throw bad(Message("the bundle is empty.")) }
        guard text.hasSuffix("\n") else {
            throw bad(Message("the bundle is cut off (it does not end with its signature line); copy it again from the laptop."))
        }
        let raw = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let decoder = JSONDecoder()
        var lines: [BundleLine] = []
        for (index, rawLine) in raw.enumerated() {
            let number = index + 1
            guard let line = try? decoder.decode(BundleLine.self, from: Data(rawLine.utf8)) else {
                throw bad(Message("line {line} is altered or damaged (it cannot be read).", ["line": .text(String(number))]))
            }
            let expected = index == 0 ? Audit.genesis : Crypto.sha256Hex(raw[index - 1])
            guard line.prev == expected else {
                throw bad(Message("line {line} does not follow line {previous}: the bundle was altered.",
                                  ["line": .text(String(number)), "previous": .text(String(number - 1))]))
            }
            lines.append(line)
        }
        guard let end = lines.last?.end, lines.count >= 2, end.lines == lines.count - 1 else {
            throw bad(Message("the bundle is cut off (its signature line is missing); copy it again from the laptop."))
        }
        guard let header = lines.first?.jornada, header.format == "cabildo-caravan-bundle/1" else {
            throw bad(Message("it is not a caravan bundle (cabildo caravan close makes one)."))
        }
        let signed = BundleLine.signed(kit: header.kit, uid: header.uid, head: lines.last!.prev, lines: end.lines)
        guard Crypto.verify(signed, signature: end.signature, publicKey: header.signingKey) else {
            throw bad(Message("its signature does not match its content: the bundle was altered."))
        }
        guard header.server == keys.publicKey else {
            throw bad(Message("its kit {kit} was prepared by another server (key {key}), not this one.",
                              ["kit": .text(header.kit), "key": .text(String(Crypto.sha256Hex(header.server).prefix(16)))]))
        }
        guard header.paperCollected >= 0, header.paperTyped >= 0 else {
            throw bad(Message("it holds a different number of records than its first line says: the bundle was altered."))
        }
        let body = lines.dropFirst().dropLast()
        let submissions = body.compactMap(\.submission), requests = body.compactMap(\.contactRequest)
        guard submissions.count == header.submissions, requests.count == header.contactRequests else {
            throw bad(Message("it holds a different number of records than its first line says: the bundle was altered."))
        }

        return try perform { db, now in
            try actor.require(.manageAccounts, db)
            guard let kit = try Row.fetchOne(db, sql: "SELECT jurisdictionId, day FROM caravanKit WHERE id = ? AND serverKey = ?",
                                             arguments: [header.kit, keys.publicKey]) else {
                throw bad(Message("its kit {kit} is not one this server prepared.", ["kit": .text(header.kit)]))
            }
            var report = MergeReport(file: file, kitId: header.kit, jornadaUid: header.uid,
                                     municipality: header.municipality, day: header.day,
                                     submissions: submissions.count, contactRequests: requests.count)
            let audit = try Audit.Batch(db)
            let jornada: Jornada
            if let found = try Jornada.filter(Column("uid") == header.uid).fetchOne(db) {
                guard found.kitId == header.kit, found.signingKey == header.signingKey else {
                    throw bad(Message("jornada {jornada} was merged before from another kit or key: the bundle was altered.",
                                      ["jornada": .text(header.uid)]))
                }
                jornada = found
            } else {
                jornada = try audit.insert(Jornada(id: nil, uid: header.uid, kitId: header.kit, jurisdictionId: kit[0],
                                                   day: kit[1], place: try Fields.requiredPlace.clean(header.place),
                                                   staff: try Fields.staff.clean(header.staff),
                                                   signingKey: header.signingKey, paperCollected: header.paperCollected,
                                                   openedAt: header.openedAt, closedAt: header.closedAt, mergedAt: nil),
                                           actor: actor, at: now, action: "jornada.merge")
            }
            func merged(_ key: String) throws -> Bool {
                try Bool.fetchOne(db, sql: "SELECT 1 FROM jornadaRecord WHERE jornadaId = ? AND localKey = ?",
                                  arguments: [jornada.id, key]) == true
            }
            func folioTaken(_ folio: String) throws -> Bool {
                try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM submission WHERE folio = ?1) OR EXISTS (SELECT 1 FROM contactRequest WHERE folio = ?1)
                    """, arguments: [folio]) == true
            }
            /// The laptop's folio, or a new one when this server already uses
            /// it (reported, never overwritten).
            func mergedFolio(_ laptopFolio: String, _ key: String) throws -> String {
                guard let folio = try? Folio.normalise(laptopFolio) else {
                    throw bad(Message("record {key} has no valid folio: the bundle was altered.", ["key": .text(key)]))
                }
                guard try folioTaken(folio) else { return folio }
                let fresh = try Self.uniqueFolio(db)
                report.collisions.append((folio, fresh))
                return fresh
            }
            func contact(_ sealed: String?, _ key: String) throws -> ContactDetails {
                guard let sealed else { return ContactDetails() }
                guard let box = Data(base64Encoded: sealed), let opened = keys.openSealed(Array(box)),
                      let fields = try? JSONDecoder().decode([String: String].self, from: Data(opened)) else {
                    throw bad(Message("the contact data of record {key} cannot be opened with this server's key.",
                                      ["key": .text(key)]))
                }
                return try ContactDetails(name: fields["name"], email: fields["email"], phone: fields["phone"]).cleaned()
            }
            func note(_ table: String, _ id: Int64?, _ folio: String, _ key: String) throws {
                try audit.append(actor: actor, at: now, action: "caravan.merge", table: table, id: nil, before: nil,
                                 after: """
                                    {"kit":"\(header.kit)","jornada":"\(header.uid)","key":"\(key)",\
                                    "recordId":\(id ?? 0),"folio":"\(folio)"}
                                    """)
            }
            /// A consultation's questions by id, read once per consultation in
            /// the merge (a jornada's submissions answer one or two).
            var questionsRead: [Int64: [Int64: ConsultationQuestion]] = [:]
            func questions(of consultationId: Int64) throws -> [Int64: ConsultationQuestion] {
                if let known = questionsRead[consultationId] { return known }
                let consultation = try Self.fetch(Consultation.self, consultationId, db, Message("Consultation"))
                let questions = Dictionary(uniqueKeysWithValues: try ConsultationQuestion
                    .filter(Column("consultationId") == consultation.id!).fetchAll(db).map { ($0.id!, $0) })
                questionsRead[consultationId] = questions
                return questions
            }
            for part in submissions {
                if try merged(part.key) { report.alreadyMerged += 1; continue }
                let questions = try questions(of: part.consultationId)
                // A bundle is signed by the laptop's own key, so its records
                // pass the one check of answers (and the one sanitiser) a kiosk's do.
                let answers: [(questionId: Int64, text: String)]
                do {
                    answers = try ConsultationQuestion.checkedAnswers(
                        Dictionary(part.answers.map { ($0.questionId, $0.text) }, uniquingKeysWith: { _, last in last }),
                        of: Array(questions.values))
                } catch let error as CabildoError {
                    throw bad(Message("record {key}: {reason}", ["key": .text(part.key), "reason": .message(error.message)]))
                }
                let details = try contact(part.sealedContact, part.key)
                let folio = try mergedFolio(part.folio, part.key)
                let saved = try audit.insert(Submission(
                    id: nil, folio: folio, consultationId: part.consultationId, channel: part.channel,
                    place: try Fields.requiredPlace.clean(part.place), jurisdictionId: part.jurisdictionId,
                    receivedAt: part.receivedAt, moderation: .pending, rejectionReason: nil,
                    contactName: details.name, contactEmail: details.email, contactPhone: details.phone,
                    privacyNoticeVersion: details.isEmpty ? nil : part.privacyNoticeVersion, commitmentId: nil,
                    recordedBy: nil), actor: actor, at: now, action: "submission.merge")
                for (questionId, text) in answers {
                    try Answer(submissionId: saved.id!, questionId: questionId, text: text).insert(db)
                }
                try db.execute(sql: """
                    INSERT INTO jornadaRecord (jornadaId, localKey, submissionId, typedFromPaper) VALUES (?, ?, ?, ?)
                    """, arguments: [jornada.id, part.key, saved.id, part.typedFromPaper])
                try note("submission", saved.id, folio, part.key)
                report.added += 1
            }
            for part in requests {
                if try merged(part.key) { report.alreadyMerged += 1; continue }
                _ = try Self.fetch(Mechanism.self, part.mechanismId, db, Message("Mechanism"))
                let details = try contact(part.sealedContact, part.key)
                let folio = try mergedFolio(part.folio, part.key)
                let saved = try audit.insert(ContactRequest(
                    id: nil, mechanismId: part.mechanismId, createdAt: part.createdAt,
                    place: try Fields.place.clean(part.place), message: try Fields.contactMessage.clean(part.message),
                    contactName: details.name, contactEmail: details.email, contactPhone: details.phone,
                    privacyNoticeVersion: details.isEmpty ? nil : part.privacyNoticeVersion, status: .new, folio: folio),
                    actor: actor, at: now, action: "contactRequest.merge")
                try db.execute(sql: """
                    INSERT INTO jornadaRecord (jornadaId, localKey, contactRequestId) VALUES (?, ?, ?)
                    """, arguments: [jornada.id, part.key, saved.id])
                try note("contactRequest", saved.id, folio, part.key)
                report.added += 1
            }
            if report.added > 0 || jornada.mergedAt == nil || jornada.paperCollected != header.paperCollected {
                var after = jornada
                after.mergedAt = now
                after.paperCollected = header.paperCollected
                after.closedAt = header.closedAt
                try after.update(db)
                try audit.append(actor: actor, at: now, action: "jornada.merge", table: Jornada.databaseTableName,
                                 id: after.id, before: try audit.json(jornada), after: try audit.json(after))
                try audit.append(actor: actor, at: now, action: "caravan.import", table: "jornada", id: nil, before: nil,
                                 after: """
                                    {"kit":"\(header.kit)","jornada":"\(header.uid)","file":\(JSONText.quote(file)),\
                                    "added":\(report.added),"alreadyMerged":\(report.alreadyMerged),\
                                    "collisions":\(report.collisions.count),"sha256":"\(Crypto.sha256Hex(text))"}
                                    """)
            }
            try audit.finish()
            return report
        }
    }
}

/// A jornada as the officials' app lists it.
public struct JornadaSummary: Sendable, Equatable {
    public let jornada: Jornada
    public let municipality: String
    public let submissions: Int
    public let contactRequests: Int
    public let paperTyped: Int
}

extension AppDatabase {
    /// Every jornada here, newest day first, with what it took: one
    /// statement, its records counted per jornada, not one query per row.
    public func jornadas() throws -> [JornadaSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT j.*, m.name AS municipalityName, s.name AS stateName,
                       coalesce(c.submissions, 0) AS submissions, coalesce(c.contactRequests, 0) AS contactRequests,
                       coalesce(c.paperTyped, 0) AS paperTyped
                FROM jornada j
                LEFT JOIN jurisdiction m ON m.id = j.jurisdictionId
                LEFT JOIN jurisdiction s ON s.id = m.parentId
                LEFT JOIN (SELECT jornadaId, count(submissionId) AS submissions,
                                  count(contactRequestId) AS contactRequests,
                                  sum(submissionId IS NOT NULL AND typedFromPaper) AS paperTyped
                           FROM jornadaRecord GROUP BY jornadaId) c ON c.jornadaId = j.id
                ORDER BY j.day DESC, j.id DESC
                """).map { row in
                let name: String? = row["municipalityName"], state: String? = row["stateName"]
                let place = name.map { name in state.map { "\(name) (\($0))" } ?? name } ?? ""
                return JornadaSummary(jornada: try Jornada(row: row), municipality: place,
                                      submissions: row["submissions"], contactRequests: row["contactRequests"],
                                      paperTyped: row["paperTyped"])
            }
        }
    }
}
