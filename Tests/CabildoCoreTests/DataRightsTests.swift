import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Data-rights (ARCO) requests: deadlines from the data files, the register, and each right.
@Suite struct DataRightsTests {
    static let rule = ArcoDeadlineRule(law: "LGPDPPSO", article: "art. 51", days: 20, extensionDays: 10,
                                       businessDays: true, effectiveFrom: "2017-01-27")

    @Test func theDeadlineSkipsWeekendsAndHolidays() {
        // Received on Friday 13 March 2026; Monday 16 March is a holiday (third Monday of March).
        let withHoliday = ArcoRules(deadlines: [Self.rule], holidays: ["2026-03-16"])
        let without = ArcoRules(deadlines: [Self.rule], holidays: [])
        #expect(withHoliday.day(1, after: "2026-03-13") == "2026-03-17")   // past the weekend and the holiday
        #expect(without.day(1, after: "2026-03-13") == "2026-03-16")
        #expect(withHoliday.dueOn(receivedOn: "2026-03-13", rule: Self.rule, extended: false) == "2026-04-13")
        #expect(without.dueOn(receivedOn: "2026-03-13", rule: Self.rule, extended: false) == "2026-04-10")
        // Extended once by 10 business days.
        #expect(withHoliday.dueOn(receivedOn: "2026-03-13", rule: Self.rule, extended: true) == "2026-04-27")
        // Calendar days, for a rule that counts them.
        let calendar = ArcoDeadlineRule(law: "x", article: "y", days: 20, extensionDays: 0, businessDays: false,
                                        effectiveFrom: "2017-01-27")
        #expect(withHoliday.dueOn(receivedOn: "2026-03-13", rule: calendar, extended: false) == "2026-04-02")
        #expect(withHoliday.businessDays(from: "2026-03-13", to: "2026-03-17") == 1)
        #expect(withHoliday.businessDays(from: "2026-03-17", to: "2026-03-13") == -1)
    }

    @Test func theShippedRulesCiteTheLawAndTheHolidays() throws {
        let rules = try ArcoRules.standard()
        let rule = try rules.rule(on: "2026-03-02")
        #expect(rule.days == 20 && rule.extensionDays == 10 && rule.businessDays)
        #expect(rule.article == "art. 51" && rule.law.contains("Sujetos Obligados"))
        #expect(rules.holidays.contains("2026-03-16") && rules.holidays.contains("2026-11-16"))
        #expect(!rules.isBusinessDay("2026-03-14") && !rules.isBusinessDay("2026-03-15"))   // a weekend
        #expect(rules.isBusinessDay("2026-03-17"))
        #expect(cabildoError { try rules.rule(on: "2016-12-31") }?.kind == .dataFile)
    }

    @Test func aBadRowOfTheDataFilesIsNamedByFileAndLine() throws {
        let directory = try temporaryDirectory()
        try "law,article,days,extension_days,business_days,effective_from\nL,a,veinte,10,yes,2017-01-27\n"
            .write(to: directory.appendingPathComponent(ArcoRules.deadlinesFile), atomically: true, encoding: .utf8)
        try "date,name\n2026-01-01,Año Nuevo\n"
            .write(to: directory.appendingPathComponent(ArcoRules.holidaysFile), atomically: true, encoding: .utf8)
        let error = cabildoError { try ArcoRules.load(from: directory) }
        #expect(error?.kind == .dataFile)
        #expect(error?.description.contains("arco-deadlines.csv:2: column 'days'") == true)
    }

    /// A published submission with contact data and a public response.
    static func answeredSubmission(_ world: World) throws -> Submission {
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más rutas al metro", consultation: consultation, questions: questions,
                                          contact: ContactDetails(name: "María Pérez", email: "maria.perez@example.mx",
                                                                  phone: "55 1234 5678"),
                                          notice: "2026-01")
        _ = try world.db.moderateSubmission(submission.id!, .publish, by: world.admin)
        _ = try world.db.respondToSubmission(submission.id!, body: "Se estudiará una ruta nueva.", by: world.admin)
        return submission
    }

    static func request(_ world: World, _ right: ArcoRight, _ folios: [String], receivedOn: String? = nil)
        throws -> ArcoRequest {
        try world.db.addArcoRequest(ArcoRequestDraft(requesterName: "Solicitante", kind: right, folios: folios,
                                                     receivedOn: receivedOn, channel: .office),
                                    rules: try ArcoRules.standard(), by: world.admin)
    }

    @Test func theRegisterListsByDeadlineAndSaysWhichAreOverdue() throws {
        let world = try World()   // today is Monday 2 March 2026
        let submission = try Self.answeredSubmission(world)
        let recent = try Self.request(world, .access, [submission.folio])
        #expect(recent.dueOn == "2026-03-31")   // 20 business days, 16 March skipped
        #expect(recent.law.contains("Sujetos Obligados") && recent.article == "art. 51")
        let old = try Self.request(world, .opposition, [Folio.display(submission.folio).lowercased()],
                                   receivedOn: "2026-01-15")
        #expect(old.dueOn == "2026-02-13")      // 2 February, a holiday, skipped
        let list = try world.db.arcoRequests(rules: try ArcoRules.standard(), for: world.admin)
        #expect(list.map(\.request.id) == [old.id, recent.id])
        #expect(list[0].isOverdue && list[0].businessDaysLeft == -11)
        #expect(!list[1].isOverdue && list[1].businessDaysLeft == 20)
        #expect(list[0].folios == [submission.folio])
        // The trail keeps the request without the requester's name.
        let entry = try world.db.reader.read { db in
            try AuditEntry.filter(Column("action") == "arco.add").fetchOne(db)!
        }
        #expect(entry.after?.contains("Solicitante") == false)
        #expect(try world.db.check().isHealthy)
    }

    @Test func theDeadlineIsExtendedOnceOnly() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let request = try Self.request(world, .access, [submission.folio])
        let extended = try world.db.extendArcoDeadline(request.id!, rules: try ArcoRules.standard(), by: world.admin)
        #expect(extended.dueOn == "2026-04-14" && extended.extended)
        let again = cabildoError { try world.db.extendArcoDeadline(request.id!, rules: try ArcoRules.standard(),
                                                                   by: world.admin) }
        #expect(again?.kind == .conflict)
    }

    @Test func aRequestNeedsKnownFoliosAndADayNotInTheFuture() throws {
        let world = try World()
        #expect(cabildoError { try Self.request(world, .access, []) }?.field == "folios")
        #expect(cabildoError { try Self.request(world, .access, [Folio.random()]) }?.kind == .notFound)
        let submission = try Self.answeredSubmission(world)
        #expect(cabildoError { try Self.request(world, .access, [submission.folio], receivedOn: "2026-03-03") }?
            .field == "receivedOn")
    }

    @Test func onlyAnAdministratorHandlesRequests() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        for actor in [world.tlalnepantlaEditor, world.stateEditor, world.monitor, world.kiosk, Actor.nobody] {
            let refused = cabildoError {
                try world.db.addArcoRequest(ArcoRequestDraft(requesterName: "X", kind: .access, folios: [submission.folio],
                                                             channel: .office),
                                            rules: try ArcoRules.standard(), by: actor)
            }
            #expect(refused?.kind == .permission)
            #expect(cabildoError { try world.db.arcoRequests(rules: try ArcoRules.standard(), for: actor) }?.kind
                == .permission)
        }
        let request = try Self.request(world, .cancellation, [submission.folio])
        #expect(cabildoError { try world.db.cancelArcoContact(request.id!, by: world.stateEditor) }?.kind == .permission)
        #expect(try world.db.submission(submission.id!, for: world.admin).contactEmail == "maria.perez@example.mx")
    }

    @Test func eachActionGivesEffectToItsOwnRightAndNothingFollowsAClose() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let access = try Self.request(world, .access, [submission.folio])
        #expect(cabildoError { try world.db.cancelArcoContact(access.id!, by: world.admin) }?.kind == .validation)
        #expect(try world.db.submission(submission.id!, for: world.admin).contactEmail != nil)
        let closed = try world.db.closeArcoRequest(access.id!, outcome: "Se entregó copia.", by: world.admin)
        #expect(closed.status == .closed && closed.closedOn == "2026-03-02")
        let directory = try temporaryDirectory()
        let file = world.db.outputFile(directory.appendingPathComponent("copia.json").path)
        #expect(cabildoError { try world.db.giveArcoCopy(access.id!, to: file, by: world.admin) }?.kind == .conflict)
        let list = try world.db.arcoRequests(rules: try ArcoRules.standard(), for: world.admin)
        #expect(list.count == 1 && !list[0].isOverdue)
    }

    @Test func accessWritesTheirDataOwnerOnly() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let request = try Self.request(world, .portability, [submission.folio])
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("copia.json").path
        #expect(try world.db.giveArcoCopy(request.id!, to: world.db.outputFile(path), by: world.admin) == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let item = (json["submissions"] as! [[String: Any]])[0]
        #expect(item["contactEmail"] as? String == "maria.perez@example.mx")
        #expect(item["folio"] as? String == Folio.display(submission.folio))
        #expect(item["response"] as? String == "Se estudiará una ruta nueva.")
        #expect((item["answers"] as! [[String: String]])[0]["answer"] == "Más rutas al metro")
        #expect(try world.db.arcoRequest(request.id!, for: world.admin).actedOn == "2026-03-02")
        let actions = try world.db.reader.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry") }
        #expect(actions.contains("arco.access") && actions.contains("arco.copyWritten"))
    }

    @Test func rectificationReplacesOnlyWhatIsGiven() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let request = try Self.request(world, .rectification, [submission.folio])
        #expect(cabildoError { try world.db.rectifyArcoContact(request.id!, folio: nil, contact: ContactDetails(email: "no"),
                                                               by: world.admin) }?.field == "contactEmail")
        let fixed = try world.db.rectifyArcoContact(request.id!, folio: submission.folio,
                                                    contact: ContactDetails(email: "maria.p@example.mx"), by: world.admin)
        #expect(fixed.contactEmail == "maria.p@example.mx" && fixed.contactPhone == "55 1234 5678"
            && fixed.contactName == "María Pérez")
        #expect(try world.db.check().isHealthy)
    }

    @Test func oppositionMarksTheFoliosForTheNoticesOutbox() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let (consultation, questions) = try world.consultation()
        let other = try world.submit("Otra", consultation: consultation, questions: questions)
        let request = try Self.request(world, .opposition, [submission.folio])
        #expect(try !world.db.noticesOpposed(submissionId: submission.id!))
        try world.db.opposeArcoNotices(request.id!, by: world.admin)
        try world.db.opposeArcoNotices(request.id!, by: world.admin)   // twice: still one mark
        #expect(try world.db.noticesOpposed(submissionId: submission.id!))
        #expect(try !world.db.noticesOpposed(submissionId: other.id!))
        #expect(try world.db.check().isHealthy)
    }

    @Test func aPersonWhoOpposedNoticesGetsNoNoticeOfALaterResponse() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let opposed = try world.submit("Más rutas", consultation: consultation, questions: questions,
                                       contact: ContactDetails(name: "Ana Ruiz", email: "ana@example.mx"), notice: "2026-01")
        let request = try Self.request(world, .opposition, [opposed.folio])
        try world.db.opposeArcoNotices(request.id!, by: world.admin)
        _ = try world.db.respondToSubmission(opposed.id!, body: "Se agregará una ruta.", by: world.tlalnepantlaEditor)
        #expect(try world.db.notices(.all, for: world.admin).isEmpty)
    }

    @Test func cancellationErasesTheContactDataEverywhereAndKeepsTheSubmission() throws {
        let world = try World()
        let submission = try Self.answeredSubmission(world)
        let erasedValues = ["María Pérez", "maria.perez@example.mx", "55 1234 5678"]
        let request = try Self.request(world, .cancellation, [submission.folio])
        let erased = try world.db.cancelArcoContact(request.id!, by: world.admin)
        #expect(erased.count == 1)

        // The submission, its answers and its public response stay; the contact data is gone.
        let kept = try world.db.submission(submission.id!, for: world.admin)
        #expect(kept.contactName == nil && kept.contactEmail == nil && kept.contactPhone == nil)
        #expect(kept.moderation == .published && kept.folio == submission.folio)
        #expect(try world.db.answers(of: submission.id!).map(\.text) == ["Más rutas al metro"])
        #expect(try world.db.folioStatus(submission.folio).response == "Se estudiará una ruta nueva.")

        // Every export, personal data and unpublished ones included.
        for format in ExportFormat.allCases {
            var text = ""
            try world.db.export(.submissions, format: format, includePersonalData: true, includeUnpublished: true,
                                by: world.admin) { text += $0 }
            #expect(text.contains(Folio.display(submission.folio)) || text.contains(submission.folio))
            for value in erasedValues { #expect(!text.contains(value), "\(format) export holds \(value)") }
        }

        // The trail says it was erased, without the values or their keyed digest.
        let entries = try world.db.reader.read { try AuditEntry.order(Column("id")).fetchAll($0) }
        let cancel = try #require(entries.first { $0.action == "arco.cancel" && $0.recordTable == "submission" })
        #expect(cancel.before?.contains("personalDigest") == false)
        #expect(cancel.before?.contains("\"folio\"") == true)
        for entry in entries {
            for value in erasedValues {
                #expect(entry.before?.contains(value) != true && entry.after?.contains(value) != true)
            }
        }
        // Later states of the record are what `check` compares.
        _ = try world.db.linkSubmission(submission.id!, toCommitment: nil, by: world.admin)
        #expect(try world.db.check().isHealthy)

        // And a backup made afterwards holds none of it, not even in freed space.
        let directory = try temporaryDirectory()
        let backup = directory.appendingPathComponent("copia.sqlite").path
        try world.db.backup(to: backup)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        for value in erasedValues {
            #expect(bytes.range(of: Data(value.utf8)) == nil, "the backup holds \(value)")
        }
    }
}
