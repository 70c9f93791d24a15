import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Export builds CSV as UTF-8 bytes (issue 12): the bytes are those the
/// String-based writer produced, written out here by hand.
@Suite struct CSVFixtureTests {
    @Test func trickyFieldsAreWrittenAsBefore() {
        let fields = ["plain", "a,b", "say \"hi\"", "line 1\nline 2", "=1+1", "=cmd|' /C calc'!A0,x", "-3", "+52 55",
                      "@SUM(A1)", "\tindent", "Participación, ñandú", "", "\u{FEFF}bom", "comillas \"al\" final\""]
        let expected = "plain,\"a,b\",\"say \"\"hi\"\"\",\"line 1\nline 2\",'=1+1,\"'=cmd|' /C calc'!A0,x\",'-3,'+52 55,"
            + "'@SUM(A1),'\tindent,\"Participación, ñandú\",,\"\u{FEFF}bom\",\"comillas \"\"al\"\" final\"\"\"\r\n"
        #expect(Array(CSV.line(fields).utf8) == Array(expected.utf8))
        #expect(CSV.escape("\rx") == "\"'\rx\"")
    }

    /// The String writer compared Characters, and "\r\n" is one Character,
    /// equal to neither "\r" nor "\n": such a field went out unquoted and
    /// split its record in two.
    @Test func aFieldHoldingCRLFIsQuoted() throws {
        #expect(CSV.line(["a\r\nb", "c"]) == "\"a\r\nb\",c\r\n")
        #expect(try CSV.parse(CSV.line(["a\r\nb", "c"])).map(\.fields) == [["a\r\nb", "c"]])
    }

    @Test func anExportedSubmissionIsByteForByteTheFixture() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let submission = try world.db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .kiosk, place: "Calle 5, \"Centro\"",
            jurisdictionId: try world.jurisdictionId("15104"),
            answers: [questions[0].id!: "=SUM(A1)\nsegunda línea, con ñ"]), by: world.kiosk)
        _ = try world.db.moderateSubmission(submission.id!, .publish, by: world.tlalnepantlaEditor)
        let response = try world.db.respondToSubmission(submission.id!, body: "Se atendió; \"gracias\"",
                                                        by: world.tlalnepantlaEditor)
        var text = ""
        try world.db.export(.submissions, format: .csv, by: world.admin) { text += $0 }
        let expected = "folio,consultation,channel,place,jurisdiction_code,received_at,moderation,rejection_reason,"
            + "commitment_id,answers,response,responded_at\r\n"
            + "\(submission.folio),Movilidad en Tlalnepantla,kiosk,\"Calle 5, \"\"Centro\"\"\",15104,\(submission.receivedAt),"
            + "published,,,\"¿Qué cambiaría del transporte?: =SUM(A1)\nsegunda línea, con ñ\",\"Se atendió; \"\"gracias\"\"\","
            + "\(response.respondedAt)\r\n"
        #expect(Array(text.utf8) == Array(expected.utf8))
    }
}
