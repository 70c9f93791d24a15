import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing

/// A seeded in-memory database and a signed-in session per kind of account.
@MainActor
struct Officials {
    let database: AppDatabase
    let admin: AppSession
    let monitor: AppSession

    init(clock: Clock = Clock(now: { Date(timeIntervalSince1970: 1_772_452_800) })) throws {
        let database = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"),
                                                clock: clock)
        self.database = database
        func account(_ name: String, _ role: Role) throws -> Account {
            try database.createAccount(username: name, displayName: name, role: role, jurisdictionCode: nil,
                                       password: "contraseña-segura", by: .operator("tests"))
        }
        let localizer = Localizer(catalogue: nil)
        admin = AppSession(database: database, account: try account("admin", .administrator), localizer: localizer,
                           terminal: "tests")
        monitor = AppSession(database: database, account: try account("monitor", .monitor), localizer: localizer,
                             terminal: "tests")
    }

    func place(_ code: String) throws -> Int64 { try #require(try database.jurisdiction(inegiCode: code)).id! }

    func mechanism(in code: String = "15104", _ name: String = "Consejo de Participación") throws -> Mechanism {
        try database.createMechanism(MechanismDraft(jurisdictionId: try place(code), name: name, theme: .other),
                                     by: admin.actor)
    }

    func consultation() throws -> Consultation {
        try database.createConsultation(ConsultationDraft(
            jurisdictionId: try place("15104"), title: "Movilidad", theme: .mobility, opensOn: "2026-03-01",
            closesOn: "2026-03-31", questions: [QuestionDraft(prompt: "¿Qué cambiaría?", maxLength: 200)]),
            by: admin.actor)
    }

    func submission() throws -> Submission {
        let consultation = try consultation()
        let question = try database.questions(of: consultation.id!)[0]
        return try database.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: try place("15104"),
            answers: [question.id!: "Más rutas"]), by: admin.actor)
    }

    func commitment() throws -> Commitment {
        let plan = try #require(try database.actionPlans().first)
        return try database.createCommitment(CommitmentDraft(planId: plan.id!, number: 90, title: "Datos abiertos"),
                                             by: admin.actor)
    }
}

/// Each form, made to fail each of Core's validations: the error names a
/// field the form holds, and it is the field the person would fix.
@MainActor @Suite struct FormErrorsLandBesideTheirFieldTests {
    let officials: Officials
    init() throws { officials = try Officials() }

    static func long(_ count: Int) -> String { String(repeating: "a", count: count) }

    /// Saves `spec` from its starting values, `valid` and then `change`; returns Core's refusal.
    func refusal(_ spec: FormSpec, _ valid: [FieldKey: String], _ change: [FieldKey: String],
                 session: AppSession? = nil) -> CabildoError? {
        var values = spec.startingValues
        for (key, value) in valid.merging(change, uniquingKeysWith: { $1 }) { values[key] = value }
        do {
            _ = try spec.save(values, session ?? officials.admin)
            return nil
        } catch {
            return error as? CabildoError
        }
    }

    /// Every case is refused, beside the field it names; and the valid values alone are accepted.
    func expectEachLands(_ make: () throws -> FormSpec, valid: [FieldKey: String],
                         _ cases: [(field: FieldKey, values: [FieldKey: String])], as session: AppSession? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (field, change) in cases {
            let spec = try make()
            let error = refusal(spec, valid, change, session: session)
            #expect(error?.field == field, "\(change) → \(String(describing: error))", sourceLocation: sourceLocation)
            #expect(error?.field.map(spec.holds) == true, "\(field) is not in the form", sourceLocation: sourceLocation)
        }
        #expect(refusal(try make(), valid, [:], session: session) == nil, "the valid values were refused", sourceLocation: sourceLocation)
    }

    @Test func mechanism() throws {
        let session = officials.admin
        try expectEachLands({ try MechanismForm.spec(session) }, valid: ["name": "Consejo"], [
            ("jurisdiction", ["jurisdiction": ""]),
            ("name", ["name": ""]), ("name", ["name": Self.long(201)]),
            ("acronym", ["acronym": Self.long(31)]),
            ("established", ["established": "2026-02-30"]),
            ("purpose", ["purpose": Self.long(4_001)]), ("legalBasis", ["legalBasis": Self.long(2_001)]),
            ("budgetProgramme", ["budgetProgramme": Self.long(201)]),
            ("officialName", ["officialName": Self.long(121)]), ("officialPost", ["officialPost": Self.long(201)]),
            ("officialEmail", ["officialEmail": "sin arroba"]), ("officialPhone", ["officialPhone": "teléfono"]),
        ])
    }

    @Test func member() throws {
        let id = try officials.mechanism().id!
        let session = officials.admin
        try expectEachLands({ try MemberForm.spec(id, session) }, valid: ["personName": "Ana Pérez", "post": "Vocal"], [
            ("personName", ["personName": ""]), ("post", ["post": ""]), ("post", ["post": Self.long(201)]),
            ("startDate", ["startDate": "2026-02-30"]),
            ("contactEmail", ["contactEmail": "sin arroba"]), ("contactPhone", ["contactPhone": "teléfono"]),
        ])
    }

    @Test func session() throws {
        let id = try officials.mechanism().id!
        let session = officials.admin
        try expectEachLands({ try SessionForm.spec(id, session) }, valid: ["date": "2026-03-01", "place": "Cabildo"], [
            ("date", ["date": ""]), ("date", ["date": "2026-02-30"]),
            ("place", ["place": ""]),
            ("agenda", ["agenda": Self.long(501)]),
        ])
    }

    @Test func activityAndNews() throws {
        let id = try officials.mechanism().id!
        try expectEachLands({ ActivityForm.spec(id) }, valid: ["date": "2026-03-01", "title": "Recorrido"], [
            ("date", ["date": ""]), ("title", ["title": ""]), ("description", ["description": Self.long(10_001)]),
        ])
        try expectEachLands({ NewsForm.spec(id) }, valid: ["title": "Convocatoria", "body": "Sesión abierta."], [
            ("title", ["title": ""]), ("body", ["body": ""]),
        ])
    }

    @Test func followUp() throws {
        let mechanism = try officials.mechanism()
        let agreement = try officials.database.recordAgreement(mechanismId: mechanism.id!, sessionId: nil,
                                                               text: "Publicar el acta", responsible: nil, dueDate: nil,
                                                               by: officials.admin.actor)
        let session = officials.admin
        try expectEachLands({ FollowUpForm.spec(agreement.id!, session) }, valid: ["note": "En curso"], [
            ("note", ["note": ""]), ("note", ["note": Self.long(4_001)]),
        ])
    }

    @Test func commitment() throws {
        let plans = try officials.database.actionPlans()
        let session = officials.admin
        _ = try officials.commitment()   // number 90 is taken
        try expectEachLands({ CommitmentForm.spec(plans, session) }, valid: ["title": "Presupuesto abierto"], [
            ("plan", ["plan": ""]),
            ("number", ["number": "0"]), ("number", ["number": "tres"]), ("number", ["number": "90"]),
            ("title", ["title": ""]), ("problem", ["problem": Self.long(10_001)]),
            ("solution", ["solution": Self.long(10_001)]),
            ("startDate", ["startDate": "2026-02-30"]), ("endDate", ["endDate": "2026-02-30"]),
        ])
    }

    @Test func milestoneProgressAndAssessment() throws {
        let id = try officials.commitment().id!
        let session = officials.admin
        try expectEachLands({ MilestoneForm.spec(id) }, valid: ["milestone": "Portal publicado"], [
            ("milestone", ["milestone": ""]), ("dueDate", ["dueDate": "2026-02-30"]),
        ])
        try expectEachLands({ ProgressForm.spec(id) }, valid: ["summary": "Portal en pruebas"], [
            ("summary", ["summary": ""]),
        ])
        // The monitoring body assesses.
        try expectEachLands({ AssessmentForm.spec(id, session) }, valid: ["rationale": "Hay evidencia"], [
            ("rationale", ["rationale": ""]),
        ], as: officials.monitor)
    }

    @Test func coCreationMeeting() throws {
        let plan = try #require(try officials.database.actionPlans().first)
        let spaces = try officials.database.coCreationSpaces(planId: plan.id!)
        try #require(!spaces.isEmpty)
        let session = officials.admin
        try expectEachLands({ try CoCreationForm.spec(spaces, session) }, valid: ["date": "2026-03-01"], [
            ("space", ["space": ""]), ("date", ["date": ""]), ("place", ["place": Self.long(201)]),
            ("attendees", ["attendees": "-1"]), ("attendees", ["attendees": "muchas"]),
        ])
    }

    @Test func consultation() throws {
        let session = officials.admin
        try expectEachLands({ try ConsultationForm.spec(session) },
                            valid: ["title": "Agua", "opensOn": "2026-03-01", "closesOn": "2026-03-31",
                                    "questions.1.prompt": "¿Qué falta?"], [
            ("jurisdiction", ["jurisdiction": ""]), ("title", ["title": ""]),
            ("opensOn", ["opensOn": "2026-02-30"]), ("closesOn", ["closesOn": "2026-02-01"]),
            ("questions", ["questions.1.prompt": ""]),
            ("questions.1.choices", ["questions.1.kind": "multiple", "questions.1.choices": "Sola"]),
            ("questions.1.maxChoices", ["questions.1.kind": "multiple", "questions.1.choices": "A\nB",
                                        "questions.1.maxChoices": "tres"]),
            ("questions.1.maxChoices", ["questions.1.kind": "multiple", "questions.1.choices": "A\nB",
                                        "questions.1.maxChoices": "5"]),
            ("questions.1.maxChoices", ["questions.1.kind": "multiple", "questions.1.choices": "A\nB",
                                        "questions.1.maxChoices": "0"]),
            ("questions.2.choices", ["questions.2.prompt": "¿En qué orden?", "questions.2.kind": "ranking",
                                     "questions.2.choices": "Parques\nparques"]),
            ("questions.2.prompt", ["questions.2.prompt": "  ", "questions.2.kind": "choice",
                                    "questions.2.choices": "A\nB"]),
            ("questions.1.choices", ["questions.1.kind": "choice", "questions.1.choices": "A\n" + Self.long(201)]),
        ])
    }

    /// The most a citizen may pick is read as every number typed into a form
    /// is (`Fields.wholeNumber`): its error names the field and says what to write.
    @Test func mostChoicesIsAWholeNumber() throws {
        let valid: [FieldKey: String] = ["title": "Agua", "opensOn": "2026-03-01", "closesOn": "2026-03-31",
                                         "questions.1.prompt": "¿Qué falta?", "questions.1.kind": "multiple",
                                         "questions.1.choices": "A\nB"]
        let english = Localizer(catalogue: nil)
        for typed in ["dos", "-1", "0", "1.5"] {
            let error = refusal(try ConsultationForm.spec(officials.admin), valid, ["questions.1.maxChoices": typed])
            #expect(error?.field == "questions.1.maxChoices", "\(typed)")
            #expect(error.map { english.render($0.message) }
                    == "Most a citizen may pick: write a whole number of 1 or more, in digits", "\(typed)")
        }
        #expect(refusal(try ConsultationForm.spec(officials.admin), valid, ["questions.1.maxChoices": " 2 "]) == nil)
    }

    /// Each question declares its type, its options one per line, the most a
    /// citizen may pick and whether it may be left empty; Core stores them so.
    @Test func consultationQuestionsOfEveryType() throws {
        let session = officials.admin
        let spec = try ConsultationForm.spec(session)
        guard case .group(_, let fields) = try #require(spec.fields.first { $0.key == "questions" }).kind else {
            Issue.record("no questions group"); return
        }
        #expect(fields.map(\.key) == ["prompt", "kind", "choices", "maxChoices", "optional"])
        var values = spec.startingValues
        let typed: [String: String] = [
            "title": "Tipos", "opensOn": "2026-03-01", "closesOn": "2026-03-31",
            "questions.1.prompt": "¿Qué propone?", "questions.1.kind": "text",
            "questions.2.prompt": "¿Colonia?", "questions.2.kind": "short_text", "questions.2.optional": "true",
            "questions.3.prompt": "¿Cómo se mueve?", "questions.3.kind": "choice", "questions.3.choices": "A pie\nAutobús",
            "questions.4.prompt": "¿Qué le preocupa?", "questions.4.kind": "multiple",
            "questions.4.choices": "Agua\n\nSeguridad\nBasura", "questions.4.maxChoices": "2",
            "questions.5.prompt": "Ordene", "questions.5.kind": "ranking", "questions.5.choices": "Banquetas\nParques",
        ]
        for (key, value) in typed { values[FieldKey(key)] = value }
        _ = try spec.save(values, session)
        let consultation = try #require(try session.database.consultations().first { $0.title == "Tipos" })
        let questions = try session.database.questions(of: consultation.id!)
        #expect(questions.map(\.kind) == [.text, .shortText, .choice, .multiple, .ranking])
        #expect(questions.map(\.required) == [true, false, true, true, true])
        #expect(questions[3].choiceList == ["Agua", "Seguridad", "Basura"] && questions[3].maxChoices == 2)
        #expect(questions[4].choiceList == ["Banquetas", "Parques"] && questions[4].maxChoices == nil)
        // Stored questions give back the same values (an edit starts from them).
        let back = ConsultationForm.questionValues(questions.map(QuestionDraft.init))
        #expect(back["questions.4.choices"] == "Agua\nSeguridad\nBasura" && back["questions.2.optional"] == "true")
    }

    @Test func paperSubmission() throws {
        let id = try officials.consultation().id!
        let session = officials.admin
        try expectEachLands({ try PaperForm.spec(id, session) }, valid: ["place": "Mesa 1", "answer-1": "Más rutas"], [
            ("place", ["place": ""]), ("answer-1", ["answer-1": ""]), ("answer-1", ["answer-1": Self.long(201)]),
        ])
    }

    @Test func moderation() throws {
        let id = try officials.submission().id!
        try expectEachLands({ RejectForm.spec(id) }, valid: ["reason": "Fuera de tema"], [("reason", ["reason": ""])])
        try expectEachLands({ RespondForm.spec(id) }, valid: ["response": "Gracias"], [("response", ["response": ""])])
    }

    @Test func firstAdministrator() throws {
        let empty = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"))
        let session = AppSession(database: empty, localizer: Localizer(catalogue: nil), terminal: "tests")
        let valid: [FieldKey: String] = ["username": "admin", "displayName": "Ana", "password": "clave-segura-1",
                                         "repeat": "clave-segura-1"]
        for (field, change) in [(FieldKey("repeat"), ["repeat": "otra-clave-1"] as [FieldKey: String]),
                                ("username", ["username": ""]), ("displayName", ["displayName": ""])] {
            let spec = SignInForms.firstRun()
            let error = refusal(spec, valid, change, session: session)
            #expect(error?.field == field)
            #expect(error?.field.map(spec.holds) == true)
        }
    }
}

/// Benito Juárez is a municipality of Quintana Roo (23005) and of other
/// states: a form chooses by id, so a mechanism made in Veracruz's and
/// edited stays there.
@MainActor @Suite struct SameNameJurisdictionTests {
    @Test func aMechanismOfTheSecondBenitoJuarezStaysThereWhenEdited() throws {
        let officials = try Officials()
        let session = officials.admin
        let quintanaRoo = try officials.place("23005"), veracruz = try officials.place("30027")
        // Quintana Roo's in use, so it is listed first: matching by name would pick it.
        _ = try officials.mechanism(in: "23005", "Comité de Playas")
        let names = try session.database.jurisdictionEntries(editableBy: session.actor)
            .filter { $0.jurisdiction.name == "Benito Juárez" }.map(\.id)
        #expect(names.first == quintanaRoo && names.contains(veracruz))

        let consultationForm = try ConsultationForm.spec(session)
        var consultation = consultationForm.startingValues
        consultation["jurisdiction"] = String(veracruz)
        for (key, value) in [("title", "Agua potable"), ("opensOn", "2026-03-01"), ("closesOn", "2026-03-31"),
                             ("questions.1.prompt", "¿Qué falta?")] { consultation[FieldKey(key)] = value }
        _ = try consultationForm.save(consultation, session)
        #expect(try session.database.consultations().first { $0.title == "Agua potable" }?.jurisdictionId == veracruz)

        let newForm = try MechanismForm.spec(session)
        var values = newForm.startingValues
        values["jurisdiction"] = String(veracruz)
        values["name"] = "Consejo de Colonos"
        _ = try newForm.save(values, session)
        let made = try #require(try session.database.mechanisms(limit: 1_000).first { $0.name == "Consejo de Colonos" })
        #expect(made.jurisdictionId == veracruz)

        let editForm = try MechanismForm.spec(session, editing: made)
        var edited = editForm.startingValues
        edited["purpose"] = "Vigilar el alumbrado"
        _ = try editForm.save(edited, session)
        let after = try session.database.mechanism(made.id!)
        #expect(after.jurisdictionId == veracruz)
        #expect(after.purpose == "Vigilar el alumbrado")
    }
}

/// Each pane's availability: the one answer for dispatch, hints and help.
@MainActor @Suite struct AvailabilityTests {
    @Test func aMonitorsAccountMayNotWrite() throws {
        let officials = try Officials()
        let monitor = officials.monitor
        let mechanisms = MechanismsPane()
        try mechanisms.load(monitor)
        #expect(mechanisms.availability(of: .new, row: nil, in: monitor) == .notForThisAccount)
        #expect(mechanisms.availability(of: .filter, row: nil, in: monitor) == .available)

        let mechanism = MechanismPane(try officials.mechanism().id!)
        try mechanism.load(monitor)
        for command: Command in [.edit, .member, .session, .activity, .news, .end, .followUp] {
            #expect(mechanism.availability(of: command, row: nil, in: monitor) == .notForThisAccount)
        }

        let submission = try officials.submission()
        let submissions = SubmissionsPane(submission.consultationId)
        try submissions.load(monitor)
        let row = submissions.rows.row(0)
        for command: Command in [.new, .publish, .reject, .respond, .link] {
            #expect(submissions.availability(of: command, row: row, in: monitor) == .notForThisAccount)
        }
        // The monitoring body assesses commitments, and changes nothing else of them.
        let commitment = CommitmentPane(try officials.commitment().id!)
        try commitment.load(monitor)
        #expect(commitment.availability(of: .assess, row: nil, in: monitor) == .available)
        #expect(commitment.availability(of: .update, row: nil, in: monitor) == .notForThisAccount)
    }

    @Test func aCommandOnARowNeedsOneEvenOnAnEmptyList() throws {
        let officials = try Officials()
        let admin = officials.admin
        let submissions = SubmissionsPane(try officials.consultation().id!)
        try submissions.load(admin)
        #expect(submissions.rows.count == 0)
        for command: Command in [.open, .publish, .reject, .respond, .link] {
            guard case .needsSelection = submissions.availability(of: command, row: nil, in: admin) else {
                Issue.record("\(command) did not ask for a selection"); continue
            }
        }
        #expect(submissions.availability(of: .new, row: nil, in: admin) == .available)
        #expect(submissions.availability(of: .assess, row: nil, in: admin) == .notHere)

        let mechanism = MechanismPane(try officials.mechanism().id!)
        try mechanism.load(admin)
        guard case .needsSelection = mechanism.availability(of: .end, row: nil, in: admin) else {
            Issue.record("ending a membership did not ask for a member"); return
        }
    }

    @Test func aSessionRowLeavesOutWhatItDoesNotHave() throws {
        let officials = try Officials()
        let id = try officials.mechanism().id!
        _ = try officials.database.recordSession(SessionDraft(mechanismId: id, date: "2026-03-01", place: nil,
                                                              isOnline: true, kind: .ordinary, isPublic: true,
                                                              minutes: nil, agenda: [], attendance: [], agreements: []),
                                                 by: officials.admin.actor)
        let mechanism = MechanismPane(id)
        try mechanism.load(officials.admin)
        let row = try #require((0..<mechanism.rows.count).map(mechanism.rows.row).first { $0.kind == .session })
        #expect(row.text == "Session 2026-03-01 — ordinary — online — public — attendance: 0")
    }
}
