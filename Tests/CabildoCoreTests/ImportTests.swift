import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Online results brought in from a form's CSV export.
@Suite struct ImportTests {
    static let options = ["A pie", "Transporte público", "Automóvil"]

    /// 1,000 online rows as a form exports them: BOM, CRLF, quoted answers
    /// with commas, quotes and line breaks, question 2 by its number, some
    /// rows with an e-mail and consent. Returns the file and the hand count.
    static func thousandRows() -> (csv: String, textAnswers: Int, choices: [String: Int], contacts: Int) {
        var lines = ["ID,Marca temporal,¿Qué cambiaría del transporte?,P2,Correo,Consentimiento"]
        var choices: [String: Int] = [:], contacts = 0
        var random = SeededRandom(seed: 14)
        for i in 0..<1_000 {
            let minute = i % 60, hour = 8 + i / 60 % 10
            let text = switch i % 4 {
            case 0: "\"Más rutas, y más seguras\""
            case 1: "\"Que pase \"\"a tiempo\"\"\""
            case 2: "\"Primera línea\r\nsegunda línea, con coma\""
            default: "Banquetas"
            }
            var choice = ""
            if Int.random(in: 0..<5, using: &random) > 0 {
                choice = options[Int.random(in: 0..<3, using: &random)]
                choices[choice, default: 0] += 1
            }
            let mail = i % 10 == 0 ? "persona\(i)@example.mx" : ""
            if !mail.isEmpty { contacts += 1 }
            lines.append("R\(i),2026-03-01 \(String(format: "%02d:%02d", hour, minute)):\(String(format: "%02d", i % 60)),"
                         + "\(text),\(choice),\(mail),\(mail.isEmpty ? "" : "Sí")")
        }
        return ("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n", 1_000, choices, contacts)
    }

    @Test func aThousandOnlineRowsImportAndTheirCountsMatchAHandCount() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let file = Self.thousandRows()
        let before = try world.auditCount()
        let report = try world.db.importConsultation(consultation.id!, csv: file.csv, file: "en-linea.csv",
                                                     options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(report.problems.isEmpty)
        #expect(report.written == 1_000 && report.rows == 1_000)
        #expect(report.questions.map(\.position) == [1, 2])
        #expect(report.questions.map(\.by) == [.text, .position])
        let counts = try world.db.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.questionId, a.text, count(*) FROM answer a JOIN submission s ON s.id = a.submissionId
                WHERE s.channel = 'online' GROUP BY 1, 2
                """).map { ($0[0] as Int64, $0[1] as String, $0[2] as Int) }
        }
        #expect(counts.filter { $0.0 == questions[0].id! }.reduce(0) { $0 + $1.2 } == file.textAnswers)
        #expect(counts.contains { $0.1 == "Primera línea\nsegunda línea, con coma" && $0.2 == 250 })
        #expect(counts.contains { $0.1 == "Que pase \"a tiempo\"" && $0.2 == 250 })
        let choiceCounts = Dictionary(uniqueKeysWithValues: counts.filter { $0.0 == questions[1].id! }.map { ($0.1, $0.2) })
        #expect(choiceCounts == file.choices)
        let stats = try world.db.reader.read { db in
            try Row.fetchOne(db, sql: """
                SELECT count(*), count(DISTINCT folio), total(contactEmail IS NOT NULL), total(privacyNoticeVersion = '2026-01')
                FROM submission WHERE channel = 'online'
                """)!
        }
        #expect(stats[0] as Int == 1_000 && stats[1] as Int == 1_000)
        #expect(stats[2] as Double == Double(file.contacts) && stats[3] as Double == Double(file.contacts))
        // One entry a submission and one for the import, in an unbroken, keyed chain.
        #expect(try world.auditCount() == before + 1_001)
        try world.db.reader.read { db in
            #expect(try Audit.verify(db, key: world.db.auditKey).isEmpty)
            var drift = 0
            try Audit.forEachDrift(db) { _ in drift += 1 }
            #expect(drift == 0)
        }
    }

    /// Six rows, the third, fifth and sixth bad; the second spans two lines.
    static let withThreeBadRows = """
        ID,Marca temporal,¿Qué cambiaría del transporte?,¿Cómo se mueve?,Correo,Consentimiento
        A1,2026-03-01 10:00,Más rutas,A pie,,
        A2,2026-03-01 10:05,"Dos
        líneas",Automóvil,,
        A3,2026-03-01 10:10,Banquetas,En helicóptero,,
        A4,2026-03-01T17:00:00Z,Luminarias,,,
        A5,1 de marzo,Semáforos,A pie,,
        A6,2026-03-01 10:30,Bicis,Transporte público,ana@example.mx,No
        """

    static var fixed: String {
        withThreeBadRows.replacingOccurrences(of: "En helicóptero", with: "Automóvil")
            .replacingOccurrences(of: "1 de marzo", with: "01/03/2026 10:20:00")
            .replacingOccurrences(of: "ana@example.mx,No", with: "ana@example.mx,sí")
    }

    @Test func everyBadRowIsReportedWithItsLineAndColumnAndNothingIsWritten() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        let before = try world.auditCount()
        let report = try world.db.importConsultation(consultation.id!, csv: Self.withThreeBadRows, file: "f.csv",
                                                     options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(report.problems.map(\.line) == [5, 7, 8])
        #expect(report.problems.map(\.column) == ["¿Cómo se mueve?", "Marca temporal", "Consentimiento"])
        #expect(report.problems[0].reason.description.contains("choose one of the options offered"))
        #expect(report.good == 3 && report.written == 0)
        #expect(try world.auditCount() == before)
        #expect(try world.db.submissionCount(of: consultation.id!) == 0)
        #expect(try world.db.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM importedRow") } == 0)
    }

    @Test func afterFixingImportingTwiceWritesEachRowOnce() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        let first = try world.db.importConsultation(consultation.id!, csv: Self.fixed, file: "f.csv",
                                                    options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(first.problems.isEmpty && first.written == 6)
        let second = try world.db.importConsultation(consultation.id!, csv: Self.fixed, file: "f.csv",
                                                     options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(second.written == 0 && second.alreadyImported == 6)
        #expect(try world.db.submissionCount(of: consultation.id!, channel: .online) == 6)
        // A time without a zone is the server's; one with its zone is kept as it says.
        let times = try world.db.reader.read { try String.fetchAll($0, sql: "SELECT receivedAt FROM submission ORDER BY id") }
        #expect(times[3] == "2026-03-01T17:00:00Z")
    }

    @Test func withoutAnIdColumnARowIsKnownByItsContent() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        // The ID column dropped (a row's second line, inside quotes, has none).
        let csv = Self.fixed.split(separator: "\n").map { line in
            line.hasPrefix("ID,") || (line.first == "A" && line.dropFirst().first?.isNumber == true)
                ? String(line.split(separator: ",", maxSplits: 1)[1]) : String(line)
        }.joined(separator: "\n")
        let first = try world.db.importConsultation(consultation.id!, csv: csv, file: "f.csv", options: ImportOptions(),
                                                    by: world.tlalnepantlaEditor)
        #expect(first.written == 6)
        // Kept as a keyed hash: a plain one of a row with contact data could be guessed against.
        let firstRow = try CSV.parse(csv)[1].fields
        let keys = try world.db.reader.read { try String.fetchAll($0, sql: "SELECT rowKey FROM importedRow") }
        #expect(keys.count == 6 && keys.allSatisfy { $0.hasPrefix("hmac:") })
        #expect(!keys.contains { $0.hasSuffix(Crypto.sha256Hex(Audit.canonical(firstRow.map(Optional.some)))) })
        let again = try world.db.importConsultation(consultation.id!, csv: csv + "\n2026-03-01 11:00,Otra,,,\n",
                                                    file: "f.csv", options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(again.written == 1 && again.alreadyImported == 6)
    }

    @Test func skipBadWritesTheGoodRowsAndADryRunNothing() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        let dry = try world.db.importConsultation(consultation.id!, csv: Self.fixed, file: "f.csv",
                                                  options: ImportOptions(dryRun: true), by: world.tlalnepantlaEditor)
        #expect(dry.good == 6 && dry.written == 0)
        #expect(try world.db.submissionCount(of: consultation.id!) == 0)
        let skipping = try world.db.importConsultation(consultation.id!, csv: Self.withThreeBadRows, file: "f.csv",
                                                       options: ImportOptions(skipBad: true), by: world.tlalnepantlaEditor)
        #expect(skipping.written == 3 && skipping.problems.count == 3)
        let rest = try world.db.importConsultation(consultation.id!, csv: Self.fixed, file: "f.csv",
                                                   options: ImportOptions(), by: world.tlalnepantlaEditor)
        #expect(rest.written == 3 && rest.alreadyImported == 3)
    }

    @Test func aColumnThatIsNoQuestionRefusesTheFileAndOnlyOfficialsImport() throws {
        let world = try World()
        let (consultation, _) = try world.consultation()
        let unknown = cabildoError {
            try world.db.importConsultation(consultation.id!, csv: "timestamp,P1,Puntuación\n", file: "f.csv",
                                            options: ImportOptions(), by: world.tlalnepantlaEditor)
        }
        #expect(unknown?.kind == .dataFile)
        #expect(unknown?.message.description.contains("f.csv:1: column 'Puntuación'") == true)
        let kiosk = cabildoError {
            try world.db.importConsultation(consultation.id!, csv: Self.fixed, file: "f.csv", options: ImportOptions(),
                                            by: world.kiosk)
        }
        #expect(kiosk?.kind == .permission)
    }
}
