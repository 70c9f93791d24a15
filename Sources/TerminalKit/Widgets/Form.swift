import CabildoText

/// A form's field as declared once by the application: the same declaration
/// is rendered by the officials' forms and by the kiosk.
public struct FormField: Sendable {
    public enum Kind: Sendable, Equatable {
        case text(maxLength: Int)
        case paragraphs(maxLength: Int, lines: Int)
        case choice([ChoiceOption])
        case checkbox
        case date
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
}

/// Fields one under the other, the label before each on the same line, "*"
/// for required, an "Error: …" line under a field at fault; Tab and
/// Shift-Tab move between fields. Nothing typed is lost on an error.
public struct Form: Sendable {
    enum Editor: Sendable, Equatable {
        case text(TextField)
        case area(TextArea)
        case choice(Choice)
        case checkbox(Checkbox)
        case date(DateField)
    }

    public let fields: [FormField]
    private var editors: [Editor]
    public private(set) var focus = 0
    public var errors: [String: String] = [:]
    /// The language of the form's own words ("Error:"): a kiosk's is its
    /// citizen's, not the process's.
    public var localizer = Localizer.current
    public private(set) var isDirty = false
    /// The first field drawn: a form taller than its window scrolls so
    /// the focused field is always on screen.
    private var firstDrawn = 0

    public init(_ fields: [FormField], values: [String: String] = [:]) {
        self.fields = fields
        editors = fields.map { field in
            let value = values[field.key] ?? ""
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
            }
        }
    }

    public var focusedKey: String? { fields.isEmpty ? nil : fields[focus].key }

    /// Every field's value as text (checkboxes as "true"/"false").
    public var values: [String: String] {
        var out: [String: String] = [:]
        for (field, editor) in zip(fields, editors) {
            switch editor {
            case .text(let f): out[field.key] = f.text
            case .area(let a): out[field.key] = a.text
            case .choice(let c): out[field.key] = c.value ?? ""
            case .checkbox(let c): out[field.key] = c.checked ? "true" : "false"
            case .date(let d): out[field.key] = d.text
            }
        }
        return out
    }

    public mutating func focus(key: String) {
        if let index = fields.firstIndex(where: { $0.key == key }) { focus = index }
    }

    /// Enter in a one-purpose form (signing in): true on the last field,
    /// where it submits; on another field it moves to the next one.
    public mutating func enterSubmits() -> Bool {
        guard focus < fields.count - 1 else { return true }
        focus += 1
        return false
    }

    /// Fields left empty that must be filled, and dates that are not days.
    public mutating func checkLocally() -> Bool {
        errors = [:]
        for (field, editor) in zip(fields, editors) {
            if field.required && (values[field.key] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                errors[field.key] = localizer.render(Message("this field is required"))
            }
            if case .date(let d) = editor, let problem = d.problem { errors[field.key] = localizer.render(problem) }
        }
        if let first = fields.firstIndex(where: { errors[$0.key] != nil }) { focus = first }
        return errors.isEmpty
    }

    public mutating func handle(_ key: Key) -> Bool {
        guard !fields.isEmpty else { return false }
        switch key {
        case .tab: focus = (focus + 1) % fields.count; return true
        case .backTab: focus = (focus + fields.count - 1) % fields.count; return true
        default: break
        }
        var used = false
        switch editors[focus] {
        case .text(var f): used = f.handle(key); editors[focus] = .text(f)
        case .area(var a): used = a.handle(key); editors[focus] = .area(a)
        case .choice(var c): used = c.handle(key); editors[focus] = .choice(c)
        case .checkbox(var c): used = c.handle(key); editors[focus] = .checkbox(c)
        case .date(var d): used = d.handle(key); editors[focus] = .date(d)
        }
        if used { isDirty = true }
        // Down and Up leave a one-line field for the next or previous one.
        if !used && (key == .down || key == .up) {
            focus = (focus + (key == .down ? 1 : fields.count - 1)) % fields.count
            return true
        }
        return used
    }

    /// Rows a field takes: its editor, and its error line if it has one.
    private func height(of index: Int) -> Int {
        var rows = 1
        if case .paragraphs(_, let n) = fields[index].kind { rows = n }
        return rows + (errors[fields[index].key] == nil ? 0 : 1)
    }

    public mutating func draw(into screen: inout Screen, in rect: Rect, focused: Bool) {
        let labelWidth = min(rect.width / 2, (fields.map { TextWidth.cells($0.label) }.max() ?? 0) + 2)
        guard !fields.isEmpty, rect.height > 0 else { return }
        // The focus on screen; and no field hidden above while room is left below.
        firstDrawn = min(firstDrawn, focus)
        while firstDrawn < focus, (firstDrawn...focus).map(height(of:)).reduce(0, +) > rect.height { firstDrawn += 1 }
        while firstDrawn > 0, (firstDrawn - 1..<fields.count).map(height(of:)).reduce(0, +) <= rect.height { firstDrawn -= 1 }
        var row = rect.row
        for index in fields.indices.dropFirst(firstDrawn) {
            guard row < rect.row + rect.height else { break }
            let field = fields[index]
            let hasFocus = focused && index == focus
            let marker = field.required ? "*" : " "
            screen.put(marker, row: row, column: rect.column, role: .required)
            screen.put(field.label + ":", row: row, column: rect.column + 1, role: hasFocus ? .focus : .normal,
                       limit: labelWidth)
            let column = rect.column + labelWidth + 2
            let width = rect.width - labelWidth - 2
            switch editors[index] {
            case .text(var f):
                f.draw(into: &screen, row: row, column: column, width: width, focused: hasFocus)
                editors[index] = .text(f)
                row += 1
            case .area(var a):
                let height = min(self.height(of: index) - (errors[field.key] == nil ? 0 : 1), rect.row + rect.height - row)
                a.draw(into: &screen, in: Rect(row: row, column: column, width: width, height: height), focused: hasFocus)
                editors[index] = .area(a)
                row += height
            case .choice(let c):
                c.draw(into: &screen, row: row, column: column, width: width, focused: hasFocus)
                row += 1
            case .checkbox(let c):
                c.draw(into: &screen, row: row, column: column, focused: hasFocus)
                row += 1
            case .date(var d):
                d.field.draw(into: &screen, row: row, column: column, width: min(width, 11), focused: hasFocus)
                screen.put("AAAA-MM-DD", row: row, column: column + 12, role: .hint, limit: width - 12)
                editors[index] = .date(d)
                row += 1
            }
            if let error = errors[field.key], row < rect.row + rect.height {
                screen.put(localizer.render(Message("Error: {message}", ["message": .text(error)])), row: row,
                           column: column, role: .error, limit: width)
                row += 1
            }
        }
    }
}
