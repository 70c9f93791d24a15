import CabildoTestSupport
import Foundation
import Testing

extension EndToEnd { @Suite struct SearchCommandTests {
    /// Issue 12: whole words unless a `*` asks for a prefix, and ranked
    /// results that say they come from the newest matches only.
    @Test func rankedResultsSayTheyComeFromTheNewestMatches() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "admin", "--role", "administrator", "--password-stdin"], stdin: "clave-de-admin-1\n")
        #expect(try cli.run(["demo-data", "--submissions", "5100", "--seed", "4"]).status == 0)
        // "Módulo …" is every demo submission's place.
        let ranked = try cli.run(["search", "modulo", "--kind", "submissions", "--limit", "3"])
        #expect(ranked.status == 0)
        #expect(ranked.out.contains("Ranked among the newest 5000 matches; older matches are left out."))
        let spanish = try cli.run(["search", "modulo", "--kind", "submissions", "--limit", "3"], lang: "es_MX.UTF-8")
        #expect(spanish.out.contains("Ordenado entre las 5000 coincidencias más recientes"))
        let newest = try cli.run(["search", "modulo", "--kind", "submissions", "--order", "newest", "--limit", "3"])
        #expect(newest.out.contains("Submissions:") && !newest.out.contains("Ranked among"))
        #expect(try cli.run(["search", "modul", "--kind", "submissions"]).out.contains("Nothing found for 'modul'."))
        #expect(try cli.run(["search", "modul*", "--kind", "submissions", "--limit", "3"]).out.contains("Submissions:"))
        let help = try cli.run(["search", "--help"]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("each a whole word; end one with * to match the words it starts"))
        #expect(!help.contains("start of a word"))
    }
}}
