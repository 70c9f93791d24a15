import CabildoText
import Foundation
import GRDB

/// The audit trail: one entry per change, written in the change's own
/// transaction. Each entry's hash is an HMAC-SHA-256, under a key kept outside
/// the database (`AuditKey`), of its content and the previous entry's hash;
/// entries written before the chain was keyed keep their plain SHA-256 up to
/// a recorded boundary. A one-row head (last id and hash, sealed with the key),
/// updated with every append, makes a cut at the end of the trail visible too.
public enum Audit {
    static let genesis = String(repeating: "0", count: 64)
    /// The entry that starts the keyed part of the chain, right after the boundary.
    static let keyedAction = "audit.keyed"

    static func record<T: Encodable>(
        _ db: Database, actor: Actor, at: String, action: String, table: String, id: Int64?,
        before: T?, after: T?
    ) throws {
        let encoder = jsonEncoder()
        var beforeText: String?, afterText: String?
        if let before { beforeText = try state(before, encoder: encoder, db) }
        if let after { afterText = try state(after, encoder: encoder, db) }
        try append(db, actor: actor, at: at, action: action, table: table, id: id, before: beforeText, after: afterText)
    }

    static func append(
        _ db: Database, actor: Actor, at: String, action: String, table: String, id: Int64?,
        before: String?, after: String?
    ) throws {
        let batch = try Batch(db)
        try batch.append(actor: actor, at: at, action: action, table: table, id: id, before: before, after: after)
        try batch.finish()
    }

    /// Entries appended in one transaction (one, or many when seeding or
    /// loading reference or demo data): the head is read and its seal checked
    /// once (a head put back by hand is never extended: sealing it anew would
    /// hide the cut), entries are chained with one cached statement, and the
    /// head is written once by `finish()`. Nothing else may append meanwhile.
    final class Batch {
        private let db: Database
        private var lastId: Int64
        private var lastHash: String
        private let plainUntil: Int64
        private let encoder = Audit.jsonEncoder()

        init(_ db: Database) throws {
            guard let head = try Row.fetchOne(db, sql: "SELECT lastId, lastHash, plainUntil FROM auditHead") else {
                throw CabildoError(.storage, Message("The audit trail's head is missing; nothing was saved. Run 'cabildo check'."))
            }
            guard try Bool.fetchOne(db, sql: "SELECT seal = \(AuditKey.functionName)(?) FROM auditHead",
                                    arguments: [sealed(lastId: head[0], hash: head[1], plainUntil: head[2])]) == true else {
                throw CabildoError(.storage, Message("The audit trail's head was changed outside Cabildo; nothing was saved. Run 'cabildo check'."))
            }
            self.db = db
            (lastId, lastHash, plainUntil) = (head[0], head[1], head[2])
        }

        /// Inserts a record and its entry.
        @discardableResult
        func insert<R: CabildoRecord>(_ record: R, actor: Actor, at: String, action: String) throws -> R {
            var record = record
            try record.insert(db)
            try append(actor: actor, at: at, action: action, table: R.databaseTableName, id: record.id, before: nil,
                       after: try json(record))
            return record
        }

        func append(actor: Actor, at: String, action: String, table: String, id: Int64?, before: String?,
                    after: String?) throws {
            var entry = AuditEntry(id: lastId + 1, at: at, accountId: actor.accountId, actor: actor.name, action: action,
                                   recordTable: table, recordId: id, before: before, after: after,
                                   previousHash: lastHash, hash: "")
            entry.hash = try String.fetchOne(db.cachedStatement(sql: "SELECT \(AuditKey.functionName)(?)"),
                                             arguments: [canonical(entry)]) ?? ""
            try entry.insert(db)
            (lastId, lastHash) = (entry.id!, entry.hash)
        }

        /// The JSON the trail keeps of a record (one encoder for the whole batch).
        func json<T: Encodable>(_ value: T) throws -> String { try Audit.state(value, encoder: encoder, db) }

        /// Writes the head, sealed; call once, last.
        func finish() throws {
            try db.execute(sql: "UPDATE auditHead SET lastId = ?, lastHash = ?, seal = \(AuditKey.functionName)(?)",
                           arguments: [lastId, lastHash, sealed(lastId: lastId, hash: lastHash, plainUntil: plainUntil)])
        }
    }

    /// The JSON the trail keeps of a record: sorted keys, personal data left out.
    static func json<T: Encodable>(_ value: T) -> String { json(value, encoder: jsonEncoder()) }

    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A record as its audit entry keeps it: its JSON without personal data
    /// and, for a record that holds some, a keyed digest of all of it
    /// (`personalDigest`), so a password hash or an address changed with
    /// plain SQL shows in `check` without the trail ever holding the data.
    static func state<T: Encodable>(_ value: T, encoder: JSONEncoder, _ db: Database) throws -> String {
        let redacted = json(value, encoder: encoder)
        // Without its key (a copy checked elsewhere) a record shows without its digest.
        guard value is any HoldsPersonalData, redacted.hasSuffix("}"), let data = try? encoder.encode(value),
              let digest = (try? String.fetchOne(db.cachedStatement(sql: "SELECT \(AuditKey.functionName)(?)"),
                                                 arguments: [String(decoding: data, as: UTF8.self)])) ?? nil
        else { return redacted }
        return String(redacted.dropLast()) + (redacted == "{}" ? "" : ",") + "\"personalDigest\":\"\(digest)\"}"
    }

    static func json<T: Encodable>(_ value: T, encoder: JSONEncoder) -> String {
        let redacted: any Encodable = (value as? any HoldsPersonalData)?.withoutPersonalData() ?? value
        guard let data = try? encoder.encode(redacted) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Length-prefixed fields, so no two different entries share a preimage.
    static func canonical(_ entry: AuditEntry) -> String {
        canonical([entry.id.map(String.init), entry.at, entry.accountId.map(String.init), entry.actor, entry.action,
                   entry.recordTable, entry.recordId.map(String.init), entry.before, entry.after, entry.previousHash])
    }

    /// The hashed fields in `hashedColumns` order, as text.
    static func canonical(_ fields: [String?]) -> String {
        fields.map { field in field.map { "\($0.utf8.count):\($0);" } ?? "-;" }.joined()
    }

    /// What an entry's hash covers, in order; `verify` reads these columns
    /// straight from rows (decoding whole records costs a million entries dearly).
    static let hashedColumns = ["id", "at", "accountId", "actor", "action", "recordTable", "recordId", "before", "after",
                                "previousHash"]

    /// What the head's seal (its MAC) covers. Only the current head is ever
    /// sealed, so without the key an earlier head cannot be put back (a cut
    /// end passed off as whole). Never shaped like an entry's `canonical`.
    static func sealed(lastId: Int64, hash: String, plainUntil: Int64) -> String {
        "head:\(lastId):\(hash):\(plainUntil)"
    }

    /// The plain hash of entries written before the chain was keyed.
    static func hash(of entry: AuditEntry) -> String { Crypto.sha256Hex(canonical(entry)) }

    /// The last entry of the trail, to be written down or sent elsewhere and
    /// given back to `check --expect-head`.
    public struct Head: Sendable, Equatable {
        public let entries: Int
        public let lastId: Int64
        public let hash: String
        /// `ID:HASH`, the form `--expect-head` takes.
        public var reference: String { "\(lastId):\(hash)" }
    }

    /// What the trail's head row says (or, on a file not yet upgraded, its last entry).
    static func head(_ db: Database) throws -> Head {
        let entries = try AuditEntry.fetchCount(db)
        if try db.tableExists("auditHead"), let row = try Row.fetchOne(db, sql: "SELECT lastId, lastHash FROM auditHead") {
            return Head(entries: entries, lastId: row[0], hash: row[1])
        }
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM auditEntry ORDER BY id DESC LIMIT 1")
        return Head(entries: entries, lastId: last?[0] ?? 0, hash: last?[1] ?? genesis)
    }

    /// Entries up to this id keep their plain SHA-256; nil on a file not yet upgraded (all plain).
    static func plainUntil(_ db: Database) throws -> Int64? {
        guard try db.tableExists("auditHead") else { return nil }
        return try Int64.fetchOne(db, sql: "SELECT plainUntil FROM auditHead")
    }

    public struct Break: Sendable, Equatable {
        public enum Reason: Sendable, Equatable {
            case contentAltered, chainBroken
            /// The entry after the boundary is not the one that starts the keyed chain.
            case boundaryMoved
            /// The head names a later entry than the trail's last one: entries were cut from the end.
            case cut(lastFound: Int64)
            /// The head's hash is not the last entry's.
            case headMismatch
            /// The head does not carry the key's seal: it was written around Cabildo.
            case headForged
        }
        public let entryId: Int64
        public let reason: Reason
    }

    /// Walks the whole chain in id order; returns every break found. Without
    /// the key (nil or missing), keyed entries' MACs are not compared.
    static func verify(_ db: Database, key: AuditKey?) throws -> [Break] {
        var breaks: [Break] = []
        var previous = genesis
        var lastId: Int64 = 0
        let boundary = try plainUntil(db)
        var sawMarker = boundary == nil
        // Integer columns read as their decimal text, as `canonical(_ entry:)` writes them.
        let columns = (hashedColumns + ["hash"]).map { ["id", "accountId", "recordId"].contains($0) ? "CAST(\($0) AS TEXT)" : $0 }
            .joined(separator: ", ")
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM auditEntry ORDER BY id")
        while let row = try cursor.next() {
            let fields: [String?] = (0..<hashedColumns.count).map { row[$0] }
            let id = Int64(fields[0] ?? "") ?? 0
            let previousHash: String = row[9], hash: String = row[10]
            if previousHash != previous { breaks.append(Break(entryId: id, reason: .chainBroken)) }
            let text = canonical(fields)
            if let boundary, id > boundary {
                if id == boundary + 1 {
                    sawMarker = true
                    if fields[4] != keyedAction || fields[8] != "{\"plainUntil\":\(boundary)}" {
                        breaks.append(Break(entryId: id, reason: .boundaryMoved))
                    }
                }
                if let mac = key?.mac(text), mac != hash {
                    breaks.append(Break(entryId: id, reason: .contentAltered))
                }
            } else if Crypto.sha256Hex(text) != hash {
                breaks.append(Break(entryId: id, reason: .contentAltered))
            }
            previous = hash
            lastId = id
        }
        if let boundary, !sawMarker { breaks.append(Break(entryId: boundary + 1, reason: .boundaryMoved)) }
        if let boundary {
            let head = try head(db)
            if head.lastId > lastId {
                breaks.append(Break(entryId: head.lastId, reason: .cut(lastFound: lastId)))
            } else if head.lastId != lastId || head.hash != previous {
                breaks.append(Break(entryId: lastId, reason: .headMismatch))
            }
            if let key, key.isAvailable,
               let seal = try String.fetchOne(db, sql: "SELECT seal FROM auditHead"),
               key.mac(sealed(lastId: head.lastId, hash: head.hash, plainUntil: boundary)) != seal {
                breaks.append(Break(entryId: head.lastId, reason: .headForged))
            }
        }
        return breaks
    }
}

/// Every record's last audited state against the record itself: a record
/// written, changed or removed around Cabildo (straight SQL) shows up.
extension Audit {
    /// The tables whose records are written only through audited intents (or
    /// the audited seed and demo data). Rows written with their parent in one
    /// audited intent (answers, agenda items, questions, evidence) are not listed.
    static let auditedRecords: [any CabildoRecord.Type] = [
        Jurisdiction.self, Organisation.self, Person.self, Account.self, Mechanism.self, Membership.self,
        MechanismSession.self, Agreement.self, AgreementFollowUp.self, Activity.self, News.self,
        ContactRequest.self, ActionPlan.self, ThematicAxis.self, CoCreationSpace.self, CoCreationMeeting.self,
        Commitment.self, Milestone.self, ProgressUpdate.self, Assessment.self, Consultation.self,
        Submission.self, Response.self, Notice.self, ArcoRequest.self, Jornada.self,
    ]

    enum Drift {
        /// A record with no audit entry; `json` is its state as the trail would keep it.
        case unaudited(table: String, id: Int64, json: String)
        case changed(table: String, id: Int64)
        case removed(table: String, id: Int64)
    }

    /// One pass per table: the records and their latest entries, both in id
    /// order, walked in step (a merge), never a query per record.
    static func forEachDrift(_ db: Database, _ body: (Drift) throws -> Void) throws {
        let encoder = jsonEncoder()
        // While an earlier migration runs (v4 walks the records), a later one's tables are not there yet.
        for type in auditedRecords where try db.tableExists(type.databaseTableName) {
            try drift(of: type, db, encoder: encoder, body)
        }
    }

    private static func drift<R: CabildoRecord>(of type: R.Type, _ db: Database, encoder: JSONEncoder,
                                                _ body: (Drift) throws -> Void) throws {
        let table = R.databaseTableName
        // The keyed-chain migration walks the records before later migrations made their tables.
        guard try db.tableExists(table) else { return }
        let records = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY id")
        // SQLite takes the bare column `after` from the row holding max(id).
        let latest = try Row.fetchCursor(db, sql: """
            SELECT recordId, after, max(id) FROM auditEntry
            WHERE recordTable = ? AND recordId IS NOT NULL GROUP BY recordId ORDER BY recordId
            """, arguments: [table])
        var audited: (id: Int64, after: String?)? = try latest.next().map { ($0[0], $0[1]) }
        while let row = try records.next() {
            let id: Int64 = row["id"]
            while let entry = audited, entry.id < id {
                if entry.after != nil { try body(.removed(table: table, id: entry.id)) }
                audited = try latest.next().map { ($0[0], $0[1]) }
            }
            let record = try? R(row: row)
            let state = try record.map { try Audit.state($0, encoder: encoder, db) }
            if let entry = audited, entry.id == id {
                // An entry written before digests were kept is compared without one.
                let matches = entry.after == state || (entry.after?.contains("\"personalDigest\"") == false
                    && entry.after == record.map { json($0, encoder: encoder) })
                if state == nil || !matches { try body(.changed(table: table, id: id)) }
                audited = try latest.next().map { ($0[0], $0[1]) }
            } else {
                try body(.unaudited(table: table, id: id, json: state ?? "{}"))
            }
        }
        while let entry = audited {
            if entry.after != nil { try body(.removed(table: table, id: entry.id)) }
            audited = try latest.next().map { ($0[0], $0[1]) }
        }
    }
}
