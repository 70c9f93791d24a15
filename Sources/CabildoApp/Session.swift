import CabildoCore
import CabildoText

/// One person's session at one front end: the database, who is signed in,
/// and the language their screens are rendered in. Every pane, form and
/// flow renders its text through this session's localizer, never a
/// process-wide one (a kiosk changes language per citizen).
@MainActor
public final class AppSession {
    public let database: AppDatabase
    public var account: Account?
    public var localizer: Localizer
    /// Where sign-ins come from, for counting failures (the terminal's device).
    public let terminal: String

    public init(database: AppDatabase, account: Account? = nil, localizer: Localizer = .current,
                terminal: String = SignInTerminal.current()) {
        self.database = database
        self.account = account
        self.localizer = localizer
        self.terminal = terminal
    }

    /// Before sign-in, no one: every intent refuses it.
    public var actor: Actor { account.map(Actor.init(account:)) ?? .nobody }

    public func text(_ message: Message) -> String { localizer.render(message) }
}
