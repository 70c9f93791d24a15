import CabildoCore
import CabildoText

/// Publish, reject, respond and link: the same on the list of submissions
/// and on one submission, for those who may moderate in its jurisdiction.
@MainActor
enum Moderating {
    static let commands: Set<Command> = [.publish, .reject, .respond, .link]

    static func availability(of command: Command, submission: Int64?, mayModerate: Bool) -> Availability {
        guard commands.contains(command) else { return .notHere }
        guard mayModerate else { return .notForThisAccount }
        return submission == nil ? .needsSelection(Message("Select a submission first.")) : .available
    }

    static func perform(_ command: Command, submission id: Int64, in session: AppSession) throws -> Outcome {
        switch command {
        case .publish:
            let s = try session.database.moderateSubmission(id, .publish, by: session.actor)
            return .done(Message("{folio} published.", ["folio": .text(Folio.display(s.folio))]))
        case .reject: return .form(RejectForm.spec(id))
        case .respond: return .form(RespondForm.spec(id))
        case .link: return .form(try LinkForm.spec(id, session))
        default: return .stay
        }
    }
}
