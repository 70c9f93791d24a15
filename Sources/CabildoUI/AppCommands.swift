import CabildoApp
import CabildoText
import TerminalKit

/// Every command of the officials' application, declared once: bindings,
/// bottom hints and the help screen all come from here. Each screen has its
/// own context, so a key is only offered where it does something.
public enum AppCommands {
    public static let mechanisms = "mechanisms", mechanism = "mechanism", commitments = "commitments"
    public static let commitment = "commitment", consultations = "consultations", submissions = "submissions"
    public static let submission = "submission"
    public static let search = "search", form = "form", help = "help", signIn = "signin", report = "report"

    static let lists: Set<String> = [mechanisms, mechanism, commitments, commitment, consultations, submissions, submission,
                                     report]

    /// CabildoApp's command table, in TerminalKit's terms: the one table,
    /// keyed by the commands' and contexts' names.
    public static let table: [CommandSpec] = CommandTable.entries.map { entry in
        CommandSpec(entry.command.rawValue, keys: entry.keys.map { Key(name: $0)! }, label: entry.label,
                    help: entry.help, contexts: Set(entry.contexts.map(\.rawValue)), hinted: entry.hinted)
    }

    /// The sign-in, first-run and lock forms: a keys file cannot change them,
    /// so it cannot open or break the lock.
    public static let fixed: Set<String> = [signIn]

    /// The keymap, with the user's bindings file (`$XDG_CONFIG_HOME/cabildo/keys`) if there is one.
    public static func keymap(bindingsFile: (text: String, name: String)? = nil) throws -> Keymap {
        try Keymap(commands: table, fixedContexts: fixed, bindingsFile: bindingsFile)
    }
}
