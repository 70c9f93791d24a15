import CabildoText
import TerminalKit

/// Every command of the officials' application, declared once: bindings,
/// bottom hints and the help screen all come from here.
public enum AppCommands {
    public static let list = "list", search = "search", detail = "detail", help = "help"

    public static let table: [CommandSpec] = [
        CommandSpec("open", keys: [.enter], label: Message("Open"), help: Message("Show the selected record in full"),
                    contexts: [list]),
        CommandSpec("search", keys: [.character("/")], label: Message("Search"),
                    help: Message("Search by words; accents and capitals do not matter"), contexts: [list]),
        CommandSpec("search.done", keys: [.enter], label: Message("Go to results"),
                    help: Message("Leave the search field and move through the results"), contexts: [search]),
        CommandSpec("back", keys: [.escape], label: Message("Back"),
                    help: Message("Go back; in the search field, clear the search"), contexts: [search, detail, help]),
        CommandSpec("help", keys: [.character("?"), .function(1)], label: Message("Help"),
                    help: Message("Show every key of this screen"), contexts: [list, detail]),
        CommandSpec("help.search", keys: [.function(1)], label: Message("Help"),
                    help: Message("Show every key of this screen"), contexts: [search]),
        CommandSpec("quit", keys: [.character("q")], label: Message("Quit"), help: Message("Leave Cabildo"),
                    contexts: [list, detail, help]),
        CommandSpec("move", keys: [.up, .down, .pageUp, .pageDown, .home, .end], label: Message("Move"),
                    help: Message("Move through the list, a page at a time, or to the first or last row"),
                    contexts: [list, help], hinted: false),
    ]

    /// The keymap, with the user's bindings file (`$XDG_CONFIG_HOME/cabildo/keys`) if there is one.
    public static func keymap(bindingsFile: (text: String, name: String)? = nil) throws -> Keymap {
        try Keymap(commands: table, bindingsFile: bindingsFile)
    }
}
