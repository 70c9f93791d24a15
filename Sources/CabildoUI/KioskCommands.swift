import CabildoText
import TerminalKit

/// The kiosk's commands, in the same one-table form as the officials' app.
public enum KioskCommands {
    public static let choose = "kiosk.choose", text = "kiosk.text", read = "kiosk.read", staff = "kiosk.staff"

    public static let table: [CommandSpec] = [
        CommandSpec("continue", keys: [.enter], label: Message("Continue"), help: Message("Go on to the next step"),
                    contexts: [choose, text, read]),
        CommandSpec("submit", keys: [.enter], label: Message("Sign in"),
                    help: Message("Enter on the last field signs in; on another field it goes to the next"),
                    contexts: [staff]),
        CommandSpec("back", keys: [.escape], label: Message("Back"), help: Message("Go back one step"),
                    contexts: [choose, text, read, staff]),
        CommandSpec("staff", keys: [.function(10)], label: Message("Staff"),
                    help: Message("Leave kiosk mode (an administrator's name and password are asked)"),
                    contexts: [choose, read], hinted: false),
    ]

    public static func keymap() throws -> Keymap { try Keymap(commands: table) }
}
