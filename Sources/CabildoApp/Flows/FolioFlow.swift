import CabildoCore
import CabildoText

/// Checking a folio: type it, read its status and response. A typo gets a
/// plain answer beside the field (Core says what is wrong), never a crash.
@MainActor
public final class FolioFlow {
    public enum Step: Sendable, Equatable { case entry, result }

    let session: AppSession
    public private(set) var step = Step.entry
    public private(set) var typed = ""
    public private(set) var status: FolioStatus?
    /// A message to a mechanism, when the folio is one.
    public private(set) var message: ContactRequestFolioStatus?
    public private(set) var errors: [FieldKey: Message] = [:]

    public static let folioKey: FieldKey = "folio"
    static let field = FieldSpec(folioKey, Message("Folio"), .line(maxLength: 20), required: true)

    public init(session: AppSession) { self.session = session }

    public func handle(_ input: FlowInput) throws -> FlowReply {
        switch (step, input) {
        case (.entry, .back): return .left
        case (.entry, .text(let text)): typed = text
        case (.entry, .next):
            errors = [:]
            do {
                status = nil
                message = nil
                // A folio names a submission or a message to a mechanism, never both.
                do { status = try session.database.folioStatus(typed) } catch let error as CabildoError
                    where error.kind == .notFound {
                    do { message = try session.database.contactRequestStatus(typed) } catch let other as CabildoError
                        where other.kind == .notFound { throw error }
                }
            } catch let error as CabildoError {
                errors[Self.folioKey] = error.message
                throw error
            }
            step = .result
        case (.result, .back): step = .entry
        case (.result, .next): return .finished
        default: break
        }
        return .stay
    }

    public var view: FlowView {
        let heading = session.text(Message("Check my folio"))
        switch step {
        case .entry:
            return FlowView(heading: heading, field: Self.field,
                            instruction: session.text(Message("Type the folio from your receipt and press Enter.")))
        case .result:
            var lines: [String] = []
            if let status {
                lines = [session.text(Message("Folio")) + ": " + Folio.display(status.folio),
                         session.text(Message("Consultation")) + ": " + status.consultationTitle,
                         session.text(Message("Received")) + ": " + Wording.moment(status.receivedAt, session),
                         session.text(Message("Status")) + ": " + session.text(status.moderation.label), "",
                         session.text(Message("Response")) + ": "
                            + (status.response ?? session.text(Message("not yet answered")))]
            } else if let message {
                lines = [session.text(Message("Folio")) + ": " + Folio.display(message.folio),
                         session.text(Message("Message to")) + ": " + message.mechanismName,
                         session.text(Message("Received")) + ": " + message.sentAt,
                         session.text(Message("Status")) + ": " + session.text(message.status.label), "",
                         session.text(Message("Answer")) + ": "
                            + (message.answer ?? session.text(Message("not yet answered")))]
            }
            return FlowView(heading: heading, lines: lines, instruction: session.text(Message("Press Enter to finish.")))
        }
    }
}
