import Foundation

/// A gettext `.po` catalogue: msgid → msgstr. Plural forms use msgstr[0].
public struct Catalogue: Sendable, Equatable {
    public let language: String
    public let entries: [String: String]

    public init(language: String, entries: [String: String]) {
        self.language = language
        self.entries = entries
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }
        public init(file: String, line: Int, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }
    }

    /// Parses a `.po` file's text; errors name file:line.
    public static func parse(_ text: String, language: String, file: String) throws(ParseError) -> Catalogue {
        enum Slot { case none, ctxt, id, plural, str }
        var entries: [String: String] = [:]
        var ctxt: String?, id: String?, str: String?
        var slot = Slot.none
        var entryLine = 0

        func flush() {
            if let id, !id.isEmpty, let str, !str.isEmpty {
                entries[ctxt.map { "\($0)\u{4}\(id)" } ?? id] = str
            }
            ctxt = nil; id = nil; str = nil; slot = .none
        }

        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let quote = line.firstIndex(of: "\"") else {
                throw ParseError(file: file, line: lineNumber, reason: "expected a keyword and a quoted string")
            }
            let keyword = line[..<quote].trimmingCharacters(in: .whitespaces)
            let value = try unquote(String(line[quote...]), file: file, line: lineNumber)
            switch keyword {
            case "":
                switch slot {
                case .ctxt: ctxt! += value
                case .id: id! += value
                case .str: str! += value
                case .plural: break
                case .none:
                    throw ParseError(file: file, line: lineNumber, reason: "a continued string with no keyword before it")
                }
            case "msgctxt":
                flush(); ctxt = value; slot = .ctxt; entryLine = lineNumber
            case "msgid":
                if slot != .ctxt { flush() }
                id = value; slot = .id; entryLine = lineNumber
            case "msgid_plural":
                slot = .plural
            case "msgstr", "msgstr[0]":
                guard id != nil else {
                    throw ParseError(file: file, line: lineNumber, reason: "msgstr with no msgid before it")
                }
                str = value; slot = .str
            default:
                if keyword.hasPrefix("msgstr[") { slot = .plural; continue }
                throw ParseError(file: file, line: lineNumber, reason: "unknown keyword '\(keyword)'")
            }
        }
        if id != nil && str == nil {
            throw ParseError(file: file, line: entryLine, reason: "msgid with no msgstr")
        }
        flush()
        return Catalogue(language: language, entries: entries)
    }

    private static func unquote(_ s: String, file: String, line: Int) throws(ParseError) -> String {
        guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else {
            throw ParseError(file: file, line: line, reason: "a string must start and end with \"")
        }
        var out = ""
        var escaped = false
        for ch in s.dropFirst().dropLast() {
            if escaped {
                switch ch {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                default:
                    throw ParseError(file: file, line: line, reason: "unknown escape \\\(ch)")
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "\"" {
                throw ParseError(file: file, line: line, reason: "an unescaped \" inside a string")
            } else {
                out.append(ch)
            }
        }
        if escaped { throw ParseError(file: file, line: line, reason: "a string ends with a lone \\") }
        return out
    }
}
