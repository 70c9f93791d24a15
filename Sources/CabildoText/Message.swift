import Foundation
import Synchronization

/// A translatable message: an English msgid with `{name}` placeholders, and
/// the values to put in them. Values may themselves be messages (field names).
public struct Message: Sendable, Equatable, CustomStringConvertible {
    public enum Argument: Sendable, Equatable {
        case text(String)
        case message(Message)
    }

    public let id: String
    public let arguments: [String: Argument]

    public init(_ id: String, _ arguments: [String: Argument] = [:]) {
        self.id = id
        self.arguments = arguments
    }

    public var description: String { Localizer.current.render(self) }
}

extension Message {
    /// "Error: …": how every error is put before a person, on a screen, a
    /// line or standard error, declared once so each says it alike.
    public static func error(_ message: Argument) -> Message { Message("Error: {message}", ["message": message]) }
}

/// Chooses a catalogue and renders messages with it. Spanish is the default.
public struct Localizer: Sendable {
    public static let defaultLanguage = "es"
    public let language: String
    private let catalogue: Catalogue?

    public init(catalogue: Catalogue?) {
        self.catalogue = catalogue
        self.language = catalogue?.language ?? "en"
    }

    /// Renders msgid through the catalogue; a missing entry falls back to the source text.
    public func tr(_ msgid: String, _ arguments: [String: Message.Argument] = [:]) -> String {
        render(Message(msgid, arguments))
    }

    public func render(_ message: Message) -> String {
        let template = catalogue?.entries[message.id] ?? message.id
        guard !message.arguments.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        // One pass over the template: a value is put in as it is, never
        // searched for placeholders itself (a citizen's text may hold "{name}"),
        // and a frame's dozens of messages cost no Foundation search each.
        var text = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = message.arguments[String(after[..<close])] {
                switch value {
                case .text(let s): text += s
                case .message(let m): text += render(m)
                }
                rest = after[after.index(after: close)...]
            } else {
                text += "{"
                rest = after
            }
        }
        return text + rest
    }

    /// The language asked for: `--lang` first, then LC_ALL, LC_MESSAGES, LANG
    /// (as POSIX orders them); "es_MX.UTF-8" → "es". C/POSIX → default.
    public static func requestedLanguage(explicit: String?, environment: [String: String]) -> String {
        let candidates = [explicit, environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]]
        for case let value? in candidates where !value.isEmpty {
            let code = value.split(whereSeparator: { $0 == "_" || $0 == "." || $0 == "@" || $0 == "-" })
                .first.map { $0.lowercased() } ?? ""
            if code == "c" || code == "posix" { continue }
            if !code.isEmpty { return code }
        }
        return defaultLanguage
    }

    /// Loads `<locales>/<lang>.po`; an unknown language falls back to Spanish.
    public static func load(language: String, localesDirectory: URL) throws -> Localizer {
        for code in [language, defaultLanguage] {
            let file = localesDirectory.appendingPathComponent("\(code).po")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            return Localizer(catalogue: try Catalogue.parse(text, language: code, file: file.path))
        }
        return Localizer(catalogue: nil)
    }

    private static let shared = Mutex(Localizer(catalogue: nil))

    /// The process's localizer, used where an error is turned into text.
    public static var current: Localizer {
        get { shared.withLock { $0 } }
        set { shared.withLock { $0 = newValue } }
    }
}
