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

    public static let table: [CommandSpec] = [
        CommandSpec("open", keys: [.enter], label: Message("Open"), help: Message("Show the selected record in full"),
                    contexts: [mechanisms, commitments, consultations, submissions]),
        CommandSpec("new", keys: [.character("n")], label: Message("New"),
                    help: Message("Create a record of the kind listed here"),
                    contexts: [mechanisms, commitments, commitment, consultations, submissions]),
        CommandSpec("edit", keys: [.character("e")], label: Message("Edit"), help: Message("Change this record"),
                    contexts: [mechanism, commitment]),
        CommandSpec("followup", keys: [.character("u")], label: Message("Follow up"),
                    help: Message("Follow up the selected agreement: a note and its new status"), contexts: [mechanism]),
        CommandSpec("member", keys: [.character("m")], label: Message("Add member"),
                    help: Message("Add a person or an organisation as a member"), contexts: [mechanism]),
        CommandSpec("end", keys: [.character("x")], label: Message("End membership"),
                    help: Message("End the selected membership; it stays in the history"), contexts: [mechanism]),
        CommandSpec("session", keys: [.character("s")], label: Message("Record session"),
                    help: Message("Record a session with its agenda and the agreements taken"), contexts: [mechanism]),
        CommandSpec("activity", keys: [.character("a")], label: Message("Add activity"),
                    help: Message("Record an activity of this mechanism: a date, a title, a description"),
                    contexts: [mechanism]),
        CommandSpec("news", keys: [.character("p")], label: Message("Publish news"),
                    help: Message("Publish a news item of this mechanism"), contexts: [mechanism]),
        CommandSpec("reopen", keys: [.character("o")], label: Message("Reopen"),
                    help: Message("Reopen the selected milestone, if it was marked complete by mistake"),
                    contexts: [commitment]),
        CommandSpec("link", keys: [.character("l")], label: Message("Link to commitment"),
                    help: Message("Link the selected submission to a commitment of the action plan, or unlink it"),
                    contexts: [submissions, submission]),
        CommandSpec("cocreation", keys: [.character("k")], label: Message("Co-creation meeting"),
                    help: Message("Record a meeting of a co-creation space and the organisations that took part"),
                    contexts: [commitments]),
        CommandSpec("complete", keys: [.character("c")], label: Message("Complete"),
                    help: Message("Mark the selected milestone as complete today"), contexts: [commitment]),
        CommandSpec("publish", keys: [.character("p")], label: Message("Publish"),
                    help: Message("Publish the selected submission"), contexts: [submissions, submission]),
        CommandSpec("reject", keys: [.character("r")], label: Message("Reject"),
                    help: Message("Reject the selected submission, giving the reason"), contexts: [submissions, submission]),
        CommandSpec("respond", keys: [.character("w")], label: Message("Respond"),
                    help: Message("Write the reasoned public response to the selected submission"),
                    contexts: [submissions, submission]),
        CommandSpec("filter", keys: [.character("f")], label: Message("Filter"),
                    help: Message("Show only the records that match what you choose"), contexts: [mechanisms, submissions]),
        CommandSpec("assess", keys: [.character("a")], label: Message("Assess"),
                    help: Message("Record the monitoring body's assessment on the IRM scales"), contexts: [commitment]),
        CommandSpec("update", keys: [.character("u")], label: Message("Report progress"),
                    help: Message("Report progress with its evidence (links or documents)"), contexts: [commitment]),
        CommandSpec("tally", keys: [.character("t")], label: Message("Tallies"),
                    help: Message("Count submissions by theme, channel, municipality and status"),
                    contexts: [consultations, submissions]),
        CommandSpec("history", keys: [.character("h")], label: Message("History"),
                    help: Message("Who changed this record, and when (administrators)"),
                    contexts: [mechanism, commitment]),
        CommandSpec("audit", keys: [.function(9)], label: Message("Audit trail"),
                    help: Message("Every change, newest first (administrators)"),
                    contexts: [mechanisms, commitments, consultations]),
        CommandSpec("search", keys: [.character("/")], label: Message("Search"),
                    help: Message("Search by words; accents and capitals do not matter"), contexts: [mechanisms]),
        CommandSpec("search.done", keys: [.enter], label: Message("Go to results"),
                    help: Message("Leave the search field and move through the results"), contexts: [search]),
        CommandSpec("save", keys: [.control("s"), .function(2)], label: Message("Save"),
                    help: Message("Save the form"), contexts: [form]),
        // A one-purpose form (sign in, unlock, first administrator) submits on
        // Enter, as every sign-in does; Enter on an earlier field moves on.
        CommandSpec("submit", keys: [.enter, .control("s"), .function(2)], label: Message("Sign in"),
                    help: Message("Enter on the last field signs in; on another field it goes to the next"),
                    contexts: [signIn]),
        CommandSpec("back", keys: [.escape], label: Message("Back"),
                    help: Message("Go back; a form with changes asks first"),
                    contexts: [search, mechanism, commitment, submissions, submission, form, help, report]),
        CommandSpec("pane.1", keys: [.character("1")], label: Message("Mechanisms"),
                    help: Message("Go to the participation mechanisms"), contexts: lists, hinted: false),
        CommandSpec("pane.2", keys: [.character("2")], label: Message("Commitments"),
                    help: Message("Go to the action plans' commitments"), contexts: lists, hinted: false),
        CommandSpec("pane.3", keys: [.character("3")], label: Message("Consultations"),
                    help: Message("Go to the consultations and their submissions"), contexts: lists, hinted: false),
        CommandSpec("help", keys: [.character("?"), .function(1)], label: Message("Help"),
                    help: Message("Show every key of this screen"), contexts: lists),
        CommandSpec("help.typing", keys: [.function(1)], label: Message("Help"),
                    help: Message("Show every key of this screen"), contexts: [search, form]),
        CommandSpec("quit", keys: [.character("q")], label: Message("Quit"), help: Message("Leave Cabildo"),
                    contexts: lists.union([help])),
        CommandSpec("move", keys: [.up, .down, .pageUp, .pageDown, .home, .end], label: Message("Move"),
                    help: Message("Move through the list, a page at a time, or to the first or last row"),
                    contexts: lists.union([help]), hinted: false),
        CommandSpec("field", keys: [.tab, .backTab], label: Message("Next field"),
                    help: Message("Tab and Shift-Tab move between fields"), contexts: [form, signIn], hinted: false),
    ]

    /// The sign-in, first-run and lock forms: a keys file cannot change them,
    /// so it cannot open or break the lock.
    public static let fixed: Set<String> = [signIn]

    /// The keymap, with the user's bindings file (`$XDG_CONFIG_HOME/cabildo/keys`) if there is one.
    public static func keymap(bindingsFile: (text: String, name: String)? = nil) throws -> Keymap {
        try Keymap(commands: table, fixedContexts: fixed, bindingsFile: bindingsFile)
    }
}
