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
}

/// Rows a list shows, whether held in memory or read page by page.
@MainActor
protocol RowSource: AnyObject {
    var count: Int { get }
    func row(_ index: Int) -> ListRow
}

/// Rows fetched from the database a page at a time, as the list shows them:
/// a million rows cost what the visible pages cost. A page beside one held
/// is read from its neighbour's key, and End reads the last page directly,
/// so no page near one held needs an OFFSET walk; at most `kept` pages stay
/// in memory, the farthest from the one in view going first. A reload (after
/// publishing, say) reads the same pages again from the old pages' keys.
@MainActor
final class PagedRows<Item: Sendable>: RowSource {
    let count: Int
    let pageSize: Int
    let kept = 20
    private let fetch: (PagePosition<Item>, Int) throws -> [Item]
    private let render: (Item) -> ListRow
    private var pages: [Int: [(item: Item, row: ListRow)]] = [:]
    /// Keys from the pages of the list this one reloads: the row before a
    /// page (read after it) and the row after it (read before it).
    private var keysBefore: [Int: Item] = [:], keysAfter: [Int: Item] = [:]
    /// What the tests and the benchmark check: the first read, and how many
    /// reads walked an OFFSET past the first page.
    private(set) var firstRead: PagePosition<Item>?
    private(set) var deepOffsetReads = 0
    var pagesHeld: Int { pages.count }

    init(count: Int, pageSize: Int = 100, reloading previous: PagedRows<Item>? = nil,
         fetch: @escaping (PagePosition<Item>, Int) throws -> [Item], render: @escaping (Item) -> ListRow) {
        self.count = count
        self.pageSize = pageSize
        self.fetch = fetch
        self.render = render
        for (page, rows) in previous?.pages ?? [:] where previous?.pageSize == pageSize {
            if let last = rows.last?.item, rows.count == pageSize { keysBefore[page + 1] = last }
            if let first = rows.first?.item { keysAfter[page - 1] = first }
        }
    }

    func row(_ index: Int) -> ListRow {
        let page = index / pageSize
        if pages[page] == nil { load(page) }
        let rows = pages[page] ?? []
        let offset = index - page * pageSize
        return offset < rows.count ? rows[offset].row : ListRow(text: "")
    }

    private func load(_ page: Int) {
        let lastPage = max(0, count - 1) / pageSize
        // Keys pressed faster than frames are drawn can skip pages: walk to
        // the page from the nearest one held (or from the end), still by keys.
        let walk = kept / 2
        if pages[page - 1] == nil, pages[page + 1] == nil, keysBefore[page] == nil, keysAfter[page] == nil {
            if let near = pages.keys.min(by: { abs($0 - page) < abs($1 - page) }), abs(near - page) <= walk {
                load(near < page ? page - 1 : page + 1)
            } else if page < lastPage, lastPage - page <= walk {
                load(page + 1)
            }
        }
        let position: PagePosition<Item>
        var limit = pageSize
        if let previous = pages[page - 1], previous.count == pageSize, let key = previous.last?.item ?? keysBefore[page] {
            position = .after(key)
        } else if let key = pages[page + 1]?.first?.item {
            position = .before(key)
        } else if let key = keysBefore[page] {
            position = .after(key)
        } else if let key = keysAfter[page] {
            position = .before(key)
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
        pages[page] = ((try? fetch(position, limit)) ?? []).map { ($0, render($0)) }
    }
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
    /// The filters `paged` was read with: a reload keeps its keys only under the same ones.
    var pagedFilters: [String: String]?
    var list = ListView()
    var searchField: TextField?
    var searching = false
    let load: (ListScreen, OfficialsApp) throws -> Void
    var actions: [String: (ListRow?, OfficialsApp) throws -> Void] = [:]
    /// Chosen filter values by field key; a missing key means "all".
    var filters: [String: String] = [:]

    init(context: String, title: String, searchable: Bool = false,
         load: @escaping (ListScreen, OfficialsApp) throws -> Void) {
        self.context = context
        self.title = title
        self.load = load
        if searchable { searchField = TextField(maxLength: 100) }
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

    func reload(app: OfficialsApp) throws {
        try load(self, app)
        list.clamp(count: rowCount)
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
                if searchField?.text != before { list.selected = 0; try reload(app: app) }
            }
            return true
        }
        if command == "search", searchField != nil { searching = true; return true }
        if let command, let action = actions[command] {
            try action(selectedRow, app)
            return true
        }
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
        case "save":
            guard form.checkLocally() else {
                app.status.show(Message("Some fields need attention.").description, error: true)
                return true
            }
            do {
                let done = try save(form.values, app)
                if app.top === self { app.pop() }
                app.status.show(done.description)
            } catch let error as CabildoError {
                if let field = error.field, form.fields.contains(where: { $0.key == field }) {
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
