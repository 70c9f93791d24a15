import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing

/// The officials' screens of the loop back to the citizen, without a
/// terminal: editing a consultation, answering a citizen's message, the
/// notices outbox and the data-rights register.
@MainActor @Suite struct LoopBackPaneTests {
    let officials: Officials
    let tlalnepantla: AppSession
    let chimalhuacan: AppSession

    init() throws {
        let officials = try Officials()
        self.officials = officials
        tlalnepantla = try Self.editor(officials, "editor.tlalne", "15104")
        chimalhuacan = try Self.editor(officials, "editor.chimal", "15031")
    }

    static func editor(_ officials: Officials, _ name: String, _ code: String) throws -> AppSession {
        AppSession(database: officials.database, account: try officials.database.createAccount(
            username: name, displayName: name, role: .editor, jurisdictionCode: code, password: "contraseña-segura",
            by: .operator("tests")), localizer: Localizer(catalogue: nil), terminal: "tests")
    }

    var database: AppDatabase { officials.database }

    /// A message from a kiosk of Tlalnepantla to one of its mechanisms, with an e-mail given with consent.
    func message(to mechanism: Mechanism) throws -> ContactRequest {
        let kiosk = Actor(account: try database.createAccount(
            username: "kiosco", displayName: "Quiosco", role: .kiosk, jurisdictionCode: "15104",
            password: "contraseña-segura", by: .operator("tests")))
        return try database.sendContactRequest(mechanismId: mechanism.id!, message: "¿Cuándo sesionan?",
                                               contact: ContactDetails(name: "Luis", phone: "55 1234 5678"),
                                               privacyNoticeVersion: "2026-01", place: "Palacio Municipal", by: kiosk)
    }

    func rows(_ pane: any Pane) -> [PaneRow] { (0..<pane.rows.count).map(pane.rows.row) }

    func save(_ spec: FormSpec, _ change: [FieldKey: String], as session: AppSession) throws -> Message {
        var values = spec.startingValues
        for (key, value) in change { values[key] = value }
        return try spec.save(values, session)
    }

    @Test func answeringAMessageIsForTheMechanismsJurisdictionAndQueuesANotice() throws {
        let mechanism = try officials.mechanism(in: "15104")
        let request = try message(to: mechanism)
        let pane = MechanismPane(mechanism.id!)
        try pane.load(officials.admin)
        let row = try #require(rows(pane).first { $0.kind == .contact })
        #expect(row.text.contains(Folio.display(request.folio!)) && row.text.contains("(new)"))
        for command: Command in [.answer, .close] {
            #expect(pane.availability(of: command, row: row, in: officials.admin) == .available)
            guard case .needsSelection = pane.availability(of: command, row: nil, in: officials.admin) else {
                Issue.record("\(command) did not ask for a message"); continue
            }
        }
        let monitors = MechanismPane(mechanism.id!)
        try monitors.load(officials.monitor)
        #expect(monitors.availability(of: .answer, row: row, in: officials.monitor) == .notForThisAccount)
        #expect(monitors.availability(of: .close, row: row, in: officials.monitor) == .notForThisAccount)
        // Another municipality's editor is not offered it, and Core refuses it too.
        let elsewhere = MechanismPane(mechanism.id!)
        try elsewhere.load(chimalhuacan)
        #expect(elsewhere.availability(of: .answer, row: row, in: chimalhuacan) == .notForThisAccount)
        #expect(cabildoError { try save(MessageReplyForm.answer(request.id!), ["answer": "Sí"], as: chimalhuacan) }?
            .kind == .permission)

        // The mechanism's jurisdiction's editor answers through the form; an empty answer lands on its field.
        let own = MechanismPane(mechanism.id!)
        try own.load(tlalnepantla)
        #expect(own.availability(of: .answer, row: row, in: tlalnepantla) == .available)
        guard case .form(let form) = try own.perform(.answer, row: row, in: tlalnepantla) else {
            Issue.record("answering did not open a form"); return
        }
        let empty = cabildoError { try save(form, ["answer": " "], as: tlalnepantla) }
        #expect(empty?.field == "answer" && form.holds("answer"))
        _ = try save(form, ["answer": "El primer lunes de cada mes."], as: tlalnepantla)
        let status = try database.contactRequestStatus(request.folio!)
        #expect(status.status == .answered && status.answer == "El primer lunes de cada mes.")
        // Once only: the pane says so, and closing it anyway is Core's conflict.
        try own.load(tlalnepantla)
        #expect(own.availability(of: .close, row: row, in: tlalnepantla)
            == .needsSelection(Message("This message was already answered or closed.")))
        #expect(cabildoError { try save(MessageReplyForm.close(request.id!), ["reason": "Duplicado"], as: officials.admin) }?
            .kind == .conflict)

        // The citizen gave a telephone with consent: a notice waits in the outbox to be called.
        let outbox = OutboxPane()
        try outbox.load(tlalnepantla)
        let notice = try #require(rows(outbox).first)
        #expect(notice.text.contains("waiting") && notice.text.contains("telephone 55 1234 5678"))
        #expect(notice.text.contains(Folio.display(request.folio!)))
        #expect(outbox.availability(of: .delivered, row: notice, in: tlalnepantla) == .available)
        _ = try outbox.perform(.delivered, row: notice, in: tlalnepantla)
        try outbox.load(tlalnepantla)
        #expect(rows(outbox).first?.text.contains("delivered by hand") == true)
        // Never twice.
        #expect(cabildoError { try outbox.perform(.delivered, row: notice, in: officials.admin) }?.kind == .conflict)
        // Another municipality's editor sees none of it.
        let other = OutboxPane()
        try other.load(chimalhuacan)
        #expect(other.rows.count == 0)
        // Filtered by another municipality, the administrator sees none either.
        let filtered = OutboxPane()
        filtered.filters = Filters(["municipality": String(try officials.place("15031"))])
        try filtered.load(officials.admin)
        #expect(filtered.rows.count == 0)
    }

    @Test func whoIsOfferedTheOutboxTheRegisterAndEditing() throws {
        let consultation = try officials.consultation()
        let consultations = ConsultationsPane()
        let row = PaneRow(text: consultation.title, id: consultation.id)
        for (session, outbox, rights, edit) in [
            (officials.admin, Availability.available, Availability.available, Availability.available),
            (tlalnepantla, .available, .notForThisAccount, .available),
            (chimalhuacan, .available, .notForThisAccount, .notForThisAccount),
            (officials.monitor, .notForThisAccount, .notForThisAccount, .notForThisAccount),
        ] {
            try consultations.load(session)
            #expect(consultations.availability(of: .outbox, row: nil, in: session) == outbox)
            #expect(consultations.availability(of: .dataRights, row: nil, in: session) == rights)
            #expect(consultations.availability(of: .edit, row: row, in: session) == edit)
            let submissions = SubmissionsPane(consultation.id!)
            try submissions.load(session)
            #expect(submissions.availability(of: .edit, row: nil, in: session) == edit)
        }
        // Core refuses what the screens do not offer.
        #expect(cabildoError { try OutboxPane().load(officials.monitor) }?.kind == .permission)
        #expect(cabildoError { try DataRightsPane().load(tlalnepantla) }?.kind == .permission)

        let register = DataRightsPane()
        try register.load(officials.admin)
        #expect(register.availability(of: .new, row: nil, in: officials.admin) == .available)
        for command: Command in [.access, .rectify, .cancel, .oppose, .extend, .close] {
            guard case .needsSelection = register.availability(of: command, row: nil, in: officials.admin) else {
                Issue.record("\(command) did not ask for a request"); continue
            }
            // An editor cannot load the register (Core refuses it), so it offers them nothing.
            #expect(DataRightsPane().availability(of: command, row: PaneRow(text: "", id: 1), in: tlalnepantla)
                == .notForThisAccount)
        }
        #expect(register.availability(of: .delivered, row: nil, in: officials.admin) == .notHere)
    }

    @Test func editingAfterTheFirstSubmissionLocksWhatShapedTheAnswers() throws {
        let submission = try officials.submission()
        let id = submission.consultationId
        let spec = try ConsultationForm.spec(officials.admin, editing: id)
        // Locked fields say so; the ones that may still change do not.
        let labels = Dictionary(uniqueKeysWithValues: spec.fields.map { ($0.key, officials.admin.text($0.label)) })
        #expect(labels["opensOn"] == "Opens on (locked)" && labels["questions"] == "Questions (locked)")
        #expect(labels["theme"] == "Theme (locked)" && labels["title"]?.contains("locked") == false)
        #expect(spec.values["title"] == "Movilidad" && spec.values[FieldKey("questions").item(1, "prompt")] == "¿Qué cambiaría?")

        // The form lets them be typed in; Core's rule refuses, on the field.
        let opening = cabildoError { try save(spec, ["opensOn": "2026-02-20"], as: officials.admin) }
        #expect(opening?.field == "opensOn" && spec.holds("opensOn"))
        #expect(opening?.message.description.contains("already has submissions") == true)
        let question = cabildoError {
            try save(spec, [FieldKey("questions").item(1, "prompt"): "¿Otra pregunta?"], as: officials.admin)
        }
        #expect(question?.field == "questions" && spec.field(for: "questions")?.key == "questions")
        let earlier = cabildoError { try save(spec, ["closesOn": "2026-03-10"], as: officials.admin) }
        #expect(earlier?.field == "closesOn")
        #expect(try database.consultation(id).opensOn == "2026-03-01")

        // What may change does, audited; closing today closes it now.
        _ = try save(spec, ["title": "Movilidad 2026", "description": "Rutas y banquetas", "closesOn": "2026-03-02"],
                     as: officials.admin)
        let saved = try database.consultation(id)
        #expect(saved.title == "Movilidad 2026" && saved.description == "Rutas y banquetas" && saved.closesOn == "2026-03-02")
        #expect(try database.questions(of: id).map(\.prompt) == ["¿Qué cambiaría?"])

        // Before any submission, everything may change.
        let fresh = try officials.consultation()
        let open = try ConsultationForm.spec(officials.admin, editing: fresh.id!)
        #expect(!open.fields.contains { officials.admin.text($0.label).contains("locked") })
        _ = try save(open, ["opensOn": "2026-03-05", FieldKey("questions").item(1, "prompt"): "¿Qué falta?"],
                     as: officials.admin)
        #expect(try database.consultation(fresh.id!).opensOn == "2026-03-05")
        #expect(try database.questions(of: fresh.id!).map(\.prompt) == ["¿Qué falta?"])
    }

    @Test func aChoiceQuestionLeftAsItWasKeepsItsOptions() throws {
        let consultation = try database.createConsultation(ConsultationDraft(
            jurisdictionId: try officials.place("15104"), title: "Transporte", theme: .mobility, opensOn: "2026-03-01",
            closesOn: "2026-03-31", questions: [QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice,
                                                              choices: ["A pie", "Automóvil"])]), by: officials.admin.actor)
        let question = try database.questions(of: consultation.id!)[0]
        _ = try database.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: try officials.place("15104"),
            answers: [question.id!: "A pie"]), by: officials.admin.actor)
        _ = try save(try ConsultationForm.spec(officials.admin, editing: consultation.id!), ["title": "Transporte 2026"],
                     as: officials.admin)
        #expect(try database.questions(of: consultation.id!) == [question])
        #expect(try database.consultation(consultation.id!).title == "Transporte 2026")
    }

    @Test func theRegisterSaysOverdueInWordsAndActsThroughCore() throws {
        let submission = try officials.submission()
        let register = DataRightsPane()
        try register.load(officials.admin)
        guard case .form(let form) = try register.perform(.new, row: nil, in: officials.admin) else {
            Issue.record("registering did not open a form"); return
        }
        let unknown = cabildoError {
            try save(form, ["requesterName": "María", "folios": "ZZZZ-ZZZZ-Z", "receivedOn": "2026-01-05"], as: officials.admin)
        }
        #expect(unknown?.field == "folios" && form.holds("folios"))
        _ = try save(form, ["requesterName": "María", "kind": "cancellation", "folios": Folio.display(submission.folio),
                            "receivedOn": "2026-01-05"], as: officials.admin)
        _ = try save(form, ["requesterName": "Luis", "kind": "opposition", "folios": submission.folio,
                            "receivedOn": "2026-03-02"], as: officials.admin)
        try register.load(officials.admin)
        let listed = rows(register)
        #expect(listed.count == 2)
        // Received in January, due in February: overdue, said in words, and listed first.
        #expect(listed[0].text.contains("cancellation — OVERDUE: it was due by 2026-02-03"))
        #expect(listed[1].text.contains("opposition — due by") && !listed[1].text.contains("OVERDUE"))
        #expect(register.header.first == "2 open, 1 overdue")

        // Opposing under the cancellation request is refused by Core, in words.
        #expect(cabildoError { try register.perform(.oppose, row: listed[0], in: officials.admin) }?.kind == .validation)
        // Cancellation asks to confirm, then erases through Core.
        guard case .form(let cancel) = try register.perform(.cancel, row: listed[0], in: officials.admin) else {
            Issue.record("cancelling did not open a form"); return
        }
        #expect(cabildoError { try save(cancel, [:], as: officials.admin) }?.field == "confirm")
        _ = try save(cancel, ["confirm": "true"], as: officials.admin)
        _ = try register.perform(.oppose, row: listed[1], in: officials.admin)
        #expect(try database.noticesOpposed(submissionId: submission.id!))
        _ = try register.perform(.extend, row: listed[0], in: officials.admin)
        #expect(cabildoError { try register.perform(.extend, row: listed[0], in: officials.admin) }?.kind == .conflict)
        guard case .form(let close) = try register.perform(.close, row: listed[0], in: officials.admin) else {
            Issue.record("closing did not open a form"); return
        }
        _ = try save(close, ["outcome": "Datos borrados."], as: officials.admin)
        try register.load(officials.admin)
        #expect(rows(register).contains { $0.text.contains("closed on 2026-03-02") })
    }
}
