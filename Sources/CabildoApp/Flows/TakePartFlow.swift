import CabildoCore
import CabildoText

/// Taking part in a consultation: choose it, consent to the privacy notice,
/// one page per question, contact data, a review where any answer can be
/// corrected, and send, which gives the folio. Nothing is stored until it
/// is sent; the folio shown is the one stored, once its commit is durable.
///
/// The officials' paper and round-table entry is this same flow with the
/// channel preset and no consent page (`asksConsent: false`): an official
/// types what a citizen wrote, and no contact data is taken.
@MainActor
public final class TakePartFlow {
    public enum Step: Sendable, Equatable {
        case consultations, notice, question(Int), contact, review, receipt(String)
    }

    let session: AppSession
    public let station: Station
    public let asksConsent: Bool
    public private(set) var step: Step
    public private(set) var consultations: [Consultation] = []
    public private(set) var consultation: Consultation?
    public private(set) var questions: [ConsultationQuestion] = []
    /// Each question's answer as given (a choice's text; a multiple choice's
    /// or a ranking's options one per line), by question id.
    public private(set) var answers: [Int64: String] = [:]
    /// Errors beside their field (an answer's key is "answer-N").
    public private(set) var errors: [FieldKey: Message] = [:]
    public private(set) var consent = Consent()
    /// Set when an answer or the contact data is being corrected from the review.
    public private(set) var correcting = false
    /// The submission sent, once durable.
    public private(set) var sent: Submission?

    /// Starts at the list of open consultations, or at the first page of `consultation`.
    public init(session: AppSession, station: Station, asksConsent: Bool = true,
                consultation: Consultation? = nil) throws {
        self.session = session; self.station = station; self.asksConsent = asksConsent
        step = .consultations
        if let consultation { try begin(consultation) } else { consultations = try session.database.openConsultations() }
    }

    /// Whether there is anything to take part in (the kiosk says so when there is not).
    public var hasOpenConsultations: Bool { consultation != nil || !consultations.isEmpty }

    func begin(_ chosen: Consultation) throws {
        consultation = chosen
        questions = try session.database.questions(of: chosen.id!)
        answers = [:]; errors = [:]; consent = Consent(); correcting = false
        if asksConsent {
            try consent.show(in: session)
            step = .notice
        } else {
            step = questions.isEmpty ? .review : .question(0)
        }
    }

    public func handle(_ input: FlowInput) throws -> FlowReply {
        switch (step, input) {
        case (_, .back): return back()
        case (.consultations, .choose(let n)) where consultations.indices.contains(n - 1):
            try begin(consultations[n - 1])
        case (.notice, .choose(let n)) where n == 1 || n == 2:
            consent.answer(n)
            step = questions.isEmpty ? (consent.wantsContact ? .contact : .review) : .question(0)
        case (.question(let i), .text(let text)):
            answers[questions[i].id!] = text
        case (.question(let i), .choose(let n)) where questions[i].kind == .choice:
            let choices = questions[i].choiceList
            guard choices.indices.contains(n - 1) else { return .stay }
            answers[questions[i].id!] = choices[n - 1]
            try afterQuestion(i)
        case (.question(let i), .next) where questions[i].kind != .choice:
            try afterQuestion(i)
        case (.contact, .values(let values)):
            consent.fill(values)
        case (.contact, .next):
            _ = try consent.checkedContact()
            correcting = false
            step = .review
        case (.review, .choose(let n)):
            if n >= 1 && n <= questions.count {
                correcting = true; step = .question(n - 1)
            } else if consent.wantsContact && n == questions.count + 1 {
                correcting = true; step = .contact
            } else if n == reviewOptionCount {
                try send()
            }
        case (.receipt, .next):
            return .finished
        default: break
        }
        return .stay
    }

    /// Core's check of the answer, now, so the citizen fixes it on its page.
    func afterQuestion(_ i: Int) throws {
        let question = questions[i]
        errors[question.answerRule.key] = nil
        do {
            _ = try question.checkedAnswer(answers[question.id!])
        } catch {
            errors[question.answerRule.key] = error.message
            throw error
        }
        if correcting { correcting = false; step = .review }
        else if i + 1 < questions.count { step = .question(i + 1) }
        else { step = consent.wantsContact ? .contact : .review }
    }

    func back() -> FlowReply {
        switch step {
        case .consultations: return .left
        case .notice: step = .consultations
        case .question(let i):
            if i > 0 { step = .question(i - 1) }
            else if asksConsent { step = .notice }
            else { step = .consultations }
        case .contact: step = questions.isEmpty ? .notice : .question(questions.count - 1)
        case .review:
            step = consent.wantsContact || questions.isEmpty ? (asksConsent ? .contact : .consultations)
                : .question(questions.count - 1)
        case .receipt: return .finished
        }
        if step == .consultations && consultations.isEmpty { return .left }
        return .stay
    }

    /// Stores the submission; on failure every answer stays and Send can be tried again.
    func send() throws {
        guard let consultation else { return }
        var texts: [Int64: String] = [:]
        for question in questions { texts[question.id!] = answers[question.id!] ?? "" }
        let draft = SubmissionDraft(consultationId: consultation.id!, channel: station.channel, place: station.place,
                                    jurisdictionId: station.jurisdictionId, answers: texts,
                                    contact: consent.details, privacyNoticeVersion: consent.version)
        let submission = try session.database.recordSubmission(draft, by: session.actor,
                                                               perMinute: station.submissionsPerMinute)
        sent = submission
        step = .receipt(submission.folio)
    }

    /// Errors beside the contact fields.
    public var consentErrors: [FieldKey: Message] { consent.errors }

    /// The review's options: each answer, the contact data if given, and Send last.
    var reviewOptionCount: Int { questions.count + (consent.wantsContact ? 1 : 0) + 1 }

    // MARK: - What each step shows

    public var view: FlowView {
        let choose = session.text(Message("Press the number of your choice."))
        switch step {
        case .consultations:
            return FlowView(heading: session.text(Message("Open consultations")), options: consultations.map(\.title),
                            instruction: choose)
        case .notice:
            return consent.noticeView(session)
        case .question(let i):
            let question = questions[i]
            let heading = session.text(Message("Question {n} of {total}", ["n": .text(String(i + 1)),
                                                                           "total": .text(String(questions.count))]))
            let prompt = question.prompt + (question.required ? " *" : "")
            switch question.kind {
            case .choice:
                return FlowView(heading: heading, lines: [prompt], options: question.choiceList, instruction: choose)
            case .multiple, .ranking:
                // The declared field, labelled short: the prompt is shown above it.
                let field = question.answerField
                return FlowView(heading: heading, lines: [prompt],
                                field: FieldSpec(field.key, question.answerRule.label, field.kind, required: field.required,
                                                 help: field.help),
                                instruction: session.text(Message("Press Enter when you are done.")))
            case .text, .shortText:
                break
            }
            return FlowView(heading: heading, lines: [prompt],
                            field: FieldSpec(question.answerRule.key, question.answerRule.label,
                                             .line(maxLength: question.maxLength), required: question.required),
                            instruction: session.text(Message("Type your answer and press Enter.")))
        case .contact:
            return consent.contactView(session)
        case .review:
            // Options as people read them, however they were given ("1;3" in lines).
            let review = questions.map { question in
                let given = answers[question.id!] ?? ""
                return ReviewLine(label: question.prompt,
                                  value: question.displayAnswer((try? question.checkedAnswer(given)).flatMap { $0 } ?? given))
            }
            var options = review.map { line in
                "\(line.label) — \(line.value.isEmpty ? session.text(Message("(no answer)")) : line.value)"
            }
            if consent.wantsContact { options.append(session.text(Message("My contact data"))) }
            options.append(session.text(Message("Send")))
            return FlowView(heading: session.text(Message("Check your answers")), options: options, review: review,
                            instruction: session.text(Message("Press a number to correct that answer, or the number of Send.")))
        case .receipt(let folio):
            return FlowView(heading: session.text(Message("Thank you. Your participation was received.")),
                            lines: [session.text(Message("Your folio:")), Folio.display(folio),
                                    session.text(Message("Write it down or take a photo. To see its status and the response, choose \"Check my folio\" at any kiosk."))],
                            instruction: session.text(Message("Press Enter to finish.")))
        }
    }
}
