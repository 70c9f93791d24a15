import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Notices to citizens who left contact data, and answers to their messages.
@Suite struct NoticeTests {
    static let email = ContactDetails(name: "Ana Ruiz", email: "ana@example.mx")
    static let phone = ContactDetails(name: "Luis", phone: "55 1234 5678")

    @Test func aPublishedResponseQueuesOneNoticeOnlyWithContactDataGivenWithConsent() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let withMail = try world.submit("Más rutas", consultation: consultation, questions: questions,
                                        contact: Self.email, notice: "2026-01")
        let anonymous = try world.submit("Banquetas", consultation: consultation, questions: questions)
        let before = try world.auditCount()
        _ = try world.db.respondToSubmission(anonymous.id!, body: "Se revisará.", by: world.tlalnepantlaEditor)
        #expect(try world.db.notices(.all, for: world.admin).isEmpty)
        _ = try world.db.respondToSubmission(withMail.id!, body: "Se agregará una ruta.", by: world.tlalnepantlaEditor)
        // Revised before it went out: the same notice, with the latest text.
        _ = try world.db.respondToSubmission(withMail.id!, body: "Se agregarán dos rutas.", by: world.tlalnepantlaEditor)
        let notices = try world.db.notices(.toEmail, for: world.admin)
        #expect(notices.count == 1)
        #expect(notices[0].folio == withMail.folio && notices[0].body == "Se agregarán dos rutas.")
        #expect(notices[0].about == consultation.title && notices[0].kind == .submissionResponse)
        #expect(try world.db.notices(.toCall, for: world.admin).isEmpty)
        // Audited (queue and revise), without the address in the trail.
        let entries = try world.db.reader.read {
            try AuditEntry.filter(Column("recordTable") == "notice" && Column("id") > before).fetchAll($0)
        }
        #expect(entries.map(\.action) == ["notice.queue", "notice.revise"])
        #expect(entries.allSatisfy { $0.after?.contains("ana@example.mx") == false })
        // Whoever may not read citizens' contact data may not read the outbox.
        #expect(cabildoError { try world.db.notices(.all, for: world.monitor) }?.kind == .permission)
    }

    @Test func eachNoticeIsSentOnceAndAFailureLeavesItQueuedWithTheError() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más rutas", consultation: consultation, questions: questions,
                                          contact: Self.email, notice: "2026-01")
        _ = try world.db.respondToSubmission(submission.id!, body: "Se agregará una ruta.", by: world.tlalnepantlaEditor)
        struct Refused: Error {}
        let failed = try world.db.sendQueuedNotices(by: .operator("tests")) { _ in throw Refused() }
        #expect(failed.sent.isEmpty && failed.failed.count == 1)
        var waiting = try world.db.notices(.toEmail, for: world.admin)
        #expect(waiting.count == 1 && waiting[0].attempts == 1 && waiting[0].lastError != nil)
        var handed: [String] = []
        var beingSent: [Notice] = []
        let sent = try world.db.sendQueuedNotices(by: .operator("tests")) {
            handed.append($0.email!)
            // Claimed before it is handed over: another run (or one after a crash) leaves it alone.
            beingSent = try world.db.notices(.beingSent, for: world.admin)
            #expect(try world.db.notices(.toEmail, for: world.admin).isEmpty)
        }
        #expect(beingSent.map(\.id) == [waiting[0].id])
        #expect(sent.sent.count == 1 && handed == ["ana@example.mx"])
        let again = try world.db.sendQueuedNotices(by: .operator("tests")) { handed.append($0.email!) }
        #expect(again.sent.isEmpty && handed.count == 1)
        waiting = try world.db.notices(.all, for: world.admin)
        #expect(waiting.map(\.status) == [.sent] && waiting[0].lastError == nil && waiting[0].doneAt != nil)
        try world.db.reader.read { db in
            #expect(try Audit.verify(db, key: world.db.auditKey).isEmpty)
            var drift = 0
            try Audit.forEachDrift(db) { _ in drift += 1 }
            #expect(drift == 0)
        }
    }

    @Test func aTelephoneOnlyNoticeIsListedToCallAndMarkedDeliveredByHand() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        let submission = try world.submit("Más rutas", consultation: consultation, questions: questions,
                                          contact: Self.phone, notice: "2026-01")
        _ = try world.db.respondToSubmission(submission.id!, body: "Gracias.", by: world.tlalnepantlaEditor)
        #expect(try world.db.sendQueuedNotices(by: .operator("tests")) { _ in Issue.record("not by e-mail") }.sent.isEmpty)
        let state = try world.jurisdictionId("15")
        let toCall = try world.db.notices(.toCall, jurisdictionId: state, for: world.admin)
        #expect(toCall.count == 1 && toCall[0].phone == "55 1234 5678")
        #expect(try world.db.notices(.toCall, jurisdictionId: try world.jurisdictionId("15031"), for: world.admin).isEmpty)
        let marked = try world.db.markNoticeDeliveredByHand(toCall[0].id!, by: world.tlalnepantlaEditor)
        #expect(marked.status == .deliveredByHand)
        #expect(try world.db.notices(.toCall, for: world.admin).isEmpty)
        #expect(cabildoError { try world.db.markNoticeDeliveredByHand(toCall[0].id!, by: world.admin) }?.kind == .conflict)
    }

    @Test func aContactRequestHasAFolioAndIsAnsweredOnceByItsJurisdiction() throws {
        let world = try World()
        let mechanism = try #require(try world.db.mechanisms(jurisdictionId: try world.jurisdictionId("15104")).first)
        let request = try world.db.sendContactRequest(mechanismId: mechanism.id!, message: "¿Cuándo sesionan?",
                                                      contact: Self.email, privacyNoticeVersion: "2026-01",
                                                      place: "Palacio Municipal", by: world.kiosk)
        let folio = try #require(request.folio)
        #expect(try Folio.normalise(folio) == folio)
        let otherEditor = Actor(account: try world.db.createAccount(
            username: "editor.chima", displayName: "x", role: .editor, jurisdictionCode: "15031",
            password: World.password, by: .operator("tests")))
        #expect(cabildoError { try world.db.answerContactRequest(request.id!, answer: "Sí", by: otherEditor) }?.kind
            == .permission)
        #expect(cabildoError { try world.db.answerContactRequest(request.id!, answer: "Sí", by: world.kiosk) }?.kind
            == .permission)
        #expect(try world.db.contactRequestStatus(Folio.display(folio)).status == .new)
        let answered = try world.db.answerContactRequest(request.id!, answer: "El primer lunes de cada mes.",
                                                         by: world.tlalnepantlaEditor)
        #expect(answered.status == .answered && answered.answeredBy == world.tlalnepantlaEditor.accountId)
        let status = try world.db.contactRequestStatus(folio.lowercased())
        #expect(status.answer == "El primer lunes de cada mes." && status.mechanismName == mechanism.name)
        let notices = try world.db.notices(.toEmail, for: world.admin)
        #expect(notices.count == 1 && notices[0].kind == .contactAnswer && notices[0].folio == folio)
        #expect(cabildoError { try world.db.closeContactRequest(request.id!, reason: "Duplicado", by: world.admin) }?.kind
            == .conflict)
    }

    @Test func aClosedContactRequestKeepsItsReasonAndQueuesNothing() throws {
        let world = try World()
        let mechanism = try #require(try world.db.mechanisms(jurisdictionId: try world.jurisdictionId("15104")).first)
        let request = try world.db.sendContactRequest(mechanismId: mechanism.id!, message: "Hola", contact: Self.phone,
                                                      privacyNoticeVersion: "2026-01", place: nil, by: world.kiosk)
        #expect(cabildoError { try world.db.closeContactRequest(request.id!, reason: " ", by: world.stateEditor) }?.field
            == "reason")
        let closed = try world.db.closeContactRequest(request.id!, reason: "No es asunto de este comité.",
                                                      by: world.stateEditor)
        #expect(closed.status == .closed && closed.answer == "No es asunto de este comité.")
        #expect(try world.db.notices(.all, for: world.admin).isEmpty)
        let entry = try world.db.reader.read {
            try AuditEntry.order(Column("id").desc).fetchOne($0)
        }
        #expect(entry?.action == "contactRequest.close" && entry?.after?.contains("55 1234") == false)
    }

    /// A sendmail that hangs is stopped, and says so; one that succeeds gets
    /// the recipient as an argument and the message on its input.
    @Test func aHangingSendmailIsStoppedAndAWorkingOneGetsTheMessage() throws {
        let directory = try temporaryDirectory()
        let hanging = directory.appendingPathComponent("hanging").path
        try "#!/bin/sh\nexec sleep 60\n".write(toFile: hanging, atomically: true, encoding: .utf8)
        let working = directory.appendingPathComponent("working").path
        try "#!/bin/sh\nprintf '%s ' \"$@\" > \"$0.args\"\ncat > \"$0.eml\"\n".write(toFile: working, atomically: true,
                                                                                    encoding: .utf8)
        for script in [hanging, working] {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script)
        }
        let started = Date()
        let error = cabildoError { try Sendmail(path: hanging, timeout: 1).deliver(Data("x\n".utf8), to: "a@example.mx") }
        #expect(error?.message.description.contains("did not finish within 1 seconds") == true)
        #expect(Date().timeIntervalSince(started) < 45)   // well before the sleep ends, even on a loaded machine
        try Sendmail(path: working).deliver(Data("Subject: x\n\nhola\n".utf8), to: "a@example.mx")
        #expect(try String(contentsOfFile: working + ".args", encoding: .utf8) == "-i -- a@example.mx ")
        #expect(try String(contentsOfFile: working + ".eml", encoding: .utf8) == "Subject: x\n\nhola\n")
        #expect(cabildoError { try Sendmail(path: directory.appendingPathComponent("none").path)
            .deliver(Data(), to: "a@example.mx") }?.message.description.contains("There is no sendmail program") == true)
    }

    /// Nothing from the data reaches a header unencoded, and the body says
    /// the folio and the response, in Spanish.
    @Test func theMailCannotBeGivenHeadersByItsData() throws {
        let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        let notice = Notice(id: 1, createdAt: "2026-03-02T12:00:00Z", kind: .submissionResponse, submissionId: 1,
                            contactRequestId: nil, jurisdictionId: 1, folio: "7KQM2PX4B",
                            about: "Movilidad\r\nBcc: espia@example.com", body: "Primera línea\n.\nBcc: otro@example.com",
                            recipientName: "Ana\r\nBcc: tercero@example.com", email: "ana@example.mx", phone: nil,
                            status: .queued, attempts: 0)
        let mail = String(decoding: try NoticeMail.compose(notice, from: "cabildo@example.mx\r\nBcc: x@example.com",
                                                            date: Date(timeIntervalSince1970: 0), localizer: spanish),
                          as: UTF8.self)
        let parts = mail.components(separatedBy: "\n\n")
        let headers = parts[0].split(separator: "\n")
        #expect(!mail.contains("\r"))
        #expect(!parts[0].lowercased().contains("bcc"))
        #expect(headers.allSatisfy { $0.hasPrefix(" ") || ["To", "Subject", "Date", "MIME-Version", "Content-Type",
                                                             "Content-Transfer-Encoding", "Auto-Submitted"]
            .contains(String($0.split(separator: ":")[0])) })
        #expect(headers.first == "To: <ana@example.mx>")
        let body = String(decoding: Data(base64Encoded: parts[1].replacingOccurrences(of: "\n", with: ""))!, as: UTF8.self)
        #expect(body.contains("folio 7KQ-M2P-X4B") && body.contains("Primera línea\n.\nBcc: otro@example.com"))
        #expect(body.contains("Esta es la respuesta a su participación"))
        let subject = headers.filter { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
            .map { $0.replacingOccurrences(of: "Subject:", with: "").trimmingCharacters(in: .whitespaces) }
        let decoded = subject.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst("=?UTF-8?B?".count).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == "Respuesta a su participación, folio 7KQ-M2P-X4B")
        #expect(subject.allSatisfy { $0.count <= 75 })
    }
}
