import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Question types: each answer passes the one check (`checkedAnswer`) the
/// kiosk, paper entry and import share; a question's declaration errors
/// name its field in the form (`questions.N.field`).
@Suite struct QuestionTypeTests {
    static func english(_ error: CabildoError) -> String { Localizer(catalogue: nil).render(error.message) }

    /// The reason of a refusal, in English, without the field's name before it.
    func reason(_ body: () throws -> Any) -> String? {
        cabildoError(body).map { Self.english($0).components(separatedBy: ": ").dropFirst().joined(separator: ": ") }
    }

    /// A consultation with one question of each type, every one optional or required as asked.
    static func questions(required: Bool) throws -> (World, [ConsultationQuestion]) {
        let world = try World()
        let consultation = try world.db.createConsultation(ConsultationDraft(
            jurisdictionId: try world.jurisdictionId("15104"), title: "Tipos", theme: .mobility,
            opensOn: "2026-03-01", closesOn: "2026-03-31", questions: [
                QuestionDraft(prompt: "¿Qué propone?", kind: .text, required: required),
                QuestionDraft(prompt: "¿Colonia?", kind: .shortText, required: required, maxLength: 80),
                QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, required: required,
                              choices: ["A pie", "Autobús", "Automóvil"]),
                QuestionDraft(prompt: "¿Qué le preocupa?", kind: .multiple, required: required,
                              choices: ["Agua", "Seguridad", "Transporte", "Basura"], maxChoices: 2),
                QuestionDraft(prompt: "Ordene las obras", kind: .ranking, required: required,
                              choices: ["Banquetas", "Alumbrado", "Parques"]),
            ]), by: world.tlalnepantlaEditor)
        return (world, try world.db.questions(of: consultation.id!))
    }

    @Test func multipleChoiceTakesAtMostItsPicksByTextOrNumberAndStoresThemInTheQuestionsOrder() throws {
        let (_, q) = try Self.questions(required: true)
        let multiple = q[3]
        #expect(multiple.maxChoices == 2)
        #expect(try multiple.checkedAnswer("basura; 1") == "Agua\nBasura")
        #expect(try multiple.checkedAnswer("Seguridad\nTRANSPORTE") == "Seguridad\nTransporte")
        #expect(try multiple.checkedAnswer("2") == "Seguridad")
        let tooMany = cabildoError { try multiple.checkedAnswer("Agua;Seguridad;Basura") }
        #expect(tooMany?.field == "answer-4")
        #expect(tooMany.map(Self.english)?.hasSuffix("choose at most 2 options; 3 are chosen") == true)
        #expect(reason { try multiple.checkedAnswer("Agua;agua") } == "'Agua' is chosen twice")
        #expect(reason { try multiple.checkedAnswer("Agua;Luz") } == "'Luz' is not one of the options: 1. Agua; 2. Seguridad; 3. Transporte; 4. Basura")
        #expect(cabildoError { try multiple.checkedAnswer("5") }?.field == "answer-4")
        // What is stored is taken back as it is.
        #expect(try multiple.checkedAnswer("Agua\nBasura") == "Agua\nBasura")
    }

    @Test func aRankingMustPutEveryOptionInOrderOnce() throws {
        let (_, q) = try Self.questions(required: true)
        let ranking = q[4]
        #expect(try ranking.checkedAnswer("Parques;banquetas;Alumbrado") == "Parques\nBanquetas\nAlumbrado")
        #expect(try ranking.checkedAnswer("3\n1\n2") == "Parques\nBanquetas\nAlumbrado")
        #expect(reason { try ranking.checkedAnswer("Parques;Banquetas") } == "put every option in order: 2 of 3 are ranked")
        #expect(reason { try ranking.checkedAnswer("Parques;Banquetas;Parques") } == "'Parques' is chosen twice")
        #expect(cabildoError { try ranking.checkedAnswer("Parques;Banquetas;Alumbrado;Luz") }?.field == "answer-5")
        #expect(ranking.displayAnswer("Parques\nBanquetas\nAlumbrado") == "1. Parques; 2. Banquetas; 3. Alumbrado")
    }

    @Test func oneChoiceAndShortTextKeepTheirRules() throws {
        let (_, q) = try Self.questions(required: true)
        #expect(try q[2].checkedAnswer("autobus") == "Autobús")
        #expect(try q[2].checkedAnswer("3") == "Automóvil")
        #expect(reason { try q[2].checkedAnswer("Bicicleta") } == "choose one of the options offered")
        #expect(try q[1].checkedAnswer("Centro") == "Centro")
        #expect(cabildoError { try q[1].checkedAnswer("Centro\nNorte") }?.field == "answer-2")   // one line
        #expect(cabildoError { try q[1].checkedAnswer(String(repeating: "a", count: 81)) }?.field == "answer-2")
        #expect(try q[0].checkedAnswer("Más rutas\ny banquetas") == "Más rutas\ny banquetas")
    }

    @Test func anOptionalQuestionMayBeLeftEmptyAndARequiredOneMayNot() throws {
        let (_, optional) = try Self.questions(required: false)
        for question in optional {
            #expect(try question.checkedAnswer(nil) == nil)
            #expect(try question.checkedAnswer("  ") == nil)
        }
        let (_, required) = try Self.questions(required: true)
        for question in required {
            #expect(cabildoError { try question.checkedAnswer("") }?.field == question.answerRule.key)
            #expect(cabildoError { try question.checkedAnswer(nil) }?.field == question.answerRule.key)
        }
        // A multiple choice or ranking given only separators is no answer: required refuses it.
        #expect(cabildoError { try required[3].checkedAnswer(" ; ") } != nil)
        #expect(cabildoError { try required[4].checkedAnswer("\n") } != nil)
    }

    @Test func aQuestionsDeclarationErrorsNameItsFieldInTheGroup() throws {
        let world = try World()
        func refusal(_ questions: [QuestionDraft]) -> CabildoError? {
            cabildoError {
                try world.db.createConsultation(ConsultationDraft(
                    jurisdictionId: try world.jurisdictionId("15104"), title: "Mal", theme: .mobility,
                    opensOn: "2026-03-01", closesOn: "2026-03-31", questions: questions), by: world.tlalnepantlaEditor)
            }
        }
        let ok = QuestionDraft(prompt: "¿Qué propone?")
        #expect(refusal([ok, QuestionDraft(prompt: "¿Cuál?", kind: .multiple, choices: ["Sola"])])?.field
            == "questions.2.choices")
        #expect(refusal([ok, QuestionDraft(prompt: "¿Cuál?", kind: .ranking, choices: ["A", "b", "a"])])?.field
            == "questions.2.choices")
        #expect(refusal([QuestionDraft(prompt: "¿Cuál?", kind: .multiple, choices: ["A; B", "C"])])?.field
            == "questions.1.choices")
        #expect(refusal([QuestionDraft(prompt: "¿Cuál?", kind: .multiple, choices: ["A", "B"], maxChoices: 3)])?.field
            == "questions.1.maxChoices")
        #expect(refusal([ok, QuestionDraft(prompt: "  ", kind: .choice, choices: ["A", "B"])])?.field
            == "questions.2.prompt")
        // Empty lines between options are no options.
        let consultation = try world.db.createConsultation(ConsultationDraft(
            jurisdictionId: try world.jurisdictionId("15104"), title: "Bien", theme: .mobility,
            opensOn: "2026-03-01", closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Cuál?", kind: .multiple, choices: ["A", "", "B"])]),
            by: world.tlalnepantlaEditor)
        let stored = try world.db.questions(of: consultation.id!)[0]
        #expect(stored.choiceList == ["A", "B"] && stored.maxChoices == 2)
    }

    @Test func questionsOfEveryTypeNeverChangeAfterTheFirstSubmission() throws {
        let (world, q) = try Self.questions(required: false)
        let consultation = try world.db.reader.read { try Consultation.fetchOne($0, key: q[0].consultationId)! }
        _ = try world.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .kiosk, place: "Palacio", jurisdictionId: consultation.jurisdictionId,
            answers: [q[3].id!: "Agua"]), by: world.kiosk)
        var draft = try ConsultationEditTests.draft(world, consultation)
        draft.questions = q.map(QuestionDraft.init)
        draft.title = "Tipos de pregunta"
        // The same questions, as stored, pass: only the title changes.
        #expect(try world.db.editConsultation(consultation.id!, draft, by: world.tlalnepantlaEditor).title
            == "Tipos de pregunta")
        draft.questions[3].maxChoices = 3
        #expect(cabildoError { try world.db.editConsultation(consultation.id!, draft, by: world.tlalnepantlaEditor) }?
            .field == "questions")
    }
}

@Suite struct QuestionTypeMigrationTests {
    /// A database from before the question types keeps its questions (ids,
    /// kinds, options) and the answers pointing at them, and then takes the new types.
    @Test func v8KeepsTheQuestionsAndAnswersAlreadyThere() throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.configuration(auditKey: .random()))
        try Schema.migrator.migrate(queue, upTo: "v7-data-rights")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO jurisdiction (id, inegiCode, name, kind) VALUES (1, '15', 'Estado de México', 'state');
                INSERT INTO consultation (id, jurisdictionId, title, theme, opensOn, closesOn)
                    VALUES (1, 1, 'Movilidad', 'mobility', '2026-03-01', '2026-03-31');
                INSERT INTO consultationQuestion (id, consultationId, position, prompt, kind, required, maxLength, choices)
                    VALUES (7, 1, 1, '¿Qué cambiaría?', 'text', 1, 200, NULL),
                           (9, 1, 2, '¿Cómo se mueve?', 'choice', 0, 2000, '["A pie","Autobús"]');
                INSERT INTO submission (id, folio, consultationId, channel, place, jurisdictionId, receivedAt)
                    VALUES (1, 'ABCD23456', 1, 'kiosk', 'Palacio', 1, '2026-03-02T10:00:00Z');
                INSERT INTO answer (submissionId, questionId, text) VALUES (1, 7, 'Más rutas'), (1, 9, 'A pie');
                """)
        }
        try Schema.migrator.migrate(queue)
        try queue.read { db in
            let questions = try ConsultationQuestion.order(Column("position")).fetchAll(db)
            #expect(questions.map(\.id) == [7, 9] && questions.map(\.kind) == [.text, .choice])
            #expect(questions[1].choiceList == ["A pie", "Autobús"] && questions[1].maxChoices == nil)
            #expect(try String.fetchAll(db, sql: """
                SELECT q.prompt || '=' || a.text FROM answer a JOIN consultationQuestion q ON q.id = a.questionId ORDER BY q.position
                """) == ["¿Qué cambiaría?=Más rutas", "¿Cómo se mueve?=A pie"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength, choices, maxChoices)
                    VALUES (1, 3, '¿Qué le preocupa?', 'multiple', 0, 10000, '["Agua","Basura"]', 1),
                           (1, 4, 'Ordene', 'ranking', 1, 10000, '["Agua","Basura"]', NULL)
                """)
            // The schema holds the rules too: a multiple choice needs its most, a ranking its options.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength, choices)
                        VALUES (1, 5, 'Mal', 'multiple', 0, 10000, '["Agua","Basura"]')
                    """)
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength)
                        VALUES (1, 5, 'Mal', 'ranking', 0, 10000)
                    """)
            }
        }
    }
}
