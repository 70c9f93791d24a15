import CabildoText
import Foundation
import Testing

@Suite struct CatalogueTests {
    @Test func parsesEntriesContinuationsAndEscapes() throws {
        let po = """
        # comment
        msgid ""
        msgstr "Language: es\\n"

        msgid "Hello {name}"
        msgstr "Hola {name}"

        msgid "Two "
        "lines"
        msgstr "Dos\\n"
        "líneas \\"bien\\""

        msgid "untranslated"
        msgstr ""
        """
        let catalogue = try Catalogue.parse(po, language: "es", file: "es.po")
        #expect(catalogue.entries["Hello {name}"] == "Hola {name}")
        #expect(catalogue.entries["Two lines"] == "Dos\nlíneas \"bien\"")
        #expect(catalogue.entries["untranslated"] == nil)
        #expect(catalogue.entries[""] == nil)
    }

    @Test func errorsNameFileAndLine() {
        #expect(throws: Catalogue.ParseError(file: "x.po", line: 3, reason: "unknown keyword 'msgfoo'")) {
            try Catalogue.parse("msgid \"a\"\nmsgstr \"b\"\nmsgfoo \"c\"\n", language: "es", file: "x.po")
        }
        #expect(throws: Catalogue.ParseError(file: "x.po", line: 2, reason: "a string must start and end with \"")) {
            try Catalogue.parse("msgid \"a\"\nmsgstr \"b\n", language: "es", file: "x.po")
        }
    }

    @Test func rendersWithFallbackAndNestedArguments() {
        let localizer = Localizer(catalogue: Catalogue(language: "es", entries: [
            "{field}: {reason}": "{field}: {reason}", "Name": "Nombre", "this field is required": "este campo es obligatorio",
        ]))
        let message = Message("{field}: {reason}", ["field": .message(Message("Name")),
                                                     "reason": .message(Message("this field is required"))])
        #expect(localizer.render(message) == "Nombre: este campo es obligatorio")
        #expect(localizer.tr("Not in the catalogue {x}", ["x": .text("1")]) == "Not in the catalogue 1")
    }

    /// A value goes in as it is: braces in a citizen's text are never taken for placeholders.
    @Test func valuesAreNeverSearchedForPlaceholders() {
        let localizer = Localizer(catalogue: nil)
        #expect(localizer.tr("{who} wrote {what}", ["who": .text("{what}"), "what": .text("«{who}» {x")])
                == "{what} wrote «{who}» {x")
        #expect(localizer.tr("{a}{b} {missing} {", ["a": .text("1"), "b": .text("2")]) == "12 {missing} {")
        #expect(localizer.tr("Ñandú {a}", ["a": .text("é")]) == "Ñandú é")
    }

    @Test func languageComesFromFlagThenLocaleVariables() {
        #expect(Localizer.requestedLanguage(explicit: nil, environment: ["LANG": "es_MX.UTF-8"]) == "es")
        #expect(Localizer.requestedLanguage(explicit: nil, environment: ["LANG": "es_MX.UTF-8", "LC_MESSAGES": "en_US"]) == "en")
        #expect(Localizer.requestedLanguage(explicit: nil, environment: ["LC_ALL": "en_GB", "LANG": "es_MX"]) == "en")
        #expect(Localizer.requestedLanguage(explicit: "en", environment: ["LANG": "es_MX"]) == "en")
        #expect(Localizer.requestedLanguage(explicit: nil, environment: ["LANG": "C"]) == "es")
        #expect(Localizer.requestedLanguage(explicit: nil, environment: [:]) == "es")
    }

    @Test func unknownLanguageFallsBackToSpanish() throws {
        let localizer = try Localizer.load(language: "nah", localesDirectory: Resources.locales)
        #expect(localizer.language == "es")
    }
}

/// Every message the code can show must be in every catalogue: a missing one
/// would reach a Spanish-speaking citizen in English.
@Suite struct CatalogueCoverageTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    static func messageIds() throws -> Set<String> {
        // Message("…") and .tr("…"), also with the literal on the next line.
        let pattern = try Regex(#"(?:Message|\.tr)\(\s*"((?:[^"\\]|\\.)*)""#)
        var ids: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let literal = String(match.output[1].substring!)
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
                ids.insert(literal)
            }
        }
        return ids
    }

    @Test(arguments: ["es", "en"])
    func everyMessageIsTranslated(language: String) throws {
        let file = Resources.locales.appendingPathComponent("\(language).po")
        let catalogue = try Catalogue.parse(String(contentsOf: file, encoding: .utf8), language: language,
                                            file: file.path)
        let ids = try Self.messageIds()
        #expect(ids.count > 100)
        let missing = ids.filter { catalogue.entries[$0] == nil }.sorted()
        #expect(missing.isEmpty, "missing in \(language).po: \(missing)")
    }

    /// A field's label is masculine or feminine ("Fecha de apertura"); a Spanish message that
    /// names one must not carry an adjective that agrees with it ("… es obligatorio").
    @Test func spanishMessagesAboutAFieldDoNotDependOnItsGender() throws {
        let file = Resources.locales.appendingPathComponent("es.po")
        let catalogue = try Catalogue.parse(String(contentsOf: file, encoding: .utf8), language: "es", file: file.path)
        for (id, translation) in catalogue.entries where id.contains("{field}") {
            #expect(!translation.contains("{field} es ") && !translation.contains("{field} está "),
                    "\(id) → \(translation)")
        }
        let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        #expect(spanish.render(Message("{field} is required", ["field": .text("Fecha de apertura")]))
                == "Fecha de apertura: dato obligatorio")
        // The line mode's prompt: "Contraseña (dato obligatorio, hasta 200 caracteres):".
        #expect(spanish.render(Message("required")) == "dato obligatorio")
    }

    @Test func translationsKeepPlaceholders() throws {
        let file = Resources.locales.appendingPathComponent("es.po")
        let catalogue = try Catalogue.parse(String(contentsOf: file, encoding: .utf8), language: "es", file: file.path)
        let placeholder = try Regex(#"\{[a-zA-Z]+\}"#)
        for (id, translation) in catalogue.entries {
            let expected = Set(id.matches(of: placeholder).map { String(id[$0.range]) })
            let found = Set(translation.matches(of: placeholder).map { String(translation[$0.range]) })
            #expect(expected == found, "placeholders differ for \(id)")
        }
    }
}
