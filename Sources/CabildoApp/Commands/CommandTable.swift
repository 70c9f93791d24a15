import CabildoText

/// One command, declared once: its default keys, its label in the hints, its
/// help line and where it applies (tig's REQ_INFO, newsboat's opdescs).
public struct CommandEntry: Sendable {
    public let command: Command
    /// Keys as a bindings file writes them ("n", "Enter", "C-s", "F2"); each
    /// front end turns them into its own keys.
    public let keys: [String]
    public let label: Message
    public let help: Message
    public let contexts: Set<Context>
    /// Shown in the key hints of its contexts.
    public let hinted: Bool

    init(_ command: Command, keys: [String], label: Message, help: Message, contexts: Set<Context>,
         hinted: Bool = true) {
        self.command = command; self.keys = keys; self.label = label; self.help = help; self.contexts = contexts
        self.hinted = hinted
    }
}

/// The one command table of the officials' application: bindings, key hints
/// and the help screen all come from here.
public enum CommandTable {
    public static let entries: [CommandEntry] = [
        CommandEntry(.open, keys: ["Enter"], label: Message("Open"), help: Message("Show the selected record in full"),
                     contexts: [.mechanisms, .commitments, .consultations, .submissions]),
        CommandEntry(.new, keys: ["n"], label: Message("New"),
                     help: Message("Create a record of the kind listed here"),
                     contexts: [.mechanisms, .commitments, .commitment, .consultations, .submissions, .dataRights]),
        CommandEntry(.edit, keys: ["e"], label: Message("Edit"), help: Message("Change this record"),
                     contexts: [.mechanism, .commitment, .consultations, .submissions]),
        CommandEntry(.followUp, keys: ["u"], label: Message("Follow up"),
                     help: Message("Follow up the selected agreement: a note and its new status"), contexts: [.mechanism]),
        CommandEntry(.member, keys: ["m"], label: Message("Add member"),
                     help: Message("Add a person or an organisation as a member"), contexts: [.mechanism]),
        CommandEntry(.end, keys: ["x"], label: Message("End membership"),
                     help: Message("End the selected membership; it stays in the history"), contexts: [.mechanism]),
        CommandEntry(.session, keys: ["s"], label: Message("Record session"),
                     help: Message("Record a session with its agenda and the agreements taken"), contexts: [.mechanism]),
        CommandEntry(.activity, keys: ["a"], label: Message("Add activity"),
                     help: Message("Record an activity of this mechanism: a date, a title, a description"),
                     contexts: [.mechanism]),
        CommandEntry(.news, keys: ["p"], label: Message("Publish news"),
                     help: Message("Publish a news item of this mechanism"), contexts: [.mechanism]),
        CommandEntry(.reopen, keys: ["o"], label: Message("Reopen"),
                     help: Message("Reopen the selected milestone, if it was marked complete by mistake"),
                     contexts: [.commitment]),
        CommandEntry(.link, keys: ["l"], label: Message("Link to commitment"),
                     help: Message("Link the selected submission to a commitment of the action plan, or unlink it"),
                     contexts: [.submissions, .submission]),
        CommandEntry(.cocreation, keys: ["k"], label: Message("Co-creation meeting"),
                     help: Message("Record a meeting of a co-creation space and the organisations that took part"),
                     contexts: [.commitments]),
        CommandEntry(.complete, keys: ["c"], label: Message("Complete"),
                     help: Message("Mark the selected milestone as complete today"), contexts: [.commitment]),
        CommandEntry(.publish, keys: ["p"], label: Message("Publish"),
                     help: Message("Publish the selected submission"), contexts: [.submissions, .submission]),
        CommandEntry(.reject, keys: ["r"], label: Message("Reject"),
                     help: Message("Reject the selected submission, giving the reason"),
                     contexts: [.submissions, .submission]),
        CommandEntry(.respond, keys: ["w"], label: Message("Respond"),
                     help: Message("Write the reasoned public response to the selected submission"),
                     contexts: [.submissions, .submission]),
        CommandEntry(.filter, keys: ["f"], label: Message("Filter"),
                     help: Message("Show only the records that match what you choose"),
                     contexts: [.mechanisms, .submissions, .outbox]),
        CommandEntry(.assess, keys: ["a"], label: Message("Assess"),
                     help: Message("Record the monitoring body's assessment on the IRM scales"), contexts: [.commitment]),
        CommandEntry(.update, keys: ["u"], label: Message("Report progress"),
                     help: Message("Report progress with its evidence (links or documents)"), contexts: [.commitment]),
        CommandEntry(.tally, keys: ["t"], label: Message("Tallies"),
                     help: Message("Count submissions by theme, channel, municipality and status"),
                     contexts: [.consultations, .submissions]),
        CommandEntry(.jornadas, keys: ["j"], label: Message("Jornadas"),
                     help: Message("The caravans' jornadas: where, who, what each took, when merged"),
                     contexts: [.consultations]),
        CommandEntry(.history, keys: ["h"], label: Message("History"),
                     help: Message("Who changed this record, and when (administrators)"),
                     contexts: [.mechanism, .commitment]),
        CommandEntry(.audit, keys: ["F9"], label: Message("Audit trail"),
                     help: Message("Every change, newest first (administrators)"),
                     contexts: [.mechanisms, .commitments, .consultations]),
        CommandEntry(.answer, keys: ["w"], label: Message("Reply"),
                     help: Message("Answer the selected citizen's message; the citizen reads it with the folio"),
                     contexts: [.mechanism]),
        CommandEntry(.close, keys: ["c"], label: Message("Close"),
                     help: Message("Close the selected citizen's message or data-rights request, saying why"),
                     contexts: [.mechanism, .dataRights]),
        CommandEntry(.outbox, keys: ["o"], label: Message("Notices"),
                     help: Message("Notices to citizens: waiting, sent by e-mail or delivered by hand"),
                     contexts: [.consultations]),
        CommandEntry(.delivered, keys: ["d"], label: Message("Delivered by hand"),
                     help: Message("Mark the selected notice as delivered by hand (a telephone call, in person)"),
                     contexts: [.outbox]),
        CommandEntry(.dataRights, keys: ["d"], label: Message("Data rights"),
                     help: Message("Data-rights (ARCO) requests by their deadline (administrators)"),
                     contexts: [.consultations]),
        CommandEntry(.access, keys: ["a"], label: Message("Give a copy"),
                     help: Message("Write a copy of the person's data to a file (access or portability)"),
                     contexts: [.dataRights]),
        CommandEntry(.rectify, keys: ["r"], label: Message("Rectify"),
                     help: Message("Correct the contact data of a folio of the selected request"), contexts: [.dataRights]),
        CommandEntry(.cancel, keys: ["x"], label: Message("Cancel data"),
                     help: Message("Erase the contact data of the request's folios; the submissions and responses stay"),
                     contexts: [.dataRights]),
        CommandEntry(.oppose, keys: ["o"], label: Message("Oppose"),
                     help: Message("No more notices for the request's folios"), contexts: [.dataRights]),
        CommandEntry(.extend, keys: ["e"], label: Message("Extend"),
                     help: Message("Extend the request's deadline once, as the law allows"), contexts: [.dataRights]),
        CommandEntry(.search, keys: ["/"], label: Message("Search"),
                     help: Message("Search by words; accents and capitals do not matter"), contexts: [.mechanisms]),
        CommandEntry(.searchDone, keys: ["Enter"], label: Message("Go to results"),
                     help: Message("Leave the search field and move through the results"), contexts: [.search]),
        CommandEntry(.save, keys: ["C-s", "F2"], label: Message("Save"),
                     help: Message("Save the form"), contexts: [.form]),
        // A one-purpose form (sign in, unlock, first administrator) submits on
        // Enter, as every sign-in does; Enter on an earlier field moves on.
        CommandEntry(.submit, keys: ["Enter", "C-s", "F2"], label: Message("Sign in"),
                     help: Message("Enter on the last field signs in; on another field it goes to the next"),
                     contexts: [.signIn]),
        CommandEntry(.back, keys: ["Esc"], label: Message("Back"),
                     help: Message("Go back; a form with changes asks first"),
                     contexts: [.search, .mechanism, .commitment, .submissions, .submission, .form, .help, .report,
                                .outbox, .dataRights]),
        CommandEntry(.pane1, keys: ["1"], label: Message("Mechanisms"),
                     help: Message("Go to the participation mechanisms"), contexts: Context.lists, hinted: false),
        CommandEntry(.pane2, keys: ["2"], label: Message("Commitments"),
                     help: Message("Go to the action plans' commitments"), contexts: Context.lists, hinted: false),
        CommandEntry(.pane3, keys: ["3"], label: Message("Consultations"),
                     help: Message("Go to the consultations and their submissions"), contexts: Context.lists,
                     hinted: false),
        CommandEntry(.help, keys: ["?", "F1"], label: Message("Help"),
                     help: Message("Show every key of this screen"), contexts: Context.lists),
        CommandEntry(.helpTyping, keys: ["F1"], label: Message("Help"),
                     help: Message("Show every key of this screen"), contexts: [.search, .form]),
        CommandEntry(.quit, keys: ["q"], label: Message("Quit"), help: Message("Leave Cabildo"),
                     contexts: Context.lists.union([.help])),
        // Three entries, not one of six keys: the help's key column is 14 cells.
        CommandEntry(.move, keys: ["Up", "Down"], label: Message("Move"),
                     help: Message("Move to the row above or below"),
                     contexts: Context.lists.union([.help]), hinted: false),
        CommandEntry(.page, keys: ["PgUp", "PgDn"], label: Message("Page through"),
                     help: Message("Move through the list a page at a time"),
                     contexts: Context.lists.union([.help]), hinted: false),
        CommandEntry(.ends, keys: ["Home", "End"], label: Message("First or last"),
                     help: Message("Go to the first or the last row"),
                     contexts: Context.lists.union([.help]), hinted: false),
        CommandEntry(.readWhole, keys: ["C-o", "F4"], label: Message("Read whole"),
                     help: Message("Show the whole text of the selected row, help entry, field or message, however long; any key closes it"),
                     contexts: Context.lists.union([.help, .form, .search])),
        CommandEntry(.field, keys: ["Tab", "S-Tab"], label: Message("Next field"),
                     help: Message("Tab and Shift-Tab move between fields"), contexts: [.form, .signIn], hinted: false),
    ]

    /// The sign-in, first-run and lock forms: a keys file cannot change them,
    /// so it cannot open or break the lock.
    public static let fixed: Set<Context> = [.signIn]

    /// Commands every screen serves itself, whatever the account or the row.
    public static let served: Set<Command> = [.back, .help, .helpTyping, .quit, .move, .page, .ends, .field, .save, .submit,
                                              .searchDone, .pane1, .pane2, .pane3, .readWhole]
}
