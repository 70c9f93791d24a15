import CabildoApp
import CabildoCore
import CabildoText
import TerminalKit

/// One screen of the officials' application: a context for the keymap, a
/// title, keys, drawing, and reloading after a change.
@MainActor
protocol AppScreen: AnyObject {
    var context: Context { get }
    var title: String { get }
    /// Handles a command or a key; returns false when unused.
    func handle(_ key: Key, command: Command?, app: OfficialsApp) throws -> Bool
    func draw(into screen: inout Screen, in rect: Rect, app: OfficialsApp)
    func reload(app: OfficialsApp) throws
}

/// Renders any `Pane` as a list: a search field when it can be searched,
/// its header and its rows, each wrapped or cut to the width. The selection
/// follows its record while other terminals add or remove rows around it.
@MainActor
final class PaneScreen: AppScreen {
    let pane: any Pane
    var list = ListView()
    var searchField: TextField?
    var searching = false
    /// The rows as shown: a pane's running text flows onto as many lines as the width needs.
    private(set) var shown: any RowSource = HeldRows()
    /// The width rows were wrapped to (the screen's, less the selection marker).
    private var width = Layout.minimumWidth
    /// How many times the rows were read: what the tests of change notices count.
    private(set) var loads = 0
    /// True when a reload from elsewhere lost the selected record: the next
    /// action is refused once, so it never lands on a row nobody chose.
    var selectionLost = false

    init(_ pane: any Pane) {
        self.pane = pane
        if pane.query != nil { searchField = TextField(maxLength: 100) }
    }

    var context: Context { searching ? .search : pane.context }
    var title: String { pane.title }
    var header: [String] { pane.header }
    var rowCount: Int { shown.count }
    func row(_ index: Int) -> PaneRow { shown.row(index) }
    /// Every row as shown (for short lists and tests).
    var rows: [PaneRow] { (0..<rowCount).map(row) }
    var selectedRow: PaneRow? { (0..<rowCount).contains(list.selected) ? row(list.selected) : nil }

    func isTouched(by notice: ChangeNotice) -> Bool {
        guard let shows = pane.shows else { return !notice.isEmpty }
        return shows.isTouched(by: notice)
    }

    /// Held rows of running text wrapped to the width; records one line each; paged rows as they come.
    private func lay(_ rows: any RowSource) -> any RowSource {
        guard let held = rows as? HeldRows else { return rows }
        return HeldRows(held.rows.flatMap { row -> [PaneRow] in
            guard row.kind.flows else { return [row] }
            let pad = String(repeating: " ", count: row.indent)
            return TextWrap.lines(row.text, width: width - 4 - row.indent).map {
                PaneRow(text: pad + $0, id: row.id, kind: row.kind, indent: row.indent)
            }
        })
    }

    /// Reads the rows again. The selection stays on its record (not on its row
    /// number) while other terminals add or remove rows around it.
    func reload(app: OfficialsApp) throws { try reload(app: app, following: true) }
    func reload(app: OfficialsApp, after notice: ChangeNotice) throws { try reload(app: app, following: true, after: notice) }

    /// All of it in one read transaction: the pane's records, where the
    /// selected record now stands, and the rows on screen around it.
    func reload(app: OfficialsApp, following: Bool, after notice: ChangeNotice? = nil) throws {
        let selected = list.selected
        let before = following ? selectedRow : nil
        let previous = shown
        loads += 1
        pane.query = searchField.map { $0.text }
        try app.database.inOneRead {
            if let notice { try pane.reload(app.session, after: notice) } else { try pane.load(app.session) }
            shown = lay(pane.rows)
            guard let before else { list.clamp(count: rowCount); return }
            // Scrolled down, changes only above or below the rows on screen:
            // those rows stay, moved by as many as were added above.
            let onScreen = list.top..<min(previous.count, list.top + list.visibleRows)
            if let notice, list.top > 0, (onScreen).contains(selected),
               let start = shown.keep(previous, window: onScreen, after: notice) {
                list.follow(to: selected + start - list.top, count: rowCount)
                return
            }
            if let now = shown.index(following: selected, in: previous) {
                list.follow(to: now, count: rowCount)
                shown.read(window: list.top..<min(rowCount, list.top + list.visibleRows))
            } else {
                list.clamp(count: rowCount)
                if let after = selectedRow, !after.isSameRecord(as: before) { selectionLost = true }
            }
        }
    }

    /// What a frame shows of this screen (the header, the records of the
    /// rows on screen and where the selection stands among them): a reload
    /// that leaves it as it was needs no frame, and costs no row made into text.
    struct OnScreen: Equatable {
        let header: [String]
        let selection: Int
        let rows: AnyHashable
    }

    var onScreen: OnScreen {
        let rows = list.top..<min(rowCount, list.top + list.visibleRows)
        return OnScreen(header: pane.header, selection: list.selected - list.top, rows: shown.records(rows))
    }

    /// Whether a command is offered here, now, for this account: the pane's
    /// one answer, read by dispatch, the key hints and the help screen alike.
    func offers(_ command: Command, session: AppSession) -> Bool { whyNot(command, session: session) == nil }

    /// Why a command is not offered here now, as the help says it beside the
    /// command; nil when it is offered.
    func whyNot(_ command: Command, session: AppSession) -> Message? {
        if CommandTable.served.contains(command) { return nil }
        if command == .search { return searchField == nil ? Message("(not here)") : nil }
        switch pane.availability(of: command, row: selectedRow, in: session) {
        case .available: return nil
        case .needsSelection: return rowCount > 0 ? nil : Message("(the list is empty)")
        case .notForThisAccount: return Message("(not available to this account)")
        case .notHere: return Message("(not here)")
        }
    }

    func handle(_ key: Key, command: Command?, app: OfficialsApp) throws -> Bool {
        if searching {
            switch command {
            case .searchDone: searching = false
            case .back:
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
        if command == .search, searchField != nil { searching = true; return true }
        if let command, !CommandTable.served.contains(command) {
            switch pane.availability(of: command, row: selectedRow, in: app.session) {
            case .available:
                if selectionLost {
                    selectionLost = false
                    throw CabildoError(.conflict, Message("The list changed and the selected record is no longer in it; check the selection and press the key again."))
                }
                try app.follow(try pane.perform(command, row: selectedRow, in: app.session), from: self)
                return true
            case .needsSelection(let why):
                guard rowCount > 0 else { break }
                selectionLost = false
                throw CabildoError(.validation, why)
            case .notForThisAccount, .notHere: break
            }
        }
        selectionLost = false
        return list.handle(key, count: rowCount)
    }

    /// The header as last wrapped, and to what width: drawn at every frame, changed at few.
    private var wrappedHeader: (header: [String], width: Int, lines: [String])?

    /// Header lines wrapped to the width, an indented line keeping its indent.
    private func headerLines(width: Int) -> [String] {
        if let wrapped = wrappedHeader, wrapped.width == width, wrapped.header == pane.header { return wrapped.lines }
        let lines = wrappedHeaderLines(width: width)
        wrappedHeader = (pane.header, width, lines)
        return lines
    }

    private func wrappedHeaderLines(width: Int) -> [String] {
        let lines = pane.header.flatMap { line -> [String] in
            let indent = line.prefix { $0 == " " }.count
            let pad = String(repeating: " ", count: indent)
            return TextWrap.lines(String(line.dropFirst(indent)), width: width - 2 - indent).map { pad + $0 }
        }
        return pane.headerLimit.map { Array(lines.prefix($0)) } ?? lines
    }

    /// Drawing happens on the main actor; the list widget knows no actors.
    struct Source: ListSource {
        let screen: PaneScreen
        var count: Int { MainActor.assumeIsolated { screen.rowCount } }
        func row(_ index: Int) -> String { MainActor.assumeIsolated { screen.row(index).text } }
    }

    func draw(into screen: inout Screen, in rect: Rect, app: OfficialsApp) {
        if rect.width != width {
            width = rect.width
            shown = lay(pane.rows)
            list.clamp(count: rowCount)
        }
        var top = rect.row
        if var field = searchField {
            let label = app.session.text(Message("Search")) + ": "
            let used = screen.put(label, row: top, column: rect.column, role: searching ? .focus : .normal)
            field.draw(into: &screen, row: top, column: rect.column + used, width: rect.width - used, focused: searching)
            searchField = field
            top += 1
        }
        let header = headerLines(width: rect.width)
        for line in header.prefix(max(0, rect.height - 3)) {
            screen.put(line, row: top, column: rect.column, limit: rect.width)
            top += 1
        }
        if !header.isEmpty { top += 1 }
        let body = Rect(row: top, column: rect.column, width: rect.width, height: rect.row + rect.height - top)
        let cursor = screen.cursor
        if rowCount == 0 {
            let lines = TextWrap.lines(app.session.text(pane.emptyMessage), width: rect.width - 2)
            for (offset, line) in lines.prefix(max(1, body.height)).enumerated() {
                screen.put(line, row: body.row + offset, column: rect.column + 2)
            }
            screen.setCursor(row: body.row, column: rect.column)
        } else {
            list.draw(Source(screen: self), into: &screen, in: body, focused: true)
        }
        if searching { screen.cursor = cursor }
    }
}

/// Renders any `FormSpec`: saving runs its intent; an error is shown beside
/// the field Core names and nothing typed is lost; leaving with changes asks first.
@MainActor
final class FormScreen: AppScreen {
    let spec: FormSpec
    let title: String
    var form: Form
    var confirmLeaving: ConfirmDialog?
    /// What the host does once the form has saved (the gate's forms sign in or unlock).
    let then: ((OfficialsApp) throws -> Void)?

    init(_ spec: FormSpec, session: AppSession, then: ((OfficialsApp) throws -> Void)? = nil) {
        self.spec = spec
        self.then = then
        title = session.text(spec.title)
        form = Form(spec.fields.map { Self.field($0, session) },
                    values: Dictionary(uniqueKeysWithValues: spec.startingValues.values.map { ($0.key.rawValue, $0.value) }))
    }

    var context: Context { spec.context }

    /// A declared field as TerminalKit draws it, its texts in the session's language.
    static func field(_ spec: FieldSpec, _ session: AppSession) -> FormField {
        let kind: FormField.Kind
        var secret = false
        switch spec.kind {
        case .line(let max): kind = .text(maxLength: max)
        case .secret(let max): kind = .text(maxLength: max); secret = true
        case .paragraphs(let max, let lines): kind = .paragraphs(maxLength: max, lines: lines)
        case .day: kind = .date(hint: session.text(Message("YYYY-MM-DD")))
        case .flag: kind = .checkbox
        case .choice(let options): kind = .choice(options.map { ChoiceOption(id: $0.id, label: $0.label) })
        case .picks(let options, let most): kind = .picks(options.map { ChoiceOption(id: $0.id, label: $0.label) }, most: most)
        case .ranking(let options): kind = .ranking(options.map { ChoiceOption(id: $0.id, label: $0.label) })
        case .group(let item, let fields):
            kind = .group(itemLabel: session.text(item), fields: fields.map { field($0, session) },
                          addLabel: session.text(Message("Add: {item}", ["item": .message(item)])),
                          removeLabel: session.text(Message("removes this item")))
        }
        return FormField(key: spec.key.rawValue, label: session.text(spec.label), kind: kind, required: spec.required,
                         help: spec.help.map(session.text), secret: secret)
    }

    /// What was typed, by field key (a group's items keyed `group.N.field`).
    var values: FormValues {
        FormValues(Dictionary(uniqueKeysWithValues: form.values.map { (FieldKey($0.key), $0.value) }))
    }

    func reload(app: OfficialsApp) throws {}

    func handle(_ key: Key, command: Command?, app: OfficialsApp) throws -> Bool {
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
        case .submit where key == .enter && !form.enterSubmits():
            return true
        case .save, .submit:
            guard form.checkLocally() else {
                // Names the first field at fault, where the focus now is.
                app.status.show(app.session.text(Message("Some fields need attention; the first is {field}.",
                                                         ["field": .text(form.focusedLabel ?? "")])), error: true)
                return true
            }
            do {
                let done = try spec.save(values, app.session)
                if app.top === self { app.pop() }
                try then?(app)
                app.status.show(app.session.text(done))
            } catch let error as CabildoError {
                // Beside the field, or the group item's field, Core names; else on its group.
                if let key = error.field, let shown = form.holds(key.rawValue) ? key.rawValue
                    : spec.field(for: key)?.key.rawValue {
                    form.errors = [shown: app.session.text(error.message)]
                    form.focus(key: shown)
                }
                throw error
            }
        case .back:
            if form.isDirty {
                confirmLeaving = ConfirmDialog(app.session.text(Message("Leave without saving what you typed?")))
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
