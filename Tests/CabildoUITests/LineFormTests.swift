import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing
@testable import CabildoUI

/// Any `FormSpec` asked one field a line: the declaration's limits checked as
/// typed, an error from saving asks its field (a group item's) again, items
/// of a group removed and added, choices by words, flags by yes or no.
@MainActor @Suite struct LineFormTests {
    final class Saved { var values: FormValues? }

    @Test func everyKindOfFieldIsAskedAndAnErrorAsksItsFieldAgain() throws {
        let saved = Saved()
        var saves = 0
        let spec = FormSpec(title: .verbatim("Prueba"), fields: [
            FieldSpec("name", Message("Name"), .line(maxLength: 10), required: true),
            FieldSpec("items", Message("Agreements"), .group(item: Message("Agreement"), fields: [
                FieldSpec("text", Message("Agreement"), .line(maxLength: 50))])),
            FieldSpec("kind", Message("Kind"), .choice([Option(id: "a", label: "ordinaria"),
                                                        Option(id: "b", label: "extraordinaria")])),
            FieldSpec("public", Message("Public"), .flag),
        ], values: FormValues(["items.1.text": "uno", "items.2.text": "dos", "items.3.text": "tres"])) { values, _ in
            saves += 1
            if values["items.3.text"] == "mal" {
                throw CabildoError(.validation, Message("this field is required"), field: "items.3.text")
            }
            saved.values = values
            return .verbatim("guardado")
        }
        let out = try run(spec, ["", "abcdefghijkl", "Ana",       // required, then too long
                                 "", "-", "",                    // keeps 1, removes 2 (3 moves up), keeps it
                                 "yes", "mal", "no",             // adds a third
                                 "extra",                        // a choice by a word
                                 "quizá", "yes",                 // a flag: yes or no
                                 "cuatro"])                      // the third item again, named by the error
        #expect(saves == 2)
        let values = try #require(saved.values)
        #expect(values["name"] == "Ana")
        #expect(values.items("items", "text") == ["uno", "tres", "cuatro"])
        #expect(values["kind"] == "b" && values["public"] == "true")
        #expect(out.contains("Error in \"Name\": this field is required"))
        #expect(out.contains("Error in \"Name\": at most 10 characters; you typed 12."))
        #expect(out.contains("Agreement 2 removed."))
        #expect(out.contains("Agreement 2: Agreement (optional, up to 50 characters) [tres]:"))
        #expect(out.contains("Chosen: extraordinaria"))
        #expect(out.contains("Answer yes or no."))
        #expect(out.contains("Error in \"Agreement 3: Agreement\": this field is required"))
        #expect(out.contains("guardado"))
        #expect(LinePipe.isPlain(out))
    }

    @Test func lessThanLeavesWithoutSavingAndADotSavesAtOnce() throws {
        var saves = 0
        let spec = FormSpec(title: .verbatim("Prueba"), fields: [
            FieldSpec("a", Message("Name"), .line(maxLength: 10)), FieldSpec("b", Message("Kind"), .line(maxLength: 10)),
        ]) { values, _ in
            saves += 1
            return .verbatim("guardado " + (values["a"] ?? ""))
        }
        #expect(try run(spec, ["x", "<"]).contains("Left without saving."))
        #expect(saves == 0)
        #expect(try run(spec, ["y", "."]).contains("guardado y"))
        #expect(saves == 1)
    }

    /// Asks the form on `script`, in English, and returns what was written.
    func run(_ spec: FormSpec, _ script: [String]) throws -> String {
        let directory = try temporaryDirectory()
        let inPath = directory.appendingPathComponent("in").path, outPath = directory.appendingPathComponent("out").path
        try (script.joined(separator: "\n") + "\n").write(toFile: inPath, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: outPath, contents: nil)
        let input = open(inPath, O_RDONLY), output = open(outPath, O_WRONLY)
        defer { close(input); close(output) }
        let session = AppSession(database: try AppDatabase.inMemory(seedDirectory: seedDirectory),
                                 localizer: try Localizer.load(language: "en", localesDirectory: Resources.locales))
        var form = LineForm(spec, session: session, io: LineIO(input: input, output: output))
        if let done = try form.run() { LineIO(input: input, output: output).say(session.text(done)) }
        return try String(contentsOfFile: outPath, encoding: .utf8)
    }
}
