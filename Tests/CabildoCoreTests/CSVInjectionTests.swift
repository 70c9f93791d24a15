import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Issue 10, item 5: no CSV Cabildo writes opens as a formula in a spreadsheet.
@Suite struct CSVInjectionTests {
    static let formulaStarts = ["=1+1", "+52 55 1234 5678", "-2+3", "@SUM(A1:A9)", "\tcmd", "\r=cmd|' /C calc'!A0"]

    @Test func everyCellAFormulaCouldStartWithGetsALeadingQuote() throws {
        for text in Self.formulaStarts {
            let records = try CSV.parse(CSV.line(["folio", text, "fin"]))
            #expect(records.map(\.fields) == [["folio", "'" + text, "fin"]], "\(text.debugDescription)")
        }
        // Other cells still round-trip as they were, quotes, commas, line breaks and all.
        let plain = ["Banquetas, por favor", "dijo \"ya\"", "línea 1\nlínea 2", "100", "a=b", "x@y.mx", "'ya citado", ""]
        #expect(try CSV.parse(CSV.line(plain)).map(\.fields) == [plain])
    }

    @Test func anExportedSubmissionOpensAsTextNotAsAFormula() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let formulas = ["=HYPERLINK(\"http://evil.mx\",\"ver\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]
        var folios: [String: String] = [:]
        for text in formulas {
            let submission = try world.db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .kiosk, place: text,
                jurisdictionId: try world.jurisdictionId("15104"), answers: [questions[0].id!: text],
                contact: ContactDetails(name: text, phone: "+52 55 1234 5678"), privacyNoticeVersion: "2026-01"),
                by: world.kiosk)
            _ = try world.db.respondToSubmission(submission.id!, body: text, by: world.admin)
            _ = try world.db.moderateSubmission(submission.id!, .publish, by: world.admin)   // open data: published only
            folios[submission.folio] = text
        }
        var text = ""
        try world.db.export(.submissions, format: .csv, includePersonalData: true, by: world.admin) { text += $0 }
        let records = try CSV.parse(text)
        let header = records[0].fields
        for record in records.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
            let formula = try #require(folios[row["folio"] ?? ""])
            #expect(row["place"] == "'" + formula)
            #expect(row["response"] == "'" + formula)
            #expect(row["contact_name"] == "'" + formula)
            #expect(row["contact_phone"] == "'+52 55 1234 5678")
            #expect(row["answers"]?.hasSuffix(": " + formula) == true)   // inside the cell: no formula there
        }
        #expect(records.count == formulas.count + 1)
        // No cell of the whole file starts like a formula.
        for record in records { for field in record.fields { #expect(!CSV.formulaStarts.contains(field.unicodeScalars.first ?? "a")) } }
        // JSON is no spreadsheet's input: it keeps the text as typed.
        var json = ""
        try world.db.export(.submissions, format: .json, by: world.admin) { json += $0 }
        #expect(json.contains("\"place\":\"=HYPERLINK("))
    }

    @Test func anEmailAddressThatIsAFormulaIsRefusedNamingTheField() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let error = cabildoError {
            try world.submit("Banquetas", consultation: consultation, questions: questions,
                             contact: ContactDetails(email: "=2+5+cmd|x@evil.mx"), notice: "2026-01")
        }
        #expect(error?.kind == .validation && error?.field == Fields.contactEmail.key)
        #expect(error?.message.description.hasPrefix("Your e-mail: ") == true)
        for bad in ["+x@evil.mx", "-x@evil.mx", "@evil.mx", "a@@evil.mx", "a b@evil.mx", "a..b@evil.mx", ".a@evil.mx",
                    "a@evil", "a@-evil.mx", "a@evil-.mx", "a@evil..mx", "a@ev_il.mx", "a\"b@evil.mx", "a@evil.mx|x"] {
            #expect(throws: CabildoError.self, "\(bad)") { try Fields.email(bad, Fields.contactEmail) }
        }
        for good in ["maria@example.mx", "maria.lopez+consultas@tlalnepantla.gob.mx", "o'brien@example.com",
                     "x_y-z@sub-domain.example.mx", "A1@EXAMPLE.MX"] {
            #expect(try Fields.email(good, Fields.contactEmail) == good)
        }
    }
}
