import CabildoCore
import CabildoText

/// A kiosk's whole journey for one citizen: the language, then what they
/// came for (take part, check a folio, contact a mechanism), and the staff's
/// way out. The citizen's language is this session's localizer, set per
/// citizen and reset by the wipe; nothing process-wide changes.
@MainActor
public final class KioskFlow {
    public enum Step: Sendable, Equatable {
        case language, menu
        case takePart(TakePartFlow.Step)
        case folio(FolioFlow.Step)
        case contact(ContactFlow.Step)
        /// Staff leaving kiosk mode, over whatever step was showing.
        case staff
    }

    /// What the citizen is doing past the menu; nil on the welcome and menu.
    public enum Errand {
        case takePart(TakePartFlow)
        case folio(FolioFlow)
        case contact(ContactFlow)
    }

    public let session: AppSession
    public let station: Station
    /// The languages offered, each by its own name; the first is the default.
    public let languages: [Localizer]
    public let idle: IdlePolicy
    let kioskAccount: String
    public private(set) var atMenu = false
    public private(set) var errand: Errand?
    public private(set) var staff: SignInFlow?
    /// Set once an administrator has signed out of kiosk mode.
    public private(set) var leaving = false

    public init(session: AppSession, station: Station, languages: [Localizer], idle: IdlePolicy = IdlePolicy()) {
        precondition(!languages.isEmpty, "a kiosk offers at least one language")
        self.session = session; self.station = station; self.languages = languages; self.idle = idle
        kioskAccount = session.account?.username ?? ""
        session.localizer = languages[0]
    }

    public var step: Step {
        if staff != nil { return .staff }
        switch errand {
        case .takePart(let flow): return .takePart(flow.step)
        case .folio(let flow): return .folio(flow.step)
        case .contact(let flow): return .contact(flow.step)
        case nil: return atMenu ? .menu : .language
        }
    }

    /// Each language by its own name, as a speaker looks for it.
    static let languageNames = ["es": "Español", "en": "English"]

    public func handle(_ input: FlowInput) throws -> FlowReply {
        if let staff {
            let reply = try staff.handle(input)
            if reply == .left { self.staff = nil }
            if reply == .finished { leaving = true }
            return reply
        }
        let reply: FlowReply
        switch errand {
        case .takePart(let flow): reply = try flow.handle(input)
        case .folio(let flow): reply = try flow.handle(input)
        case .contact(let flow): reply = try flow.handle(input)
        case nil: return try atMenu ? menu(input) : language(input)
        }
        switch reply {
        case .left: errand = nil
        case .finished: wipe()
        case .stay, .say: break
        }
        return reply
    }

    func language(_ input: FlowInput) -> FlowReply {
        guard case .choose(let n) = input, languages.indices.contains(n - 1) else { return .stay }
        session.localizer = languages[n - 1]
        atMenu = true
        return .stay
    }

    func menu(_ input: FlowInput) throws -> FlowReply {
        switch input {
        case .back: atMenu = false
        case .choose(1):
            let flow = try TakePartFlow(session: session, station: station)
            guard flow.hasOpenConsultations else { return .say(Message("There is no open consultation right now.")) }
            errand = .takePart(flow)
        case .choose(2): errand = .folio(FolioFlow(session: session))
        case .choose(3): errand = .contact(try ContactFlow(session: session, station: station))
        default: break
        }
        return .stay
    }

    /// Staff asked to leave kiosk mode (F10): their sign-in shows over the current step.
    public func openStaff() {
        staff = SignInFlow(session: session, purpose: .leaveKiosk(account: kioskAccount, place: station.place))
    }

    /// Forgets everything the citizen entered and returns to the welcome, in the default language.
    public func wipe() {
        errand = nil
        staff = nil
        atMenu = false
        session.localizer = languages[0]
    }

    /// What the flow holds for the step's one field (an answer, a folio, a
    /// message): every front end starts its editor from it.
    public var currentText: String {
        switch errand {
        case .takePart(let flow):
            guard case .question(let i) = flow.step else { return "" }
            return flow.answers[flow.questions[i].id!] ?? ""
        case .folio(let flow): return flow.typed
        case .contact(let flow): return flow.message
        case nil: return ""
        }
    }

    /// What the flow holds for the step's fields (the contact data given so
    /// far, the staff's name): every front end starts its fields from it.
    public var currentValues: FormValues {
        if let staff { return staff.values }
        switch errand {
        case .takePart(let flow) where flow.step == .contact: return flow.consent.contact
        case .contact(let flow) where flow.step == .contact: return flow.consent.contact
        default: return FormValues()
        }
    }

    /// Errors beside the current step's fields.
    public var errors: [FieldKey: Message] {
        switch errand {
        case .takePart(let flow): flow.consentErrors.merging(flow.errors) { $1 }
        case .folio(let flow): flow.errors
        case .contact(let flow): flow.consent.errors.merging(flow.errors) { $1 }
        case nil: [:]
        }
    }

    public var view: FlowView {
        if let staff { return staff.view }
        switch errand {
        case .takePart(let flow): return flow.view
        case .folio(let flow): return flow.view
        case .contact(let flow): return flow.view
        case nil: break
        }
        if atMenu {
            return FlowView(heading: session.text(Message("What would you like to do?")),
                            options: [session.text(Message("Take part in a consultation")),
                                      session.text(Message("Check my folio")),
                                      session.text(Message("Contact a participation mechanism"))],
                            instruction: session.text(Message("Press the number of your choice.")))
        }
        // Before a language is chosen, both speak at once.
        return FlowView(heading: "Bienvenida · Welcome",
                        options: languages.map { Self.languageNames[$0.language] ?? $0.language },
                        instruction: "Elija su idioma con el número · Choose your language by its number")
    }
}
