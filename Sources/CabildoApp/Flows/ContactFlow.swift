import CabildoCore
import CabildoText

/// Contacting a participation mechanism: choose it, write the message,
/// consent to the privacy notice (or not), contact data if consented, send.
@MainActor
public final class ContactFlow {
    public enum Step: Sendable, Equatable { case mechanisms, message, notice, contact, sent }

    let session: AppSession
    public let station: Station
    public private(set) var step = Step.mechanisms
    public private(set) var mechanisms: [Mechanism]
    public private(set) var mechanism: Mechanism?
    public private(set) var message = ""
    public private(set) var errors: [FieldKey: Message] = [:]
    public private(set) var consent = Consent()
    /// The request sent.
    public private(set) var request: ContactRequest?

    public init(session: AppSession, station: Station) throws {
        self.session = session; self.station = station
        mechanisms = try session.database.mechanisms(limit: 1_000)
    }

    public func handle(_ input: FlowInput) throws -> FlowReply {
        switch (step, input) {
        case (.mechanisms, .back): return .left
        case (.mechanisms, .choose(let n)) where mechanisms.indices.contains(n - 1):
            mechanism = mechanisms[n - 1]
            step = .message
        case (.message, .back): step = .mechanisms
        case (.message, .text(let text)): message = text
        case (.message, .next):
            errors = [:]
            do { _ = try Fields.contactMessage.clean(message) } catch {
                errors[Fields.contactMessage.key] = error.message
                throw error
            }
            try consent.show(in: session)
            step = .notice
        case (.notice, .back): step = .message
        case (.notice, .choose(let n)) where n == 1 || n == 2:
            consent.answer(n)
            if consent.wantsContact { step = .contact } else { try send() }
        case (.contact, .back): step = .notice
        case (.contact, .values(let values)): consent.fill(values)
        case (.contact, .next):
            _ = try consent.checkedContact()
            try send()
        case (.sent, .back), (.sent, .next): return .finished
        default: break
        }
        return .stay
    }

    func send() throws {
        guard let mechanism else { return }
        request = try session.database.sendContactRequest(mechanismId: mechanism.id!, message: message,
                                                          contact: consent.details,
                                                          privacyNoticeVersion: consent.version,
                                                          place: station.place, by: session.actor)
        step = .sent
    }

    public var view: FlowView {
        switch step {
        case .mechanisms:
            return FlowView(heading: session.text(Message("Which participation mechanism do you want to contact?")),
                            options: mechanisms.map { $0.name + ($0.acronym.map { " (\($0))" } ?? "") },
                            instruction: session.text(Message("Press the number of your choice.")))
        case .message:
            return FlowView(heading: mechanism?.name ?? "", field: FieldSpec(Fields.contactMessage),
                            instruction: session.text(Message("Type your message and press Enter.")))
        case .notice:
            return consent.noticeView(session)
        case .contact:
            return consent.contactView(session)
        case .sent:
            var lines = [session.text(Message("The official responsible for {mechanism} will receive it.",
                                              ["mechanism": .text(mechanism?.name ?? "")]))]
            if let folio = request?.folio {
                lines += ["", session.text(Message("Your folio:")), Folio.display(folio),
                          session.text(Message("Write it down or take a photo. To read the answer, choose \"Check my folio\" at any kiosk."))]
            }
            return FlowView(heading: session.text(Message("Your message was sent.")), lines: lines,
                            instruction: session.text(Message("Press Enter to finish.")))
        }
    }
}
