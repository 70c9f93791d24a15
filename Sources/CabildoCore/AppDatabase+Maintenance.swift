import CabildoText
import Foundation
import GRDB

/// What `cabildo check` found. Empty `problems` means the file is sound.
public struct CheckReport: Sendable {
    public var problems: [Message] = []
    public var auditEntries = 0
    /// The trail's head as found (nil when the file could not be read that far).
    public var head: Audit.Head?
    /// Entries up to this id are verified by their plain hash (nil: none, or the file is not keyed yet).
    public var plainUntil: Int64?
    /// The file predates the keyed chain (opened read-only, never upgraded by `check`).
    public var notKeyedYet = false
    public var isHealthy: Bool { problems.isEmpty }
}

/// A head noted earlier (`ID:HASH`, or the hash alone) that must still be in the chain at its place.
public struct ExpectedHead: Sendable, Equatable {
    public let id: Int64?
    public let hash: String

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let hash = String(parts.last ?? "").lowercased()
        guard parts.count <= 2, hash.count == 64, hash.allSatisfy(\.isHexDigit) else { return nil }
        if parts.count == 2 {
            guard let id = Int64(parts[0]), id > 0 else { return nil }
            self.id = id
        } else {
            id = nil
        }
        self.hash = hash
    }
}

extension AppDatabase {
    /// Checks the file at `path` without writing to it (see `openForChecking`):
    /// a damaged file is a finding (exit 1 for `check`), not a failure to open.
    public static func checkFile(path: String, expecting expected: ExpectedHead? = nil) throws -> CheckReport {
        do {
            return try openForChecking(path: path).check(expecting: expected)
        } catch let error as DatabaseError where isDamage(error) {
            var report = CheckReport()
            report.problems.append(damaged(error))
            return report
        }
    }

    static func isDamage(_ error: DatabaseError) -> Bool {
        [.SQLITE_CORRUPT, .SQLITE_IOERR, .SQLITE_FORMAT].contains(error.resultCode)
    }

    static func damaged(_ error: DatabaseError) -> Message {
        Message("damage: the file is corrupted and cannot be read whole ({detail}); restore it from a backup",
                ["detail": .text(error.message ?? "\(error.resultCode)")])
    }

    /// integrity_check, foreign_key_check, the audit chain (keyed MACs, its
    /// head, an expected head), every record against its last audited state,
    /// and the triggers that keep the trail append-only.
    public func check(expecting expected: ExpectedHead? = nil) throws -> CheckReport {
        var report = CheckReport()
        do {
            try writer.read { db in try inspect(db, into: &report, expecting: expected) }
        } catch let error as DatabaseError where Self.isDamage(error) {
            report.problems.append(Self.damaged(error))
        } catch let error as DatabaseError {
            throw CabildoError.storage(error)
        }
        return report
    }

    private func inspect(_ db: Database, into report: inout CheckReport, expecting expected: ExpectedHead?) throws {
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
        let boundary = try Audit.plainUntil(db)
        let hasHead = try db.tableExists("auditHead")
        report.notKeyedYet = !hasHead
        report.plainUntil = boundary.flatMap { $0 > 0 ? $0 : nil }
        if hasHead, !auditKey.isAvailable {
            report.problems.append(Message(
                "audit key: {path} is missing, so the keyed entries cannot be verified; restore the key kept with the database's backups",
                ["path": .text(auditKey.path ?? "-")]))
        }
        if hasHead && boundary == nil {
            report.problems.append(Message("audit head: the record of the trail's last entry has been removed"))
        } else if !hasHead && auditKey.isAvailable {
            // A key exists only once the chain was keyed: an unkeyed chain beside it was put back by hand.
            report.problems.append(Message("audit head: this file has an audit key but its chain is no longer keyed; the head and the keyed chain were removed"))
        }
        for broken in try Audit.verify(db, key: auditKey) {
            let id = Message.Argument.text(String(broken.entryId))
            let message: Message = switch broken.reason {
            case .contentAltered:
                Message("audit entry #{id}: its content no longer matches its hash (altered)", ["id": id])
            case .chainBroken:
                Message("audit entry #{id}: it does not follow the entry before it (an entry was removed or replaced)",
                        ["id": id])
            case .boundaryMoved:
                Message("audit entry #{id}: the keyed part of the chain should begin here; the boundary between plain and keyed entries was changed",
                        ["id": id])
            case .cut(let lastFound):
                Message("audit trail: its head is entry #{id} but the trail ends at #{last}; entries were removed from its end",
                        ["id": id, "last": .text(String(lastFound))])
            case .headForged:
                Message("audit trail: its head (entry #{id}) does not carry the audit key's seal; it was rewritten outside Cabildo, and entries may have been removed from its end",
                        ["id": id])
            case .headMismatch:
                Message("audit trail: its head does not match its last entry #{id}; entries were removed, added or replaced at its end",
                        ["id": id])
            }
            report.problems.append(message)
        }
        if let expected {
            let found = try Int64.fetchOne(db, sql: "SELECT id FROM auditEntry WHERE hash = ?", arguments: [expected.hash])
            if found == nil || (expected.id != nil && found != expected.id) {
                report.problems.append(Message(
                    "expected head: the entry {head} noted earlier is no longer in the audit trail at its place; entries were cut or replaced",
                    ["head": .text(expected.id.map { "#\($0) \(expected.hash)" } ?? expected.hash)]))
            }
        }
        // A file not keyed yet has records the old trail never covered; the
        // upgrade gives them a baseline entry, and the comparison starts then.
        var unaudited = 0, changed = 0, removed = 0
        if hasHead { try Audit.forEachDrift(db) { drift in
            let shown = unaudited + changed + removed < Self.driftsShown
            switch drift {
            case .unaudited(let table, let id, _):
                unaudited += 1
                if shown {
                    report.problems.append(Message("{table} #{id}: it has no audit entry (written outside Cabildo)",
                                                   ["table": .text(table), "id": .text(String(id))]))
                }
            case .changed(let table, let id):
                changed += 1
                if shown {
                    report.problems.append(Message(
                        "{table} #{id}: it differs from its last audited state (changed outside Cabildo)",
                        ["table": .text(table), "id": .text(String(id))]))
                }
            case .removed(let table, let id):
                removed += 1
                if shown {
                    report.problems.append(Message(
                        "{table} #{id}: it is missing, but the audit trail says it exists (removed outside Cabildo)",
                        ["table": .text(table), "id": .text(String(id))]))
                }
            }
        } }
        let drifts = unaudited + changed + removed
        if drifts > Self.driftsShown {
            report.problems.append(Message("records: {count} more records differ from the audit trail",
                                           ["count": .text(String(drifts - Self.driftsShown))]))
        }
        report.head = try Audit.head(db)
        report.auditEntries = report.head?.entries ?? 0
    }

    /// Enough records named to act on, without burying the rest of the report.
    static let driftsShown = 50

    /// The trail's head, for `cabildo audit head`.
    public func auditHead() throws -> Audit.Head {
        try read { try Audit.head($0) }
    }

    /// A consistent copy while others keep writing (SQLite's online backup,
    /// read from one snapshot), owner-only, written whole then moved into
    /// place: never over an existing file (or a link, even a dangling one)
    /// unless `force`, never over the database's own files.
    public func backup(to path: String, force: Bool = false) throws {
        let output = outputFile(path, force: force)
        // The copy's chain can be checked only with its key beside it.
        let key = outputFile(AuditKey.path(forDatabase: path), force: force)
        try key.checkTarget()
        do {
            try output.write { temporary in
                let destination = try DatabaseQueue(path: temporary)
                try writer.backup(to: destination)
                try destination.close()
            }
            if force { unlink(key.path) }
            do { try auditKey.copy(besideDatabase: path) } catch {
                unlink(path)
                throw error
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
