import Foundation
import GRDB

/// The audit trail: one entry per change, written in the change's own
/// transaction, each entry's hash covering its content and the previous hash.
public enum Audit {
    static let genesis = String(repeating: "0", count: 64)

    static func record<T: Encodable>(
        _ db: Database, actor: Actor, at: String, action: String, table: String, id: Int64?,
        before: T?, after: T?
    ) throws {
        var beforeText: String?, afterText: String?
        if let before { beforeText = json(before) }
        if let after { afterText = json(after) }
        try append(db, actor: actor, at: at, action: action, table: table, id: id, before: beforeText, after: afterText)
    }

    static func append(
        _ db: Database, actor: Actor, at: String, action: String, table: String, id: Int64?,
        before: String?, after: String?
    ) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM auditEntry ORDER BY id DESC LIMIT 1") ?? genesis
        let nextId = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM auditEntry") ?? 0) + 1
        var entry = AuditEntry(id: nextId, at: at, accountId: actor.accountId, actor: actor.name, action: action,
                               recordTable: table, recordId: id, before: before, after: after,
                               previousHash: previous, hash: "")
        entry.hash = hash(of: entry)
        try entry.insert(db)
    }

    /// The JSON the trail keeps of a record: sorted keys, personal data left out.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let redacted: any Encodable = (value as? any HoldsPersonalData)?.withoutPersonalData() ?? value
        guard let data = try? encoder.encode(redacted) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Length-prefixed fields, so no two different entries share a preimage.
    static func hash(of entry: AuditEntry) -> String {
        let fields: [String?] = [
            entry.id.map(String.init), entry.at, entry.accountId.map(String.init), entry.actor, entry.action,
            entry.recordTable, entry.recordId.map(String.init), entry.before, entry.after, entry.previousHash,
        ]
        let canonical = fields.map { field in
            field.map { "\($0.utf8.count):\($0);" } ?? "-;"
        }.joined()
        return Crypto.sha256Hex(canonical)
    }

    public struct Break: Sendable, Equatable {
        public enum Reason: Sendable, Equatable { case contentAltered, chainBroken }
        public let entryId: Int64
        public let reason: Reason
    }

    /// Walks the whole chain in id order; returns every break found.
    static func verify(_ db: Database) throws -> [Break] {
        var breaks: [Break] = []
        var previous = genesis
        let cursor = try AuditEntry.order(Column("id")).fetchCursor(db)
        while let entry = try cursor.next() {
            if entry.previousHash != previous { breaks.append(Break(entryId: entry.id!, reason: .chainBroken)) }
            if hash(of: entry) != entry.hash { breaks.append(Break(entryId: entry.id!, reason: .contentAltered)) }
            previous = entry.hash
        }
        return breaks
    }
}
