import CabildoText
import Foundation
import GRDB
import GRDBSQLite

/// What can be searched: each kind has its own accent-folded FTS5 index.
public enum SearchKind: String, CaseIterable, Sendable {
    case mechanisms, commitments, submissions

    var table: String {
        switch self {
        case .mechanisms: "mechanismSearch"
        case .commitments: "commitmentSearch"
        case .submissions: "submissionSearch"
        }
    }

    var titleSQL: String {
        switch self {
        case .mechanisms: "(SELECT name FROM mechanism WHERE id = f.rowid)"
        case .commitments: "(SELECT title FROM commitment WHERE id = f.rowid)"
        case .submissions: "(SELECT folio FROM submission WHERE id = f.rowid)"
        }
    }
}

/// Best matches first (bm25, cost grows with the number of matches), or the
/// newest first (FTS5 walks its rowids in order: constant cost per page).
public enum SearchOrder: String, CaseIterable, Sendable {
    case relevance, newest
}

public struct SearchHit: Sendable, Equatable {
    public let kind: SearchKind
    public let id: Int64
    public let title: String
    /// A few words around the match, the match between [ and ].
    public let snippet: String
}

/// How much one search may ask for: a query of a thousand words took 104 s.
public enum SearchLimits {
    /// Words a query may have (the app's field already stops at 100 characters).
    public static let words = 16
    public static let characters = 200
    /// After this, SQLite abandons the query and the search says so.
    public static let seconds: Double = 2
}

extension AppDatabase {
    /// Ranked results for what a person typed: every word must appear, each
    /// as a word prefix, accents and case ignored. Paged by `limit`/`offset`.
    /// A query over `SearchLimits` is refused, and one that runs longer than
    /// `timeLimit` seconds is stopped; both say so in words.
    public func search(_ text: String, in kind: SearchKind, order: SearchOrder = .relevance, limit: Int = 20,
                       offset: Int = 0, timeLimit: Double = SearchLimits.seconds) throws -> [SearchHit] {
        try Self.requireWithinLimits(text)
        guard let pattern = FTS5Pattern(matchingAllPrefixesIn: text) else { return [] }
        let ordering = order == .relevance ? "rank" : "f.rowid DESC"
        return try read { db in
            try Self.withTimeLimit(timeLimit, db) {
                try Row.fetchAll(db, sql: """
                    SELECT f.rowid, \(kind.titleSQL), snippet(\(kind.table), -1, '[', ']', '…', 12)
                    FROM \(kind.table) f WHERE \(kind.table) MATCH ? ORDER BY \(ordering) LIMIT ? OFFSET ?
                    """, arguments: [pattern, limit, offset]).map { row in
                        SearchHit(kind: kind, id: row[0], title: row[1] ?? "", snippet: row[2] ?? "")
                    }
            }
        }
    }

    static func requireWithinLimits(_ text: String) throws {
        let characters = text.count
        guard characters <= SearchLimits.characters else {
            throw CabildoError(.validation, Message(
                "A search takes at most {limit} characters; this one has {count}. Search for fewer, more specific words.",
                ["limit": .text(String(SearchLimits.characters)), "count": .text(String(characters))]))
        }
        // Words as the index sees them: runs of letters and digits.
        let words = text.split { !$0.isLetter && !$0.isNumber }.count
        guard words <= SearchLimits.words else {
            throw CabildoError(.validation, Message(
                "A search takes at most {limit} words; this one has {count}. Search for fewer, more specific words.",
                ["limit": .text(String(SearchLimits.words)), "count": .text(String(words))]))
        }
    }

    /// Runs `body` with SQLite's progress handler watching the clock on this
    /// connection only: past the deadline SQLite interrupts the statement
    /// (SQLITE_INTERRUPT), and the search says it was stopped.
    static func withTimeLimit<T>(_ seconds: Double, _ db: Database, _ body: () throws -> T) throws -> T {
        var deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        return try withUnsafeMutablePointer(to: &deadline) { pointer in
            // Every 1,000 virtual-machine steps: a few microseconds, far below the bound.
            sqlite3_progress_handler(db.sqliteConnection, 1_000, { context in
                let deadline = context!.assumingMemoryBound(to: UInt64.self).pointee
                return DispatchTime.now().uptimeNanoseconds > deadline ? 1 : 0
            }, pointer)
            defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
                throw CabildoError(.validation, Message(
                    "The search was stopped after {seconds} seconds without finishing. Search for more specific words.",
                    ["seconds": .text(seconds.formatted(.number.precision(.fractionLength(0...1))))]))
            }
        }
    }
}
