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

/// Best matches first (bm25 over the newest `SearchLimits.rankedMatches`
/// matches, so its cost has a ceiling), or the newest first (FTS5 walks its
/// rowids in order: constant cost per page).
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
    /// Ranking scores at most this many matches, the newest: bm25 over every
    /// match of a word found in each of a million rows took 0.93 s.
    public static let rankedMatches = 5_000
}

/// One page of search results, and whether ranking had to leave older
/// matches out (the results say so: "ranked among the newest 5000 matches").
public struct SearchResults<Hit>: RandomAccessCollection {
    public let hits: [Hit]
    /// Set when more than this many records matched and only the newest were ranked.
    public let rankedAmongNewest: Int?

    public init(hits: [Hit], rankedAmongNewest: Int?) {
        self.hits = hits
        self.rankedAmongNewest = rankedAmongNewest
    }

    public var startIndex: Int { hits.startIndex }
    public var endIndex: Int { hits.endIndex }
    public subscript(position: Int) -> Hit { hits[position] }

    /// What to show beside the results when ranking was bounded.
    public var bound: Message? {
        rankedAmongNewest.map {
            Message("Ranked among the newest {count} matches; older matches are left out. Add words to narrow the search.",
                    ["count": .text(String($0))])
        }
    }
}

extension SearchResults: Sendable where Hit: Sendable {}
extension SearchResults: Equatable where Hit: Equatable {}

extension AppDatabase {
    /// Results for what a person typed: every word must appear as a whole
    /// word, accents and case ignored; a word ending in `*` also matches the
    /// longer words it starts (`agua*` finds "aguacate"). Paged by
    /// `limit`/`offset`. A query over `SearchLimits` is refused, and one that
    /// runs longer than `timeLimit` seconds is stopped; both say so in words.
    public func search(_ text: String, in kind: SearchKind, order: SearchOrder = .relevance, limit: Int = 20,
                       offset: Int = 0, timeLimit: Double = SearchLimits.seconds) throws -> SearchResults<SearchHit> {
        try Self.requireWithinLimits(text)
        guard let pattern = Self.matchPattern(text) else { return SearchResults(hits: [], rankedAmongNewest: nil) }
        let table = kind.table
        return try read { db in
            try Self.withTimeLimit(timeLimit, db) {
                let columns = "f.rowid, \(kind.titleSQL), snippet(\(table), -1, '[', ']', '…', 12)"
                func hit(_ row: Row) -> SearchHit {
                    SearchHit(kind: kind, id: row[0], title: row[1] ?? "", snippet: row[2] ?? "")
                }
                switch order {
                case .newest:
                    return SearchResults(hits: try Row.fetchAll(db, sql: """
                        SELECT \(columns) FROM \(table) f WHERE \(table) MATCH ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?
                        """, arguments: [pattern, limit, offset]).map(hit), rankedAmongNewest: nil)
                case .relevance:
                    // Scores only the newest matches: FTS5 walks them in rowid
                    // order and `rankingFunction` scores each.
                    let bound = SearchLimits.rankedMatches
                    let ids = try Self.withSearchRanking(db) {
                        try Int64.fetchAll(db, sql: """
                            SELECT id FROM (SELECT rowid AS id, \(Self.rankingFunction)(\(table)) AS score FROM \(table)
                                            WHERE \(table) MATCH ? ORDER BY rowid DESC LIMIT ?)
                            ORDER BY score, id DESC LIMIT ? OFFSET ?
                            """, arguments: [pattern, bound, limit, offset])
                    }
                    let more = try Int64.fetchOne(db, sql: """
                        SELECT rowid FROM \(table) WHERE \(table) MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?
                        """, arguments: [pattern, bound]) != nil
                    // Titles and snippets for this page only, in one walk over
                    // the rowids it spans (a query per rowid would expand a
                    // prefix once per row). `+` keeps the list a filter.
                    guard let first = ids.min(), let last = ids.max() else {
                        return SearchResults(hits: [], rankedAmongNewest: more ? bound : nil)
                    }
                    let found = try Row.fetchAll(db, sql: """
                        SELECT \(columns) FROM \(table) f WHERE \(table) MATCH ? AND f.rowid BETWEEN ? AND ?
                        AND +f.rowid IN (\(ids.map(String.init).joined(separator: ",")))
                        """, arguments: [pattern, first, last]).map(hit)
                    let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0) })
                    return SearchResults(hits: ids.compactMap { byId[$0] }, rankedAmongNewest: more ? bound : nil)
                }
            }
        }
    }

    static let rankingFunction = "cabildo_bm25"

    /// Adds `rankingFunction` to a connection: Okapi BM25 (k1 = 1.2, b = 0.75,
    /// every column weighing 1, as FTS5's own bm25) without the rarity (IDF)
    /// weight of each word. FTS5's bm25 finds that weight by walking every
    /// match of every word before scoring the first row, about 0.1 s for a
    /// word in each of a million rows, which no bound on the rows scored can
    /// save. Every result holds every word of the query, and for one word the
    /// order is bm25's; with several, each word counts the same.
    /// Lower is better, as FTS5's `rank`.
    /// Runs `body`, first adding `rankingFunction` to this connection if it
    /// has not got it yet. Added on the first ranked search, not as the
    /// connection opens: that would read the file, which a damaged or
    /// missing file must not have read, on every start.
    static func withSearchRanking<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError
                    where error.message?.contains("no such function: \(rankingFunction)") == true {
            addSearchRanking(db)
            return try body()
        }
    }

    static func addSearchRanking(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), rankingFunction, nil, { api, fts, context, _, _ in
            guard let api = api?.pointee, let fts else { return }
            var rows: Int64 = 0, total: Int64 = 0
            var length: Int32 = 0, phrases: Int32 = 0, instances: Int32 = 0
            guard api.xRowCount(fts, &rows) == SQLITE_OK, api.xColumnTotalSize(fts, -1, &total) == SQLITE_OK,
                  api.xColumnSize(fts, -1, &length) == SQLITE_OK, api.xInstCount(fts, &instances) == SQLITE_OK else {
                sqlite3_result_error(context, "cannot rank this match", -1)
                return
            }
            phrases = api.xPhraseCount(fts)
            let k1 = 1.2, b = 0.75
            let lengthRatio = Double(length) / max(1, Double(total) / Double(max(rows, 1)))
            var score = 0.0
            for phrase in 0..<phrases {
                // Occurrences of this phrase in the row, over all columns.
                var frequency = 0
                for i in 0..<instances {
                    var found: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
                    if api.xInst(fts, i, &found, &column, &offset) == SQLITE_OK, found == phrase { frequency += 1 }
                }
                let f = Double(frequency)
                score += f * (k1 + 1) / (f + k1 * (1 - b + b * lengthRatio))
            }
            sqlite3_result_double(context, -score)
        }, nil)
    }

    /// The FTS5 query for what a person typed: each run of letters and digits
    /// (a word as the index sees it) quoted, so it matches that whole word
    /// and nothing in it is FTS5 syntax; a `*` right after a word makes it a
    /// prefix. The words are joined by FTS5's implicit AND.
    static func matchPattern(_ text: String) -> String? {
        var terms: [String] = []
        var word = ""
        func endWord(prefix: Bool) {
            guard !word.isEmpty else { return }
            terms.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : ""))
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber { word.append(character) } else { endWord(prefix: character == "*") }
        }
        endWord(prefix: false)
        return terms.isEmpty ? nil : terms.joined(separator: " ")
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
