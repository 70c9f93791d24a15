import CabildoCore
import CabildoText

/// One option of a choice. The id is a record's id or a code (an enum's raw
/// value); a chosen value is never matched back by the text shown.
public struct Option: Sendable, Equatable {
    public let id: String
    public let label: String
    public init(id: String, label: String) { self.id = id; self.label = label }
}

/// What kind of value a field takes, whatever front end renders it.
public enum FieldKind: Sendable {
    case line(maxLength: Int)
    /// A line shown as "*" per character (passwords).
    case secret(maxLength: Int)
    case paragraphs(maxLength: Int, lines: Int)
    /// A calendar day, YYYY-MM-DD.
    case day
    /// Yes or no.
    case flag
    case choice([Option])
    /// Several of the options, at most `most`: the value is the chosen
    /// options' ids, one per line, in the options' order.
    case picks([Option], most: Int)
    /// Every option put in order: the value is their ids, one per line, the first first.
    case ranking([Option])
    /// A repeated group of fields (a session's agreements, a consultation's
    /// questions): each item has its own values, keyed `group.N.field`.
    case group(item: Message, fields: [FieldSpec])

    /// The most characters a text field takes.
    public var maxLength: Int? {
        switch self {
        case .line(let max), .secret(let max), .paragraphs(let max, _): max
        default: nil
        }
    }
}

/// A field, declared once: every front end renders this same declaration,
/// and its key is the key Core's errors name.
public struct FieldSpec: Sendable {
    public let key: FieldKey
    public let label: Message
    public let kind: FieldKind
    public let required: Bool
    public let help: Message?

    public init(_ key: FieldKey, _ label: Message, _ kind: FieldKind, required: Bool = false, help: Message? = nil) {
        self.key = key; self.label = label; self.kind = kind; self.required = required; self.help = help
    }

    /// A text field from Core's rule: key, label, limit and whether it is required.
    public init(_ rule: FieldRule, required: Bool? = nil, lines: Int = 3, secret: Bool = false) {
        let kind: FieldKind = rule.policy.multiline ? .paragraphs(maxLength: rule.policy.maxLength, lines: lines)
            : secret ? .secret(maxLength: rule.policy.maxLength) : .line(maxLength: rule.policy.maxLength)
        self.init(rule.key, rule.label, kind, required: required ?? rule.policy.required)
    }

    /// A day from Core's rule.
    public static func day(_ rule: FieldRule, required: Bool? = nil) -> FieldSpec {
        FieldSpec(rule.key, rule.label, .day, required: required ?? rule.policy.required)
    }
}

/// A form's values by field key. A flag is "true" or "false"; a choice holds
/// its option's id; a group's items are keyed `group.N.field` (N from 1).
public struct FormValues: Sendable, Equatable {
    public var values: [FieldKey: String]

    public init(_ values: [FieldKey: String] = [:]) { self.values = values }

    public subscript(key: FieldKey) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public func flag(_ key: FieldKey) -> Bool { values[key] == "true" }
    /// A chosen record's id.
    public func recordId(_ key: FieldKey) -> Int64? { values[key].flatMap { Int64($0) } }
    /// A chosen code of a domain enum.
    public func code<E: RawRepresentable>(_ key: FieldKey, as type: E.Type) -> E? where E.RawValue == String {
        values[key].flatMap(E.init(rawValue:))
    }
    /// A text, or nil when left empty.
    public func text(_ key: FieldKey) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// One field of every item of a group, in order.
    public func items(_ group: FieldKey, _ field: FieldKey) -> [String] {
        (0..<itemCount(group)).map { values[group.item($0 + 1, field)] ?? "" }
    }

    /// How many items of a group have any value, counted up to the last one filled.
    public func itemCount(_ group: FieldKey) -> Int {
        values.keys.compactMap { $0.groupItem }.filter { $0.group == group }
            .filter { !(values[group.item($0.index, $0.field)] ?? "").isEmpty }.map(\.index).max() ?? 0
    }
}

/// A form, declared once: title, fields, starting values and what saving
/// does (one intent in Core, which checks the rules again).
@MainActor
public struct FormSpec {
    public let title: Message
    public let fields: [FieldSpec]
    public var values: FormValues
    /// `.signIn` for one-purpose forms that submit on Enter; `.form` otherwise.
    public let context: Context
    public let save: @MainActor (FormValues, AppSession) throws -> Message

    public init(title: Message, fields: [FieldSpec], values: FormValues = FormValues(), context: Context = .form,
                save: @escaping @MainActor (FormValues, AppSession) throws -> Message) {
        self.title = title; self.fields = fields; self.values = values; self.context = context; self.save = save
    }

    /// The values a front end starts the form with: a choice left unset
    /// shows its first option, so it holds that option's id; a flag is "false".
    public var startingValues: FormValues {
        var start = values
        for field in fields {
            switch field.kind {
            case .choice(let options):
                if !options.contains(where: { $0.id == start[field.key] }) { start[field.key] = options.first?.id ?? "" }
            case .flag: if start[field.key] != "true" { start[field.key] = "false" }
            default: break
            }
        }
        return start
    }

    /// Every key an error may name in this form, group items' keys as their
    /// field's (so `agreements.3.text` lands on the agreements group).
    /// An error naming a whole group (attendance) lands on its first item.
    public func holds(_ key: FieldKey) -> Bool { field(for: key) != nil }

    /// The field an error naming `key` is shown beside.
    public func field(for key: FieldKey) -> FieldSpec? {
        let key = key.groupItem?.group ?? key
        return fields.first { $0.key == key || $0.key.groupItem?.group == key }
    }
}

extension Message {
    /// Text people typed (a question's prompt) shown as a label: it has no translation.
    public static func verbatim(_ text: String) -> Message { Message("{text}", ["text": .text(text)]) }
}
