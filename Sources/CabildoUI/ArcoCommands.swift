import CabildoApp
import CabildoCore
import CabildoText
import Foundation

/// `cabildo arco …`: the register of data-rights requests, for an administrator's own account.
public enum ArcoCommands {
    public static func add(_ database: AppDatabase, _ draft: ArcoRequestDraft, actor: Actor,
                           console: Console) throws -> ExitStatus {
        let request = try database.addArcoRequest(draft, rules: try ArcoRules.standard(), by: actor)
        console.say(Message("Request {id} registered ({right}); it must be answered by {due} ({law}, {article}).",
                            ["id": .text(String(request.id!)), "right": .message(request.kind.label),
                             "due": .text(request.dueOn), "law": .text(request.law), "article": .text(request.article)]))
        return .ok
    }

    public static func list(_ database: AppDatabase, actor: Actor, console: Console) throws -> ExitStatus {
        let requests = try database.arcoRequests(rules: try ArcoRules.standard(), for: actor)
        guard !requests.isEmpty else {
            console.say(Message("There are no data-rights requests."))
            return .ok
        }
        for summary in requests {
            let request = summary.request
            console.say("#\(request.id!) " + console.localizer.render(request.kind.label) + " — "
                        + console.localizer.render(DataRightsPane.standing(summary)))
            console.say("    " + console.tr("Received on {day} ({channel}) from {name}; folios: {folios}",
                                            ["day": .text(request.receivedOn), "channel": .message(request.channel.label),
                                             "name": .text(request.requesterName),
                                             "folios": .text(summary.folios.map(Folio.display).joined(separator: ", "))]))
        }
        return .ok
    }

    public static func access(_ database: AppDatabase, request: Int64, output: String, force: Bool, actor: Actor,
                              console: Console) throws -> ExitStatus {
        let count = try database.giveArcoCopy(request, to: database.outputFile(output, force: force), by: actor)
        console.say(Message("A copy of the data of {count} submissions was written to {path}; hand it only to the person it belongs to.",
                            ["count": .text(String(count)), "path": .text(output)]))
        return .ok
    }

    public static func rectify(_ database: AppDatabase, request: Int64, folio: String?, contact: ContactDetails,
                               actor: Actor, console: Console) throws -> ExitStatus {
        let submission = try database.rectifyArcoContact(request, folio: folio, contact: contact, by: actor)
        console.say(Message("The contact data of folio {folio} was rectified.",
                            ["folio": .text(Folio.display(submission.folio))]))
        return .ok
    }

    public static func cancel(_ database: AppDatabase, request: Int64, actor: Actor, console: Console) throws
        -> ExitStatus {
        let erased = try database.cancelArcoContact(request, by: actor)
        console.say(Message("The contact data of {count} submissions was erased; the submissions and their public responses stay.",
                            ["count": .text(String(erased.count))]))
        return .ok
    }

    public static func oppose(_ database: AppDatabase, request: Int64, actor: Actor, console: Console) throws
        -> ExitStatus {
        try database.opposeArcoNotices(request, by: actor)
        console.say(Message("No notice will be sent for the folios of request {id}.", ["id": .text(String(request))]))
        return .ok
    }

    public static func extend(_ database: AppDatabase, request: Int64, actor: Actor, console: Console) throws
        -> ExitStatus {
        let extended = try database.extendArcoDeadline(request, rules: try ArcoRules.standard(), by: actor)
        console.say(Message("Request {id} must now be answered by {due}.",
                            ["id": .text(String(request)), "due": .text(extended.dueOn)]))
        return .ok
    }

    public static func close(_ database: AppDatabase, request: Int64, outcome: String?, actor: Actor,
                             console: Console) throws -> ExitStatus {
        let closed = try database.closeArcoRequest(request, outcome: outcome, by: actor)
        console.say(Message("Request {id} closed on {day}.", ["id": .text(String(request)),
                                                               "day": .text(closed.closedOn ?? "")]))
        return .ok
    }
}
