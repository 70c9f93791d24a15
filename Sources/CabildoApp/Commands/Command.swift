/// Every command of the officials' application. The raw value is the name a
/// bindings file uses (`bind mechanisms n new`), so it never changes.
public enum Command: String, CaseIterable, Sendable {
    case open, new, edit
    case followUp = "followup"
    case member, end, session, activity, news, reopen, link, cocreation, complete, publish, reject, respond
    case filter, assess, update, tally, jornadas, history, audit, search
    /// The loop back to the citizen: messages answered or closed, the notices
    /// outbox, and data-rights (ARCO) requests.
    case answer, close, outbox, delivered
    case dataRights = "datarights"
    case access, rectify, cancel, oppose, extend
    case searchDone = "search.done"
    case save, submit, back
    case pane1 = "pane.1", pane2 = "pane.2", pane3 = "pane.3"
    case help
    case helpTyping = "help.typing"
    case quit, field
    /// Moving through a list: a row, a page, to either end.
    case move, page, ends
    /// The whole text of what is cut on screen: the selected row, a help entry, a field, a message.
    case readWhole = "read"
}

/// Where a command applies: each screen has its own, so a key is only
/// offered where it does something. The raw value is the bindings file's name.
public enum Context: String, CaseIterable, Sendable {
    case global
    case mechanisms, mechanism, commitments, commitment, consultations, submissions, submission
    case search, form, help
    case signIn = "signin"
    case report
    case outbox
    case dataRights = "datarights"

    /// The screens that show a list and can change pane.
    public static let lists: Set<Context> = [.mechanisms, .mechanism, .commitments, .commitment, .consultations,
                                             .submissions, .submission, .report, .outbox, .dataRights]
}
