import CabildoApp
import CabildoText
import TerminalKit

/// The kiosk's commands, in the same one-table form as the officials' app.
public enum KioskCommands {
    static func spec(_ command: KioskCommand, keys: [Key], label: Message, help: Message,
                     contexts: [KioskContext], hinted: Bool = true) -> CommandSpec {
        CommandSpec(command.rawValue, keys: keys, label: label, help: help, contexts: Set(contexts.map(\.rawValue)),
                    hinted: hinted)
    }

    public static let table: [CommandSpec] = [
        spec(.continue, keys: [.enter], label: Message("Continue"), help: Message("Go on to the next step"),
             contexts: [.choose, .text, .read]),
        spec(.submit, keys: [.enter], label: Message("Sign in"),
             help: Message("Enter on the last field signs in; on another field it goes to the next"),
             contexts: [.staff]),
        spec(.back, keys: [.escape], label: Message("Back"), help: Message("Go back one step"),
             contexts: [.choose, .text, .read, .staff]),
        spec(.staff, keys: [.function(10)], label: Message("Staff"),
             help: Message("Leave kiosk mode (an administrator's name and password are asked)"),
             contexts: [.choose, .read], hinted: false),
    ]

    /// Only a kiosk that speaks has a key to say the step again, named among the hints.
    static let repeatSpec = spec(.repeat, keys: [.function(5)], label: Message("Repeat"),
                                 help: Message("Say this step again"), contexts: KioskContext.allCases)

    public static func keymap(speaking: Bool = false) throws -> Keymap {
        try Keymap(commands: table + (speaking ? [repeatSpec] : []))
    }

    /// The kiosk command a key gives in a context, if any.
    static func command(for key: Key, in context: KioskContext, of keymap: Keymap) -> KioskCommand? {
        keymap.command(for: key, in: context.rawValue).flatMap(KioskCommand.init(rawValue:))
    }
}
