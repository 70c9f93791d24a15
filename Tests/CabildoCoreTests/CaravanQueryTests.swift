import CabildoTestSupport
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// What the caravans' reads cost: one statement for a list, however long.
@Suite struct CaravanQueryTests {
    /// Five submissions to one consultation; jornada 1 took three (one typed
    /// from paper), jornada 2 two (both typed), jornada 3 none.
    static func threeJornadas() throws -> (world: World, consultation: Consultation, submissions: [Int64]) {
        let world = try World()
        let db = world.db
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try world.jurisdictionId("15104"), title: "Agua", theme: .other,
            opensOn: "2026-03-01", closesOn: "2026-03-31", questions: [QuestionDraft(prompt: "¿Qué falta?")]),
            by: world.tlalnepantlaEditor)
        let question = try #require(try db.questions(of: consultation.id!).first)
        let ids = try (0..<5).map { n in
            try db.recordSubmission(SubmissionDraft(consultationId: consultation.id!, channel: .paper, place: "Plaza",
                                                    jurisdictionId: consultation.jurisdictionId,
                                                    answers: [question.id!: "Respuesta \(n)"]), by: world.admin).id!
        }
        let municipality = try world.jurisdictionId("15104")
        try db.rawStorage.write { db in
            for (n, day) in ["2026-01-10", "2026-02-10", "2026-03-10"].enumerated() {
                try db.execute(sql: """
                    INSERT INTO jornada (id, uid, kitId, jurisdictionId, day, place, staff, signingKey, paperCollected, openedAt)
                    VALUES (?, ?, 'kit', ?, ?, 'Plaza', 'Ana', 'key', ?, ?)
                    """, arguments: [n + 1, "uid-\(n)", municipality, day, n, day + "T09:00:00Z"])
            }
            // Jornada 1: three submissions, one typed from paper; jornada 2: two; jornada 3: none.
            for (jornada, submission, paper) in [(1, ids[0], true), (1, ids[1], false), (1, ids[2], false),
                                                 (2, ids[3], true), (2, ids[4], true)] {
                try db.execute(sql: """
                    INSERT INTO jornadaRecord (jornadaId, localKey, submissionId, typedFromPaper) VALUES (?, ?, ?, ?)
                    """, arguments: [jornada, "s:\(submission)", submission, paper])
            }
        }
        return (world, consultation, ids)
    }

    /// Three jornadas (one with no records) listed with their own counts, in one statement.
    @Test func jornadasAreListedWithTheirCountsInOneStatement() throws {
        let db = try Self.threeJornadas().world.db
        let (jornadas, statements) = try db.statements { try db.jornadas() }
        #expect(jornadas.map(\.jornada.uid) == ["uid-2", "uid-1", "uid-0"])
        #expect(jornadas.map(\.submissions) == [0, 2, 3] && jornadas.map(\.paperTyped) == [0, 2, 1])
        #expect(jornadas.map(\.contactRequests) == [0, 0, 0])
        #expect(jornadas.allSatisfy { $0.municipality == "Tlalnepantla de Baz (Estado de México)" },
                "\(jornadas.map(\.municipality))")
        #expect(statements.filter { $0.hasPrefix("SELECT") }.count == 1, "\(statements)")
    }

    /// The submissions list filtered by one jornada, then another, then the
    /// first again: each time that jornada's submissions, counted and located,
    /// by the same statements (the jornada a bound value, never SQL text, so
    /// one prepared statement serves every jornada).
    @Test func aJornadaFilterIsABoundValueOfTheSameStatements() throws {
        let (world, consultation, ids) = try Self.threeJornadas()
        let db = world.db
        let all = try db.submissions(of: consultation.id!)
        var texts: [Set<String>] = []
        for (jornada, taken) in [(Int64(1), Array(ids[0..<3])), (2, Array(ids[3..<5])), (1, Array(ids[0..<3])), (3, [])] {
            let (_, statements) = try db.statements {
                let page = try db.submissions(of: consultation.id!, jornadaId: jornada, limit: 2)
                let rest = try page.last.map {
                    try db.submissions(of: consultation.id!, jornadaId: jornada, from: .after($0), limit: 2)
                } ?? []
                #expect(Set((page + rest).map(\.id)) == Set(taken) && page.count + rest.count == taken.count)
                #expect(try db.submissionCount(of: consultation.id!, jornadaId: jornada) == taken.count)
                for summary in all {
                    let index = try db.submissionIndex(of: summary, in: consultation.id!, jornadaId: jornada)
                    #expect((index != nil) == taken.contains(summary.id))
                }
            }
            texts.append(Set(statements.filter { $0.contains("jornadaRecord") }))
        }
        // Jornada 3 took nothing: no next page to read, no row to locate.
        #expect(texts[0].count == 5 && texts[1] == texts[0] && texts[2] == texts[0], "\(texts)")
        #expect(texts[3].isSubset(of: texts[0]) && texts[3].count == 3, "\(texts)")
    }
}
