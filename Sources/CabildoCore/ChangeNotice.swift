import GRDB

/// What other terminals (or this one) changed since a session last looked,
/// named by table and record, so a screen is read again only when a change
/// touches what it shows. Changes only ever come with an audit entry, so the
/// trail's entries after the last one seen name them all.
public struct ChangeNotice: Sendable, Equatable {
    /// The last audit entry this notice covers: where the next look starts.
    public let lastId: Int64
    /// Tables with a changed record.
    public let tables: Set<String>
    /// Submissions changed, themselves or through their public response.
    public let submissions: Set<Int64>
    /// The consultations those submissions belong to.
    public let consultations: Set<Int64>
    /// More changes than one look names: everything counts as touched.
    public let tooManyToName: Bool

    public var isEmpty: Bool { tables.isEmpty && !tooManyToName }

    /// Whether a screen showing records of `tables`, and of submissions only
    /// those of `consultation` (or only `submission`), has to be read again.
    public func touches(tables shown: Set<String>, consultation: Int64? = nil, submission: Int64? = nil) -> Bool {
        if tooManyToName || !shown.isDisjoint(with: tables) { return true }
        if let consultation, consultations.contains(consultation) { return true }
        if let submission, submissions.contains(submission) { return true }
        return false
    }

    /// How many entries one look names; past that a session simply reads its
    /// screen again. Reading a change's names costs about what reading a
    /// screen of rows does: at 2,000, a burst of kiosk writes had each of a
    /// hundred idle sessions read 750 entries per look (3 ms each, in SQLite
    /// alone), where reading its screen again takes about one. 200 a look is
    /// still 130 or more a second named, far above kiosks' steady pace.
    public static let namedAtMost = 200
}

extension AppDatabase {
    /// The last audit entry written: where a session starts looking for changes.
    public func lastChange() throws -> Int64 {
        try read { db in try Self.lastChange(db) }
    }

    /// One row (`auditHead`, kept in each write's transaction), whatever the trail's length.
    static func lastChange(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT lastId FROM auditHead")) ?? 0
    }

    /// The changes after audit entry `lastSeen`: the head's last id (one row),
    /// then, only when it moved, one range read of the entries after it by
    /// their primary key, with the consultation of each submission or response.
    public func changes(since lastSeen: Int64) throws -> ChangeNotice {
        try read { db in
            let head = try Self.lastChange(db)
            guard head != lastSeen else {
                return ChangeNotice(lastId: head, tables: [], submissions: [], consultations: [], tooManyToName: false)
            }
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT a.recordTable, coalesce(s.id, r.submissionId), coalesce(s.consultationId, rs.consultationId)
                FROM auditEntry a
                LEFT JOIN submission s ON a.recordTable = 'submission' AND s.id = a.recordId
                LEFT JOIN response r ON a.recordTable = 'response' AND r.id = a.recordId
                LEFT JOIN submission rs ON rs.id = r.submissionId
                WHERE a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?
                """), arguments: [lastSeen, head, ChangeNotice.namedAtMost + 1])
            var tables: Set<String> = [], submissions: Set<Int64> = [], consultations: Set<Int64> = []
            for row in rows {
                tables.insert(row[0])
                if let id: Int64 = row[1] { submissions.insert(id) }
                if let id: Int64 = row[2] { consultations.insert(id) }
            }
            // A head behind the last id seen (a restored backup) is a change too.
            return ChangeNotice(lastId: head, tables: tables, submissions: submissions, consultations: consultations,
                                tooManyToName: rows.count > ChangeNotice.namedAtMost || head < lastSeen)
        }
    }
}
