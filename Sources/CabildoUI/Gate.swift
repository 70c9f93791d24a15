import CabildoApp
import CabildoCore
import CabildoText
import TerminalKit

/// What stands before the panes: creating the first administrator, signing
/// in, and unlocking after 15 minutes idle. The forms are CabildoApp's; what
/// follows each is the officials' app's.
@MainActor
enum Gate {
    static func firstRun(_ session: AppSession) -> FormScreen {
        FormScreen(SignInForms.firstRun(), session: session) { app in app.gate = [signIn(app.session)] }
    }

    static func signIn(_ session: AppSession) -> FormScreen {
        FormScreen(SignInForms.signIn(), session: session) { app in
            guard let account = app.session.account else { return }
            try app.signedIn(account)
        }
    }

    static func unlock(username: String, _ session: AppSession) -> FormScreen {
        FormScreen(SignInForms.unlock(username: username), session: session) { app in app.gate = [] }
    }
}
