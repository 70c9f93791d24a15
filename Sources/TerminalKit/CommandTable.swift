import CabildoText
import Foundation

/// One operation, declared once: it drives the key bindings, the key hints
/// and the help screen (newsboat's opdescs, tig's REQ_INFO).
public struct CommandSpec: Sendable {
    public let id: String
    public let keys: [Key]
    public let label: Message
    public let help: Message
    /// Where it applies; `Keymap.global` applies everywhere.
    public let contexts: Set<String>
    /// Shown in the bottom hints of its contexts.
    public let hinted: Bool

    public init(_ id: String, keys: [Key], label: Message, help: Message, contexts: Set<String>,
                hinted: Bool = true) {
        self.id = id; self.keys = keys; self.label = label; self.help = help; self.contexts = contexts
        self.hinted = hinted
    }
}

public struct KeymapError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: Message
    public var description: String { message.description }
}

/// Keys to commands, per context, built from the command table and a
/// user's bindings file. Two commands on one key where both apply is an error.
/// Contexts the application declares fixed keep the table's keys, global
/// ones included, whatever the file says (and the file may not name them).
public struct Keymap: Sendable {
    public static let global = "global"
    public let commands: [CommandSpec]
    /// Every context the application has: a bindings file naming another is a mistake.
    public let contexts: Set<String>
    public let fixedContexts: Set<String>
    private var bindings: [String: [Key: String]] = [:]   // context → key → command id
    private var tableBindings: [String: [Key: String]] = [:]

    /// `contexts`: the application's contexts; by default those its commands name.
    public init(commands: [CommandSpec], contexts: Set<String>? = nil, fixedContexts: Set<String> = [],
                bindingsFile: (text: String, name: String)? = nil) throws(KeymapError) {
        self.commands = commands
        self.contexts = (contexts ?? Set(commands.flatMap(\.contexts))).union([Self.global])
        self.fixedContexts = fixedContexts
        for command in commands {
            for context in command.contexts {
                for key in command.keys { try bind(key, to: command.id, in: context, replacing: false) }
            }
        }
        tableBindings = bindings
        if let bindingsFile { try apply(bindingsFile.text, file: bindingsFile.name) }
    }

    /// The bindings a context reads: the table's alone for a fixed one.
    private func map(for context: String) -> [String: [Key: String]] {
        fixedContexts.contains(context) ? tableBindings : bindings
    }

    private mutating func bind(_ key: Key, to id: String, in context: String, replacing: Bool) throws(KeymapError) {
        if !replacing {
            let clash = bindings[context]?[key]
                ?? (context == Self.global ? bindings.first(where: { $0.value[key] != nil && $0.key != context })?
                    .value[key] : bindings[Self.global]?[key])
            if let clash, clash != id {
                throw KeymapError(message: Message("the key {key} is bound to both {first} and {second} in {context}",
                                                   ["key": .text(key.description), "first": .text(clash),
                                                    "second": .text(id), "context": .text(context)]))
            }
        }
        bindings[context, default: [:]][key] = id
    }

    /// Lines `bind CONTEXT KEY COMMAND` and `unbind CONTEXT KEY`; `#` comments.
    private mutating func apply(_ text: String, file: String) throws(KeymapError) {
        var number = 0
        let ids = Set(commands.map(\.id))
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let verb = words.first, !verb.hasPrefix("#") else { continue }
            func fail(_ reason: Message) -> KeymapError {
                KeymapError(message: Message("{file}:{line}: {reason}",
                                             ["file": .text(file), "line": .text(String(number)), "reason": .message(reason)]))
            }
            guard (verb == "bind" && words.count == 4) || (verb == "unbind" && words.count == 3) else {
                throw fail(Message("write 'bind CONTEXT KEY COMMAND' or 'unbind CONTEXT KEY'"))
            }
            guard contexts.contains(words[1]) else {
                throw fail(Message("unknown context '{context}'", ["context": .text(words[1])]))
            }
            guard !fixedContexts.contains(words[1]) else {
                throw fail(Message("the context '{context}' cannot be changed", ["context": .text(words[1])]))
            }
            guard let key = Key(name: words[2]) else {
                throw fail(Message("unknown key '{key}'", ["key": .text(words[2])]))
            }
            if verb == "unbind" {
                bindings[words[1]]?[key] = nil
                continue
            }
            guard ids.contains(words[3]) else {
                throw fail(Message("unknown command '{command}'", ["command": .text(words[3])]))
            }
            bindings[words[1], default: [:]][key] = words[3]
        }
    }

    /// The command a key runs in a context (its own bindings first, then the global ones).
    public func command(for key: Key, in context: String) -> String? {
        let bindings = map(for: context)
        return bindings[context]?[key] ?? bindings[Self.global]?[key]
    }

    /// The keys that run a command here, in the order the table declares
    /// them (Up before Down), keys from the bindings file after.
    public func keys(for id: String, in context: String) -> [Key] {
        let bindings = map(for: context)
        let own = bindings[context]?.filter { $0.value == id }.map(\.key) ?? []
        let global = bindings[Self.global]?.filter { $0.value == id && bindings[context]?[$0.key] == nil }.map(\.key) ?? []
        let declared = commands.first { $0.id == id }?.keys ?? []
        return (own + global).sorted {
            (declared.firstIndex(of: $0) ?? Int.max, $0.description) < (declared.firstIndex(of: $1) ?? Int.max, $1.description)
        }
    }

    /// The commands available in a context, in table order, with their keys.
    public func available(in context: String) -> [(command: CommandSpec, keys: [Key])] {
        commands.compactMap { command in
            let keys = keys(for: command.id, in: context)
            return keys.isEmpty ? nil : (command, keys)
        }
    }

    /// "Key label" pairs for the bottom line.
    public func hints(in context: String, localizer: Localizer = .current) -> [String] {
        available(in: context).filter(\.command.hinted).map {
            "\($0.keys.first!.description) \(localizer.render($0.command.label))"
        }
    }
}
