import CabildoCore
import CabildoText

/// What stands before the panes: creating the first administrator, signing
/// in, and unlocking after 15 minutes idle. Each submits on Enter; a
/// successful sign-in leaves the account on the session.
@MainActor
public enum SignInForms {
    public static let repeatPassword: FieldKey = "repeat"

    public static func firstRun() -> FormSpec {
        FormSpec(title: Message("Welcome. Create the administrator's account."),
                 fields: [FieldSpec(Fields.username), FieldSpec(Fields.displayName),
                          FieldSpec(Fields.password, secret: true),
                          FieldSpec(repeatPassword, Message("Password again"), .secret(maxLength: 200), required: true)],
                 context: .signIn) { values, session in
            guard values[Fields.password.key] == values[repeatPassword] else {
                throw CabildoError(.validation, Message("The two passwords differ."), field: repeatPassword)
            }
            _ = try session.database.createFirstAdministrator(username: values["username"] ?? "",
                                                              displayName: values["displayName"] ?? "",
                                                              password: values[Fields.password.key] ?? "")
            return Message("The administrator's account is ready. Sign in with it.")
        }
    }

    public static func signIn() -> FormSpec {
        FormSpec(title: Message("Sign in to Cabildo"),
                 fields: [FieldSpec(Fields.username), FieldSpec(Fields.password, secret: true)],
                 context: .signIn) { values, session in
            let account = try session.database.signInOfficial(username: values["username"] ?? "",
                                                              password: values[Fields.password.key] ?? "",
                                                              at: session.terminal)
            session.account = account
            return Message("Signed in as {name} ({role}).", ["name": .text(account.username),
                                                             "role": .message(account.role.label)])
        }
    }

    public static func unlock(username: String) -> FormSpec {
        FormSpec(title: Message("Locked after 15 minutes idle. {name}, type your password.", ["name": .text(username)]),
                 fields: [FieldSpec(Fields.password, secret: true)], context: .signIn) { values, session in
            _ = try session.database.signInOfficial(username: username, password: values[Fields.password.key] ?? "",
                                                    at: session.terminal)
            return Message("Unlocked.")
        }
    }
}
