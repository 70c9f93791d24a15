import CabildoCore
import CabildoText
import Foundation

extension Commands {
    /// `cabildo notify send`: every queued e-mail notice through sendmail, in Spanish.
    public static func sendNotices(_ database: AppDatabase, sendmail: Sendmail, from sender: String?,
                                   console: Console) throws -> ExitStatus {
        // Refused here, not dropped in every message: a mistyped sender is the operator's to fix.
        let checkedSender = try Fields.email(sender, Fields.noticeSender)
        for notice in try database.notices(.beingSent, for: .operator()) {
            console.say(Message("Notice {id} (folio {folio}) was handed to sendmail by another run that has not finished or was stopped; it is not sent again. Check the mail log, then: cabildo notify mark {id} --delivered-by-hand",
                                ["id": .text(String(notice.id!)), "folio": .text(Folio.display(notice.folio))]))
        }
        let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        let delivery = try database.sendQueuedNotices(by: .operator()) { notice in
            let mail = try NoticeMail.compose(notice, from: checkedSender, date: database.clock.now(), localizer: spanish)
            try sendmail.deliver(mail, to: notice.email!)
        }
        for (notice, reason) in delivery.failed {
            console.say(Message("Notice {id} (folio {folio}) could not be sent and stays queued: {reason}",
                                ["id": .text(String(notice.id!)), "folio": .text(Folio.display(notice.folio)),
                                 "reason": .text(reason)]))
        }
        console.say(Message("{sent} notices sent by e-mail; {failed} could not be sent.",
                            ["sent": .text(String(delivery.sent.count)), "failed": .text(String(delivery.failed.count))]))
        return delivery.failed.isEmpty ? .ok : .problemsFound
    }

    /// `cabildo notify list`: waiting notices for people who gave only a
    /// telephone, with what to tell them, for the next caravan or office to call.
    public static func listNotices(_ database: AppDatabase, municipality: String?, console: Console) throws -> ExitStatus {
        var jurisdictionId: Int64?
        if let municipality {
            guard let jurisdiction = try database.jurisdiction(inegiCode: municipality) else {
                throw CabildoError(.notFound, Message("No state or municipality has the INEGI code {code}; 'cabildo jurisdictions WORDS' finds it.",
                                                      ["code": .text(municipality)]))
            }
            jurisdictionId = jurisdiction.id
        }
        let notices = try database.notices(.toCall, jurisdictionId: jurisdictionId, for: .operator())
        guard !notices.isEmpty else {
            console.say(Message("No notices are waiting for a telephone call."))
            return .ok
        }
        for notice in notices {
            console.say(Message("Notice {id} — folio {folio} — {name} — telephone {phone} — queued {date}",
                                ["id": .text(String(notice.id!)), "folio": .text(Folio.display(notice.folio)),
                                 "name": .text(notice.recipientName ?? "-"), "phone": .text(notice.phone ?? "-"),
                                 "date": .text(database.clock.day(of: notice.createdAt))]))
            console.say("    " + console.tr("{kind}: {about}", ["kind": .message(notice.kind.label),
                                                                  "about": .text(notice.about)]))
            for line in notice.body.split(separator: "\n", omittingEmptySubsequences: false) {
                console.say("    " + line)
            }
        }
        console.say(Message("{count} notices to call. After each call: cabildo notify mark ID --delivered-by-hand",
                            ["count": .text(String(notices.count))]))
        return .ok
    }

    public static func markNoticeDelivered(_ database: AppDatabase, id: Int64, console: Console) throws -> ExitStatus {
        let notice = try database.markNoticeDeliveredByHand(id, by: .operator())
        console.say(Message("Notice {id} (folio {folio}) is marked as delivered by hand.",
                            ["id": .text(String(notice.id!)), "folio": .text(Folio.display(notice.folio))]))
        return .ok
    }
}
