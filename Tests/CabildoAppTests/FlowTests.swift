import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing

/// A seeded database with an administrator, a kiosk account and an open
/// consultation of Tlalnepantla: a required text question and an optional choice.
@MainActor
struct FlowWorld {
    let database: AppDatabase
    let admin: Actor
    let kiosk: Account
    let consultation: Consultation
    let questions: [ConsultationQuestion]
    let spanish: Localizer
    let english: Localizer
    let tlalnepantla: Int64

    /// By default 2026-03-02T12:00:00Z: a fixed day, so the consultation (March 2026) is open.
    init(now: TimeInterval = 1_772_452_800) throws {
        database = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"),
                                            clock: Clock(now: { Date(timeIntervalSince1970: now) }))
        let op = Actor.operator("tests")
        admin = Actor(account: try database.createAccount(username: "admin", displayName: "Admin", role: .administrator,
                                                          jurisdictionCode: nil, password: "clave-de-admin-1", by: op))
        kiosk = try database.createAccount(username: "kiosco1", displayName: "Quiosco", role: .kiosk,
                                           jurisdictionCode: "15104", password: "clave-del-kiosco", by: op)
        tlalnepantla = try database.jurisdiction(inegiCode: "15104")!.id!
        consultation = try database.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Movilidad", theme: .mobility, opensOn: "2026-03-01",
            closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Qué cambiaría?", maxLength: 40),
                        QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, required: false,
                                      choices: ["A pie", "En autobús"])]), by: admin)
        questions = try database.questions(of: consultation.id!)
        spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
    }

    var station: Station { Station(place: "Palacio Municipal", jurisdictionId: tlalnepantla, channel: .kiosk) }

    func kioskSession() -> AppSession {
        AppSession(database: database, account: kiosk, localizer: spanish, terminal: "kiosk kiosco1 at Palacio Municipal")
    }

    func kioskFlow() -> KioskFlow { KioskFlow(session: kioskSession(), station: station, languages: [spanish, english]) }

    func submissions() throws -> [Submission] { try database.reader.read { try Submission.fetchAll($0) } }
}

/// Drives a flow, ignoring the reply.
@MainActor @discardableResult
func give(_ flow: KioskFlow, _ inputs: FlowInput...) throws -> FlowReply {
    var reply = FlowReply.stay
    for input in inputs { reply = try flow.handle(input) }
    return reply
}

/// Issue 11: the kiosk's flows, run alone, with no terminal.
@MainActor @Suite struct FlowTests {
    @Test func declinedConsentAsksNoContactAndAcceptedConsentDoes() throws {
        let world = try FlowWorld()
        let declined = world.kioskFlow()
        try give(declined, .choose(1), .choose(1), .choose(1))
        #expect(declined.step == .takePart(.notice))
        #expect(!declined.view.lines.joined().isEmpty)   // the notice's text
        try give(declined, .choose(2), .text("Más luminarias"), .next, .choose(1))
        #expect(declined.step == .takePart(.review))
        #expect(!declined.view.options.contains("Mis datos de contacto"))

        let accepted = world.kioskFlow()
        try give(accepted, .choose(1), .choose(1), .choose(1), .choose(1), .text("Más luminarias"), .next, .choose(1))
        #expect(accepted.step == .takePart(.contact))
        #expect(accepted.view.fields.map(\.key) == ["contactName", "contactEmail", "contactPhone"])
    }

    @Test func withNoOpenConsultationTheKioskSaysSoAndStaysOnItsMenu() throws {
        let world = try FlowWorld(now: 1_780_000_000)   // May 2026: the consultation has closed
        let flow = world.kioskFlow()
        #expect(try give(flow, .choose(1), .choose(1)) == .say(Message("There is no open consultation right now.")))
        #expect(flow.step == .menu)
    }

    @Test func aRequiredAnswerLeftEmptyIsRefusedBesideItsField() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(1), .choose(1), .choose(1), .choose(2), .text("   "))
        let error = cabildoError { try flow.handle(.next) }
        #expect(error?.field == "answer-1")
        #expect(flow.step == .takePart(.question(0)))
        #expect(flow.errors["answer-1"] != nil)
        #expect(flow.view.field?.key == "answer-1")
        try give(flow, .text("Banquetas"), .next)
        #expect(flow.step == .takePart(.question(1)))
        #expect(flow.errors.isEmpty)
    }

    @Test func theReviewListsEveryAnswerAndOneIsCorrectedFromIt() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(2), .choose(1), .choose(1), .choose(1), .text("Banquetas"), .next, .choose(2),
                 .values(FormValues(["contactName": "Ana", "contactEmail": "ana@example.org"])), .next)
        #expect(flow.step == .takePart(.review))
        #expect(flow.view.review.map(\.value) == ["Banquetas", "En autobús"])
        #expect(flow.view.options == ["¿Qué cambiaría? — Banquetas", "¿Cómo se mueve? — En autobús",
                                      "My contact data", "Send"])
        // Correcting the first answer comes straight back to the review.
        try give(flow, .choose(1))
        #expect(flow.step == .takePart(.question(0)))
        try give(flow, .text("Más luminarias"), .next)
        #expect(flow.step == .takePart(.review))
        #expect(flow.view.review.map(\.value) == ["Más luminarias", "En autobús"])
        // And the contact data too, where an error lands beside its field.
        try give(flow, .choose(3), .values(FormValues(["contactEmail": "ana@"])))
        #expect(cabildoError { try flow.handle(.next) }?.field == "contactEmail")
        #expect(flow.errors["contactEmail"] != nil)
        #expect(flow.step == .takePart(.contact))
    }

    @Test func sendingStoresTheAnswersAndShowsTheStoredFolio() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(1), .choose(1), .choose(1), .choose(1), .text("Más luminarias"), .next, .choose(1),
                 .values(FormValues(["contactName": " Ana "])), .next, .choose(4))
        guard case .takePart(.receipt(let folio)) = flow.step else { Issue.record("no receipt: \(flow.step)"); return }
        let stored = try world.submissions()
        #expect(stored.count == 1)
        #expect(stored.first?.folio == folio)
        #expect(stored.first?.channel == .kiosk && stored.first?.place == "Palacio Municipal")
        #expect(stored.first?.contactName == "Ana")
        #expect(stored.first?.privacyNoticeVersion != nil)
        #expect(try world.database.answers(of: stored[0].id!).map(\.text) == ["Más luminarias", "A pie"])
        #expect(flow.view.lines.contains(Folio.display(folio)))
        // Enter on the receipt starts over for the next citizen.
        #expect(try give(flow, .next) == .finished)
        #expect(flow.step == .language)
    }

    @Test func aFolioIsLookedUpAndATypoGetsAPlainAnswer() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(1), .choose(1), .choose(1), .choose(2), .text("Baches"), .next, .choose(2), .choose(3))
        guard case .takePart(.receipt(let folio)) = flow.step else { Issue.record("no receipt"); return }
        try give(flow, .next, .choose(1), .choose(2))
        #expect(flow.step == .folio(.entry))
        // A typo: one character changed breaks the check character.
        var typo = Array(folio)
        typo[0] = typo[0] == "A" ? "B" : "A"
        try give(flow, .text(String(typo)))
        let error = cabildoError { try flow.handle(.next) }
        #expect(error?.field == "folio")
        #expect(flow.errors["folio"] == Message("This folio is not valid: a character may be mistyped. Please check it against your receipt."))
        #expect(flow.step == .folio(.entry))
        try give(flow, .text("???"))
        #expect(cabildoError { try flow.handle(.next) }?.field == "folio")
        // The folio as written on the receipt, with its dash and in lower case.
        try give(flow, .text(Folio.display(folio).lowercased()), .next)
        #expect(flow.step == .folio(.result))
        #expect(flow.view.lines.first == "Folio: " + Folio.display(folio))
        #expect(flow.view.lines.contains("Consulta: Movilidad"))
    }

    @Test func contactingAMechanismSendsTheMessage() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(1), .choose(3))
        #expect(flow.step == .contact(.mechanisms))
        let names = flow.view.options
        #expect(names.contains { $0.hasPrefix("Cabildo Abierto") })
        try give(flow, .choose(1))
        #expect(flow.step == .contact(.message))
        #expect(cabildoError { try flow.handle(.next) }?.field == "message")   // a message is required
        try give(flow, .text("Quiero participar"), .next, .choose(1),
                 .values(FormValues(["contactEmail": "vecina@example.org"])), .next)
        #expect(flow.step == .contact(.sent))
        let mechanism = try world.database.mechanisms(limit: 1_000)[0]
        let requests = try world.database.contactRequests(of: mechanism.id!, for: world.admin)
        #expect(requests.map(\.message) == ["Quiero participar"])
        #expect(requests.first?.contactEmail == "vecina@example.org")
        #expect(requests.first?.place == "Palacio Municipal")
    }

    @Test func aMessageGetsAFolioWhoseAnswerAnyKioskReads() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(1), .choose(3), .choose(1), .text("¿Cuándo es la próxima sesión?"), .next, .choose(2))
        #expect(flow.step == .contact(.sent))
        let mechanism = try world.database.mechanisms(limit: 1_000)[0]
        let request = try #require(try world.database.contactRequests(of: mechanism.id!, for: world.admin).first)
        let folio = try #require(request.folio)
        #expect(flow.view.lines.contains(Folio.display(folio)))
        _ = try world.database.answerContactRequest(request.id!, answer: "El 5 de diciembre a las 10.", by: world.admin)

        // Another kiosk, another citizen: the folio as written on the receipt.
        let other = world.kioskFlow()
        try give(other, .choose(1), .choose(2), .text(Folio.display(folio)), .next)
        #expect(other.step == .folio(.result))
        #expect(other.view.lines.contains("Mensaje a: " + mechanism.name))
        #expect(other.view.lines.contains("Respuesta: El 5 de diciembre a las 10."))
    }

    @Test func theIdleWipeLeavesNothingOfTheLastCitizen() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        try give(flow, .choose(2), .choose(1), .choose(1), .choose(1), .text("Mi calle"), .next, .choose(1),
                 .values(FormValues(["contactName": "Ana"])))
        #expect(flow.session.localizer.language == "en")
        let policy = flow.idle
        #expect(policy.decide(idle: 10, nothingToLose: false) == .wait(80))
        #expect(policy.decide(idle: 95, nothingToLose: false) == .warn(secondsLeft: 10))
        #expect(policy.decide(idle: 500, nothingToLose: true) == .wait(90))
        #expect(policy.decide(idle: 105, nothingToLose: false) == .wipe)
        flow.wipe()
        #expect(flow.step == .language)
        #expect(flow.errand == nil && flow.staff == nil)
        #expect(flow.session.localizer.language == "es")
        #expect(!flow.view.options.joined().contains("Mi calle"))
        // Taking part again starts empty.
        try give(flow, .choose(1), .choose(1), .choose(1), .choose(1))
        guard case .takePart(let next)? = flow.errand else { Issue.record("not taking part"); return }
        #expect(next.answers.isEmpty && next.consent.contact == FormValues())
    }

    @Test func paperEntryIsTheSameFlowWithTheChannelPresetAndNoConsentPage() throws {
        let world = try FlowWorld()
        let official = AppSession(database: world.database, account: try world.database.signInOfficial(
            username: "admin", password: "clave-de-admin-1", at: "tests"), localizer: world.spanish, terminal: "tests")
        let flow = try TakePartFlow(session: official, station: Station(place: "Mesa de trabajo",
                                                                        jurisdictionId: world.tlalnepantla,
                                                                        channel: .paper),
                                    asksConsent: false, consultation: world.consultation)
        #expect(flow.step == .question(0))
        #expect(try flow.handle(.text("Alumbrado")) == .stay)
        _ = try flow.handle(.next)
        _ = try flow.handle(.choose(1))
        #expect(flow.step == .review)
        #expect(!flow.view.options.contains("Mis datos de contacto"))
        _ = try flow.handle(.choose(3))   // Send
        guard case .receipt(let folio) = flow.step else { Issue.record("no receipt: \(flow.step)"); return }
        let stored = try world.submissions()
        #expect(stored.map(\.folio) == [folio])
        #expect(stored.first?.channel == .paper && stored.first?.place == "Mesa de trabajo")
        #expect(stored.first?.contactName == nil && stored.first?.privacyNoticeVersion == nil)
        // Back from the first question leaves the entry: there is no notice to go back to.
        let again = try TakePartFlow(session: official, station: flow.station, asksConsent: false,
                                     consultation: world.consultation)
        #expect(try again.handle(.back) == .left)
    }

    @Test func onlyAnAdministratorLeavesTheKiosk() throws {
        let world = try FlowWorld()
        let flow = world.kioskFlow()
        flow.openStaff()
        #expect(flow.step == .staff)
        try give(flow, .values(FormValues(["username": "kiosco1", "password": "clave-del-kiosco"])))
        #expect(cabildoError { try flow.handle(.next) } == .signInFailed)
        #expect(!flow.leaving)
        try give(flow, .back)
        #expect(flow.step == .language)
        flow.openStaff()
        #expect(try give(flow, .values(FormValues(["username": "admin", "password": "clave-de-admin-1"])), .next)
                == .finished)
        #expect(flow.leaving)
    }
}
