import CabildoText

/// A form's field as declared once by the application: the same declaration
/// is rendered by the officials' forms and by the kiosk.
public struct FormField: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case text(maxLength: Int)
        case paragraphs(maxLength: Int, lines: Int)
        case choice([ChoiceOption])
        case checkbox
        /// A calendar day; `hint` shows its format beside the field.
        case date(hint: String)
        /// Items repeated as many times as needed (a session's agreements, a
        /// consultation's questions), each with its own `fields` (not groups
        /// themselves). Every text comes from the application: an item is
        /// headed "`itemLabel` N"; the line "+ `addLabel`" adds one with
        /// Enter; Del (or Ctrl-D) on an item's heading, where `removeLabel` is
        /// shown, removes it. Values are keyed `key.N.field`, N from 1.
        case group(itemLabel: String, fields: [FormField], addLabel: String, removeLabel: String)
        /// Several of the options, at most `most` (see `Picks`); the value is their ids, one per line.
        case picks([ChoiceOption], most: Int)
        /// Every option put in order (see `Picks`); the value is their ids, one per line, the first first.
        case ranking([ChoiceOption])
    }

    public let key: String
    public let label: String
    public let kind: Kind
    public let required: Bool
    public let help: String?
    /// Shown as "*" per character (passwords).
    public let secret: Bool

    public init(key: String, label: String, kind: Kind, required: Bool = false, help: String? = nil,
                secret: Bool = false) {
        self.key = key; self.label = label; self.kind = kind; self.required = required; self.help = help
        self.secret = secret
    }

    /// The key of `field` in item `item` (from 1) of this group: "agreements.2.text".
    public func itemKey(_ item: Int, _ field: String) -> String { "\(key).\(item).\(field)" }
}

/// Fields one under the other, the label before each on the same line, "*"
/// for required, an "Error: …" line under a field at fault; Tab and
/// Shift-Tab move between fields. Nothing typed is lost on an error.
/// A group shows its label (and its help) on a line of its own, then each
/// item's heading and fields, indented, then its "+ add" line.
public struct Form: Sendable {
    enum Editor: Sendable, Equatable {
        case text(TextField)
        case area(TextArea)
        case choice(Choice)
        case checkbox(Checkbox)
        case date(DateField)
        case picks(Picks)
    }

    /// A field's editor, or a group's items (each item an editor per field).
    enum Slot: Sendable, Equatable {
        case single(Editor)
        case group([[Editor]])
    }

    /// Where the focus can be: a field; a group item's heading or field
    /// (field index, item from 0, field within the item); a group's add line.
    enum Stop: Sendable, Equatable {
        case field(Int)
        case heading(Int, item: Int)
        case itemField(Int, item: Int, field: Int)
        case add(Int)
    }

    public let fields: [FormField]
    private var slots: [Slot]
    /// The focused stop (fields, item headings and fields, add lines, in order).
    public private(set) var focus = 0
    public var errors: [String: String] = [:]
    /// The language of the form's own words ("Error:"): a kiosk's is its
    /// citizen's, not the process's.
    public var localizer = Localizer.current
    public private(set) var isDirty = false
    /// The first stop drawn: a form taller than its window scrolls so
    /// the focused field is always on screen.
    private var firstDrawn = 0
    /// The label column's width when last drawn.
    private var labelColumn = widestLabel
    /// The value column's width when last drawn: errors wrap within it.
    private var valueWidth = 80 - widestLabel - 2

    public init(_ fields: [FormField], values: [String: String] = [:]) {
        self.fields = fields
        slots = fields.map { field in
            guard case .group(_, let itemFields, _, _) = field.kind else {
                return .single(Self.editor(field, values[field.key] ?? ""))
            }
            // As many items as the highest item number any value names.
            let count = values.keys.compactMap { Self.item(of: $0, in: field)?.item }.max() ?? 0
            return .group((0..<count).map { item in
                itemFields.map { Self.editor($0, values[field.itemKey(item + 1, $0.key)] ?? "") }
            })
        }
    }

    private static func editor(_ field: FormField, _ value: String) -> Editor {
        switch field.kind {
        case .text(let max):
            var editor = TextField(value, maxLength: max)
            editor.masked = field.secret
            return .text(editor)
        case .paragraphs(let max, _): return .area(TextArea(value, maxLength: max))
        case .choice(let options):
            return .choice(Choice(options, selected: options.firstIndex { $0.id == value } ?? 0))
        case .checkbox: return .checkbox(Checkbox(value == "true"))
        case .date: return .date(DateField(value))
        case .picks(let options, let most): return .picks(Picks(options, mode: .most(most), value: value))
        case .ranking(let options): return .picks(Picks(options, mode: .ranking, value: value))
        case .group: preconditionFailure("a group's item cannot hold another group: \(field.key)")
        }
    }

    /// For a key "group.N.field" of this group: N and the field.
    private static func item(of key: String, in group: FormField) -> (item: Int, field: String)? {
        guard key.hasPrefix(group.key + ".") else { return nil }
        let parts = key.dropFirst(group.key.count + 1).split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let item = Int(parts[0]), item >= 1 else { return nil }
        return (item, String(parts[1]))
    }

    private func itemFields(_ index: Int) -> [FormField] {
        if case .group(_, let itemFields, _, _) = fields[index].kind { return itemFields }
        return []
    }

    private func items(_ index: Int) -> [[Editor]] {
        if case .group(let items) = slots[index] { return items }
        return []
    }

    /// Every place the focus can be, in Tab order.
    private var stops: [Stop] {
        fields.indices.flatMap { index -> [Stop] in
            guard case .group(let items) = slots[index] else { return [.field(index)] }
            let count = itemFields(index).count
            return items.indices.flatMap { item in
                [.heading(index, item: item)] + (0..<count).map { .itemField(index, item: item, field: $0) }
            } + [.add(index)]
        }
    }

    /// The key of what has the focus: a field's, an item field's
    /// ("agreements.2.text"), an item heading's ("agreements.2") or, on an
    /// add line, the group's.
    public var focusedKey: String? {
        let stops = stops
        guard !stops.isEmpty else { return nil }
        switch stops[min(focus, stops.count - 1)] {
        case .field(let index), .add(let index): return fields[index].key
        case .heading(let index, let item): return "\(fields[index].key).\(item + 1)"
        case .itemField(let index, let item, let field):
            return fields[index].itemKey(item + 1, itemFields(index)[field].key)
        }
    }

    private static func value(_ editor: Editor) -> String {
        switch editor {
        case .text(let f): f.text
        case .area(let a): a.text
        case .choice(let c): c.value ?? ""
        case .checkbox(let c): c.checked ? "true" : "false"
        case .date(let d): d.text
        case .picks(let p): p.value
        }
    }

    /// Every field's value as text (checkboxes as "true"/"false"); a group's
    /// as "group.N.field" for each item, N from 1 in the order shown.
    public var values: [String: String] {
        var out: [String: String] = [:]
        for (index, field) in fields.enumerated() {
            switch slots[index] {
            case .single(let editor): out[field.key] = Self.value(editor)
            case .group(let items):
                for (item, editors) in items.enumerated() {
                    for (itemField, editor) in zip(itemFields(index), editors) {
                        out[field.itemKey(item + 1, itemField.key)] = Self.value(editor)
                    }
                }
            }
        }
        return out
    }

    /// Whether an error keyed `key` has a place in this form: a field, or a
    /// field of an item the form shows ("agreements.2.text").
    public func holds(_ key: String) -> Bool { stop(for: key) != nil }

    private func stop(for key: String) -> Stop? {
        for (index, field) in fields.enumerated() {
            if field.key == key {
                if case .group(let items) = slots[index] { return items.isEmpty ? .add(index) : .heading(index, item: 0) }
                return .field(index)
            }
            guard case .group(let items) = slots[index], let (item, name) = Self.item(of: key, in: field),
                  item <= items.count, let position = itemFields(index).firstIndex(where: { $0.key == name })
            else { continue }
            return .itemField(index, item: item - 1, field: position)
        }
        return nil
    }

    /// Focuses a field, an item's field ("agreements.2.text") or a group.
    public mutating func focus(key: String) {
        if let stop = stop(for: key), let index = stops.firstIndex(of: stop) { focus = index }
    }

    /// Enter in a one-purpose form (signing in): true on the last field,
    /// where it submits; on another field it moves to the next one.
    public mutating func enterSubmits() -> Bool {
        guard focus < stops.count - 1 else { return true }
        focus += 1
        return false
    }

    /// Fields left empty that must be filled, and dates that are not days;
    /// in every item of a group too, and a required group needs one item.
    public mutating func checkLocally() -> Bool {
        errors = [:]
        func check(_ field: FormField, _ editor: Editor, key: String) {
            if field.required && Self.value(editor).trimmingCharacters(in: .whitespaces).isEmpty {
                errors[key] = localizer.render(Message("{field} is required", ["field": .text(field.label)]))
            }
            if case .date(let d) = editor, let problem = d.problem { errors[key] = localizer.render(problem) }
        }
        for (index, field) in fields.enumerated() {
            switch slots[index] {
            case .single(let editor): check(field, editor, key: field.key)
            case .group(let items):
                if field.required && items.isEmpty {
                    errors[field.key] = localizer.render(Message("{field} is required", ["field": .text(field.label)]))
                }
                for (item, editors) in items.enumerated() {
                    for (itemField, editor) in zip(itemFields(index), editors) {
                        check(itemField, editor, key: field.itemKey(item + 1, itemField.key))
                    }
                }
            }
        }
        if let first = stops.firstIndex(where: { errors[key(of: $0)] != nil }) { focus = first }
        return errors.isEmpty
    }

    /// The label of the field that has the focus (an item's field's, a group's
    /// for its heading and add line): a summary of errors names it.
    public var focusedLabel: String? {
        let stops = stops
        guard !stops.isEmpty else { return nil }
        switch stops[min(focus, stops.count - 1)] {
        case .field(let index), .heading(let index, _), .add(let index): return fields[index].label
        case .itemField(let index, _, let field): return itemFields(index)[field].label
        }
    }

    /// The option under the cursor when the focus is on options to pick or
    /// rank, as words (see `Picks.focusedOption`); nil on any other field.
    public var focusedOption: String? { focusedPicks?.focusedOption(localizer) }

    /// Every option of the focused options to pick or rank, as words.
    public var optionsSaid: [String] {
        guard let picks = focusedPicks else { return [] }
        return picks.options.indices.map { picks.optionSaid($0, localizer) }
    }

    private var focusedPicks: Picks? {
        let stops = stops
        guard !stops.isEmpty, case .field(let index) = stops[min(focus, stops.count - 1)],
              case .single(.picks(let picks)) = slots[index] else { return nil }
        return picks
    }

    /// What has the focus, whole: its label and value, its error and its
    /// help (a secret's value is not shown).
    public var focusedWhole: String? {
        guard let label = focusedLabel, let key = focusedKey else { return nil }
        let field = fields.first { $0.key == key } ?? fields.indices.flatMap(itemFields)
            .first { key.hasSuffix("." + $0.key) }
        var value = values[key] ?? ""
        if field?.secret == true { value = String(repeating: "*", count: value.count) }
        if case .checkbox? = field?.kind {
            value = localizer.render(.checkState(value == "true"))
        }
        if case .choice(let options)? = field?.kind { value = options.first { $0.id == value }?.label ?? value }
        return ([label + ": " + value] + [errors[key].map { localizer.render(.error(.text($0))) },
                                          field?.help].compactMap { $0 }).joined(separator: "\n")
    }

    /// The key an error on this stop is shown under (a heading and an add
    /// line show their group's).
    private func key(of stop: Stop) -> String {
        switch stop {
        case .field(let index), .heading(let index, _), .add(let index): fields[index].key
        case .itemField(let index, let item, let field): fields[index].itemKey(item + 1, itemFields(index)[field].key)
        }
    }

    public mutating func handle(_ key: Key) -> Bool {
        let stops = stops
        guard !stops.isEmpty else { return false }
        switch key {
        case .tab: focus = (focus + 1) % stops.count; return true
        case .backTab: focus = (focus + stops.count - 1) % stops.count; return true
        default: break
        }
        var used = false
        switch stops[focus] {
        case .field(let index):
            guard case .single(var editor) = slots[index] else { break }
            used = Self.handle(key, &editor)
            slots[index] = .single(editor)
        case .itemField(let index, let item, let field):
            var items = items(index)
            used = Self.handle(key, &items[item][field])
            slots[index] = .group(items)
        case .heading(let index, let item) where key == .delete || key == .control("d"):
            remove(item: item, from: index)
            return true
        case .add(let index) where key == .enter:
            add(to: index)
            return true
        case .heading, .add: break
        }
        if used { isDirty = true }
        // Down and Up leave a one-line field for the next or previous one.
        if !used && (key == .down || key == .up) {
            focus = (focus + (key == .down ? 1 : stops.count - 1)) % stops.count
            return true
        }
        return used
    }

    private static func handle(_ key: Key, _ editor: inout Editor) -> Bool {
        var used = false
        switch editor {
        case .text(var f): used = f.handle(key); editor = .text(f)
        case .area(var a): used = a.handle(key); editor = .area(a)
        case .choice(var c): used = c.handle(key); editor = .choice(c)
        case .checkbox(var c): used = c.handle(key); editor = .checkbox(c)
        case .date(var d): used = d.handle(key); editor = .date(d)
        case .picks(var p): used = p.handle(key); editor = .picks(p)
        }
        return used
    }

    /// A new empty item at the end of a group; the focus goes to its first field.
    private mutating func add(to index: Int) {
        var items = items(index)
        items.append(itemFields(index).map { Self.editor($0, "") })
        slots[index] = .group(items)
        isDirty = true
        let first = Stop.itemField(index, item: items.count - 1, field: 0)
        focus = stops.firstIndex(of: itemFields(index).isEmpty ? .heading(index, item: items.count - 1) : first) ?? focus
    }

    /// Removes an item; the items after it move up a number, their errors
    /// with them. The focus goes to the heading now in its place, or to the
    /// add line.
    private mutating func remove(item: Int, from index: Int) {
        var items = items(index)
        items.remove(at: item)
        slots[index] = .group(items)
        isDirty = true
        let field = fields[index]
        errors = Dictionary(uniqueKeysWithValues: errors.compactMap { key, message in
            guard let (number, name) = Self.item(of: key, in: field), number >= item + 1 else { return (key, message) }
            return number == item + 1 ? nil : (field.itemKey(number - 1, name), message)
        })
        focus = stops.firstIndex(of: item < items.count ? .heading(index, item: item) : .add(index)) ?? 0
    }

    /// Rows an editor takes.
    private func rows(_ field: FormField) -> Int {
        switch field.kind {
        case .paragraphs(_, let n): n
        case .picks(let options, _), .ranking(let options): max(1, options.count)
        default: 1
        }
    }

    /// An editor of several rows (options to pick or rank, text of several
    /// lines) keeps its whole width: its error goes on the line after it, not
    /// beside its first row, which would cut every option short. So does a
    /// one-line editor's on a screen too narrow for words beside it.
    private func errorBelow(_ field: FormField, key: String) -> Bool {
        // A checkbox draws its state in words at full width: an error beside it would cover them.
        if case .checkbox = field.kind, errors[key] != nil { return true }
        return rows(field) > 1 || (errors[key] != nil && valueWidth - editorWidth(key) - 1 < Self.narrowestError)
    }

    /// The fewest cells an error beside its field wraps in.
    private static let narrowestError = 16

    /// A field's error, whole, wrapped to `width` cells: never cut.
    private func errorLines(_ key: String, width: Int) -> [String] {
        guard let error = errors[key] else { return [] }
        return TextWrap.lines(localizer.render(.error(.text(error))), width: width)
    }

    /// The cells a one-line editor keeps when its error stands beside it.
    private func editorWidth(_ key: String) -> Int {
        guard let error = errors[key] else { return valueWidth }
        let cells = TextWidth.cells(localizer.render(.error(.text(error))))
        return max(min(valueWidth, 12), valueWidth - cells - 1)
    }

    /// The lines of an error beside a one-line editor: its first on the
    /// field's own line (a screen reader reads it with the field), the rest
    /// under it in the same column.
    private func errorBeside(_ key: String) -> [String] {
        errorLines(key, width: valueWidth - editorWidth(key) - 1)
    }

    /// Rows a field's editor and its error take.
    private func rows(_ field: FormField, key: String) -> Int {
        errorBelow(field, key: key) ? rows(field) + errorLines(key, width: valueWidth).count
            : max(rows(field), errorBeside(key).count)
    }

    /// Rows a stop takes: its line or editor, its error's lines if it has one,
    /// and a group's label (with its error) above its first stop.
    private func height(of stop: Stop) -> Int {
        let groupLabel = { (index: Int) in 1 + errorLines(fields[index].key, width: valueWidth).count }
        switch stop {
        case .field(let index):
            // A long-labelled checkbox has its error on lines of its own (see draw).
            if case .checkbox = fields[index].kind, TextWidth.cells(fields[index].label) + 1 > labelColumn {
                return 1 + errorLines(fields[index].key, width: valueWidth).count
            }
            return rows(fields[index], key: fields[index].key)
        case .heading(let index, let item): return 1 + (item == 0 ? groupLabel(index) : 0)
        case .itemField(let index, let item, let field):
            let itemField = itemFields(index)[field]
            return rows(itemField, key: fields[index].itemKey(item + 1, itemField.key))
        case .add(let index): return 1 + (items(index).isEmpty ? groupLabel(index) : 0)
        }
    }

    public mutating func draw(into screen: inout Screen, in rect: Rect, focused: Bool) {
        let stops = stops
        guard !stops.isEmpty, rect.height > 0 else { return }
        let labels = fields.map { TextWidth.cells($0.label) }
            + fields.indices.flatMap { itemFields($0).map { TextWidth.cells($0.label) + Self.indent } }
        // Label and value within 40 cells, on one braille display's window.
        let labelWidth = min(rect.width / 2, Self.widestLabel, (labels.max() ?? 0) + 2)
        labelColumn = labelWidth
        let column = rect.column + labelWidth + 2
        let width = rect.width - labelWidth - 2
        valueWidth = width
        focus = min(focus, stops.count - 1)
        // The focus on screen; and no field hidden above while room is left below.
        firstDrawn = min(firstDrawn, focus)
        while firstDrawn < focus, stops[firstDrawn...focus].map(height(of:)).reduce(0, +) > rect.height { firstDrawn += 1 }
        while firstDrawn > 0, stops[(firstDrawn - 1)...].map(height(of:)).reduce(0, +) <= rect.height { firstDrawn -= 1 }
        var row = rect.row
        let bottom = rect.row + rect.height
        // A field's error is on its own line, after its value, so a screen
        // reader reads it with the field when the field gets the focus.
        func errorNextTo(_ key: String, first: Int, editor: Int) {
            let lines = errorBeside(key)
            for (line, text) in lines.enumerated() where first + line < bottom {
                screen.put(text, row: first + line, column: column + editor + 1, role: .error, limit: width - editor - 1)
            }
            row = min(bottom, max(row, first + lines.count))
        }
        func errorLine(_ key: String) {
            for text in errorLines(key, width: width) where row < bottom {
                screen.put(text, row: row, column: column, role: .error, limit: width)
                row += 1
            }
        }
        func label(_ field: FormField, indent: Int, hasFocus: Bool) {
            screen.put(field.required ? "*" : " ", row: row, column: rect.column + indent, role: .required)
            screen.put(field.label + ":", row: row, column: rect.column + indent + 1, role: hasFocus ? .focus : .normal,
                       limit: labelWidth - indent)
        }
        // A group's label and help, above its first item (or its add line).
        func groupLabel(_ index: Int) {
            let field = fields[index]
            label(field, indent: 0, hasFocus: false)
            if let help = field.help { screen.put(help, row: row, column: column, role: .hint, limit: width) }
            row += 1
            errorLine(field.key)
        }
        for (position, stop) in stops.enumerated().dropFirst(firstDrawn) {
            guard row < bottom else { break }
            let hasFocus = focused && position == focus
            switch stop {
            case .field(let index):
                guard case .single(var editor) = slots[index] else { break }
                let key = fields[index].key, first = row, cells = editorWidth(key)
                // A checkbox whose label is longer than the label column: the
                // box and its word first on the line, then the whole label.
                if case .checkbox(let box) = editor, TextWidth.cells(fields[index].label) + 1 > labelWidth {
                    box.draw(into: &screen, row: row, column: rect.column + 1, focused: hasFocus, localizer: localizer)
                    let after = rect.column + 1 + 4 + TextWidth.cells(localizer.render(.checkState(box.checked))) + 2
                    screen.put(fields[index].label, row: row, column: after, role: hasFocus ? .focus : .normal,
                               limit: rect.column + rect.width - after)
                    row += 1
                    errorLine(key)
                    continue
                }
                label(fields[index], indent: 0, hasFocus: hasFocus)
                let below = errorBelow(fields[index], key: key)
                draw(&editor, fields[index], into: &screen, row: &row, bottom: bottom, column: column,
                     width: below ? width : cells, focused: hasFocus)
                slots[index] = .single(editor)
                if below { errorLine(key) } else { errorNextTo(key, first: first, editor: cells) }
            case .heading(let index, let item):
                if item == 0 { groupLabel(index) }
                guard row < bottom, case .group(let itemLabel, _, _, let removeLabel) = fields[index].kind else { break }
                let used = screen.put("\(itemLabel) \(item + 1)", row: row, column: rect.column + Self.indent,
                                      role: hasFocus ? .focus : .title, limit: rect.width - Self.indent)
                if hasFocus {
                    screen.put("\(Key.delete) \(removeLabel)", row: row, column: rect.column + Self.indent + used + 2,
                               role: .hint, limit: rect.width - Self.indent - used - 2)
                    screen.setCursor(row: row, column: rect.column + Self.indent)
                }
                row += 1
            case .itemField(let index, let item, let field):
                var items = items(index)
                let itemField = itemFields(index)[field]
                label(itemField, indent: Self.indent, hasFocus: hasFocus)
                let key = fields[index].itemKey(item + 1, itemField.key), first = row, cells = editorWidth(key)
                let below = errorBelow(itemField, key: key)
                draw(&items[item][field], itemField, into: &screen, row: &row, bottom: bottom, column: column,
                     width: below ? width : cells, focused: hasFocus)
                slots[index] = .group(items)
                if below { errorLine(key) } else { errorNextTo(key, first: first, editor: cells) }
            case .add(let index):
                if items(index).isEmpty { groupLabel(index) }
                guard row < bottom, case .group(_, _, let addLabel, _) = fields[index].kind else { break }
                screen.put("+ " + addLabel, row: row, column: rect.column + Self.indent,
                           role: hasFocus ? .focus : .normal, limit: rect.width - Self.indent)
                if hasFocus { screen.setCursor(row: row, column: rect.column + Self.indent) }
                row += 1
            }
        }
    }

    /// The most cells a label column takes: longer labels are cut.
    static let widestLabel = 26

    /// How far a group's items stand in from its label.
    private static let indent = 2

    /// Draws one editor at `row` and moves `row` past it.
    private func draw(_ editor: inout Editor, _ field: FormField, into screen: inout Screen, row: inout Int,
                      bottom: Int, column: Int, width: Int, focused: Bool) {
        switch editor {
        case .text(var f):
            f.draw(into: &screen, row: row, column: column, width: width, focused: focused)
            editor = .text(f)
            row += 1
        case .area(var a):
            let height = min(rows(field), bottom - row)
            a.draw(into: &screen, in: Rect(row: row, column: column, width: width, height: height), focused: focused)
            editor = .area(a)
            row += height
        case .choice(let c):
            c.draw(into: &screen, row: row, column: column, width: width, focused: focused)
            row += 1
        case .checkbox(let c):
            c.draw(into: &screen, row: row, column: column, focused: focused, localizer: localizer)
            row += 1
        case .date(var d):
            d.field.draw(into: &screen, row: row, column: column, width: min(width, 11), focused: focused)
            // The format's hint shows whole or not at all (an error beside
            // the field may leave it no room): never a cut "Y…".
            if case .date(let hint) = field.kind, TextWidth.cells(hint) <= width - 12 {
                screen.put(hint, row: row, column: column + 12, role: .hint)
            }
            editor = .date(d)
            row += 1
        case .picks(let p):
            let height = min(rows(field), bottom - row)
            p.draw(into: &screen, row: row, column: column, width: width, height: height, focused: focused)
            row += height
        }
    }
}
