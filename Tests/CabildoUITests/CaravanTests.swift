import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoUI

/// Issue 15: a caravan's jornada on a laptop with no connection, merged at the server.
@MainActor @Suite(.serialized) struct CaravanTests {
    nonisolated static let password = "clave-de-la-caravana"
    nonisolated static let email = "vecina.papalotla@example.org"
    nonisolated static let papalotla = "15069"

    /// A server database (seeded, with an administrator and a consultation open
    /// today in Papalotla) and its caravan keys.
    @MainActor struct Server {
        let cli: CLI
        init(title: String = "Agua potable en Papalotla", alsoOpen more: [String] = []) throws {
            cli = try CLI()
            let db = try AppDatabase.open(path: cli.database)
            let op = Actor.operator("tests")
            let admin = Actor(account: try db.createAccount(username: "admin", displayName: "Admin", role: .administrator,
                                                            jurisdictionCode: nil, password: KioskAccounts.adminPassword,
                                                            by: op))
            for title in [title] + more {
                _ = try db.createConsultation(ConsultationDraft(
                    jurisdictionId: try db.jurisdiction(inegiCode: CaravanTests.papalotla)!.id!, title: title,
                    theme: .other, opensOn: day(fromToday: -1), closesOn: day(fromToday: 30),
                    questions: [QuestionDraft(prompt: "¿Qué falta en su colonia?", maxLength: 80),
                                QuestionDraft(prompt: "¿Tiene agua todos los días?", kind: .choice, required: false,
                                              choices: ["Sí", "No"])]), by: admin)
            }
        }

        func kit() throws -> String {
            let kit = cli.directory.appendingPathComponent("papalotla-\(UUID().uuidString).kit").path
            let result = try cli.run(["caravan", "prepare", "--municipality", CaravanTests.papalotla,
                                      "--date", day(fromToday: 0), "--output", kit])
            #expect(result.status == 0, "\(result.err)")
            return kit
        }

        func submissionCount() throws -> Int {
            try AppDatabase.openForChecking(path: cli.database).reader.read { try Submission.fetchCount($0) }
        }

        func auditHead() throws -> String {
            try cli.run(["audit", "head"]).out
        }
    }

    /// A laptop's own directory and database, never the server's.
    @MainActor struct Laptop {
        let cli: CLI
        let passwordFile: String
        var database: String { cli.database }

        init() throws {
            cli = try CLI()
            passwordFile = cli.directory.appendingPathComponent("password").path
            try (CaravanTests.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        }

        func open(_ kit: String) throws -> CLI.Result {
            try cli.run(["caravan", "open", kit, "--place", "Plaza de Papalotla", "--staff", "Ana López, Luis Pérez",
                         "--password-file", passwordFile, "--no-kiosk"])
        }

        /// Two citizens at the kiosk (the second leaves an e-mail) and one paper form typed by the staff.
        func takeThree() throws -> [String] {
            let db = try AppDatabase.open(path: database)
            let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
            let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
            let kioskAccount = try db.signIn(username: "caravana-kiosco", password: CaravanTests.password,
                                             at: "tests", for: .kiosk)
            let station = Station(place: "Plaza de Papalotla", jurisdictionId: kioskAccount.jurisdictionId!,
                                  channel: .caravan)
            var folios: [String] = []
            func kiosk() -> KioskFlow {
                KioskFlow(session: AppSession(database: db, account: kioskAccount, localizer: spanish, terminal: "tests"),
                          station: station, languages: [spanish, english])
            }
            // The kit's consultation, wherever the kit lists it.
            let listed = try db.openConsultations().map(\.title)
            let n = (listed.firstIndex(of: "Agua potable en Papalotla") ?? 0) + 1
            let first = kiosk()
            for input: FlowInput in [.choose(1), .choose(1), .choose(n), .choose(2), .text("Un pozo"), .next,
                                     .choose(2), .choose(3)] { _ = try first.handle(input) }
            guard case .takePart(.receipt(let one)) = first.step else { Issue.record("no receipt: \(first.step)"); return [] }
            folios.append(one)
            let second = kiosk()
            for input: FlowInput in [.choose(1), .choose(1), .choose(n), .choose(1), .text("Más pipas"), .next,
                                     .choose(1), .values(FormValues(["contactName": "Rosa",
                                                                     "contactEmail": CaravanTests.email])), .next,
                                     .choose(4)] { _ = try second.handle(input) }
            guard case .takePart(.receipt(let two)) = second.step else { Issue.record("no receipt: \(second.step)"); return [] }
            folios.append(two)
            folios.append(try typePaperForm(into: "Agua potable en Papalotla", answer: "Drenaje"))
            return folios
        }

        /// The officials' paper entry: the same flow, typed by the staff, no consent page.
        func typePaperForm(into title: String, answer: String) throws -> String {
            let db = try AppDatabase.open(path: database)
            let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
            let staff = try db.signIn(username: "caravana", password: CaravanTests.password, at: "tests", for: .administrator)
            let station = Station(place: "Plaza de Papalotla", jurisdictionId: try db.jurisdiction(inegiCode: CaravanTests.papalotla)!.id!,
                                  channel: .caravan)
            let n = (try db.openConsultations().map(\.title).firstIndex(of: title) ?? 0) + 1
            let paper = try TakePartFlow(session: AppSession(database: db, account: staff, localizer: spanish, terminal: "tests"),
                                         station: station, asksConsent: false)
            for input: FlowInput in [.choose(n), .text(answer), .next, .choose(2), .choose(3)] {
                _ = try paper.handle(input)
            }
            guard case .receipt(let folio) = paper.step else { Issue.record("no receipt: \(paper.step)"); return "" }
            return folio
        }

        func close(_ extra: [String] = []) throws -> String {
            let bundle = cli.directory.appendingPathComponent("jornada-\(UUID().uuidString).bundle").path
            let result = try cli.run(["caravan", "close", "--output", bundle] + extra)
            #expect(result.status == 0, "\(result.err)")
            return bundle
        }

        /// Every byte the laptop keeps: its database, WAL and side files.
        func bytes() throws -> Data {
            var all = Data()
            for name in try FileManager.default.contentsOfDirectory(atPath: cli.directory.path)
            where name.hasPrefix("cabildo.sqlite") {
                all.append(try Data(contentsOf: cli.directory.appendingPathComponent(name)))
            }
            return all
        }
    }

    /// A server, and a laptop opened with its kit where two citizens took
    /// part at the kiosk and the staff typed one paper form.
    static func jornada(at server: Server? = nil) throws -> (server: Server, laptop: Laptop, folios: [String]) {
        let server = try server ?? Server()
        let laptop = try Laptop()
        let opened = try laptop.open(try server.kit())
        #expect(opened.status == 0, "\(opened.err)")
        return (server, laptop, try laptop.takeThree())
    }

    /// The Done-when's end-to-end test.
    @Test func aJornadaOnALaptopIsMergedAtTheServerOnceWithTheContactDataOpenedOnlyThere() throws {
        let server = try Server()
        let keys = try server.cli.run(["keys"])
        #expect(keys.status == 0 && keys.out.contains("cabildo-caravan-1:"), "\(keys.err)")
        let kit = try server.kit()
        let laptop = try Laptop()
        let kitCopy = laptop.cli.directory.appendingPathComponent("papalotla.kit").path
        try FileManager.default.copyItem(atPath: kit, toPath: kitCopy)

        // The laptop works with no access to the server's files.
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: server.cli.directory.path)
        let opened = try laptop.open(kitCopy)
        #expect(opened.status == 0, "\(opened.err)")
        let folios = try laptop.takeThree()
        #expect(folios.count == 3)
        let bundle = try laptop.close(["--paper-collected", "2"])
        let laptopCheck = try laptop.cli.run(["check"])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: server.cli.directory.path)
        #expect(laptopCheck.status == 0, "\(laptopCheck.out)\(laptopCheck.err)")

        // The laptop never held the e-mail readable.
        #expect(try laptop.bytes().range(of: Data(Self.email.utf8)) == nil)
        #expect(try String(contentsOfFile: bundle, encoding: .utf8).contains(Self.email) == false)

        let first = try server.cli.run(["import", bundle])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("3 records merged"), "\(first.out)")
        let headAfterFirst = try server.auditHead()
        let second = try server.cli.run(["import", bundle])
        #expect(second.status == 0, "\(second.err)")
        #expect(second.out.contains("0 records merged, 3 merged before"), "\(second.out)")
        #expect(try server.auditHead() == headAfterFirst)

        // A server kiosk finds each folio with its answers.
        let db = try AppDatabase.open(path: server.cli.database)
        let session = AppSession(database: db, localizer: try Localizer.load(language: "es", localesDirectory: Resources.locales))
        for (folio, answer) in zip(folios, ["Un pozo", "Más pipas", "Drenaje"]) {
            let found = FolioFlow(session: session)
            _ = try found.handle(.text(Folio.display(folio)))
            _ = try found.handle(.next)
            #expect(found.step == .result && found.status?.folio == folio)
            let id = try db.reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM submission WHERE folio = ?", arguments: [folio]) }
            #expect(try db.answers(of: id!).map(\.text).contains(answer))
        }
        // The jornada as the officials' app lists it.
        let jornada = try #require(try db.jornadas().first)
        #expect(jornada.submissions == 3 && jornada.paperTyped == 1 && jornada.jornada.paperCollected == 2)
        #expect(jornada.jornada.mergedAt != nil && jornada.jornada.place == "Plaza de Papalotla")

        // In the officials' app: the jornadas pane, submissions filtered by jornada, tallies by jornada.
        let admin = try db.signIn(username: "admin", password: KioskAccounts.adminPassword, at: "tests", for: .administrator)
        let official = AppSession(database: db, account: admin,
                                  localizer: try Localizer.load(language: "en", localesDirectory: Resources.locales))
        let pane = JornadasPane()
        try pane.load(official)
        #expect(pane.rows.count == 1)
        #expect(pane.rows.row(0).text.contains("Papalotla (Estado de México) — Plaza de Papalotla"), "\(pane.rows.row(0).text)")
        #expect(pane.rows.row(0).text.contains("3 submissions, 0 messages — paper forms: 1 typed of 2 collected"),
                "\(pane.rows.row(0).text)")
        let consultation = try #require(try db.consultations().first { $0.title == "Agua potable en Papalotla" })
        let submissions = SubmissionsPane(consultation.id!)
        submissions.filters = Filters(["jornada": String(jornada.jornada.id!)])
        try submissions.load(official)
        #expect(submissions.rows.count == 3)
        let tallies = TalliesPane(nil, title: "")
        try tallies.load(official)
        #expect((0..<tallies.rows.count).contains { tallies.rows.row($0).text.contains("Plaza de Papalotla: 3") })

        // The contact data: only in an administrator's export.
        let open = try server.cli.run(["export", "submissions", "--format", "csv", "--internal", "--admin", "admin",
                                       "--password-stdin"], stdin: KioskAccounts.adminPassword + "\n")
        #expect(open.status == 0 && open.out.contains("Más pipas") && !open.out.contains(Self.email), "\(open.err)")
        let personal = try server.cli.run(["export", "submissions", "--format", "csv", "--internal", "--include-personal-data",
                                           "--admin", "admin", "--password-stdin"], stdin: KioskAccounts.adminPassword + "\n")
        #expect(personal.status == 0, "\(personal.err)")
        #expect(personal.out.contains(Self.email))
        let check = try server.cli.run(["check"])
        #expect(check.status == 0, "\(check.out)\(check.err)")
    }

    /// A bundle with one byte changed, one cut off, and one of a kit another
    /// server prepared: each refused (exit 3), named, with nothing written.
    @Test func alteredTruncatedAndForeignBundlesAreRefusedWithNothingWritten() throws {
        let (server, laptop, _) = try Self.jornada()
        let bundle = try laptop.close()
        let original = try Data(contentsOf: URL(fileURLWithPath: bundle))

        let (_, otherLaptop, _) = try Self.jornada(at: try Server(title: "Otra consulta"))
        let foreign = try otherLaptop.close()

        var altered = original
        let middle = altered.count / 2
        altered[middle] = altered[middle] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        let alteredPath = laptop.cli.directory.appendingPathComponent("altered.bundle").path
        try altered.write(to: URL(fileURLWithPath: alteredPath))
        let cutPath = laptop.cli.directory.appendingPathComponent("cut.bundle").path
        try original.prefix(original.count * 2 / 3).write(to: URL(fileURLWithPath: cutPath))

        let head = try server.auditHead()
        let count = try server.submissionCount()
        for (path, words) in [(alteredPath, "altered"), (cutPath, "cut off"), (foreign, "another server")] {
            let result = try server.cli.run(["import", path])
            #expect(result.status == 3, "\(path): \(result.out)")
            #expect(result.err.contains(path) && result.err.contains(words) && result.err.contains("Nothing was imported"),
                    "\(result.err)")
            #expect(try server.auditHead() == head)
            #expect(try server.submissionCount() == count)
        }
        // A kit altered on its way to the laptop is refused there, and no database is made.
        var kitBytes = try Data(contentsOf: URL(fileURLWithPath: try server.kit()))
        kitBytes[kitBytes.count / 3] ^= 0x01
        let alteredKit = laptop.cli.directory.appendingPathComponent("altered.kit").path
        try kitBytes.write(to: URL(fileURLWithPath: alteredKit))
        let fresh = try Laptop()
        let refused = try fresh.open(alteredKit)
        #expect(refused.status == 3 && refused.err.contains(alteredKit), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: fresh.database))

        // The untouched bundle still merges.
        #expect(try server.cli.run(["import", bundle]).status == 0)
        #expect(try server.submissionCount() == count + 3)
    }

    /// A folio the server already gave to something else: the bundle's record
    /// is kept under a new folio, and the import names both.
    @Test func aFolioCollisionIsReportedByFolioAndNothingIsLost() throws {
        let (server, laptop, folios) = try Self.jornada()
        let bundle = try laptop.close()
        let db = try AppDatabase.open(path: server.cli.database)
        let admin = try db.signIn(username: "admin", password: KioskAccounts.adminPassword, at: "tests", for: .administrator)
        let consultation = try #require(try db.consultations().first { $0.title == "Agua potable en Papalotla" })
        let questions = try db.questions(of: consultation.id!)
        let here = try db.recordSubmission(SubmissionDraft(consultationId: consultation.id!, channel: .paper, place: "Oficina",
                                                           jurisdictionId: consultation.jurisdictionId,
                                                           answers: [questions[0].id!: "Otra cosa"]), by: Actor(account: admin))
        // The same random folio given twice, as two devices could.
        try db.rawStorage.write { try $0.execute(sql: "UPDATE submission SET folio = ? WHERE id = ?", arguments: [folios[1], here.id]) }
        let result = try server.cli.run(["import", bundle])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Folio \(Folio.display(folios[1])) already named another record here"), "\(result.out)")
        #expect(result.out.contains("3 records merged"))
        let answers = try db.reader.read {
            try String.fetchAll($0, sql: "SELECT text FROM answer WHERE questionId = ? ORDER BY text", arguments: [questions[0].id])
        }
        #expect(answers == ["Drenaje", "Más pipas", "Otra cosa", "Un pozo"])
    }

    /// A required question a bundle's record leaves unanswered is refused as
    /// at a kiosk: the merge checks the consultation's questions, not only the
    /// answers the bundle carries.
    @Test func aBundleLeavingARequiredQuestionUnansweredIsRefused() throws {
        let (server, laptop, _) = try Self.jornada()
        let bundle = try laptop.close()
        // The server's consultation asks one more question, required, that the laptop never had.
        let db = try AppDatabase.open(path: server.cli.database)
        try db.rawStorage.write {
            try $0.execute(sql: """
                INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength)
                SELECT consultationId, max(position) + 1, '¿Algo más?', 'text', 1, 200 FROM consultationQuestion
                 WHERE consultationId = (SELECT id FROM consultation WHERE title LIKE '%Papalotla%' LIMIT 1)
                """)
        }
        let before = try server.submissionCount()
        let result = try server.cli.run(["import", bundle])
        #expect(result.status == 3, "\(result.out)\(result.err)")
        #expect(result.err.contains("¿Algo más?") || result.err.contains("required"), "\(result.err)")
        #expect(try server.submissionCount() == before)
    }

    /// A laptop whose database lost a submission's answers signs that record
    /// all the same; the server refuses it as it refuses an empty kiosk
    /// submission, naming the record, and writes nothing.
    @Test func aSubmissionWithNoAnswerInABundleIsRefused() throws {
        let (server, laptop, _) = try Self.jornada()
        let db = try AppDatabase.open(path: laptop.database)
        try db.rawStorage.write { try $0.execute(sql: "DELETE FROM answer WHERE submissionId = (SELECT min(id) FROM submission)") }
        let bundle = try laptop.close()
        let before = try server.submissionCount()
        let result = try server.cli.run(["import", bundle])
        #expect(result.status == 3)
        // Its question is required, so the refusal says so, as a kiosk's would.
        #expect(result.err.contains("record s:1") && result.err.contains("this field is required"), "\(result.err)")
        #expect(try server.submissionCount() == before)
    }

    /// "Check my folio" works offline for the municipality's earlier folios
    /// (the kit carries them with their public responses), and the staff's
    /// paper entry on the laptop records the caravan channel.
    @Test func theLaptopChecksEarlierFoliosOfflineAndTypesPaperFormsOnTheCaravanChannel() throws {
        let server = try Server()
        let db = try AppDatabase.open(path: server.cli.database)
        let admin = Actor(account: try db.signIn(username: "admin", password: KioskAccounts.adminPassword, at: "tests",
                                                 for: .administrator))
        let consultation = try #require(try db.consultations().first { $0.title == "Agua potable en Papalotla" })
        let question = try db.questions(of: consultation.id!)[0]
        let earlier = try db.recordSubmission(SubmissionDraft(consultationId: consultation.id!, channel: .paper,
                                                              place: "Oficina", jurisdictionId: consultation.jurisdictionId,
                                                              answers: [question.id!: "Bacheo"]), by: admin)
        _ = try db.respondToSubmission(earlier.id!, body: "Se programó el bacheo para enero.", by: admin)
        let laptop = try Laptop()
        #expect(try laptop.open(try server.kit()).status == 0)

        let offline = try AppDatabase.open(path: laptop.database)
        let status = try offline.folioStatus(Folio.display(earlier.folio))
        #expect(status.response == "Se programó el bacheo para enero.")
        #expect(status.consultationTitle == "Agua potable en Papalotla")

        let staff = try offline.signIn(username: "caravana", password: Self.password, at: "tests", for: .administrator)
        let session = AppSession(database: offline, account: staff,
                                 localizer: try Localizer.load(language: "es", localesDirectory: Resources.locales))
        let form = try PaperForm.spec(consultation.id!, session)
        guard case .choice(let channels) = try #require(form.fields.first { $0.key == "channel" }).kind else {
            Issue.record("no channel choice"); return
        }
        #expect(channels.map(\.id) == ["caravan"])
    }

    /// kill -9 at random moments of an import, then an import to the end:
    /// every submission exactly once.
    @Test func anImportKilledAtRandomThenRepeatedLeavesEverySubmissionOnce() throws {
        let (server, laptop, folios) = try Self.jornada()
        let bundle = try laptop.close()
        for _ in 0..<6 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["import", bundle]
            var env = ProcessInfo.processInfo.environment
            env["CABILDO_DATABASE"] = server.cli.database
            env["HOME"] = server.cli.directory.path
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...250_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(try server.cli.run(["import", bundle]).status == 0)
        let db = try AppDatabase.openForChecking(path: server.cli.database)
        for folio in folios {
            #expect(try db.reader.read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM submission WHERE folio = ?", arguments: [folio])
            } == 1)
        }
        #expect(try server.cli.run(["check"]).status == 0)
    }

    /// The bundle's records, as `caravan close` has always written them: the
    /// jornada, then each submission in the order taken (key, folio, answers
    /// by question, sealed contact, paper) exactly as the laptop stores it,
    /// then the audit entries, then the signature. Reading the records one
    /// statement per kind must not change a byte of this.
    @Test func aBundleHoldsTheJornadasRecordsInOrderWithTheirAnswers() throws {
        let (_, laptop, folios) = try Self.jornada()
        let bundle = try laptop.close(["--paper-collected", "1"])
        let lines = try String(contentsOfFile: bundle, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let header = try #require(lines.first?["jornada"] as? [String: Any])
        #expect(header["submissions"] as? Int == 3 && header["contactRequests"] as? Int == 0)
        #expect(header["paperTyped"] as? Int == 1 && header["paperCollected"] as? Int == 1)
        let parts = lines.dropFirst().prefix(3).compactMap { $0["submission"] as? [String: Any] }
        #expect(parts.map { $0["folio"] as? String } == folios)
        #expect(parts.map { $0["sealedContact"] != nil } == [false, true, false])
        #expect(parts.map { $0["typedFromPaper"] as? Bool } == [false, false, true])
        let db = try AppDatabase.open(path: laptop.database)
        var ids: [Int64] = []
        for (part, folio) in zip(parts, folios) {
            let id = try #require(try db.reader.read {
                try Int64.fetchOne($0, sql: "SELECT id FROM submission WHERE folio = ?", arguments: [folio])
            })
            ids.append(id)
            #expect(part["key"] as? String == "s:\(id)")
            let answers = (part["answers"] as? [[String: Any]] ?? []).map {
                "\($0["questionId"] as? Int64 ?? 0)=\($0["text"] as? String ?? "")"
            }
            let stored = try db.reader.read {
                try Row.fetchAll($0, sql: "SELECT questionId, text FROM answer WHERE submissionId = ? ORDER BY questionId",
                                 arguments: [id]).map { "\($0[0] as Int64)=\($0[1] as String)" }
            }
            #expect(answers == stored && answers.count == 2, "\(answers) \(stored)")
        }
        #expect(ids == ids.sorted())
        #expect(parts.map { ($0["answers"] as? [[String: Any]])?.first?["text"] as? String } == ["Un pozo", "Más pipas", "Drenaje"])
        // Then only audit entries, then the signature.
        let rest = lines.dropFirst(4)
        #expect(rest.dropLast().allSatisfy { $0["audit"] != nil } && rest.dropLast().count > 0)
        #expect(rest.last?["end"] != nil)
    }

    /// A jornada that took part in two consultations: each submission's
    /// answers are checked against its own consultation's questions (read
    /// once per consultation in the merge), and all are merged.
    @Test func aBundleAnsweringTwoConsultationsMergesEachWithItsOwnQuestions() throws {
        let (server, laptop, three) = try Self.jornada(at: try Server(alsoOpen: ["Alumbrado en Papalotla"]))
        let folios = three
            + [try laptop.typePaperForm(into: "Alumbrado en Papalotla", answer: "Lámparas en la plaza"),
               try laptop.typePaperForm(into: "Agua potable en Papalotla", answer: "Tinacos")]
        let result = try server.cli.run(["import", try laptop.close()])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("5 records merged"), "\(result.out)")
        let db = try AppDatabase.open(path: server.cli.database)
        let merged = try db.reader.read {
            try Row.fetchAll($0, sql: """
                SELECT s.folio, c.title, a.text FROM submission s JOIN consultation c ON c.id = s.consultationId
                JOIN answer a ON a.submissionId = s.id JOIN consultationQuestion q ON q.id = a.questionId
                WHERE q.consultationId = s.consultationId AND q.position = (SELECT min(position) FROM consultationQuestion
                                                                            WHERE consultationId = s.consultationId)
                """).map { "\($0[0] as String) \($0[1] as String): \($0[2] as String)" }
        }
        #expect(Set(merged) == Set(zip(folios, ["Agua potable en Papalotla: Un pozo", "Agua potable en Papalotla: Más pipas",
                                                "Agua potable en Papalotla: Drenaje",
                                                "Alumbrado en Papalotla: Lámparas en la plaza",
                                                "Agua potable en Papalotla: Tinacos"]).map { "\($0) \($1)" }), "\(merged)")
    }

    /// Two jornadas merged at one server: the jornadas list counts each its
    /// own records, and the submissions list filtered by one jornada, then
    /// the other, then the first again in the same session shows each time
    /// only that jornada's submissions, counted and located among them (the
    /// jornada is a bound value of statements kept prepared).
    @Test func filteringByOneJornadaThenAnotherShowsEachItsOwnSubmissions() throws {
        let server = try Server()
        var jornadaFolios: [[String]] = []
        for paper in ["2", "1"] {
            let laptop = try Laptop()
            #expect(try laptop.open(try server.kit()).status == 0)
            jornadaFolios.append(try laptop.takeThree())
            let result = try server.cli.run(["import", try laptop.close(["--paper-collected", paper])])
            #expect(result.status == 0 && result.out.contains("3 records merged"), "\(result.err)")
        }
        let db = try AppDatabase.open(path: server.cli.database)
        let jornadas = try db.jornadas()
        #expect(jornadas.map(\.submissions) == [3, 3] && jornadas.map(\.paperTyped) == [1, 1])
        #expect(jornadas.map(\.contactRequests) == [0, 0] && jornadas.map(\.jornada.paperCollected) == [1, 2])
        #expect(jornadas.map(\.municipality) == ["Papalotla (Estado de México)", "Papalotla (Estado de México)"])
        // Newest first: the second jornada merged is listed first.
        let ids = jornadas.reversed().map { $0.jornada.id! }

        let admin = try db.signIn(username: "admin", password: KioskAccounts.adminPassword, at: "tests", for: .administrator)
        let official = AppSession(database: db, account: admin,
                                  localizer: try Localizer.load(language: "en", localesDirectory: Resources.locales))
        let consultation = try #require(try db.consultations().first { $0.title == "Agua potable en Papalotla" })
        let pane = SubmissionsPane(consultation.id!)
        for n in [0, 1, 0, 1] {
            pane.filters = Filters(["jornada": String(ids[n])])
            try pane.load(official)
            let shown = (0..<pane.rows.count).map { pane.rows.row($0).text }
            #expect(shown.count == 3 && pane.header.first?.contains("3 in all") == true, "\(pane.header) \(shown)")
            for folio in jornadaFolios[n] {
                #expect(shown.contains { $0.hasPrefix(Folio.display(folio)) }, "\(folio) not in \(shown)")
            }
            // The other jornada's submissions are not located in this list.
            let summaries = try db.submissions(of: consultation.id!, limit: 10)
            for summary in summaries {
                let index = try db.submissionIndex(of: summary, in: consultation.id!, jornadaId: ids[n])
                #expect((index != nil) == jornadaFolios[n].contains(summary.folio), "\(summary.folio) at \(String(describing: index))")
            }
        }
        pane.filters = Filters()
        try pane.load(official)
        #expect(pane.rows.count == 6)
    }

    /// Closing reads the jornada's submissions, their answers and its contact
    /// requests one statement per kind, and the merge reads a consultation's
    /// questions once: neither reads more statements for more records.
    @Test func closingAndMergingReadOneStatementPerKindNotPerRecord() throws {
        let (server, laptop, _) = try Self.jornada()
        _ = try laptop.typePaperForm(into: "Agua potable en Papalotla", answer: "Tinacos")
        let onLaptop = try AppDatabase.open(path: laptop.database)
        let (bundle, closing) = try onLaptop.statements {
            try onLaptop.closeJornada(paperCollected: nil, databasePath: laptop.database, by: .operator("tests"))
        }
        #expect(bundle.submissions == 4)
        let reads = closing.filter { $0.hasPrefix("SELECT") }
        #expect(reads.filter { $0.contains("answer") }.count == 1, "\(reads)")
        #expect(reads.filter { $0.contains("submission\"") || $0.contains("submission s") }.count == 1, "\(reads)")
        #expect(reads.filter { $0.contains("contactRequest c") || $0.contains("contactRequest\"") }.count == 1, "\(reads)")

        let db = try AppDatabase.open(path: server.cli.database)
        let keys = try CaravanServerKeys.forDatabase(at: server.cli.database, create: false)
        let (report, merging) = try db.statements {
            try db.importCaravanBundle(bundle.text, file: "jornada.bundle", keys: keys, by: .operator("tests"))
        }
        #expect(report.added == 4)
        let questionReads = merging.filter { $0.hasPrefix("SELECT") && $0.contains("consultationQuestion") }
        #expect(questionReads.count == 1, "\(questionReads)")
    }

    /// `caravan open` reaches the kiosk on the laptop, in a terminal.
    @Test func caravanOpenRunsTheKioskOnTheCaravanChannel() throws {
        let server = try Server()
        let laptop = try Laptop()
        let kit = try server.kit()
        let tmux = try Tmux(["caravan", "open", kit, "--place", "Plaza de Papalotla", "--staff", "Ana López",
                             "--password-file", laptop.passwordFile],
                            environment: ["CABILDO_DATABASE": laptop.database, "LANG": "es_MX.UTF-8",
                                          "HOME": laptop.cli.directory.path, "TERM": "screen"])
        try tmux.keepPaneOnExit()
        tmux.waitFor("the welcome") { $0.contains("Bienvenida · Welcome") }
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try tmux.type("1")
        tmux.waitFor("the kit's consultation") { $0.contains("Agua potable en Papalotla") }
    }
}
