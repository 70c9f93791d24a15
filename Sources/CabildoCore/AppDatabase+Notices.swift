import CabildoText
import Foundation
import GRDB

extension Fields {
    public static let contactAnswer = FieldRule("answer", Message("Answer"), .paragraphs(10_000, required: true))
    public static let closingReason = FieldRule("reason", Message("Reason for closing"),
                                                .paragraphs(2_000, required: true))
    public static let noticeSender = FieldRule("from", Message("Sender's address"), .line(254))
}

/// What anyone may learn from a contact request's folio: nothing personal.
public struct ContactRequestFolioStatus: Sendable, Equatable {
    public let folio: String
    public let mechanismName: String
    public let sentAt: String
    public let status: ContactRequestStatus
    /// The answer, or the reason it was closed without one.
    public let answer: String?
    public let answeredAt: String?
}

extension AppDatabase {
    /// A fresh folio that no submission and no contact request has: a folio a
    /// citizen keeps names one thing.
    static func uniqueFolio(_ db: Database) throws -> String {
        var folio = Folio.random()
        while try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM submission WHERE folio = ?1)
                OR EXISTS (SELECT 1 FROM contactRequest WHERE folio = ?1)
            """, arguments: [folio]) == true {
            folio = Folio.random()
        }
        return folio
    }

    /// The official's answer to a citizen's message; the citizen reads it by
    /// folio and, with contact data given, is sent a notice.
    public func answerContactRequest(_ id: Int64, answer: String, by actor: Actor) throws -> ContactRequest {
        try settleContactRequest(id, as: .answered, text: try Fields.contactAnswer.clean(answer), by: actor)
    }

    /// Closes a citizen's message without an answer, saying why (a duplicate,
    /// not this mechanism's matter…); the citizen reads the reason by folio.
    public func closeContactRequest(_ id: Int64, reason: String, by actor: Actor) throws -> ContactRequest {
        try settleContactRequest(id, as: .closed, text: try Fields.closingReason.clean(reason), by: actor)
    }

    /// Only a new request is answered or closed, by an editor of the
    /// mechanism's jurisdiction (or an administrator), once.
    private func settleContactRequest(_ id: Int64, as status: ContactRequestStatus, text: String,
                                      by actor: Actor) throws -> ContactRequest {
        try perform { db, now in
            let before = try Self.fetch(ContactRequest.self, id, db, Message("Message"))
            let mechanism = try Self.fetch(Mechanism.self, before.mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            guard before.status == .new else {
                throw CabildoError(.conflict, Message("This message is already {status}; it cannot be answered or closed again.",
                                                      ["status": .message(before.status.label)]))
            }
            var after = before
            after.status = status
            after.answer = text
            after.answeredAt = now
            after.answeredBy = actor.accountId
            if after.folio == nil { after.folio = try Self.uniqueFolio(db) }
            let saved = try Self.update(before, to: after, db, actor, now,
                                        action: status == .answered ? "contactRequest.answer" : "contactRequest.close")
            if status == .answered {
                try Self.queueNotice(Notice(
                    id: nil, createdAt: now, kind: .contactAnswer, submissionId: nil, contactRequestId: id,
                    jurisdictionId: mechanism.jurisdictionId, folio: saved.folio!, about: mechanism.name, body: text,
                    recipientName: saved.contactName, email: saved.contactEmail, phone: saved.contactPhone,
                    status: .queued, attempts: 0), consent: saved.privacyNoticeVersion, db, actor, now)
            }
            return saved
        }
    }

    /// Looks a contact request's folio up as a citizen typed it.
    public func contactRequestStatus(_ typed: String) throws -> ContactRequestFolioStatus {
        let folio: String
        do { folio = try Folio.normalise(typed) } catch {
            throw CabildoError(.validation, Folio.message(for: error), field: "folio")
        }
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.folio, m.name, r.createdAt, r.status, r.answer, r.answeredAt
                FROM contactRequest r JOIN mechanism m ON m.id = r.mechanismId WHERE r.folio = ?
                """, arguments: [folio]) else {
                throw CabildoError.notFound(Message("No message has the folio {folio}.",
                                                    ["folio": .text(Folio.display(folio))]))
            }
            return ContactRequestFolioStatus(folio: row[0], mechanismName: row[1], sentAt: row[2], status: row[3],
                                             answer: row[4], answeredAt: row[5])
        }
    }

    /// Queues a notice of a submission's response when the citizen left
    /// contact data with consent.
    static func queueNotice(answering submission: Submission, about: String, with body: String, _ db: Database,
                            _ actor: Actor, _ now: String) throws {
        // A person who opposed notices (a data-rights request) hears nothing more.
        if let id = submission.id, try noticesOpposed(id, db) { return }
        try queueNotice(Notice(
            id: nil, createdAt: now, kind: .submissionResponse, submissionId: submission.id, contactRequestId: nil,
            jurisdictionId: submission.jurisdictionId, folio: submission.folio, about: about, body: body,
            recipientName: submission.contactName, email: submission.contactEmail, phone: submission.contactPhone,
            status: .queued, attempts: 0), consent: submission.privacyNoticeVersion, db, actor, now)
    }

    /// Only with an address or a telephone given with consent. A notice of the
    /// same folio still waiting is brought up to date instead: the citizen
    /// hears once, the latest text.
    private static func queueNotice(_ notice: Notice, consent: String?, _ db: Database, _ actor: Actor,
                                    _ now: String) throws {
        guard consent != nil, notice.email != nil || notice.phone != nil else { return }
        if let waiting = try Notice.filter(Column("folio") == notice.folio && Column("kind") == notice.kind
                                           && Column("status") == NoticeStatus.queued).fetchOne(db) {
            var after = waiting
            after.body = notice.body
            after.about = notice.about
            _ = try update(waiting, to: after, db, actor, now, action: "notice.revise")
            return
        }
        _ = try insert(notice, db, actor, now, action: "notice.queue")
    }
}

/// A notice list's filter.
public enum NoticeFilter: Sendable {
    /// Waiting, for people who gave only a telephone: someone calls them.
    case toCall
    /// Waiting to be sent by e-mail.
    case toEmail
    /// Handed to sendmail by a run still going, or by one that stopped
    /// before it could record the outcome: never resent on its own.
    case beingSent
    case all
}

extension AppDatabase {
    /// Notices, oldest first, of a jurisdiction (a state's include its
    /// municipalities') or of all. They hold contact data: only for those
    /// who may read it there.
    public func notices(_ filter: NoticeFilter, jurisdictionId: Int64? = nil, for actor: Actor) throws -> [Notice] {
        try read { db in
            try actor.require(.readPersonalData(jurisdictionId: jurisdictionId), db)
            let condition = switch filter {
            case .toCall: "status = 'queued' AND email IS NULL"
            case .toEmail: "status = 'queued' AND email IS NOT NULL"
            case .beingSent: "status = 'sending'"
            case .all: "1"
            }
            return try Notice.fetchAll(db, sql: """
                SELECT * FROM notice WHERE \(condition)
                  AND (?1 IS NULL OR jurisdictionId = ?1
                       OR jurisdictionId IN (SELECT id FROM jurisdiction WHERE parentId = ?1))
                ORDER BY createdAt, id
                """, arguments: [jurisdictionId])
        }
    }

    /// Someone called the citizen (or gave them the answer in person), or,
    /// for a notice left `sending`, the mail log shows it went out.
    public func markNoticeDeliveredByHand(_ id: Int64, by actor: Actor) throws -> Notice {
        try perform { db, now in
            let before = try Self.fetch(Notice.self, id, db, Message("Notice"))
            try actor.require(.readPersonalData(jurisdictionId: before.jurisdictionId), db)
            guard before.status == .queued || before.status == .sending else {
                throw CabildoError(.conflict, Message("Notice number {id} is already {status}.",
                                                      ["id": .text(String(id)), "status": .message(before.status.label)]))
            }
            var after = before
            after.status = .deliveredByHand
            after.doneAt = now
            return try Self.update(before, to: after, db, actor, now, action: "notice.deliveredByHand")
        }
    }

    public struct NoticeDelivery: Sendable {
        public var sent: [Notice] = []
        /// Notices that stay queued, each with what went wrong.
        public var failed: [(notice: Notice, reason: String)] = []
    }

    /// Hands every queued e-mail notice to `deliver`, one at a time: each is
    /// claimed (marked `sending`) in its own transaction first, so two runs
    /// at once never hand over the same notice, then marked sent, or put back
    /// in the queue with the error when `deliver` throws. A crash while one
    /// is handed over leaves it `sending`, never sent twice.
    public func sendQueuedNotices(by actor: Actor, deliver: (Notice) throws -> Void) throws -> NoticeDelivery {
        var delivery = NoticeDelivery()
        var after: Int64 = 0
        while let notice = try claimNextNotice(after: after, by: actor) {
            after = notice.id!
            do {
                try deliver(notice)
                delivery.sent.append(try finishNotice(notice, error: nil, by: actor))
            } catch {
                let reason = (error as? CabildoError)?.message.description ?? "\(error)"
                delivery.failed.append((try finishNotice(notice, error: reason, by: actor), reason))
            }
        }
        return delivery
    }

    private func claimNextNotice(after id: Int64, by actor: Actor) throws -> Notice? {
        try perform { db, now in
            try actor.require(.readPersonalData(jurisdictionId: nil), db)
            guard let before = try Notice.filter(Column("status") == NoticeStatus.queued && Column("email") != nil
                                                 && Column("id") > id).order(Column("id")).fetchOne(db)
            else { return nil }
            var claimed = before
            claimed.status = .sending
            claimed.attempts += 1
            return try Self.update(before, to: claimed, db, actor, now, action: "notice.send")
        }
    }

    private func finishNotice(_ notice: Notice, error: String?, by actor: Actor) throws -> Notice {
        try perform { db, now in
            let before = try Self.fetch(Notice.self, notice.id!, db, Message("Notice"))
            var after = before
            if let error {
                after.status = .queued
                after.lastError = String(TextRules.displaySafe(error).prefix(500))
            } else {
                after.status = .sent
                after.lastError = nil
                after.doneAt = now
            }
            return try Self.update(before, to: after, db, actor, now, action: error == nil ? "notice.sent" : "notice.failed")
        }
    }
}

/// A notice as an e-mail: plain text, UTF-8, in the language of the
/// localizer given (Spanish for citizens). Nothing from the data reaches a
/// header unencoded: the address is checked again, the subject is an
/// RFC 2047 encoded word and the body is base64, so no CR or LF in a name,
/// an answer or a title can add a header or end the message early.
public enum NoticeMail {
    public static func compose(_ notice: Notice, from sender: String?, date: Date, localizer: Localizer)
        throws(CabildoError) -> Data {
        guard let address = notice.email, Fields.isEmailAddress(address) else {
            throw CabildoError(.validation, Message("This notice has no valid e-mail address."))
        }
        let folio = Folio.display(notice.folio)
        let subject: Message = notice.kind == .submissionResponse
            ? Message("Response to your participation, folio {folio}", ["folio": .text(folio)])
            : Message("Answer to your message, folio {folio}", ["folio": .text(folio)])
        var headers = ["To: <\(address)>"]
        if let sender, Fields.isEmailAddress(sender) { headers.append("From: <\(sender)>") }
        headers += [
            "Subject: " + encodedWords(localizer.render(subject)),
            "Date: " + rfc5322(date),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        let greeting = notice.recipientName.map { Message("Hello, {name}:", ["name": .text($0)]) } ?? Message("Hello:")
        let intro: Message = notice.kind == .submissionResponse
            ? Message("This is the response to your participation in “{about}” (folio {folio}):",
                      ["about": .text(notice.about), "folio": .text(folio)])
            : Message("This is the answer to your message to {about} (folio {folio}):",
                      ["about": .text(notice.about), "folio": .text(folio)])
        let body = [localizer.render(greeting), "", localizer.render(intro), "", notice.body, "",
                    localizer.render(Message("You can also look this folio up at any Cabildo kiosk.")),
                    localizer.render(Message("You receive this message because you left your contact data with consent to the privacy notice. To receive no more notices, ask for it with your folio."))]
            .joined(separator: "\n") + "\n"
        let encoded = Data(body.utf8).base64EncodedString(options: .lineLength76Characters)
            .replacingOccurrences(of: "\r\n", with: "\n")
        return Data((headers.joined(separator: "\n") + "\n\n" + encoded + "\n").utf8)
    }

    /// RFC 2047 "B" encoded words of at most 75 characters, folded onto
    /// continuation lines, each holding whole characters.
    static func encodedWords(_ text: String) -> String {
        let clean = TextRules.displaySafe(text)
        var words: [String] = []
        var chunk = ""
        for character in clean {
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk); chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\n ")
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// The server's local mail interface: `sendmail -i -- ADDRESS` with the
/// message on standard input (`-i`: a line with a single dot does not end it;
/// the recipient is an argument, never read from the headers).
public struct Sendmail: Sendable {
    public static let defaultPath = "/usr/sbin/sendmail"
    public let path: String
    /// A sendmail that hangs (a dead relay) is stopped after this many
    /// seconds, and its notice stays queued, so one run never blocks the rest.
    public let timeout: TimeInterval

    public init(path: String, timeout: TimeInterval = 60) {
        self.path = path
        self.timeout = timeout
    }

    public func deliver(_ message: Data, to address: String) throws(CabildoError) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CabildoError(.storage, Message("There is no sendmail program at {path}. Install a mail transfer agent, or give its path with --sendmail or CABILDO_SENDMAIL.",
                                                 ["path": .text(path)]))
        }
        // A sendmail that exits without reading would otherwise kill Cabildo with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "--", address]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw CabildoError(.storage, Message("sendmail could not be started: {reason}",
                                                 ["reason": .text("\(error.localizedDescription)")]))
        }
        let stopped = Stopped()
        let timer = DispatchWorkItem { [process] in
            // SIGKILL: a SIGTERM may be blocked by the mask the child inherits.
            if process.isRunning { stopped.set(); kill(process.processIdentifier, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        defer { timer.cancel() }
        try? input.fileHandleForWriting.write(contentsOf: message)
        try? input.fileHandleForWriting.close()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if stopped.value {
            throw CabildoError(.storage, Message("sendmail did not finish within {seconds} seconds and was stopped.",
                                                 ["seconds": .text(String(Int(timeout)))]))
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let text = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CabildoError(.storage, Message("sendmail failed (status {status}): {reason}",
                                                 ["status": .text(String(process.terminationStatus)),
                                                  "reason": .text(TextRules.displaySafe(String(text.prefix(300))))]))
        }
    }
}

/// Whether the timer stopped sendmail (set on another thread).
private final class Stopped: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    func set() { lock.withLock { stopped = true } }
    var value: Bool { lock.withLock { stopped } }
}
