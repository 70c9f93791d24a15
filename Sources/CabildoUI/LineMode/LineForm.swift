import CabildoApp
import CabildoCore
import CabildoText

/// Renders any `FormSpec` as one prompt per field, from the same declaration
/// the full screen draws: its label, whether it is required, its limit, its
/// current value (Enter keeps it), choices by number, a repeated group item
/// by item. Saving runs the form's intent; an error names its field and asks
/// that field again, and nothing typed is lost.
@MainActor
struct LineForm {
    let spec: FormSpec
    let session: AppSession
    let io: LineIO
    var values: FormValues

    /// A line that leaves the form (or a list, or a kiosk step) without saving.
    static let back = "<"
    /// A line that empties a field's value.
    static let empty = "-"
    /// A line that saves at once, every field not asked yet as it stands.
    static let saveNow = "."

    init(_ spec: FormSpec, session: AppSession, io: LineIO) {
        self.spec = spec; self.session = session; self.io = io
        values = spec.startingValues
    }

    private func text(_ message: Message) -> String { session.text(message) }

    /// Asks every field, then saves; asks again the field an error names.
    /// Returns what saving said, or nil when the person left without saving.
    mutating func run(introduced: Bool = true) throws -> Message? {
        io.say(text(spec.title))
        if introduced {
            io.say(text(Message("One question per field. Enter keeps the value in brackets; - empties it; . saves at once; < leaves without saving.")))
        }
        do {
            do { for field in spec.fields { try ask(field) } } catch is SaveNow {}
            while true {
                do {
                    return try spec.save(values, session)
                } catch let error as CabildoError {
                    guard let key = error.field, let (field, label) = fieldAsked(for: key) else {
                        // No field at fault (a wrong password): every field again, each value kept.
                        io.say(text(.error(.message(error.message))))
                        do { for field in spec.fields { try ask(field) } } catch is SaveNow {}
                        continue
                    }
                    io.say(Self.error(error.message, field: label, session))
                    do { try ask(field) } catch is SaveNow {}
                }
            }
        } catch is Leave {
            io.say(text(Message("Left without saving.")))
            return nil
        }
    }

    /// An error that names its field: Core's messages often begin with the
    /// field's label already, and then it is not said twice.
    static func error(_ message: Message, field label: String, _ session: AppSession) -> String {
        let said = session.text(message)
        if said.hasPrefix(label + ":") { return session.text(.error(.text(said))) }
        return session.text(Message("Error in \"{field}\": {message}", ["field": .text(label), "message": .text(said)]))
    }

    struct Leave: Error {}
    struct SaveNow: Error {}

    /// One answer; the lines that leave or save at once are never a value.
    private func read(_ prompt: String, secret: Bool = false) throws -> String {
        let typed = secret ? try io.askSecret(prompt) : try io.ask(prompt)
        if typed == Self.back { throw Leave() }
        if typed == Self.saveNow { throw SaveNow() }
        return typed
    }

    /// The field to ask again for an error naming `key`, and its label: a
    /// group item's own field when the key names one, else the declared field.
    private func fieldAsked(for key: FieldKey) -> (Asked, String)? {
        if let item = key.groupItem, let group = spec.fields.first(where: { $0.key == item.group }),
           case .group(let itemLabel, let fields) = group.kind, let field = fields.first(where: { $0.key == item.field }) {
            let label = text(itemLabel) + " " + String(item.index) + ": " + text(field.label)
            return (.item(field, key: key, label: label), label)
        }
        guard let field = spec.field(for: key) else { return nil }
        return (.field(field), text(field.label))
    }

    enum Asked {
        case field(FieldSpec)
        case item(FieldSpec, key: FieldKey, label: String)
    }

    private mutating func ask(_ asked: Asked) throws {
        switch asked {
        case .field(let field): try ask(field)
        case .item(let field, let key, let label): try ask(field, key: key, label: label)
        }
    }

    mutating func ask(_ field: FieldSpec) throws {
        if case .group(let item, let fields) = field.kind {
            try askGroup(field, item: item, fields: fields)
        } else {
            try ask(field, key: field.key, label: text(field.label))
        }
    }

    /// A repeated group: each item given so far, field by field, then "add another?".
    private mutating func askGroup(_ group: FieldSpec, item: Message, fields: [FieldSpec]) throws {
        io.say(text(group.label) + ": " + text(Message("emptying every field of an item with - removes it.")))
        var index = 1
        while true {
            let given = index <= values.itemCount(group.key)
            if !given, !(try confirm(Message("Add {item}?", ["item": .message(item)]))) { return }
            for field in fields {
                try ask(field, key: group.key.item(index, field.key),
                        label: text(item) + " " + String(index) + ": " + text(field.label))
            }
            if fields.allSatisfy({ ["", "false"].contains(values[group.key.item(index, $0.key)] ?? "") }) {
                removeItem(index, of: group.key, fields: fields)
                io.say(text(Message("{item} {n} removed.", ["item": .message(item), "n": .text(String(index))])))
                continue      // the next item, if any, now stands at this number
            }
            index += 1
        }
    }

    /// Removes an item of a group; the ones after it move up one number.
    private mutating func removeItem(_ index: Int, of group: FieldKey, fields: [FieldSpec]) {
        let count = values.itemCount(group)
        for position in index..<max(index, count) {
            for field in fields { values[group.item(position, field.key)] = values[group.item(position + 1, field.key)] }
        }
        for field in fields { values[group.item(max(index, count), field.key)] = nil }
    }

    /// One field's prompt, asked until its answer passes what the declaration says.
    private mutating func ask(_ field: FieldSpec, key: FieldKey, label: String) throws {
        let current = values[key] ?? ""
        while true {
            let typed: String
            switch field.kind {
            case .secret:
                typed = try read(prompt(field, label: label, current: ""), secret: true)
            case .paragraphs:
                let (lines, saveNow) = try paragraphs(prompt(field, label: label, current: current))
                if saveNow {
                    values[key] = lines
                    throw SaveNow()
                }
                typed = lines
            case .choice(let options):
                guard let chosen = try choose(field, label: label, options: options, current: current) else { continue }
                values[key] = chosen
                return
            case .flag:
                let answer = try read(prompt(field, label: label, current: current == "true" ? text(Message("yes")) : text(Message("no"))))
                if answer.isEmpty { return }
                guard let yes = Typed.yesNo(answer, session) else {
                    io.say(text(Message("Answer yes or no.")))
                    continue
                }
                values[key] = yes ? "true" : "false"
                return
            default:
                // A line of text (and any kind without a prompt of its own yet).
                typed = try read(prompt(field, label: label, current: current))
            }
            if typed.isEmpty && !current.isEmpty { return }
            let value = typed == Self.empty ? "" : typed
            if field.required && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                io.say(Self.error(Message("this field is required"), field: label, session))
                continue
            }
            if let limit = field.kind.maxLength, value.count > limit {
                io.say(Self.error(Message("at most {limit} characters; you typed {count}.",
                                          ["limit": .text(String(limit)), "count": .text(String(value.count))]),
                                  field: label, session))
                continue
            }
            values[key] = value
            return
        }
    }

    private func prompt(_ field: FieldSpec, label: String, current: String) -> String {
        Self.prompt(field, label: label, current: current, session)
    }

    /// "1. Agua, 2. Basura"
    static func numbered(_ options: [Option]) -> String {
        options.enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: ", ")
    }

    /// "Nombre (dato obligatorio, hasta 200 caracteres) [Tequio]:"
    static func prompt(_ field: FieldSpec, label: String, current: String, _ session: AppSession) -> String {
        func text(_ message: Message) -> String { session.text(message) }
        var details = [text(field.required ? Message("required") : Message("optional"))]
        switch field.kind {
        case .day: details.append(text(Message("YYYY-MM-DD")))
        case .flag: details = [text(Message("yes or no"))]
        case .paragraphs(let max, _):
            details.append(text(Message("up to {limit} characters", ["limit": .text(String(max))])))
            details.append(text(Message("several lines; an empty line ends")))
        case .choice(let options):
            details.append(text(options.count == 1 ? Message("one option")
                                : Message("{count} options", ["count": .text(String(options.count))])))
        case .picks(let options, let most):
            // Typed as Core reads a list of options: numbers or texts separated by ";".
            details.append(text(Message("up to {n} of {options}; their numbers or texts separated by ';'",
                                        ["n": .text(String(most)), "options": .text(numbered(options))])))
        case .ranking(let options):
            details.append(text(Message("every option in order of preference, the first first: {options}; their numbers or texts separated by ';'",
                                        ["options": .text(numbered(options))])))
        default:
            if let max = field.kind.maxLength {
                details.append(text(Message("up to {limit} characters", ["limit": .text(String(max))])))
            }
        }
        // A list's help is for the keys of a full screen; its lines are said above.
        if let help = field.help, !field.kind.isList { details.append(text(help)) }
        let shown = current.isEmpty ? "" : " [" + current.replacingOccurrences(of: "\n", with: " / ") + "]"
        return label + " (" + details.joined(separator: ", ") + ")" + shown + ":"
    }

    /// Several lines, up to an empty one (or a "." that also saves at once).
    /// An empty first line keeps the value.
    private func paragraphs(_ prompt: String) throws -> (String, saveNow: Bool) {
        var lines = [try read(prompt)]
        guard !lines[0].isEmpty, lines[0] != Self.empty else { return (lines[0], false) }
        while true {
            let line = try io.ask("…")
            if line.isEmpty || line == Self.saveNow { return (lines.joined(separator: "\n"), line == Self.saveNow) }
            lines.append(line)
        }
    }

    /// Options are listed by number (up to a page of them); words narrow a
    /// long list, accents and capitals aside. Returns the chosen id, or nil to ask again.
    private func choose(_ field: FieldSpec, label: String, options: [Option], current: String) throws -> String? {
        let currentLabel = options.first { $0.id == current }?.label ?? ""
        var listed = options.count <= Self.page ? options : []
        list(listed)
        while true {
            let typed = try read(prompt(field, label: label, current: currentLabel))
            if typed.isEmpty {
                guard field.required && current.isEmpty else { return current }
                io.say(Self.error(Message("this field is required"), field: label, session))
                continue
            }
            if let n = Int(typed.trimmingCharacters(in: .whitespaces)) {
                guard listed.indices.contains(n - 1) else {
                    io.say(text(Message("There is no option {n} here.", ["n": .text(String(n))])))
                    continue
                }
                io.say(text(Message("Chosen: {option}", ["option": .text(listed[n - 1].label)])))
                return listed[n - 1].id
            }
            let words = TextRules.folded(typed).split(separator: " ")
            let found = options.filter { option in words.allSatisfy { TextRules.folded(option.label).contains($0) } }
            switch found.count {
            case 0: io.say(text(Message("No option holds those words.")))
            case 1:
                io.say(text(Message("Chosen: {option}", ["option": .text(found[0].label)])))
                return found[0].id
            default:
                listed = Array(found.prefix(Self.page))
                if found.count > Self.page {
                    io.say(text(Message("{count} options hold those words; the first {shown}. Type more words to narrow them.",
                                        ["count": .text(String(found.count)), "shown": .text(String(Self.page))])))
                }
                list(listed)
            }
        }
    }

    private func list(_ options: [Option]) {
        for (index, option) in options.enumerated() { io.say("  \(index + 1). \(option.label)") }
    }

    static let page = 20

    func confirm(_ question: Message) throws -> Bool {
        while true {
            let answer = try read(text(question) + " (" + text(Message("yes or no")) + "):")
            if let yes = Typed.yesNo(answer, session) { return yes }
            io.say(text(Message("Answer yes or no.")))
        }
    }
}
