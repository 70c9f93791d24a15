import CabildoCore
import CabildoText
import TerminalKit

/// What stands before the panes: creating the first administrator, signing
/// in, and unlocking after 15 minutes idle.
@MainActor
enum Gate {
    static func firstRun() -> FormScreen {
        FormScreen(title: Message("Welcome. Create the administrator's account.").description,
                   fields: [FormField(Fields.username), FormField(Fields.displayName),
                            FormField(Fields.password, secret: true),
                            FormField(key: "repeat", label: Message("Password again").description,
                                      kind: .text(maxLength: 200), required: true, secret: true)],
                   context: AppCommands.signIn) { values, app in
            guard values["password"] == values["repeat"] else {
                throw CabildoError(.validation, Message("The two passwords differ."), field: "repeat")
            }
            _ = try app.database.createFirstAdministrator(username: values["username"] ?? "",
                                                          displayName: values["displayName"] ?? "",
                                                          password: values["password"] ?? "")
            app.gate = [signIn()]
            return Message("The administrator's account is ready. Sign in with it.")
        }
    }

    static func signIn() -> FormScreen {
        FormScreen(title: Message("Sign in to Cabildo").description,
                   fields: [FormField(Fields.username), FormField(Fields.password, secret: true)],
                   context: AppCommands.signIn) { values, app in
            let account = try app.database.signInOfficial(username: values["username"] ?? "",
                                                           password: values["password"] ?? "", at: app.terminal)
            try app.signedIn(account)
            return Message("Signed in as {name} ({role}).", ["name": .text(account.username),
                                                             "role": .message(account.role.label)])
        }
    }

    static func unlock(username: String) -> FormScreen {
        FormScreen(title: Message("Locked after 15 minutes idle. {name}, type your password.",
                                  ["name": .text(username)]).description,
                   fields: [FormField(Fields.password, secret: true)], context: AppCommands.signIn) { values, app in
            _ = try app.database.signInOfficial(username: username, password: values["password"] ?? "",
                                                at: app.terminal)
            app.gate = []
            return Message("Unlocked.")
        }
    }
}
