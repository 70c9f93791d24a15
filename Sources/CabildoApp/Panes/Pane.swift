import CabildoCore
import CabildoText

/// What a row of a pane stands for, so that a command knows what it acts on.
public enum RowKind: Sendable, Hashable {
    /// A row of a list of records of one kind (mechanisms, commitments, …).
    case record
    case member, session, agreement, activity, news, contact
    case milestone, progressReport, assessment, linkedSubmission
    case answer, response, auditEntry, tally
    /// A line of text that stands for no record.
    case text

    /// Rows of running text (a submission's answers) flow onto as many lines
    /// as the width needs; a record's row is one line, cut at the width.
    public var flows: Bool { self == .text || self == .answer || self == .response }
}

/// A row of a pane, with what a command on it needs. The text is unwrapped:
/// each front end wraps it to its own width.
public struct PaneRow: Sendable, Hashable {
    public var text: String
    public var id: Int64?
    public var kind: RowKind
    /// Columns a flowing row is set in by (an answer under its question).
    public var indent: Int

    public init(text: String, id: Int64? = nil, kind: RowKind = .record, indent: Int = 0) {
        self.text = text; self.id = id; self.kind = kind; self.indent = indent
    }

    /// Whether two rows show the same record (rows without a record: the same text).
    public func isSameRecord(as other: PaneRow) -> Bool {
        id == nil ? other.id == nil && text == other.text : id == other.id && kind == other.kind
    }
}

/// Whether a command can run here, now: the one answer that drives dispatch,
/// the key hints and the help screen.
public enum Availability: Sendable, Equatable {
    case available
    /// The pane has the command, but this account may not use it.
    case notForThisAccount
    /// The command acts on a row, and the selected row is not one it acts on
    /// (or there is none).
    case needsSelection(Message)
    /// This pane has no such command.
    case notHere
}

/// What a command asks the front end to do next.
@MainActor
public enum Outcome {
    /// Nothing more (the pane may have read itself again).
    case stay
    /// Done: say this on the status line.
    case done(Message)
    /// Show another pane on top of this one.
    case open(any Pane)
    /// Show a form on top of this pane.
    case form(FormSpec)
}

/// What a pane shows, so that a change elsewhere reads it again only when it
/// touches it (see `ChangeNotice.touches`).
public struct Shows: Sendable {
    /// Tables any of whose changes can alter the pane.
    public var tables: Set<String>
    /// Of submissions and their responses, only those of this consultation…
    public var consultation: Int64?
    /// …or of this one submission.
    public var submission: Int64?
    /// False for a pane counted on demand: no change made elsewhere reads it again.
    public var followsChanges = true

    public init(tables: Set<String>, consultation: Int64? = nil, submission: Int64? = nil) {
        self.tables = tables; self.consultation = consultation; self.submission = submission
    }

    /// What a report counted once shows: it says when, and is counted again when opened again.
    public static let countedOnDemand: Shows = { var shows = Shows(tables: []); shows.followsChanges = false; return shows }()

    public func isTouched(by notice: ChangeNotice) -> Bool {
        followsChanges && notice.touches(tables: tables, consultation: consultation, submission: submission)
    }
}

/// One screen of the application, for any front end (tig's view_ops): it
/// loads one read snapshot, says which commands it offers for this account
/// and this row, performs them, and gives its rows as unwrapped text.
@MainActor
public protocol Pane: AnyObject {
    var context: Context { get }
    /// The title, rendered in the session's language.
    var title: String { get }
    /// Lines above the rows (a record's fields, the filters in force), unwrapped.
    var header: [String] { get }
    var headerLimit: Int? { get }
    var rows: any RowSource { get }
    /// What the pane shows; nil when any change can alter it (the audit trail).
    var shows: Shows? { get }
    /// The words searched for, when the pane can be searched; nil when it cannot.
    var query: String? { get set }

    /// Reads the pane's records again, in one read snapshot.
    func load(_ session: AppSession) throws
    /// Reads again after a change made elsewhere, as much as the change needs
    /// (by default, everything).
    func reload(_ session: AppSession, after notice: ChangeNotice) throws
    func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability
    /// Runs a command that `availability` said is available.
    func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome
}

extension Pane {
    public var query: String? { get { nil } set {} }
    public func reload(_ session: AppSession, after notice: ChangeNotice) throws { try load(session) }
    /// Lines the header may take at most (each line wrapped to the width); nil: as many as fit.
    public var headerLimit: Int? { nil }

    /// What an empty list says: that nothing matched the words searched for
    /// or the filters in force, or that there is nothing here yet. A word
    /// matches whole words only, which nobody can guess, so it says how to
    /// ask for the beginning of a word.
    public var emptyMessage: Message {
        let words = query?.trimmingCharacters(in: .whitespaces) ?? ""
        if !words.isEmpty {
            guard words.last.map({ $0.isLetter || $0.isNumber }) == true else {
                return Message("Nothing matches “{words}”.", ["words": .text(words)])
            }
            return Message("Nothing matches “{words}”. A word finds whole words only; for the words that begin with it, end it with * ({example}).",
                           ["words": .text(words), "example": .text(words + "*")])
        }
        if let filtered = self as? any Filtered, !filtered.filters.isEmpty {
            return Message("Nothing matches the filters in force.")
        }
        return Message("Nothing here yet.")
    }
}

/// A pane whose list can be narrowed by the filter form.
@MainActor
public protocol Filtered: Pane {
    var filters: Filters { get set }
}

/// Chosen filter values (option ids) by field key, and what each chosen
/// option is called, for the line that says which are in force.
public struct Filters: Sendable, Equatable {
    public var chosen: [FieldKey: String]
    public var labels: [FieldKey: String]

    public init(_ chosen: [FieldKey: String] = [:], labels: [FieldKey: String] = [:]) {
        self.chosen = chosen; self.labels = labels
    }

    public var isEmpty: Bool { chosen.isEmpty }
    public subscript(key: FieldKey) -> String? { chosen[key] }

    public var summary: Message {
        Message("Showing only: {filters}", ["filters": .text(labels.values.sorted().joined(separator: ", "))])
    }
}

/// Rows a pane shows, whether held in memory or read page by page.
@MainActor
public protocol RowSource: AnyObject {
    var count: Int { get }
    func row(_ index: Int) -> PaneRow
    /// Where the record at `index` of `previous` stands now, or nil when it is gone.
    func index(following index: Int, in previous: any RowSource) -> Int?
    /// Reads now the rows a reload shows on screen (`window`), in the
    /// reload's read transaction; rows held in memory have nothing to read.
    func read(window: Range<Int>)
    /// Keeps the rows on screen of `previous` when `notice` left them as they
    /// were; returns where the first of them now stands, or nil.
    func keep(_ previous: any RowSource, window: Range<Int>, after notice: ChangeNotice) -> Int?
    /// What the rows in `range` show, as read (their records, not their
    /// text): equal before and after a reload when they would draw the same.
    func records(_ range: Range<Int>) -> AnyHashable
}

extension RowSource {
    public func read(window: Range<Int>) {}
    public func keep(_ previous: any RowSource, window: Range<Int>, after notice: ChangeNotice) -> Int? { nil }
}

/// Rows held in memory: a record's detail, a short list.
@MainActor
public final class HeldRows: RowSource {
    public let rows: [PaneRow]
    public init(_ rows: [PaneRow] = []) { self.rows = rows }
    public var count: Int { rows.count }
    public func row(_ index: Int) -> PaneRow { rows.indices.contains(index) ? rows[index] : PaneRow(text: "", kind: .text) }
    public func records(_ range: Range<Int>) -> AnyHashable { AnyHashable(range.map(row)) }

    /// The nearest row that shows the same record (the same text can repeat).
    public func index(following index: Int, in previous: any RowSource) -> Int? {
        guard index >= 0, index < previous.count else { return nil }
        let old = previous.row(index)
        return rows.indices.filter { rows[$0].isSameRecord(as: old) }.min { abs($0 - index) < abs($1 - index) }
    }
}
