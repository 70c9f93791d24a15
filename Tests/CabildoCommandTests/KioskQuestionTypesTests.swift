import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing

extension EndToEnd { @Suite struct KioskQuestionTypesTests {
    /// "Obras del barrio" in Tlalnepantla de Baz (15104): a multiple choice
    /// of at most two and a ranking of three.
    static func plantWorksConsultation(in world: KioskWorld) throws -> AppDatabase {
        let db = try world.database()
        let admin = Actor(account: try db.reader.read { try Account.filter(Column("username") == "admin").fetchOne($0)! })
        _ = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try db.jurisdiction(inegiCode: "15104")!.id!, title: "Obras del barrio", theme: .publicWorks,
            opensOn: day(fromToday: -1), closesOn: day(fromToday: 30),
            questions: [QuestionDraft(prompt: "¿Qué le preocupa?", kind: .multiple,
                                      choices: ["Agua", "Seguridad", "Transporte", "Basura"], maxChoices: 2),
                        QuestionDraft(prompt: "Ordene las obras", kind: .ranking,
                                      choices: ["Banquetas", "Alumbrado", "Parques"])]), by: admin)
        return db
    }

    /// A citizen answers a multiple-choice and a ranking question at the
    /// kiosk with the keyboard alone: arrows, Space and the options' numbers;
    /// the cursor stays on the option in focus; a pick past the most allowed
    /// is not taken.
    @Test func aMultipleChoiceAndARankingAreAnsweredWithTheKeyboardAlone() throws {
        let world = try KioskWorld()
        let db = try Self.plantWorksConsultation(in: world)
        let tmux = try world.start()
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try tmux.type("1")
        tmux.waitFor("the consultations") { $0.contains("Obras del barrio") }
        let line = try #require(tmux.screen.components(separatedBy: "\n").first { $0.contains("Obras del barrio") })
        let number = String(line.split(separator: ".").first ?? "").filter { $0.isNumber }
        try tmux.type(number)
        tmux.waitFor("the notice") { $0.contains("Aviso de privacidad") }
        try tmux.type("2")
        tmux.waitFor("question 1") { $0.contains("Pregunta 1 de 2") && $0.contains("Elija hasta 2") }
        tmux.waitForCursorLine("on the first option") { $0.contains("[ ] 1. Agua") }
        try tmux.press("Space")
        tmux.waitForCursorLine("Agua picked") { $0.contains("[x] 1. Agua") }
        try tmux.press("Down")
        try tmux.press("Down")
        tmux.waitForCursorLine("on Transporte") { $0.contains("[ ] 3. Transporte") }
        try tmux.press("Space")
        tmux.waitForCursorLine("Transporte picked") { $0.contains("[x] 3. Transporte") }
        // A third pick is past the most: Basura stays unpicked.
        try tmux.type("4")
        tmux.waitForCursorLine("on Basura, not picked") { $0.contains("[ ] 4. Basura") }
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") && $0.contains("Ordene todas las opciones") }
        try tmux.type("3")
        tmux.waitForCursorLine("Parques first") { $0.contains("[1] 3. Parques") }
        // Enter with one option ranked is refused beside the question, and keeps it.
        try tmux.press("Enter")
        tmux.waitFor("the ranking error") { $0.contains("1 de 3 tienen lugar") }
        try tmux.press("Up")
        try tmux.press("Up")
        tmux.waitForCursorLine("on Banquetas") { $0.contains("[ ] 1. Banquetas") }
        try tmux.press("Space")
        tmux.waitForCursorLine("Banquetas second") { $0.contains("[2] 1. Banquetas") }
        try tmux.press("Down")
        try tmux.press("Space")
        tmux.waitForCursorLine("Alumbrado third") { $0.contains("[3] 2. Alumbrado") }
        try tmux.press("Enter")
        tmux.waitFor("the review") { $0.contains("Revise sus respuestas") && $0.contains("3. Enviar") }
        #expect(tmux.screen.contains("Agua; Transporte"))
        #expect(tmux.screen.contains("1. Parques; 2. Banquetas; 3. Alumbrado"))
        try tmux.type("3")
        tmux.waitFor("the receipt") { $0.contains("Su folio:") }
        let folio = try #require(KioskWorld.folio(on: tmux.screen))
        let stored = try db.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT a.text FROM answer a JOIN submission s ON s.id = a.submissionId
                JOIN consultationQuestion q ON q.id = a.questionId WHERE s.folio = ? ORDER BY q.position
                """, arguments: [try Folio.normalise(folio)])
        }
        #expect(stored == ["Agua\nTransporte", "Parques\nBanquetas\nAlumbrado"])
        #expect(try db.check().isHealthy)
    }

    /// `cabildo export results --consultation ID` writes the read model's
    /// rows: open data counts the published submissions, `--internal` (an
    /// administrator's) the ones not rejected.
    @Test func theResultsExportCountsPerOption() throws {
        let world = try KioskWorld()
        let db = try world.database()
        let admin = Actor(account: try db.reader.read { try Account.filter(Column("username") == "admin").fetchOne($0)! })
        let kiosk = Actor(account: try db.reader.read { try Account.filter(Column("username") == "kiosco1").fetchOne($0)! })
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try db.jurisdiction(inegiCode: "15104")!.id!, title: "Obras", theme: .publicWorks,
            opensOn: day(fromToday: -1), closesOn: day(fromToday: 30),
            questions: [QuestionDraft(prompt: "¿Qué le preocupa?", kind: .multiple, choices: ["Agua", "Basura"])]),
            by: admin)
        let question = try db.questions(of: consultation.id!)[0]
        for answer in ["Agua\nBasura", "Agua"] {
            _ = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .kiosk, place: "Palacio", jurisdictionId: consultation.jurisdictionId,
                answers: [question.id!: answer]), by: kiosk)
        }
        let first = try db.submissions(of: consultation.id!).first { $0.folio.isEmpty == false }!
        _ = try db.moderateSubmission(first.id, .publish, by: admin)
        let id = String(consultation.id!)
        #expect(try world.cli.run(["export", "results"]).status == 64)
        #expect(try world.cli.run(["export", "mechanisms", "--consultation", id]).status == 64)
        #expect(try world.cli.run(["export", "results", "--consultation", "999999"]).status == 3)
        let open = try world.cli.run(["export", "results", "--consultation", id])
        #expect(open.status == 0)
        let lines = open.out.components(separatedBy: "\r\n")
        #expect(lines[0] == "group,group_code,group_name,submissions,question,prompt,kind,respondents,option,count,percent,mean_position,text")
        #expect(lines.contains { $0.hasPrefix("all,,,1,1,¿Qué le preocupa?,multiple,1,Agua,1,100.0,,") })
        let output = world.cli.directory.appendingPathComponent("resultados.json").path
        let all = try world.cli.run(["export", "results", "--consultation", id, "--internal", "--format", "json",
                                     "--admin", "admin", "--password-stdin", "--output", output],
                                    stdin: KioskWorld.adminPassword + "\n")
        #expect(all.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as! [[String: Any]]
        let agua = json.first { $0["group"] as? String == "all" && $0["option"] as? String == "Agua" }
        let basura = json.first { $0["group"] as? String == "all" && $0["option"] as? String == "Basura" }
        #expect(agua?["count"] as? Int == 2 && agua?["percent"] as? String == "100.0")
        #expect(basura?["count"] as? Int == 1 && basura?["percent"] as? String == "50.0")
    }

    /// The same questions in the line mode: options typed by number or
    /// text, separated by ";"; a pick past the most and a ranking that
    /// leaves one out are asked again; the review reads them as stored.
    @Test func aMultipleChoiceAndARankingAreAnsweredInLines() throws {
        let world = try KioskWorld()
        let db = try Self.plantWorksConsultation(in: world)
        let line = try LinePipe(["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1",
                                 "--password-file", world.passwordFile],
                                environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                              "HOME": world.cli.directory.path, "TERM": "dumb"])
        line.next("1")
        line.next("1")
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Obras del barrio")))
        for answer in ["2", "1;2;3", "agua; 3", "3;1", "parques; 1; 2"] { line.next(answer) }
        line.waitForPrompt()
        line.send(try #require(line.number(of: "Enviar")))
        line.waitForPrompt()
        #expect(KioskWorld.folio(on: line.text) != nil)
        line.send("")
        for answer in ["F10", "admin", KioskWorld.adminPassword] { line.next(answer) }
        #expect(line.finish() == 0)
        let text = line.text
        #expect(text.contains("hasta 2 de 1. Agua, 2. Seguridad, 3. Transporte, 4. Basura"))
        #expect(text.contains("elija como máximo 2 opciones; hay 3 elegidas"))
        #expect(text.contains("ordene todas las opciones: 2 de 3 tienen lugar"))
        #expect(text.contains("¿Qué le preocupa? — Agua; Transporte"))
        #expect(text.contains("Ordene las obras — 1. Parques; 2. Banquetas; 3. Alumbrado"))
        let stored = try db.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT a.text FROM answer a JOIN consultationQuestion q ON q.id = a.questionId ORDER BY q.position
                """)
        }
        #expect(stored == ["Agua\nTransporte", "Parques\nBanquetas\nAlumbrado"])
    }
} }
