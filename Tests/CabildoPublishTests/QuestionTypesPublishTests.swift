import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing
@testable import CabildoPublish

/// The public page of a consultation shows the results of every question
/// type from Core's one read model, over the published contributions only.
@Suite struct QuestionTypesPublishTests {
    @Test func multipleChoiceIsCountedPerOptionAndARankingByMeanPosition() throws {
        let world = try PublishWorld(demo: 10)
        let db = world.db
        let admin = Actor(account: try db.reader.read { try Account.fetchOne($0, sql: "SELECT * FROM account WHERE role = 'administrator'")! })
        let tlalnepantla = try db.jurisdiction(inegiCode: "15104")!.id!
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Obras del barrio", theme: .publicWorks,
            opensOn: "2026-03-01", closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Qué le preocupa?", kind: .multiple,
                                      choices: ["Agua", "Seguridad", "Basura"], maxChoices: 2),
                        QuestionDraft(prompt: "Ordene las obras", kind: .ranking, required: false,
                                      choices: ["Banquetas", "Parques"])]), by: admin)
        let questions = try db.questions(of: consultation.id!)
        for (picks, ranking, publish) in [("Agua;Basura", "Parques;Banquetas", true), ("Agua", "Banquetas;Parques", true),
                                          ("Seguridad", "Banquetas;Parques", true), ("Basura", "Parques;Banquetas", false)] {
            let submission = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .paper, place: "Mesa 1", jurisdictionId: tlalnepantla,
                answers: [questions[0].id!: picks, questions[1].id!: ranking]), by: admin)
            if publish { _ = try db.moderateSubmission(submission.id!, .publish, by: admin) }
        }
        let root = try temporaryDirectory()
        _ = try world.publish(to: root)
        let page = try #require(try pages(root)["consultation/\(consultation.id!).html"])
        // Three published: Agua in two of them (66.7 %), Basura and Seguridad in one each; the pending one is not counted.
        #expect(page.contains("<tr><th scope=\"row\">Agua</th><td>2</td><td>66.7 %</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">Basura</th><td>1</td><td>33.3 %</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">Banquetas</th><td>1.33</td><td>2 (66.7 %)</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">Parques</th><td>1.67</td><td>1 (33.3 %)</td></tr>"))
        // A contribution's page reads a ranking numbered.
        let contributions = try #require(try pages(root)["consultation/\(consultation.id!)/submissions-1.html"])
        #expect(contributions.contains("1. Parques; 2. Banquetas"))
    }

    /// The open data's results.csv carries a ranking's figures as `cabildo export
    /// results` does, from the same read model: each option's first places and
    /// mean position, the best first; the data dictionary says so in both languages.
    @Test func theOpenDataCarriesARankingsMeanPositions() throws {
        let world = try PublishWorld(demo: 10)
        let db = world.db
        let admin = Actor(account: try db.reader.read { try Account.fetchOne($0, sql: "SELECT * FROM account WHERE role = 'administrator'")! })
        let tlalnepantla = try db.jurisdiction(inegiCode: "15104")!.id!
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Obras del barrio", theme: .publicWorks,
            opensOn: "2026-03-01", closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, choices: ["A pie", "Automóvil"]),
                        QuestionDraft(prompt: "Ordene las obras", kind: .ranking, required: false,
                                      choices: ["Banquetas", "Parques", "Alumbrado"])]), by: admin)
        let questions = try db.questions(of: consultation.id!)
        for (choice, ranking, publish) in [("A pie", "Parques;Banquetas;Alumbrado", true),
                                           ("A pie", "Banquetas;Parques;Alumbrado", true),
                                           ("Automóvil", "Banquetas;Alumbrado;Parques", true),
                                           ("Automóvil", "Alumbrado;Parques;Banquetas", false)] {
            let submission = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .paper, place: "Mesa 1", jurisdictionId: tlalnepantla,
                answers: [questions[0].id!: choice, questions[1].id!: ranking]), by: admin)
            if publish { _ = try db.moderateSubmission(submission.id!, .publish, by: admin) }
        }
        let root = try temporaryDirectory()
        _ = try world.publish(to: root)
        let zip = try Data(contentsOf: root.appendingPathComponent(OpenData.zipName))
        let csv = try #require(storedEntry("results.csv", in: zip))
        let records = try CSV.parse(String(decoding: csv, as: UTF8.self))
        #expect(records.first?.fields == ["consultation_id", "question_position", "question", "choice", "answers",
                                          "mean_position"])
        let rows = records.dropFirst().map(\.fields).filter { $0[0] == String(consultation.id!) }
        // Expected: Core's read model, as the export writes it.
        let results = try db.consultationResults(consultation.id!, scope: .published).overall
        var expected: [[String]] = []
        for r in results.questions {
            let head = [String(consultation.id!), String(r.question.position), r.question.prompt]
            expected.append(head + ["", String(r.respondents), ""])
            expected += r.options.map { head + [$0.option, String($0.count), $0.meanPositionText ?? ""] }
        }
        #expect(rows == expected)
        // By hand: Banquetas 1, 2, 1 (mean 1.33, first twice); Parques 1, 2, 3 (2.00); Alumbrado 3, 3, 2 (2.67).
        let ranking = rows.filter { $0[1] == "2" && !$0[3].isEmpty }.map { [$0[3], $0[4], $0[5]] }
        #expect(ranking == [["Banquetas", "2", "1.33"], ["Parques", "1", "2.00"], ["Alumbrado", "0", "2.67"]])
        #expect(rows.contains([String(consultation.id!), "1", "¿Cómo se mueve?", "A pie", "2", ""]))
        let readme = String(decoding: try #require(storedEntry("README.txt", in: zip)), as: UTF8.self)
        #expect(readme.contains("mean_position (número decimal, con punto): Preguntas de orden de preferencia"))
        #expect(readme.contains("mean_position (decimal number, point-separated): Ranking questions"))
    }
}
