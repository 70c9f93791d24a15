import GRDB

/// What the benchmark measures against: whole-database figures no screen
/// shows, read here so `cabildo-bench` needs no SQL of its own.
extension AppDatabase {
    /// Every submission, all consultations together.
    public func submissionTotal() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM submission") ?? 0 }
    }

    /// Published submissions, all consultations together: what a publish writes.
    public func publishedSubmissionTotal() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM submission WHERE moderation = 'published'") ?? 0 }
    }

    /// The consultation with the most submissions, if any has one.
    public func busiestConsultationId() throws -> Int64? {
        try read {
            try Int64.fetchOne($0, sql: "SELECT consultationId FROM submission GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        }
    }

    /// How many submissions an FTS5 MATCH expression finds in the search index.
    public func submissionSearchCount(match: String) throws -> Int {
        try read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM submissionSearch WHERE submissionSearch MATCH ?",
                             arguments: [match]) ?? 0
        }
    }

    /// Up to `count` folios picked at random, to look up.
    public func randomFolios(_ count: Int) throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT folio FROM submission ORDER BY random() LIMIT ?", arguments: [count]) }
    }
}
