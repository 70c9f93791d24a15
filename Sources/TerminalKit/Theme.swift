import CabildoText
import Foundation

/// What a cell means; a theme says how each meaning looks.
public enum ThemeRole: String, CaseIterable, Sendable {
    case normal, focus, selected, title, status, error, hint, border, disabled, required, marker

    /// Roles whose meaning must survive without colour (monochrome, NO_COLOR).
    /// The marker is the selected row's only sign besides the cursor.
    static let needsAttribute: Set<ThemeRole> = [.focus, .selected, .title, .status, .error, .disabled, .marker]

    /// Its place in `allCases`, for tables looked up at every cell.
    var ordinal: Int {
        switch self {
        case .normal: 0
        case .focus: 1
        case .selected: 2
        case .title: 3
        case .status: 4
        case .error: 5
        case .hint: 6
        case .border: 7
        case .disabled: 8
        case .required: 9
        case .marker: 10
        }
    }
}

public enum ThemeAttribute: String, CaseIterable, Sendable {
    case bold, underline, reverse, dim, standout
}

public enum ThemeColor: Equatable, Sendable {
    case terminalDefault
    case index(Int)   // 0–255; 0–7 are the named ANSI colours

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    init?(name: String) {
        let lower = name.lowercased()
        if lower == "default" { self = .terminalDefault; return }
        if let i = Self.names.firstIndex(of: lower) { self = .index(i); return }
        if lower.hasPrefix("bright"), let i = Self.names.firstIndex(of: String(lower.dropFirst(6))) {
            self = .index(i + 8); return
        }
        if let n = Int(lower), (0...255).contains(n) { self = .index(n); return }
        return nil
    }
}

public struct ThemeStyle: Equatable, Sendable {
    public var foreground: ThemeColor = .terminalDefault
    public var background: ThemeColor = .terminalDefault
    public var attributes: Set<ThemeAttribute> = []
}

/// A theme file: lines `color ROLE FG BG [ATTR…]`, `#` comments.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [ThemeRole: ThemeStyle]

    public func style(_ role: ThemeRole) -> ThemeStyle { styles[role] ?? styles[.normal] ?? ThemeStyle() }

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: Message
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static func parse(_ text: String, name: String, file: String) throws(ParseError) -> Theme {
        var styles: [ThemeRole: ThemeStyle] = [:]
        var lineNumber = 0
        func fail(_ message: Message) -> ParseError { ParseError(file: file, line: lineNumber, message: message) }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            guard first == "color" else {
                throw fail(Message("unknown command '{word}'; lines are: color ROLE FG BG [ATTR…]",
                                   ["word": .text(first)]))
            }
            guard words.count >= 4 else {
                throw fail(Message("a color line needs a role, a foreground and a background"))
            }
            guard let role = ThemeRole(rawValue: words[1]) else {
                throw fail(Message("unknown role '{role}'; roles are: {roles}",
                                   ["role": .text(words[1]),
                                    "roles": .text(ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
            var style = ThemeStyle()
            for (slot, word) in [(0, words[2]), (1, words[3])] {
                guard let color = ThemeColor(name: word) else {
                    throw fail(Message("unknown colour '{colour}'", ["colour": .text(word)]))
                }
                if slot == 0 { style.foreground = color } else { style.background = color }
            }
            for word in words.dropFirst(4) {
                guard let attribute = ThemeAttribute(rawValue: word.lowercased()) else {
                    throw fail(Message("unknown attribute '{attribute}'; attributes are: {attributes}",
                                       ["attribute": .text(word),
                                        "attributes": .text(ThemeAttribute.allCases.map(\.rawValue)
                                            .joined(separator: ", "))]))
                }
                style.attributes.insert(attribute)
            }
            if ThemeRole.needsAttribute.contains(role) && style.attributes.isEmpty {
                throw fail(Message("the role '{role}' needs an attribute besides colour (bold, underline, reverse…), so it reads without colour",
                                   ["role": .text(role.rawValue)]))
            }
            styles[role] = style
        }
        for role in ThemeRole.needsAttribute where styles[role] == nil {
            throw ParseError(file: file, line: lineNumber,
                             message: Message("the role '{role}' is missing", ["role": .text(role.rawValue)]))
        }
        return Theme(name: name, styles: styles)
    }

    /// Loads `Themes/NAME.theme`.
    public static func load(named name: String, directory: URL = Resources.themes) throws -> Theme {
        let file = directory.appendingPathComponent("\(name).theme")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            let available = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }.sorted()
            throw ParseError(file: file.path, line: 0,
                             message: Message("no theme called '{name}'; themes are: {names}",
                                              ["name": .text(name), "names": .text(available.joined(separator: ", "))]))
        }
        return try parse(text, name: name, file: "Themes/\(name).theme")
    }

    /// The same attributes, no colours: for monochrome terminals and NO_COLOR.
    public var withoutColour: Theme {
        var copy = self
        for (role, style) in styles {
            copy.styles[role] = ThemeStyle(foreground: .terminalDefault, background: .terminalDefault,
                                           attributes: style.attributes)
        }
        return copy
    }
}
