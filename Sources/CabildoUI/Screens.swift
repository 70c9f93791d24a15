import CabildoCore
import CabildoText
import TerminalKit

/// One screen of the officials' application (tig's view_ops): a context for
/// the keymap, a title, keys, drawing, and reloading after a change.
@MainActor
protocol AppScreen: AnyObject {
    var context: String { get }
    var title: String { get }
    /// Handles a command or a key; returns false when unused.
    func handle(_ key: Key, command: String?, app: OfficialsApp) throws -> Bool
    func draw(into screen: inout Screen, in rect: Rect, app: OfficialsApp)
    func reload(app: OfficialsApp) throws
}

/// A row of a list screen, with what an action on it needs.
struct ListRow {
    var text: String
    var id: Int64? = nil
    var kind = ""

    /// Whether two rows show the same record (rows without a record: the same text).
    func isSameRecord(as other: ListRow) -> Bool {
        id == nil ? other.id == nil && text == other.text : id == other.id && kind == other.kind
    }
}

/// Rows a list shows, whether held in memory or read page by page.
@MainActor
protocol RowSource: AnyObject {
    var count: Int { get }
    func row(_ index: Int) -> ListRow
    /// Where the record at `index` of `previous` stands now, or nil when it is gone.
    func index(following index: Int, in previous: any RowSource) -> Int?
}

/// Rows fetched from the database a page at a time, as the list shows them:
/// a million rows cost what the visible pages cost. A page beside one held
/// is read from its neighbour's key, and End reads the last page directly,
/// so no page near one held needs an OFFSET walk; at most `kept` pages stay
/// in memory, the farthest from the one in view going first. A reload (after
/// publishing, or when other terminals add rows) reads the selection's page
/// around the selected record's key, wherever that record now stands.
@MainActor
final class PagedRows<Item: Sendable>: RowSource {
    let count: Int
    let pageSize: Int
    let kept = 20
    private let fetch: (PagePosition<Item>, Int) throws -> [Item]
    private let render: (Item) -> ListRow
    /// The row number of an item in this list's order, or nil when it no longer belongs.
    private let locate: ((Item) throws -> Int?)?
    /// Rows are drawn into text only when shown: a reload that reads a page
    /// around the selection costs the rows on screen, not the whole page.
    private var pages: [Int: [(item: Item, row: ListRow?)]] = [:]
    /// A record of the list this one reloads, and where it stands now: its page is read around its key.
    private var anchor: (index: Int, item: Item)?
    /// What the tests and the benchmark check: the first read, and how many
    /// reads walked an OFFSET past the first page.
    private(set) var firstRead: PagePosition<Item>?
    private(set) var deepOffsetReads = 0
    var pagesHeld: Int { pages.count }

    init(count: Int, pageSize: Int = 100,
         fetch: @escaping (PagePosition<Item>, Int) throws -> [Item], render: @escaping (Item) -> ListRow,
         locate: ((Item) throws -> Int?)? = nil) {
        self.count = count
        self.pageSize = pageSize
        self.fetch = fetch
        self.render = render
        self.locate = locate
    }

    func row(_ index: Int) -> ListRow {
        let page = index / pageSize
        if pages[page] == nil { load(page) }
        let offset = index - page * pageSize
        guard let rows = pages[page], offset < rows.count else { return ListRow(text: "") }
        if let row = rows[offset].row { return row }
        let row = render(rows[offset].item)
        pages[page]![offset].row = row
        return row
    }

    private func item(at index: Int) -> Item? {
        guard let rows = pages[index / pageSize], rows.indices.contains(index % pageSize) else { return nil }
        return rows[index % pageSize].item
    }

    /// Finds the selected record of `previous` in this list. When it has left
    /// (filtered out), a neighbour that stayed still anchors the page read.
    func index(following index: Int, in previous: any RowSource) -> Int? {
        guard let previous = previous as? PagedRows<Item>, let locate, pages.isEmpty else { return nil }
        for candidate in [index, index + 1, index - 1] {
            guard let item = previous.item(at: candidate), let now = (try? locate(item)) ?? nil else { continue }
            anchor = (now, item)
            return candidate == index ? now : nil
        }
        return nil
    }

    private func load(_ page: Int) {
        let lastPage = max(0, count - 1) / pageSize
        let anchorPage = anchor.map { $0.index / pageSize }
        // Keys pressed faster than frames are drawn can skip pages: walk to
        // the page from the nearest one held (or from the end), still by keys.
        let walk = kept / 2
        if pages[page - 1] == nil, pages[page + 1] == nil, page != anchorPage {
            if let near = pages.keys.min(by: { abs($0 - page) < abs($1 - page) }), abs(near - page) <= walk {
                load(near < page ? page - 1 : page + 1)
            } else if let anchorPage, abs(anchorPage - page) <= walk {
                load(anchorPage < page ? page - 1 : page + 1)
            } else if page < lastPage, lastPage - page <= walk {
                load(page + 1)
            }
        }
        var position: PagePosition<Item>
        var limit = pageSize
        if let previous = pages[page - 1], previous.count == pageSize, let key = previous.last?.item {
            position = .after(key)
        } else if let key = pages[page + 1]?.first?.item {
            position = .before(key)
        } else if let anchor, page == anchorPage, page > 0,
                  // The row just before the page, read back from the anchor's key.
                  let key = (try? fetch(.before(anchor.item), anchor.index - page * pageSize + 1))?.first {
            position = .after(key)
        } else if page == lastPage, page > 0 {
            position = .last
            limit = count - page * pageSize
        } else {
            position = .offset(page * pageSize)
            if page > 0 { deepOffsetReads += 1 }
        }
        while pages.count >= kept, let farthest = pages.keys.max(by: { abs($0 - page) < abs($1 - page) }) {
            pages[farthest] = nil
        }
        if firstRead == nil { firstRead = position }
        pages[page] = ((try? fetch(position, limit)) ?? []).map { ($0, nil) }
    }
}

/// What a list shows, so that a change elsewhere reads it again only when it
/// touches it (see `ChangeNotice.touches`).
struct Shows {
    /// Tables any of whose changes can alter the list.
    var tables: Set<String>
    /// Of submissions and their responses, only those of this consultation…
    var consultation: Int64? = nil
    /// …or of this one submission.
    var submission: Int64? = nil
}

/// A list with optional lines above it, and per-command actions on the
/// selected row. Every list of the application is one of these.
@MainActor
final class ListScreen: AppScreen {
    let context: String
    var title: String
    var header: [String] = []
    var rows: [ListRow] = []
    /// Set instead of `rows` for lists that may be long.
    var paged: (any RowSource)?
    var list = ListView()
    var searchField: TextField?
    var searching = false
    let load: (ListScreen, OfficialsApp) throws -> Void
    var actions: [String: (ListRow?, OfficialsApp) throws -> Void] = [:]
    /// Chosen filter values (ids) by field key; a missing key means "all".
    var filters: [String: String] = [:]
    /// What the chosen filters are called, for the line that says they are in force.
    var filterLabels: [String: String] = [:]
    var filterSummary: String {
        Message("Showing only: {filters}", ["filters": .text(filterLabels.values.sorted().joined(separator: ", "))])
            .description
    }
    /// What the list shows; nil for lists any change can alter (the audit trail).
    let shows: Shows?
    /// How many times the rows were read: what the tests of change notices count.
    private(set) var loads = 0

    init(context: String, title: String, searchable: Bool = false, shows: Shows?,
         load: @escaping (ListScreen, OfficialsApp) throws -> Void) {
        self.context = context
        self.title = title
        self.shows = shows
        self.load = load
        if searchable { searchField = TextField(maxLength: 100) }
    }

    func isTouched(by notice: ChangeNotice) -> Bool {
        guard let shows else { return !notice.isEmpty }
        return notice.touches(tables: shows.tables, consultation: shows.consultation, submission: shows.submission)
    }

    var effectiveContext: String { searching ? AppCommands.search : context }
    var rowCount: Int { paged?.count ?? rows.count }
    func row(_ index: Int) -> ListRow { paged?.row(index) ?? rows[index] }
    var selectedRow: ListRow? { (0..<rowCount).contains(list.selected) ? row(list.selected) : nil }

    /// Drawing happens on the main actor; the list widget knows no actors.
    struct Source: ListSource {
        let screen: ListScreen
        var count: Int { MainActor.assumeIsolated { screen.rowCount } }
        func row(_ index: Int) -> String { MainActor.assumeIsolated { screen.row(index).text } }
    }

    /// True when a reload from elsewhere lost the selected record: the next
    /// action is refused once, so it never lands on a row nobody chose.
    var selectionLost = false

    /// Reads the rows again. The selection stays on its record (not on its row
    /// number) while other terminals add or remove rows around it.
    func reload(app: OfficialsApp) throws { try reload(app: app, following: true) }

    func reload(app: OfficialsApp, following: Bool) throws {
        let selected = list.selected
        let before = following ? selectedRow : nil
        let previousRows = rows, previousSource = paged
        loads += 1
        try load(self, app)
        guard let before else { list.clamp(count: rowCount); return }
        var now: Int?
        if let paged, let previousSource {
            now = paged.index(following: selected, in: previousSource)
        } else if paged == nil, previousRows.indices.contains(selected) {
            let old = previousRows[selected]
            // The nearest row that shows the same record (the same text can repeat).
            now = rows.indices.filter { rows[$0].isSameRecord(as: old) }.min { abs($0 - selected) < abs($1 - selected) }
        }
        if let now {
            list.follow(to: now, count: rowCount)
        } else {
            list.clamp(count: rowCount)
            if let after = selectedRow, !after.isSameRecord(as: before) { selectionLost = true }
        }
    }

    func handle(_ key: Key, command: String?, app: OfficialsApp) throws -> Bool {
        if searching {
            switch command {
            case "search.done": searching = false
            case "back":
                searchField?.text = ""
                searching = false
                try reload(app: app)
            default:
                let before = searchField?.text
                guard searchField?.handle(key) == true else { return false }
                if searchField?.text != before { list.selected = 0; try reload(app: app, following: false) }
            }
            return true
        }
        if command == "search", searchField != nil { searching = true; return true }
        if let command, let action = actions[command] {
            if selectionLost {
                selectionLost = false
                throw CabildoError(.conflict, Message("The list changed and the selected record is no longer in it; check the selection and press the key again."))
            }
            try action(selectedRow, app)
            return true
        }
        selectionLost = false
        return list.handle(key, count: rowCount)
    }

    func draw(into screen: inout Screen, in rect: Rect, app: OfficialsApp) {
        var top = rect.row
        if var field = searchField {
            let label = Message("Search").description + ": "
            let used = screen.put(label, row: top, column: rect.column, role: searching ? .focus : .normal)
            field.draw(into: &screen, row: top, column: rect.column + used, width: rect.width - used, focused: searching)
            searchField = field
            top += 1
        }
        for line in header.prefix(max(0, rect.height - 3)) {
            screen.put(line, row: top, column: rect.column, limit: rect.width)
            top += 1
        }
        if !header.isEmpty { top += 1 }
        let body = Rect(row: top, column: rect.column, width: rect.width, height: rect.row + rect.height - top)
        let cursor = screen.cursor
        if rowCount == 0 {
            screen.put(Message("Nothing here yet.").description, row: body.row, column: rect.column + 2)
            screen.setCursor(row: body.row, column: rect.column)
        } else {
            list.draw(Source(screen: self), into: &screen, in: body, focused: true)
        }
        if searching { screen.cursor = cursor }
    }
}

/// A form on its own screen: saving runs an intent; an error is shown beside
/// its field and nothing typed is lost; leaving with changes asks first.
@MainActor
final class FormScreen: AppScreen {
    let context: String
    let title: String
    var form: Form
    let save: ([String: String], OfficialsApp) throws -> Message
    var confirmLeaving: ConfirmDialog?

    init(title: String, fields: [FormField], values: [String: String] = [:], context: String = AppCommands.form,
         save: @escaping ([String: String], OfficialsApp) throws -> Message) {
        self.title = title
        self.context = context
        form = Form(fields, values: values)
        self.save = save
    }

    func reload(app: OfficialsApp) throws {}

    func handle(_ key: Key, command: String?, app: OfficialsApp) throws -> Bool {
        if var dialog = confirmLeaving {
            _ = dialog.handle(key)
            confirmLeaving = dialog
            switch dialog.outcome {
            case .confirmed: confirmLeaving = nil; app.pop()
            case .cancelled: confirmLeaving = nil
            case .pending: break
            }
            return true
        }
        switch command {
        case "submit" where key == .enter && !form.enterSubmits():
            return true
        case "save", "submit":
            guard form.checkLocally() else {
                app.status.show(Message("Some fields need attention.").description, error: true)
                return true
            }
            do {
                let done = try save(form.values, app)
                if app.top === self { app.pop() }
                app.status.show(done.description)
            } catch let error as CabildoError {
                if let field = error.field?.rawValue, form.fields.contains(where: { $0.key == field }) {
                    form.errors = [field: error.message.description]
                    form.focus(key: field)
                }
                throw error
            }
        case "back":
            if form.isDirty {
                confirmLeaving = ConfirmDialog(Message("Leave without saving what you typed?").description)
            } else {
                app.pop()
            }
        default:
            if form.handle(key) { return true }
            if key == .enter { return form.handle(.tab) }   // Enter in a one-line field: next field
            return false
        }
        return true
    }

    func draw(into screen: inout Screen, in rect: Rect, app: OfficialsApp) {
        form.draw(into: &screen, in: rect, focused: true)
        if let confirmLeaving { confirmLeaving.draw(into: &screen) }
    }
}
