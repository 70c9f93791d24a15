import CabildoText
import Foundation
import GRDB

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

extension AppDatabase {
    /// Ranked results for what a person typed: every word must appear, each
    /// as a word prefix, accents and case ignored. Paged by `limit`/`offset`.
    public func search(_ text: String, in kind: SearchKind, order: SearchOrder = .relevance, limit: Int = 20,
                       offset: Int = 0) throws -> [SearchHit] {
        guard let pattern = FTS5Pattern(matchingAllPrefixesIn: text) else { return [] }
        let ordering = order == .relevance ? "rank" : "f.rowid DESC"
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.rowid, \(kind.titleSQL), snippet(\(kind.table), -1, '[', ']', '…', 12)
                FROM \(kind.table) f WHERE \(kind.table) MATCH ? ORDER BY \(ordering) LIMIT ? OFFSET ?
                """, arguments: [pattern, limit, offset]).map { row in
                    SearchHit(kind: kind, id: row[0], title: row[1] ?? "", snippet: row[2] ?? "")
                }
        }
    }
}
