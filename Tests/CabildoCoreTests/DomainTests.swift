import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct DomainTests {
    let world: World
    init() throws { world = try World() }

    @Test func forbiddenCharactersAreRefusedNamingTheField() throws {
        let error = cabildoError {
            try world.db.createMechanism(MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"),
                                                        name: "Consejo\u{202E}oicnesiv", theme: .other),
                                         by: world.admin)
        }
        #expect(error?.kind == .validation)
        #expect(error?.field == "name")
        #expect(Localizer(catalogue: nil).render(error!.message)
            == "Name: a text-direction control (U+202E) is not allowed (character 8)")
        let escape = cabildoError {
            try world.db.createMechanism(MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"),
                                                        name: "Consejo", theme: .other, purpose: "Texto \u{1B}]0;x\u{07}"),
                                         by: world.admin)
        }
        #expect(escape?.field == "purpose")
        let long = cabildoError {
            try world.db.createMechanism(MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"),
                                                        name: String(repeating: "á", count: 201), theme: .other),
                                         by: world.admin)
        }
        #expect(long?.field == "name")
    }

    @Test func aMembershipEndsAndStaysAsHistory() throws {
        let mechanism = try world.db.createMechanism(
            MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: "COPLADEMUN Norte", theme: .planning),
            by: world.tlalnepantlaEditor)
        let member = try world.db.addMember(to: mechanism.id!, .person(name: "Persona de prueba"), post: "Vocal",
                                            sector: .civilSociety, startDate: "2026-01-10", by: world.tlalnepantlaEditor)
        #expect(cabildoError { try world.db.endMembership(member.id!, on: "2025-12-31", by: world.tlalnepantlaEditor) }?
            .field == "endDate")
        let ended = try world.db.endMembership(member.id!, on: "2026-02-28", by: world.tlalnepantlaEditor)
        #expect(ended.endDate == "2026-02-28")
        #expect(try world.db.memberships(of: mechanism.id!).map(\.id) == [member.id])
        #expect(cabildoError { try world.db.endMembership(member.id!, on: "2026-03-01", by: world.tlalnepantlaEditor) }?
            .kind == .conflict)
    }

    @Test func aSessionWithAgendaAttendanceAndAnAgreementFollowedUp() throws {
        let mechanismId = try world.db.reader.read {
            try Int64.fetchOne($0, sql: "SELECT mechanismId FROM membership LIMIT 1")!
        }
        let members = try world.db.memberships(of: mechanismId)
        let session = try world.db.recordSession(
            SessionDraft(mechanismId: mechanismId, date: "2026-03-02", isOnline: true, agenda: ["Informe", "Asuntos generales"],
                         attendance: members.prefix(2).map { $0.id! }), by: world.stateEditor)
        let agreement = try world.db.recordAgreement(mechanismId: mechanismId, sessionId: session.id, text: "Publicar el informe",
                                                     responsible: "Secretaría técnica", dueDate: "2026-04-01",
                                                     by: world.stateEditor)
        _ = try world.db.followUpAgreement(agreement.id!, status: .fulfilled, note: "Publicado en el sitio.",
                                           by: world.stateEditor)
        let (items, present, status) = try world.db.reader.read { db in
            (try AgendaItem.filter(Column("sessionId") == session.id!).fetchCount(db),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sessionAttendance WHERE sessionId = ?", arguments: [session.id!])!,
             try Agreement.fetchOne(db, key: agreement.id!)!.status)
        }
        #expect(items == 2 && present == 2 && status == .fulfilled)
        // The detail's read model: each session with its own agenda in order and its own count.
        let quiet = try world.db.recordSession(SessionDraft(mechanismId: mechanismId, date: "2026-03-09", place: "Sala de Cabildo", agenda: ["Lectura"]),
                                               by: world.stateEditor)
        let summaries = try world.db.sessionSummaries(of: mechanismId)
        #expect(summaries.map(\.session.id) == [quiet.id, session.id])   // newest first
        #expect(summaries.map(\.agenda) == [["Lectura"], ["Informe", "Asuntos generales"]])
        #expect(summaries.map(\.attendance) == [0, 2])
        #expect(cabildoError { try world.db.recordSession(SessionDraft(mechanismId: mechanismId, date: "2026-02-30"),
                                                          by: world.stateEditor) }?.field == "date")
        #expect(cabildoError { try world.db.recordSession(SessionDraft(mechanismId: mechanismId, date: "2026-03-02"),
                                                          by: world.stateEditor) }?.field == "place")
    }

    @Test func progressIsDerivedFromMilestones() throws {
        let commitment = try world.db.createCommitment(
            CommitmentDraft(planId: try world.planId(), number: 7, title: "Justicia cotidiana digital",
                            values: [.accessToInformation, .technologyAndInnovation]), by: world.stateEditor)
        #expect(try world.db.progress(of: commitment.id!) == CommitmentProgress(completed: 0, total: 0))
        let first = try world.db.addMilestone(to: commitment.id!, description: "Diagnóstico", dueDate: "2026-05-01",
                                              by: world.stateEditor)
        _ = try world.db.addMilestone(to: commitment.id!, description: "Plataforma", dueDate: "2026-09-01",
                                      by: world.stateEditor)
        _ = try world.db.completeMilestone(first.id!, by: world.stateEditor)
        #expect(try world.db.progress(of: commitment.id!).percent == 50)
        // The list's one-query progress agrees with the commitment's own.
        let listed = try world.db.commitmentsWithProgress()
        #expect(listed.first { $0.0.id == commitment.id }?.1 == CommitmentProgress(completed: 1, total: 2))
        #expect(listed.first { $0.0.title == "Cultura de Gobierno Abierto" }?.1 == CommitmentProgress(completed: 0, total: 0))
        _ = try world.db.reopenMilestone(first.id!, by: world.stateEditor)
        #expect(try world.db.progress(of: commitment.id!).percent == 0)
        #expect(cabildoError { try world.db.createCommitment(CommitmentDraft(planId: try world.planId(), number: 7,
                                                                             title: "Otro"), by: world.stateEditor) }?
            .field == "number")
        let update = try world.db.recordProgressUpdate(commitmentId: commitment.id!, milestoneId: first.id,
                                                       summary: "Diagnóstico publicado",
                                                       evidence: [(.link, "https://example.mx/diagnostico")],
                                                       by: world.stateEditor)
        #expect(update.id != nil)
    }

    @Test func aSubmissionGetsAFolioAResponseAndAPublicStatus() throws {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más rutas nocturnas", consultation: consultation, questions: questions)
        #expect(try Folio.normalise(submission.folio) == submission.folio)
        _ = try world.db.moderateSubmission(submission.id!, .publish, by: world.tlalnepantlaEditor)
        _ = try world.db.respondToSubmission(submission.id!, body: "Se estudiará con la Dirección de Movilidad.",
                                             by: world.tlalnepantlaEditor)
        let typed = Folio.display(submission.folio).lowercased()
        let status = try world.db.folioStatus(typed)
        #expect(status.moderation == .published)
        #expect(status.response == "Se estudiará con la Dirección de Movilidad.")
        #expect(status.consultationTitle == "Movilidad en Tlalnepantla")
        var mistyped = Array(submission.folio)
        mistyped[4] = mistyped[4] == "7" ? "8" : "7"
        let error = cabildoError { try world.db.folioStatus(String(mistyped)) }
        #expect(error?.field == "folio")
        #expect(error?.message == Folio.message(for: .checkMismatch))
    }

    @Test func submissionsAreValidatedAgainstTheirQuestions() throws {
        let (consultation, questions) = try world.consultation()
        #expect(cabildoError { try world.submit("", consultation: consultation, questions: questions) }?.field
            == "answer-1")
        #expect(cabildoError { try world.submit(String(repeating: "x", count: 201), consultation: consultation,
                                                questions: questions) }?.field == "answer-1")
        let badChoice = cabildoError {
            try world.db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .kiosk, place: "Palacio", jurisdictionId: try world.jurisdictionId("15104"),
                answers: [questions[0].id!: "Algo", questions[1].id!: "En helicóptero"]), by: world.kiosk)
        }
        #expect(badChoice?.field == "answer-2")
        // Contact data is kept only with consent to a privacy notice that exists.
        let noConsent = cabildoError {
            try world.submit("Algo", consultation: consultation, questions: questions,
                             contact: ContactDetails(email: "a@example.mx"))
        }
        #expect(noConsent?.field == "privacyNotice")
        #expect(cabildoError { try world.submit("Algo", consultation: consultation, questions: questions,
                                                contact: ContactDetails(email: "no-es-correo"), notice: "x") }?.field
            == "contactEmail")
    }

    @Test func aClosedConsultationTakesNoKioskSubmissions() throws {
        let (consultation, questions) = try world.consultation()
        let later = World.Later(world: world, day: "2026-04-15")
        let error = cabildoError { try later.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .kiosk, place: "Palacio",
            jurisdictionId: try world.jurisdictionId("15104"), answers: [questions[0].id!: "Tarde"]), by: world.kiosk) }
        #expect(error?.kind == .validation)
        // Paper forms filled in while it was open may still be typed in.
        #expect(try later.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Mesa de Tlalnepantla",
            jurisdictionId: try world.jurisdictionId("15104"), answers: [questions[0].id!: "En papel"]),
            by: world.tlalnepantlaEditor).id != nil)
    }
}

extension World {
    /// The same database seen through a clock set to another day.
    struct Later {
        let db: AppDatabase
        init(world: World, day: String) {
            let date = try! Date(day + "T12:00:00Z", strategy: .iso8601)
            db = AppDatabase(writer: world.db.rawStorage, clock: Clock(now: { date }), auditKey: world.db.auditKey)
        }
    }
}

/// Digits typed into a form become a number in one place, with the error on its field.
@Suite struct WholeNumberTests {
    @Test func digitsAreANumberAndAnythingElseIsRefusedOnItsField() throws {
        #expect(try Fields.wholeNumber("12", Fields.attendees) == 12)
        #expect(try Fields.wholeNumber("", Fields.attendees) == nil)
        #expect(try Fields.wholeNumber(nil, Fields.commitmentNumber, atLeast: 1) == nil)
        for bad in ["doce", "-3", "1.5", "１２", "+4"] {
            #expect(cabildoError { try Fields.wholeNumber(bad, Fields.attendees) }?.field == "attendees", "\(bad)")
        }
        let zero = cabildoError { try Fields.wholeNumber("0", Fields.commitmentNumber, atLeast: 1) }
        #expect(zero?.field == "number")
        #expect(Localizer(catalogue: nil).render(zero!.message) == "Number: write a whole number of 1 or more, in digits")
    }
}
