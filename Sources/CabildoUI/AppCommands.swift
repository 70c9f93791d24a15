import CabildoApp
import CabildoText
import TerminalKit

/// CabildoApp's one command table in TerminalKit's terms: bindings, bottom
/// hints and the help screen all come from it. Each screen has its own
/// context, so a key is only offered where it does something.
public enum AppCommands {
    public static let table: [CommandSpec] = CommandTable.entries.map { entry in
        CommandSpec(entry.command.rawValue, keys: entry.keys.map { Key(name: $0)! }, label: entry.label,
                    help: entry.help, contexts: Set(entry.contexts.map(\.rawValue)), hinted: entry.hinted)
    }

    /// The keymap, with the user's bindings file (`$XDG_CONFIG_HOME/cabildo/keys`) if there is one; the
    /// file may name only the application's contexts.
    public static func keymap(bindingsFile: (text: String, name: String)? = nil) throws -> Keymap {
        try Keymap(commands: table, contexts: Set(Context.allCases.map(\.rawValue)),
                   fixedContexts: Set(CommandTable.fixed.map(\.rawValue)), bindingsFile: bindingsFile)
    }
}
