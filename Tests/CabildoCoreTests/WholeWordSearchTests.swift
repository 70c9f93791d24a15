import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Issue 12: every word used to be a prefix query, whose cost grows with the
/// number of matches; ranking scored every match.
@Suite struct WholeWordSearchTests {
    let world: World
    init() throws { world = try World() }

    @Test func aWholeWordMatchesOnlyThatWordAndAStarAsksForAPrefix() throws {
        let (consultation, questions) = try world.consultation()
        let water = try world.submit("Falta agua potable", consultation: consultation, questions: questions)
        let avocado = try world.submit("Venta de aguacate", consultation: consultation, questions: questions)
        for order in SearchOrder.allCases {
            #expect(try world.db.search("agua", in: .submissions, order: order).map(\.id) == [water.id!])
            #expect(Set(try world.db.search("agua*", in: .submissions, order: order).map(\.id))
                == [water.id!, avocado.id!])
            // Accents and case are still ignored, in whole words and prefixes.
            #expect(try world.db.search("ÁGUA PotÁble", in: .submissions, order: order).map(\.id) == [water.id!])
            #expect(try world.db.search("AGUAC*", in: .submissions, order: order).map(\.id) == [avocado.id!])
        }
        let accented = try world.db.search("Participación", in: .mechanisms).map(\.id)
        let plain = try world.db.search("PARTICIPACION", in: .mechanisms).map(\.id)
        #expect(!accented.isEmpty && accented == plain)
        #expect(try world.db.search("particip", in: .mechanisms).isEmpty)
        #expect(try !world.db.search("particip*", in: .mechanisms).isEmpty)
        // The app's mechanisms search follows the same rules.
        #expect(try world.db.mechanisms(matching: "caravan").isEmpty)
        #expect(try world.db.mechanisms(matching: "CARAVAN*").map(\.name)
            == ["Consejo Consultivo de las Caravanas por la Justicia Cotidiana"])
    }

    @Test func whatPeopleTypeIsNeverQuerySyntax() {
        #expect(AppDatabase.matchPattern("agua potable") == "\"agua\" \"potable\"")
        #expect(AppDatabase.matchPattern("agua* -potable OR \"x\" NEAR(") == "\"agua\"* \"potable\" \"OR\" \"x\" \"NEAR\"")
        #expect(AppDatabase.matchPattern("* \" ()") == nil)
    }

    /// Ranking is BM25's: a short answer that says the word twice comes
    /// before longer ones that say it once, however new they are.
    @Test func theBestMatchComesFirst() throws {
        let (consultation, questions) = try world.consultation()
        let best = try world.submit("Agua, agua", consultation: consultation, questions: questions)
        for n in 0..<3 {
            _ = try world.submit("Pedimos que llegue el agua a la colonia número \(n) cada semana", consultation: consultation,
                                 questions: questions)
        }
        #expect(try world.db.search("agua", in: .submissions).first?.id == best.id)
        #expect(try world.db.search("agua", in: .submissions, order: .newest).last?.id == best.id)
    }

    /// bm25 scores only the newest matches, and the results say so.
    @Test func rankingLooksAtTheNewestMatchesOnlyAndSaysSo() throws {
        #expect(SearchLimits.rankedMatches == 5_000)
        _ = try world.db.loadDemoData(submissions: SearchLimits.rankedMatches + 200, seed: 3, by: .operator("tests"))
        // "Módulo" is in every demo submission's place.
        let newest = try world.db.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM submission ORDER BY id DESC LIMIT ?",
                               arguments: [SearchLimits.rankedMatches])
        }
        let ranked = try world.db.search("modulo", in: .submissions, limit: 500)
        #expect(ranked.count == 500)
        #expect(Set(ranked.map(\.id)).isSubset(of: newest))
        #expect(ranked.rankedAmongNewest == SearchLimits.rankedMatches)
        #expect(ranked.bound?.description
            == "Ranked among the newest 5000 matches; older matches are left out. Add words to narrow the search.")
        // The last page of the ranked matches ends with the 5,000th: none older.
        let last = try world.db.search("modulo", in: .submissions, limit: 500, offset: SearchLimits.rankedMatches - 100)
        #expect(last.count == 100)
        #expect(try world.db.search("modulo", in: .submissions, offset: SearchLimits.rankedMatches).isEmpty)
        // Newest first walks every match and needs no such note.
        let oldest = try world.db.search("modulo", in: .submissions, order: .newest, limit: 500,
                                         offset: SearchLimits.rankedMatches)
        #expect(oldest.count > 0 && oldest.rankedAmongNewest == nil)
        // Fewer matches than the bound: all ranked, nothing said.
        let few = try world.db.search("modulo agua", in: .submissions, limit: 500)
        #expect(few.count > 0 && few.count < SearchLimits.rankedMatches && few.rankedAmongNewest == nil && few.bound == nil)
    }

    /// `v10-search-prefixes` makes the submissions' search table again with
    /// prefix indexes, keeping every row it had: an older database finds
    /// the same submissions, whole words and prefixes alike.
    @Test func thePrefixMigrationKeepsEveryRowAndTheRules() throws {
        let (consultation, questions) = try world.consultation()
        let water = try world.submit("Falta agua potable", consultation: consultation, questions: questions)
        let avocado = try world.submit("Venta de aguacate", consultation: consultation, questions: questions)
        func tableSQL() throws -> String {
            try world.db.reader.read {
                try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'submissionSearch'") ?? ""
            }
        }
        #expect(try tableSQL().contains("prefix = '2 3 4 5 6'"))
        // The table as a database from before the migration has it.
        try world.db.rawStorage.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE kept AS SELECT rowid AS id, folio, place, answers FROM submissionSearch;
                DROP TABLE submissionSearch;
                CREATE VIRTUAL TABLE submissionSearch USING fts5(
                    folio, place, answers, tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO submissionSearch(rowid, folio, place, answers) SELECT id, folio, place, answers FROM temp.kept;
                DROP TABLE temp.kept;
                DELETE FROM grdb_migrations WHERE identifier = 'v10-search-prefixes';
                """)
        }
        #expect(try !tableSQL().contains("prefix"))
        try Schema.migrator.migrate(world.db.rawStorage)
        #expect(try tableSQL().contains("prefix = '2 3 4 5 6'"))
        for order in SearchOrder.allCases {
            #expect(try world.db.search("agua", in: .submissions, order: order).map(\.id) == [water.id!])
            #expect(Set(try world.db.search("agua*", in: .submissions, order: order).map(\.id)) == [water.id!, avocado.id!])
            #expect(try world.db.search("AGUAC*", in: .submissions, order: order).map(\.id) == [avocado.id!])
            #expect(try world.db.search("aguacate*", in: .submissions, order: order).map(\.id) == [avocado.id!])
            #expect(try world.db.search(water.folio, in: .submissions, order: order).map(\.id) == [water.id!])
        }
        // The triggers that keep it still do, on the new table.
        let later = try world.submit("Más agua en la escuela", consultation: consultation, questions: questions)
        #expect(try world.db.search("escu*", in: .submissions, order: .newest).map(\.id) == [later.id!])
    }
}
