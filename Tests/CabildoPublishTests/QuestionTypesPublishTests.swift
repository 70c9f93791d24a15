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
}
