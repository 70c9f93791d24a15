import Foundation

/// RFC 4180 CSV, read with the line each record starts on (for errors that
/// say file:line) and written with every field that needs it quoted and every
/// cell that a spreadsheet would run as a formula neutralised.
public enum CSV {
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    public struct ParseError: Error, Sendable, Equatable {
        public let line: Int
        public let reason: String
    }

    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "," {
                fields.append(field); field = ""; afterQuote = false
            } else if c == "\n" || c == "\r" {
                if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
                endRecord(); afterQuote = false
                line += 1; recordLine = line
            } else if c == "\"" {
                guard field.isEmpty && !afterQuote else {
                    throw ParseError(line: line, reason: "a quote inside an unquoted field")
                }
                inQuotes = true
            } else {
                if afterQuote { throw ParseError(line: line, reason: "text after a closing quote") }
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// The characters that make a spreadsheet read a cell as a formula
    /// (`=1+1`, `@SUM(…)`, `-2+3`) or run one through DDE (`=cmd|…`).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell a spreadsheet would take for a formula gets a leading `'`, so it
    /// opens as the text it is (OWASP's advice on CSV injection). Every such
    /// cell is prefixed, negative numbers too: a spreadsheet shows them as text.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, formulaStarts.contains(first) else { return field }
        return "'" + field
    }

    public static func escape(_ field: String) -> String {
        var bytes: [UInt8] = []
        append(field, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func line(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        appendLine(fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One record, its fields escaped and joined, with its CRLF, as UTF-8.
    public static func appendLine(_ fields: [String], to buffer: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(comma) }
            append(field, to: &buffer)
        }
        buffer.append(contentsOf: [carriageReturn, lineFeed])
    }

    /// Appends one field as `escape` writes it, scanning its UTF-8 bytes:
    /// every character that matters here is ASCII, and no byte of a longer
    /// UTF-8 sequence is ASCII, so bytes can be tested one by one.
    public static func append(_ field: String, to buffer: inout [UInt8]) {
        var field = field
        field.withUTF8 { append(bytes: $0, to: &buffer) }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r"), lineFeed = UInt8(ascii: "\n")

    /// `formulaStarts` as bytes (all ASCII).
    private static let formulaStartBytes: [Bool] = (0..<256).map { byte in
        formulaStarts.contains(Unicode.Scalar(UInt8(byte)))
    }

    static func append(bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        guard let first = bytes.first else { return }
        let neutralise = formulaStartBytes[Int(first)]
        // A leading U+FEFF (EF BB BF) would be read back as a byte-order mark: quote it too.
        var quoted = !neutralise && bytes.count >= 3 && first == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        if !quoted {
            quoted = bytes.contains { $0 == comma || $0 == quote || $0 == lineFeed || $0 == carriageReturn }
        }
        if quoted { buffer.append(quote) }
        if neutralise { buffer.append(UInt8(ascii: "'")) }
        if quoted {
            // Runs between quotes are copied whole; each quote is doubled.
            var start = 0
            for i in bytes.indices where bytes[i] == quote {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...i]))
                buffer.append(quote)
                start = i + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            buffer.append(quote)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }
}
