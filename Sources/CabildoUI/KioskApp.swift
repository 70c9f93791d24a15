import CabildoCore
import CabildoText
import Dispatch
import Foundation
import TerminalKit

/// Where a kiosk stands, stamped on everything it takes.
public struct KioskSetup: Sendable {
    public let place: String
    public let jurisdictionId: Int64
    public let channel: Channel
    public let actor: Actor
    public let languages: [Localizer]      // the first is the default
    public let idleSeconds: Int
    public let countdownSeconds: Int
    /// Where its sign-ins come from, for counting failures: its account and place.
    public var terminal: String { SignInTerminal.kiosk(account: actor.name, place: place) }
    /// Submissions this kiosk may send in a minute (Core refuses the next).
    public let submissionsPerMinute: Int

    public init(place: String, jurisdictionId: Int64, channel: Channel, actor: Actor, languages: [Localizer],
                idleSeconds: Int = 90, countdownSeconds: Int = 15,
                submissionsPerMinute: Int = AppDatabase.kioskSubmissionsPerMinute) {
        self.place = place; self.jurisdictionId = jurisdictionId; self.channel = channel; self.actor = actor
        self.languages = languages; self.idleSeconds = idleSeconds; self.countdownSeconds = countdownSeconds
        self.submissionsPerMinute = submissionsPerMinute
    }
}

/// The citizens' kiosk: large plain steps, numbered choices, one question per
/// screen. Nothing is stored until the citizen sends it; a folio is shown
/// only once its submission is durable.
@MainActor
public final class KioskApp: Application {
    enum Step: Equatable {
        case language, menu
        case consultations, notice, question(Int), contact, review, receipt(String)
        case folioEntry, folioResult
        case mechanisms, message
        case sent
        case staff
    }

    let database: AppDatabase
    let setup: KioskSetup
    let keymap: Keymap
    var step = Step.language
    var stepBeforeStaff = Step.language
    var choices = ListView(highlight: .wholeRow)
    var status = StatusLine()
    var idleWarning: Int?          // seconds left before the wipe, while warning
    var lastKey = Date()
    weak var loop: EventLoop?
    var timer: DispatchSourceTimer?
    /// Set when staff sign out of kiosk mode: the loop ends.
    public private(set) var leaving = false

    // What the citizen has entered; wiped by `wipe()`.
    var consultations: [Consultation] = []
    var consultation: Consultation?
    var questions: [ConsultationQuestion] = []
    var answers: [Int64: TextField] = [:]
    var choiceAnswers: [Int64: Int] = [:]
    var wantsContact = false
    var contactForm = Form(FormDeclarations.contact())
    var reviewing = false
    var folioField = TextField(maxLength: 20)
    var folioStatus: FolioStatus?
    var mechanisms: [Mechanism] = []
    var mechanism: Mechanism?
    var messageField = TextField(maxLength: Fields.contactMessage.policy.maxLength)
    var purposeIsContact = false
    var staffForm = Form(FormDeclarations.signIn())
    var noticeTop = 0
    /// The notice on screen, and the version the citizen consented to.
    var shownNotice: PrivacyNoticeText?
    var consentedNotice: String?

    public init(database: AppDatabase, setup: KioskSetup) throws {
        self.database = database
        self.setup = setup
        keymap = try KioskCommands.keymap()
        Localizer.current = setup.languages[0]
    }

    public func attach(to loop: EventLoop) {
        self.loop = loop
        scheduleIdleCheck(after: setup.idleSeconds)
    }

    // MARK: - Idle: warn, count down, wipe

    func scheduleIdleCheck(after seconds: Int) {
        timer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + .seconds(max(1, seconds)))
        timer.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.idleTick() } }
        timer.resume()
        self.timer = timer
    }

    func idleTick() {
        let idle = Int(Date().timeIntervalSince(lastKey))
        guard step != .language else { scheduleIdleCheck(after: setup.idleSeconds); return }
        if idle < setup.idleSeconds {
            scheduleIdleCheck(after: setup.idleSeconds - idle)
            return
        }
        let left = setup.countdownSeconds - (idle - setup.idleSeconds)
        if left <= 0 {
            wipe()
            scheduleIdleCheck(after: setup.idleSeconds)
        } else {
            idleWarning = left
            scheduleIdleCheck(after: 1)
        }
        loop?.setNeedsDisplay()
    }

    /// Forgets everything the citizen entered and returns to the welcome screen.
    public func wipe() {
        consultation = nil; questions = []; answers = [:]; choiceAnswers = [:]; wantsContact = false
        contactForm = Form(FormDeclarations.contact()); reviewing = false; folioField = TextField(maxLength: 20)
        folioStatus = nil; mechanism = nil; messageField = TextField(maxLength: Fields.contactMessage.policy.maxLength)
        staffForm = Form(FormDeclarations.signIn())
        shownNotice = nil; consentedNotice = nil
        idleWarning = nil
        status.clear()
        Localizer.current = setup.languages[0]
        go(.language)
    }

    func go(_ next: Step) {
        step = next
        choices = ListView(highlight: .wholeRow)
        noticeTop = 0
    }

    var context: String {
        switch step {
        case .question(let i) where questions[i].kind == .text: KioskCommands.text
        case .contact, .folioEntry, .message: KioskCommands.text
        case .staff: KioskCommands.staff
        case .receipt, .folioResult, .sent: KioskCommands.read
        default: KioskCommands.choose
        }
    }

    // MARK: - Keys

    /// Keys that came faster than anyone types (a paste; see `KeyEvent`)
    /// never send or confirm: a pasted Enter continues nothing, and on the
    /// review step a pasted number chooses nothing. The citizen is told.
    public func handle(_ key: Key, burst: Bool) -> Bool {
        guard burst, idleWarning == nil, pastedKeyWouldConfirm(key) else { return handle(key) }
        lastKey = Date()
        status.show(Message("Pasted text was ignored here: press the keys one at a time.").description)
        return true
    }

    func pastedKeyWouldConfirm(_ key: Key) -> Bool {
        if step == .staff { return false }   // staff leaving kiosk mode, not a citizen sending
        if keymap.command(for: key, in: context) == "continue" { return true }
        if step == .review, case .character(let c) = key, c.wholeNumberValue != nil { return true }
        return false
    }

    public func handle(_ key: Key) -> Bool {
        lastKey = Date()
        if idleWarning != nil {
            idleWarning = nil           // any key: the citizen is still here, nothing is lost
            scheduleIdleCheck(after: setup.idleSeconds)
            return true
        }
        // Interrupt, suspend, quit and flow-control keys do nothing here.
        if case .control(let c) = key, "czqs\\".contains(c) { return true }
        status.clear()
        let command = keymap.command(for: key, in: context)
        if command == "staff" {
            stepBeforeStaff = step
            staffForm = Form(FormDeclarations.signIn())
            go(.staff)
            return true
        }
        do {
            try handle(key, command: command)
        } catch let error as CabildoError where error == .accountDisabled {
            // Nothing the citizen typed is lost: the answers stay on screen.
            status.show(Message("Kiosk disabled; your answers are kept here. Please tell the staff.").description, error: true)
        } catch let error as CabildoError {
            status.show(error.message.description, error: true)
        } catch {
            status.show(CabildoError.explaining(error).message.description, error: true)
        }
        return !leaving
    }

    /// Options of the current choice screen, numbered from 1.
    var options: [String] {
        switch step {
        case .language: setup.languages.map { Self.languageNames[$0.language] ?? $0.language }
        case .menu: [Message("Take part in a consultation").description, Message("Check my folio").description,
                     Message("Contact a participation mechanism").description]
        case .consultations: consultations.map(\.title)
        case .notice: [Message("I agree, and I want to give my contact data").description,
                       Message("I prefer to take part without giving any data").description]
        case .question(let i): questions[i].choiceList
        case .review: reviewOptions
        case .mechanisms: mechanisms.map { $0.name + ($0.acronym.map { " (\($0))" } ?? "") }
        default: []
        }
    }

    /// Each language by its own name, as a speaker looks for it.
    static let languageNames = ["es": "Español", "en": "English"]

    var reviewOptions: [String] {
        var out = questions.enumerated().map { index, question in
            "\(question.prompt) — \(answerText(question).isEmpty ? Message("(no answer)").description : answerText(question))"
        }
        if wantsContact { out.append(Message("My contact data").description) }
        out.append(Message("Send").description)
        return out
    }

    func answerText(_ question: ConsultationQuestion) -> String {
        switch question.kind {
        case .text: answers[question.id!]?.text ?? ""
        case .choice: choiceAnswers[question.id!].map { question.choiceList[$0] } ?? ""
        }
    }

    func handle(_ key: Key, command: String?) throws {
        // Numbered choices: a digit picks at once; arrows and Enter work too.
        if context == KioskCommands.choose, case .character(let c) = key, let n = c.wholeNumberValue, n >= 1,
           n <= options.count {
            choices.selected = n - 1
            try choose(n - 1)
            return
        }
        switch (step, command) {
        case (.staff, "back"): go(stepBeforeStaff)
        case (.staff, "submit"): if staffForm.enterSubmits() { try leaveKioskMode() }
        case (.staff, _): _ = staffForm.handle(key)
        case (_, "back"): back()
        case (.receipt, "continue"), (.folioResult, "continue"), (.sent, "continue"): wipe()
        case (.notice, _) where key == .pageDown: noticeTop += 5
        case (.notice, _) where key == .pageUp: noticeTop = max(0, noticeTop - 5)
        case (.question(let i), "continue") where questions[i].kind == .text: try nextAfterQuestion(i)
        case (.question(let i), _) where questions[i].kind == .text: _ = answers[questions[i].id!]!.handle(key)
        case (.contact, "continue"): try afterContact()
        case (.contact, _): _ = contactForm.handle(key)
        case (.folioEntry, "continue"):
            folioStatus = try database.folioStatus(folioField.text)
            go(.folioResult)
        case (.folioEntry, _): _ = folioField.handle(key)
        case (.message, "continue"):
            _ = try Fields.contactMessage.clean(messageField.text)
            purposeIsContact = true
            go(.notice)
        case (.message, _): _ = messageField.handle(key)
        case (_, "continue"): if !options.isEmpty { try choose(choices.selected) }
        default:
            if context == KioskCommands.choose { _ = choices.handle(key, count: options.count) }
        }
    }

    func back() {
        switch step {
        case .language: break
        case .menu: go(.language)
        case .consultations, .folioEntry, .mechanisms: go(.menu)
        case .notice: go(purposeIsContact ? .message : .consultations)
        case .question(let i): go(i == 0 ? .notice : .question(i - 1))
        case .contact: go(purposeIsContact || questions.isEmpty ? .notice : .question(questions.count - 1))
        case .review: go(wantsContact || questions.isEmpty ? .contact : .question(questions.count - 1))
        case .message: go(.mechanisms)
        case .folioResult: go(.folioEntry)
        case .receipt, .sent: wipe()
        case .staff: go(stepBeforeStaff)
        }
    }

    func choose(_ index: Int) throws {
        switch step {
        case .language:
            Localizer.current = setup.languages[index]
            go(.menu)
        case .menu:
            switch index {
            case 0:
                consultations = try database.openConsultations()
                guard !consultations.isEmpty else {
                    status.show(Message("There is no open consultation right now.").description)
                    return
                }
                purposeIsContact = false
                go(.consultations)
            case 1: go(.folioEntry)
            default:
                mechanisms = try database.mechanisms(limit: 1_000)
                go(.mechanisms)
            }
        case .consultations:
            consultation = consultations[index]
            questions = try database.questions(of: consultation!.id!)
            answers = Dictionary(uniqueKeysWithValues: questions.filter { $0.kind == .text }
                .map { ($0.id!, TextField(maxLength: $0.maxLength)) })
            go(.notice)
        case .notice:
            wantsContact = index == 0
            consentedNotice = wantsContact ? shownNotice?.version : nil
            contactForm = Form(FormDeclarations.contact())
            if purposeIsContact {
                if wantsContact { go(.contact) } else { try sendContactRequest() }
            } else {
                go(.question(0))
            }
        case .question(let i):
            choiceAnswers[questions[i].id!] = index
            try nextAfterQuestion(i)
        case .review:
            let count = questions.count
            if index < count { reviewing = true; go(.question(index)) }
            else if wantsContact && index == count { reviewing = true; go(.contact) }
            else { try submit() }
        case .mechanisms:
            mechanism = mechanisms[index]
            go(.message)
        default: break
        }
    }

    func nextAfterQuestion(_ i: Int) throws {
        let question = questions[i]
        // The same rule Core applies, checked now so the citizen can fix it here.
        let rule = FieldRule(FieldKey("answer-\(question.position)"), Message("Question {n}", ["n": .text(String(question.position))]),
                             .paragraphs(question.maxLength, required: question.required))
        _ = try rule.clean(answerText(question))
        if reviewing { reviewing = false; go(.review) }
        else if i + 1 < questions.count { go(.question(i + 1)) }
        else { go(wantsContact ? .contact : .review) }
    }

    func contactDetails() -> ContactDetails {
        let values = contactForm.values
        return ContactDetails(name: values[Fields.contactName.key.rawValue], email: values[Fields.contactEmail.key.rawValue],
                              phone: values[Fields.contactPhone.key.rawValue])
    }

    func afterContact() throws {
        contactForm.errors = [:]
        do {
            let cleaned = contactDetails()
            _ = try Fields.email(cleaned.email, Fields.contactEmail)
            _ = try Fields.phone(cleaned.phone, Fields.contactPhone)
            _ = try Fields.contactName.clean(cleaned.name)
        } catch {
            if let field = error.field?.rawValue { contactForm.errors[field] = error.message.description; contactForm.focus(key: field) }
            throw error
        }
        if purposeIsContact { try sendContactRequest() } else { reviewing = false; go(.review) }
    }

    /// Stores the submission; the folio appears only after the commit. On
    /// failure every answer stays on screen and Send can be tried again.
    func submit() throws {
        guard let consultation else { return }
        var texts: [Int64: String] = [:]
        for question in questions { texts[question.id!] = answerText(question) }
        let draft = SubmissionDraft(consultationId: consultation.id!, channel: setup.channel, place: setup.place,
                                    jurisdictionId: setup.jurisdictionId, answers: texts,
                                    contact: wantsContact ? contactDetails() : ContactDetails(),
                                    privacyNoticeVersion: wantsContact ? consentedNotice : nil)
        let submission = try database.recordSubmission(draft, by: setup.actor, perMinute: setup.submissionsPerMinute)
        go(.receipt(submission.folio))
    }

    func sendContactRequest() throws {
        guard let mechanism else { return }
        _ = try database.sendContactRequest(mechanismId: mechanism.id!, message: messageField.text,
                                            contact: wantsContact ? contactDetails() : ContactDetails(),
                                            privacyNoticeVersion: wantsContact ? consentedNotice : nil,
                                            place: setup.place, by: setup.actor)
        go(.sent)
    }

    func leaveKioskMode() throws {
        let values = staffForm.values
        _ = try database.signIn(username: values[Fields.username.key.rawValue] ?? "",
                                password: values[Fields.password.key.rawValue] ?? "", at: setup.terminal, for: .administrator)
        leaving = true
    }

    // MARK: - Drawing

    public func draw(into screen: inout Screen) {
        guard screen.width >= Layout.minimumWidth, screen.height >= Layout.minimumHeight else {
            Layout.drawTooSmall(into: &screen)
            return
        }
        let width = screen.width
        screen.put("Cabildo · " + setup.place, row: 0, column: 0, role: .title)
        if let idleWarning {
            let text = Message("Are you still there? Press any key to continue. In {seconds} seconds this screen will be cleared and what you entered will be deleted.",
                               ["seconds": .text(String(idleWarning))]).description
            let lines = TextWrap.lines(text, width: width - 4)
            drawLines(lines, into: &screen, at: Rect(row: 4, column: 2, width: width - 4, height: 12), role: .error)
            screen.setCursor(row: 4, column: 2)
            return
        }
        let body = Rect(row: 4, column: 2, width: width - 4, height: screen.height - 7)
        var heading = ""
        var instruction = ""
        switch step {
        case .language:
            heading = "Bienvenida · Welcome"
            instruction = "Elija su idioma con el número · Choose your language by its number"
            drawOptions(into: &screen, in: body)
        case .menu:
            heading = Message("What would you like to do?").description
            instruction = Message("Press the number of your choice.").description
            drawOptions(into: &screen, in: body)
        case .consultations:
            heading = Message("Open consultations").description
            instruction = Message("Press the number of your choice.").description
            drawOptions(into: &screen, in: body)
        case .notice:
            heading = Message("Privacy notice").description
            instruction = Message("Press 1 or 2.").description
            if shownNotice?.language != Localizer.current.language {
                shownNotice = (try? database.privacyNotice(language: Localizer.current.language)) ?? nil
            }
            let text = shownNotice?.body ?? ""
            let lines = TextWrap.lines(text, width: body.width)
            // The text scrolls with PgUp/PgDn above the two answers, and says when there is more.
            let room = max(1, body.height - 4)
            noticeTop = max(0, min(noticeTop, lines.count - room))
            for (offset, line) in lines.dropFirst(noticeTop).prefix(room).enumerated() {
                screen.put(line, row: body.row + offset, column: body.column)
            }
            if noticeTop + room < lines.count {
                screen.put(Message("(continues: press PgDn to read more)").description, row: body.row + room,
                           column: body.column, role: .hint)
                instruction = Message("Read the notice (PgDn, PgUp), then press 1 or 2.").description
            }
            drawOptions(into: &screen, in: Rect(row: body.row + room + 1, column: body.column,
                                                width: body.width, height: 2))
        case .question(let i):
            let question = questions[i]
            heading = Message("Question {n} of {total}", ["n": .text(String(i + 1)),
                                                           "total": .text(String(questions.count))]).description
            let prompt = TextWrap.lines(question.prompt + (question.required ? " *" : ""), width: body.width)
            drawLines(prompt, into: &screen, at: body)
            let row = body.row + prompt.count + 1
            if question.kind == .text {
                instruction = Message("Type your answer and press Enter.").description
                var field = answers[question.id!]!
                screen.put("> ", row: row, column: body.column, role: .marker)
                field.draw(into: &screen, row: row, column: body.column + 2, width: body.width - 2, focused: true)
                answers[question.id!] = field
                screen.put(Message("{used} of {limit} characters", ["used": .text(String(field.characters.count)),
                                                                    "limit": .text(String(question.maxLength))]).description,
                           row: row + 1, column: body.column + 2, role: .hint)
                return finish(&screen, heading: heading, instruction: instruction)
            }
            instruction = Message("Press the number of your choice.").description
            drawOptions(into: &screen, in: Rect(row: row, column: body.column, width: body.width, height: body.height - row + body.row))
        case .contact:
            heading = Message("Your contact data (all optional)").description
            instruction = Message("Tab moves between fields; Enter continues.").description
            contactForm.draw(into: &screen, in: body, focused: true)
            return finish(&screen, heading: heading, instruction: instruction)
        case .review:
            heading = Message("Check your answers").description
            instruction = Message("Press a number to correct that answer, or the number of Send.").description
            drawOptions(into: &screen, in: body)
        case .receipt(let folio):
            heading = Message("Thank you. Your participation was received.").description
            instruction = Message("Press Enter to finish.").description
            screen.put(Message("Your folio:").description, row: body.row, column: body.column)
            let spaced = Folio.display(folio).map { String($0) }.joined(separator: " ")
            let boxWidth = TextWidth.cells(spaced) + 6
            screen.box(Rect(row: body.row + 1, column: body.column, width: boxWidth, height: 3))
            screen.put(spaced, row: body.row + 2, column: body.column + 3, role: .title)
            screen.put(Folio.display(folio), row: body.row + 5, column: body.column, role: .title)
            let later = TextWrap.lines(Message("Write it down or take a photo. To see its status and the response, choose \"Check my folio\" at any kiosk.").description, width: body.width)
            drawLines(later, into: &screen, at: Rect(row: body.row + 7, column: body.column, width: body.width, height: 8))
            screen.setCursor(row: body.row + 5, column: body.column)
            return finish(&screen, heading: heading, instruction: instruction)
        case .folioEntry:
            heading = Message("Check my folio").description
            instruction = Message("Type the folio from your receipt and press Enter.").description
            let label = Message("Folio").description + ": "
            let used = screen.put(label, row: body.row, column: body.column)
            folioField.draw(into: &screen, row: body.row, column: body.column + used, width: 20, focused: true)
            return finish(&screen, heading: heading, instruction: instruction)
        case .folioResult:
            heading = Message("Check my folio").description
            instruction = Message("Press Enter to finish.").description
            if let status = folioStatus {
                var lines = [Message("Folio").description + ": " + Folio.display(status.folio),
                             Message("Consultation").description + ": " + status.consultationTitle,
                             Message("Received").description + ": " + status.receivedAt,
                             Message("Status").description + ": " + status.moderation.label.description, ""]
                lines += TextWrap.lines(Message("Response").description + ": "
                    + (status.response ?? Message("not yet answered").description), width: body.width)
                drawLines(lines, into: &screen, at: body)
            }
            screen.setCursor(row: body.row, column: body.column)
            return finish(&screen, heading: heading, instruction: instruction)
        case .mechanisms:
            heading = Message("Which participation mechanism do you want to contact?").description
            instruction = Message("Press the number of your choice.").description
            drawOptions(into: &screen, in: body)
        case .message:
            heading = mechanism?.name ?? ""
            instruction = Message("Type your message and press Enter.").description
            screen.put(Message("Message").description + ":", row: body.row, column: body.column)
            screen.put("> ", row: body.row + 1, column: body.column, role: .marker)
            messageField.draw(into: &screen, row: body.row + 1, column: body.column + 2, width: body.width - 2, focused: true)
            return finish(&screen, heading: heading, instruction: instruction)
        case .sent:
            heading = Message("Your message was sent.").description
            instruction = Message("Press Enter to finish.").description
            let text = TextWrap.lines(Message("The official responsible for {mechanism} will receive it.",
                                              ["mechanism": .text(mechanism?.name ?? "")]).description, width: body.width)
            drawLines(text, into: &screen, at: body)
            screen.setCursor(row: body.row, column: body.column)
            return finish(&screen, heading: heading, instruction: instruction)
        case .staff:
            heading = Message("Leave kiosk mode").description
            instruction = Message("An administrator's name and password. Esc returns to the kiosk.").description
            staffForm.draw(into: &screen, in: body, focused: true)
            return finish(&screen, heading: heading, instruction: instruction)
        }
        finish(&screen, heading: heading, instruction: instruction)
    }

    func drawLines(_ lines: [String], into screen: inout Screen, at rect: Rect, role: ThemeRole = .normal) {
        for (offset, line) in lines.enumerated() {
            screen.put(line, row: rect.row + offset, column: rect.column, role: role, limit: rect.width)
        }
    }

    func drawOptions(into screen: inout Screen, in rect: Rect) {
        let numbered = options.enumerated().map { "\($0.offset + 1). \($0.element)" }
        choices.draw(ArraySource(numbered), into: &screen, in: rect, focused: true)
    }

    func drawFooter(into screen: inout Screen, heading: String, instruction: String) {
        screen.put(heading, row: 2, column: 2, role: .title)
        screen.put(instruction, row: screen.height - 2, column: 2, role: .hint)
    }

    func finish(_ screen: inout Screen, heading: String, instruction: String) {
        let cursor = screen.cursor
        drawFooter(into: &screen, heading: heading, instruction: instruction)
        screen.cursor = cursor
        status.draw(into: &screen, row: screen.height - 1, hints: keymap.hints(in: context))
    }
}
