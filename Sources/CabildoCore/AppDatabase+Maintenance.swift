import CabildoText
import Foundation
import GRDB

/// What `cabildo check` found. Empty `problems` means the file is sound.
public struct CheckReport: Sendable {
    public var problems: [Message] = []
    public var auditEntries = 0
    public var isHealthy: Bool { problems.isEmpty }
}

extension AppDatabase {
    /// integrity_check, foreign_key_check, the audit chain, and the triggers
    /// that keep the trail append-only.
    public func check() throws -> CheckReport {
        try read { db in
            var report = CheckReport()
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                report.problems.append(Message("integrity: {detail}", ["detail": .text(line)]))
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
                report.problems.append(Message("foreign key: row {rowid} of {table} points to a missing {parent}",
                                               ["rowid": .text(rowid.map(String.init) ?? "?"),
                                                "table": .text(table), "parent": .text(parent)]))
            }
            let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for name in Schema.protectionTriggers where !triggers.contains(name) {
                report.problems.append(Message("protection: the trigger {name} has been removed",
                                               ["name": .text(name)]))
            }
            for broken in try Audit.verify(db) {
                let message = switch broken.reason {
                case .contentAltered:
                    Message("audit entry #{id}: its content no longer matches its hash (altered)",
                            ["id": .text(String(broken.entryId))])
                case .chainBroken:
                    Message("audit entry #{id}: it does not follow the entry before it (an entry was removed or replaced)",
                            ["id": .text(String(broken.entryId))])
                }
                report.problems.append(message)
            }
            report.auditEntries = try AuditEntry.fetchCount(db)
            return report
        }
    }

    /// A consistent copy while others keep writing (SQLite's online backup,
    /// read from one snapshot), owner-only, written whole then moved into
    /// place: never over an existing file (or a link, even a dangling one)
    /// unless `force`, never over the database's own files.
    public func backup(to path: String, force: Bool = false) throws {
        let output = outputFile(path, force: force)
        do {
            try output.write { temporary in
                let destination = try DatabaseQueue(path: temporary)
                try writer.backup(to: destination)
                try destination.close()
            }
        } catch let error as DatabaseError {
            throw CabildoError(.storage, Message("The backup to {path} failed: {detail}",
                                                 ["path": .text(output.path), "detail": .message(CabildoError.storage(error).message)]))
        }
    }

    /// A file to write for someone, guarded against replacing this database's files.
    public func outputFile(_ path: String, force: Bool = false) -> OutputFile {
        OutputFile(path: path, force: force, database: (writer as? DatabasePool)?.path)
    }

    /// How many records of each main kind the database holds.
    public func summary() throws -> [(table: String, count: Int)] {
        try read { db in
            try ["jurisdiction", "organisation", "mechanism", "membership", "actionPlan", "commitment", "milestone",
                 "consultation", "submission", "account", "auditEntry"].map { table in
                (table, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)
            }
        }
    }
}

extension AppDatabase {
    /// The audit trail, newest first, for one record or all; administrators only.
    public func auditEntries(table: String? = nil, recordId: Int64? = nil, limit: Int = 500,
                             for actor: Actor) throws -> [AuditEntry] {
        try read { db in
            try actor.require(.readAudit, db)
            var request = AuditEntry.order(Column("id").desc)
            if let table { request = request.filter(Column("recordTable") == table) }
            if let recordId { request = request.filter(Column("recordId") == recordId) }
            return try request.limit(limit).fetchAll(db)
        }
    }
}
