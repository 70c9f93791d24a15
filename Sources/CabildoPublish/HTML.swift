import CabildoText

/// Building blocks of the site's HTML. Every text from the database or the
/// catalogues reaches a page through `escape`, the one place it is made
/// harmless (markup characters, and control characters through the one
/// display sanitiser).
enum HTML {
    static func escape(_ text: String) -> String {
        // Most text needs nothing: printable ASCII with no markup character is returned as it is.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F || needsEntity[Int($0)] }) { return text }
        // The display sanitiser only where a scalar needs it (accented letters do not).
        let unsafe = text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || ($0.value >= 0x80 && TextRules.unsafeKind($0) != nil)
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in (unsafe ? TextRules.displaySafe(text, keepNewlines: true) : text).utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let needsEntity: [Bool] = (0..<128).map { "&<>\"'".utf8.contains(UInt8($0)) } + Array(repeating: false, count: 128)

    /// Text typed with blank lines between paragraphs, as paragraphs.
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n\n", omittingEmptySubsequences: true).map { paragraph in
            "<p>" + escape(String(paragraph)).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n"
        }.joined()
    }

    static func heading(_ level: Int, _ text: String, id: String? = nil) -> String {
        "<h\(level)\(id.map { " id=\"\(escape($0))\"" } ?? "")>\(escape(text))</h\(level)>\n"
    }

    static func p(_ text: String) -> String { "<p>\(escape(text))</p>\n" }

    /// A link whose text says where it goes.
    static func link(_ href: String, _ text: String, language: String? = nil) -> String {
        let lang = language.map { " hreflang=\"\($0)\" lang=\"\($0)\"" } ?? ""
        return "<a href=\"\(escape(href))\"\(lang)>\(escape(text))</a>"
    }

    static func list(_ items: [String], ordered: Bool = false) -> String {
        guard !items.isEmpty else { return "" }
        let tag = ordered ? "ol" : "ul"
        return "<\(tag)>\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</\(tag)>\n"
    }

    /// Terms and their descriptions; pairs without a value are left out. Values are already HTML.
    static func definitions(_ pairs: [(String, String?)]) -> String {
        let shown = pairs.compactMap { term, value in value.map { (term, $0) } }
        guard !shown.isEmpty else { return "" }
        return "<dl>\n" + shown.map { "<dt>\(escape($0.0))</dt>\n<dd>\($0.1)</dd>\n" }.joined() + "</dl>\n"
    }

    /// A table with its caption and header cells (the first cell of each row
    /// heads its row). Cells are already HTML.
    static func table(caption: String, headers: [String], rows: [[String]]) -> String {
        var out = "<div class=\"table\"><table>\n<caption>\(escape(caption))</caption>\n<thead><tr>"
        out += headers.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += i == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// One CSS file: system fonts, dark text on white (contrast above 12:1),
    /// underlined links, tables that scroll within their own box when narrow.
    static let stylesheet = """
        html { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
        body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; }
        a { color: #0b4f9c; text-decoration: underline; }
        a:visited { color: #5a2d82; }
        a:focus { outline: 3px solid #1a1a1a; outline-offset: 2px; }
        header { border-bottom: 2px solid #1a1a1a; padding: 0.5rem 0; }
        header ul { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }
        footer { border-top: 1px solid #595959; margin-top: 2rem; padding-top: 0.5rem; }
        h1, h2, h3, h4 { line-height: 1.25; overflow-wrap: break-word; }
        p, dd, li, td, th { overflow-wrap: break-word; }
        dt { font-weight: bold; }
        dd { margin: 0 0 0.5rem 1rem; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
        th, td { border: 1px solid #595959; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #e8e8e8; }
        section { border-top: 1px solid #bfbfbf; }

        """
}
