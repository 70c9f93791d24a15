import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct PermissionTests {
    let world: World
    init() throws { world = try World() }

    func draft(_ code: String, _ name: String = "Consejo Municipal de Movilidad") throws -> MechanismDraft {
        MechanismDraft(jurisdictionId: try world.jurisdictionId(code), name: name, theme: .mobility)
    }

    @Test func anEditorChangesOnlyTheirJurisdiction() throws {
        #expect(try world.db.createMechanism(draft("15104"), by: world.tlalnepantlaEditor).id != nil)
        let refused = cabildoError { try world.db.createMechanism(try draft("15"), by: world.tlalnepantlaEditor) }
        #expect(refused?.kind == .permission)
        #expect(cabildoError { try world.db.createMechanism(try draft("15031"), by: world.tlalnepantlaEditor) }?.kind
            == .permission)
        // A state's editor works on the state and its municipalities, not on another state.
        #expect(try world.db.createMechanism(draft("15031"), by: world.stateEditor).id != nil)
        #expect(cabildoError { try world.db.createMechanism(try draft("23"), by: world.stateEditor) }?.kind == .permission)
    }

    @Test func anEditorCannotMoveAMechanismOutOfTheirScope() throws {
        let mine = try world.db.createMechanism(draft("15104"), by: world.tlalnepantlaEditor)
        var moved = try draft("15")
        moved.name = mine.name
        #expect(cabildoError { try world.db.updateMechanism(mine.id!, moved, by: world.tlalnepantlaEditor) }?.kind
            == .permission)
    }

    @Test func theJointPlanNeedsAnEditorCoveringEveryJurisdiction() throws {
        let plan = try world.planId()
        let commitment = CommitmentDraft(planId: plan, title: "Justicia cotidiana en línea")
        #expect(cabildoError { try world.db.createCommitment(commitment, by: world.tlalnepantlaEditor) }?.kind
            == .permission)
        #expect(try world.db.createCommitment(commitment, by: world.stateEditor).id != nil)
    }

    @Test func theMonitorWritesAssessmentsOnly() throws {
        let commitmentId = try world.db.reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM commitment")! }
        let assessment = AssessmentDraft(verifiable: true, potentialForResults: .modest, rationale: "Hitos verificables.")
        #expect(try world.db.recordAssessment(commitmentId: commitmentId, assessment, by: world.monitor).id != nil)
        #expect(cabildoError { try world.db.recordAssessment(commitmentId: commitmentId, assessment, by: world.admin) }?
            .kind == .permission)
        #expect(cabildoError { try world.db.recordAssessment(commitmentId: commitmentId, assessment,
                                                              by: world.stateEditor) }?.kind == .permission)
        #expect(cabildoError { try world.db.createMechanism(try draft("15104"), by: world.monitor) }?.kind == .permission)
        #expect(cabildoError { try world.db.addMilestone(to: commitmentId, description: "x", dueDate: nil,
                                                          by: world.monitor) }?.kind == .permission)
    }

    @Test func aKioskOnlyTakesSubmissionsAndContactRequests() throws {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más rutas de transporte", consultation: consultation, questions: questions)
        let mechanismId = try world.db.mechanisms(limit: 1).first!.id!
        #expect(try world.db.sendContactRequest(mechanismId: mechanismId, message: "Quiero participar",
                                                contact: ContactDetails(), privacyNoticeVersion: nil,
                                                place: "Caravana", by: world.kiosk).id != nil)
        #expect(cabildoError { try world.db.moderateSubmission(submission.id!, .publish, by: world.kiosk) }?.kind
            == .permission)
        #expect(cabildoError { try world.db.respondToSubmission(submission.id!, body: "Gracias", by: world.kiosk) }?
            .kind == .permission)
        #expect(cabildoError { try world.db.createMechanism(try draft("15104"), by: world.kiosk) }?.kind == .permission)
        #expect(cabildoError { try world.db.createAccount(username: "x", displayName: "x", role: .kiosk,
                                                           jurisdictionCode: nil, password: World.password,
                                                           by: world.kiosk) }?.kind == .permission)
    }

    @Test func onlyAdministratorsManageAccounts() throws {
        let refused = cabildoError {
            try world.db.createAccount(username: "nuevo", displayName: "Nuevo", role: .editor, jurisdictionCode: "15104",
                                       password: World.password, by: world.stateEditor)
        }
        #expect(refused?.kind == .permission)
        #expect(try world.db.disableAccount(username: "kiosk1", by: world.admin).disabled)
        #expect(cabildoError { try world.db.authenticate(username: "kiosk1", password: World.password) }?.kind
            == .authentication)
    }

    @Test func refusalsAreLocalized() throws {
        let error = cabildoError { try world.db.createMechanism(try draft("15"), by: world.tlalnepantlaEditor) }!
        let spanish = try CabildoText.Localizer.load(language: "es", localesDirectory: CabildoText.Resources.locales)
        let english = try CabildoText.Localizer.load(language: "en", localesDirectory: CabildoText.Resources.locales)
        #expect(english.render(error.message) == "Not permitted: this account cannot change records of that jurisdiction")
        #expect(spanish.render(error.message) != english.render(error.message))
    }

    @Test func passwordsAreArgon2idAndChecked() throws {
        let account = try world.db.authenticate(username: "ADMIN", password: World.password)
        #expect(account.passwordHash.hasPrefix("$argon2id$"))
        #expect(cabildoError { try world.db.authenticate(username: "admin", password: "otra-contraseña") }?.kind
            == .authentication)
        #expect(cabildoError { try world.db.createAccount(username: "corto", displayName: "C", role: .monitor,
                                                           jurisdictionCode: nil, password: "123",
                                                           by: world.admin) }?.field == "password")
        #expect(cabildoError { try world.db.createAccount(username: "sin.ambito", displayName: "S", role: .editor,
                                                           jurisdictionCode: nil, password: World.password,
                                                           by: world.admin) }?.field == "jurisdiction")
    }
}

/// Issue 11: an actor that has not signed in has no rights (the fallback used
/// to be an administrator-like operator).
@Suite struct NobodyHasNoRightsTests {
    @Test func nobodyIsRefusedEverything() throws {
        let world = try World()
        let place = try world.jurisdictionId("15104")
        let (consultation, questions) = try world.consultation()
        let refusals: [() throws -> Any] = [
            { try world.db.createMechanism(MechanismDraft(jurisdictionId: place, name: "Asamblea", theme: .other), by: .nobody) },
            { try world.db.recordSubmission(SubmissionDraft(consultationId: consultation.id!, channel: .paper, place: "Mesa",
                                                            jurisdictionId: place, answers: [questions[0].id!: "Luz"]),
                                            by: .nobody) },
            { try world.db.auditEntries(for: .nobody) },
            { try world.db.createAccount(username: "intruso", displayName: "Intruso", role: .administrator,
                                         jurisdictionCode: nil, password: World.password, by: .nobody) },
        ]
        for refusal in refusals { #expect(cabildoError(refusal)?.kind == .permission) }
        #expect(!world.db.mayAssess(.nobody) && !world.db.mayReadAudit(.nobody))
        #expect(!world.db.may(.nobody, editJurisdiction: place))
    }
}
