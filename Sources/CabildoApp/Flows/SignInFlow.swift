import CabildoCore
import CabildoText

/// Signing in at a kiosk. A kiosk starts on its own kiosk account
/// (`AppDatabase.startKiosk`, from its password file); leaving it asks an
/// administrator's name and password, which Core checks: no other role may.
@MainActor
public final class SignInFlow {
    public enum Purpose: Sendable, Equatable {
        /// Leaving the kiosk that runs on this account at this place.
        case leaveKiosk(account: String, place: String)
    }

    let session: AppSession
    public let purpose: Purpose
    public private(set) var values = FormValues()
    /// Who signed in, once Core accepted them.
    public private(set) var signedIn: Account?

    public static let fields = [FieldSpec(Fields.username), FieldSpec(Fields.password, secret: true)]

    public init(session: AppSession, purpose: Purpose) { self.session = session; self.purpose = purpose }

    public func handle(_ input: FlowInput) throws -> FlowReply {
        switch input {
        case .back: return .left
        case .values(let typed): values = typed
        case .next:
            switch purpose {
            case .leaveKiosk(let account, let place):
                signedIn = try session.database.leaveKiosk(username: values[Fields.username.key] ?? "",
                                                           password: values[Fields.password.key] ?? "",
                                                           kioskAccount: account, place: place)
            }
            return .finished
        default: break
        }
        return .stay
    }

    public var view: FlowView {
        FlowView(heading: session.text(Message("Leave kiosk mode")), fields: Self.fields,
                 instruction: session.text(Message("An administrator's name and password. Esc returns to the kiosk.")))
    }
}
