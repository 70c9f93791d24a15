import CabildoApp
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
    /// The kiosk's own account, signed in when it started.
    public let account: Account
    public var actor: Actor { Actor(account: account) }
    public let languages: [Localizer]      // the first is the default
    public let idleSeconds: Int
    public let countdownSeconds: Int
    /// Where its sign-ins come from, for counting failures: its account and place.
    public var terminal: String { SignInTerminal.kiosk(account: actor.name, place: place) }
    /// Submissions this kiosk may send in a minute (Core refuses the next).
    public let submissionsPerMinute: Int

    public init(place: String, jurisdictionId: Int64, channel: Channel, account: Account, languages: [Localizer],
                idleSeconds: Int = 90, countdownSeconds: Int = 15,
                submissionsPerMinute: Int = AppDatabase.kioskSubmissionsPerMinute) {
        self.place = place; self.jurisdictionId = jurisdictionId; self.channel = channel; self.account = account
        self.languages = languages; self.idleSeconds = idleSeconds; self.countdownSeconds = countdownSeconds
        self.submissionsPerMinute = submissionsPerMinute
    }

    /// What its flows stamp on what they send.
    public var station: Station {
        Station(place: place, jurisdictionId: jurisdictionId, channel: channel, submissionsPerMinute: submissionsPerMinute)
    }
    public var idle: IdlePolicy { IdlePolicy(idleSeconds: idleSeconds, countdownSeconds: countdownSeconds) }
}

/// The citizens' kiosk: a host that renders `KioskFlow`'s steps with
/// TerminalKit — large plain steps, numbered choices, one question per
/// screen — and turns keys into the flows' inputs. It holds no rules: what
/// is asked, checked and stored is the flows' and Core's. Its text is in the
/// citizen's language, the session's localizer.
@MainActor
public final class KioskApp: Application {
    /// The screen on show.
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
    let session: AppSession
    let flow: KioskFlow
    var choices = ListView(highlight: .wholeRow)
    var status = StatusLine()
    var idleWarning: Int?          // seconds left before the wipe, while warning
    var lastKey = Date()
    weak var loop: EventLoop?
    var timer: DispatchSourceTimer?
    /// Set when staff sign out of kiosk mode: the loop ends.
    public var leaving: Bool { flow.leaving }

    // The editors of the step on show, filled from the flow's state when it shows.
    var shown: KioskFlow.Step?
    var field = TextField()
    var form = Form([])
    var noticeTop = 0

    /// The kiosk's voice, with `--speak`.
    let speaker: (any Speaking)?
    /// The step and the choice last spoken.
    var spokenStep: KioskFlow.Step?
    var spokenChoice = 0
    var spokenWarning = false

    init(database: AppDatabase, setup: KioskSetup, speaker: (any Speaking)? = nil) throws {
        self.database = database
        self.setup = setup
        self.speaker = speaker
        keymap = try KioskCommands.keymap(speaking: speaker != nil)
        session = AppSession(database: database, account: setup.account, localizer: setup.languages[0],
                             terminal: setup.terminal)
        flow = KioskFlow(session: session, station: setup.station, languages: setup.languages, idle: setup.idle)
        showStep()
    }

    public convenience init(database: AppDatabase, setup: KioskSetup) throws {
        try self.init(database: database, setup: setup, speaker: nil)
    }

    public func attach(to loop: EventLoop) {
        self.loop = loop
        scheduleIdleCheck(after: setup.idleSeconds)
        speak(after: nil)
    }

    func text(_ message: Message) -> String { session.text(message) }

    var step: Step {
        switch flow.step {
        case .language: .language
        case .menu: .menu
        case .staff: .staff
        case .takePart(let step):
            switch step {
            case .consultations: .consultations
            case .notice: .notice
            case .question(let i): .question(i)
            case .contact: .contact
            case .review: .review
            case .receipt(let folio): .receipt(folio)
            }
        case .folio(let step): step == .entry ? .folioEntry : .folioResult
        case .contact(let step):
            switch step {
            case .mechanisms: .mechanisms
            case .message: .message
            case .notice: .notice
            case .contact: .contact
            case .sent: .sent
            }
        }
    }

    /// When the flow moved on, the new step's editors start from the flow's state.
    func showStep() {
        guard flow.step != shown else { return }
        shown = flow.step
        choices = ListView(highlight: .wholeRow)
        noticeTop = 0
        let view = flow.view
        if let spec = view.field, picksOptions {
            // A list of options to pick or rank: the declared field, in a one-field form.
            form = Form([FormScreen.field(spec, session)], values: [spec.key.rawValue: flow.currentText])
            form.localizer = session.localizer
            return
        }
        if let spec = view.field {
            field = TextField(flow.currentText, maxLength: spec.kind.maxLength ?? 200)
        }
        form = Form(view.fields.map { FormScreen.field($0, session) }, values: currentValues)
        form.localizer = session.localizer
    }

    /// What the flow holds for the step's fields (the contact data given so far).
    var currentValues: [String: String] {
        Dictionary(uniqueKeysWithValues: flow.currentValues.values.map { ($0.key.rawValue, $0.value) })
    }

    // MARK: - Idle: warn, count down, wipe (the flows' one policy)

    func scheduleIdleCheck(after seconds: Int) {
        timer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + .seconds(max(1, seconds)))
        timer.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.idleTick() } }
        timer.resume()
        self.timer = timer
    }

    func idleTick() {
        switch flow.idle.decide(idle: Int(Date().timeIntervalSince(lastKey)), nothingToLose: flow.step == .language) {
        case .wait(let seconds):
            scheduleIdleCheck(after: seconds)
            return
        case .warn(let left):
            idleWarning = left
            scheduleIdleCheck(after: 1)
            if !spokenWarning { spokenWarning = true; speak(after: nil) }
        case .wipe:
            wipe()
            scheduleIdleCheck(after: setup.idleSeconds)
            speak(after: nil)
        }
        loop?.setNeedsDisplay()
    }

    /// Forgets everything the citizen entered and returns to the welcome screen.
    public func wipe() {
        flow.wipe()
        idleWarning = nil
        spokenWarning = false
        status.clear()
        showStep()
    }

    /// Whether the question on show is answered in its field (typed, or
    /// options picked or ranked), not by one number.
    var asksText: Bool {
        guard case .takePart(let flow)? = flow.errand, case .question(let i) = flow.step else { return false }
        return flow.questions[i].kind != .choice
    }

    /// Whether the step's one field is a list of options to pick or rank.
    var picksOptions: Bool { flow.view.field?.kind.isList == true }

    var context: KioskContext {
        switch step {
        case .question where asksText: .text
        case .contact, .folioEntry, .message: .text
        case .staff: .staff
        case .receipt, .folioResult, .sent: .read
        default: .choose
        }
    }

    // MARK: - Keys

    /// Keys that came faster than anyone types (a paste; see `KeyEvent`)
    /// never send or confirm: a pasted Enter continues nothing, and on the
    /// review step a pasted number chooses nothing. The citizen is told.
    public func handle(_ key: Key, burst: Bool) -> Bool {
        guard burst, idleWarning == nil, pastedKeyWouldConfirm(key) else { return handle(key) }
        lastKey = Date()
        status.show(text(Message("Pasted text was ignored here: press the keys one at a time.")))
        return true
    }

    func pastedKeyWouldConfirm(_ key: Key) -> Bool {
        if step == .staff { return false }   // staff leaving kiosk mode, not a citizen sending
        if KioskCommands.command(for: key, in: context, of: keymap) == .continue { return true }
        if step == .review, case .character(let c) = key, c.wholeNumberValue != nil { return true }
        return false
    }

    public func handle(_ key: Key) -> Bool {
        lastKey = Date()
        if idleWarning != nil {
            idleWarning = nil           // any key: the citizen is still here, nothing is lost
            spokenWarning = false
            scheduleIdleCheck(after: setup.idleSeconds)
            speaker?.stop()
            return true
        }
        defer { speak(after: key) }
        // Interrupt, suspend, quit and flow-control keys do nothing here.
        if case .control(let c) = key, "czqs\\".contains(c) { return true }
        status.clear()
        let command = KioskCommands.command(for: key, in: context, of: keymap)
        do {
            if command == .staff {
                flow.openStaff()
            } else if command == .repeat {
                spokenStep = nil        // said again below
            } else if case .say(let message) = try handle(key, command: command) {
                status.show(text(message))
            }
        } catch let error as CabildoError where error == .accountDisabled {
            // Nothing the citizen typed is lost: the answers stay on screen.
            status.show(text(Message("Kiosk disabled; your answers are kept here. Please tell the staff.")), error: true,
                        localizer: session.localizer)
        } catch let error as CabildoError {
            showErrorsBesideFields()
            status.show(text(error.message), error: true, localizer: session.localizer)
        } catch {
            status.show(text(CabildoError.explaining(error).message), error: true, localizer: session.localizer)
        }
        showStep()
        return !leaving
    }

    /// The flow's errors beside the form's fields, the first one focused.
    func showErrorsBesideFields() {
        let errors = flow.errors
        form.errors = [:]
        for spec in form.fields { if let error = errors[FieldKey(spec.key)] { form.errors[spec.key] = text(error) } }
        if let first = form.fields.first(where: { form.errors[$0.key] != nil }) { form.focus(key: first.key) }
    }

    func handle(_ key: Key, command: KioskCommand?) throws -> FlowReply {
        let context = context
        let options = context == .choose ? flow.view.options : []
        // Numbered choices: a digit picks at once; arrows and Enter work too.
        if context == .choose, case .character(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= options.count {
            choices.selected = n - 1
            return try flow.handle(.choose(n))
        }
        switch (context, command) {
        case (.staff, .submit): return form.enterSubmits() ? try flow.handle(.next) : .stay
        case (_, .back): return try flow.handle(.back)
        case (.read, .continue), (.text, .continue): return try flow.handle(.next)
        case (.choose, .continue): return options.isEmpty ? .stay : try flow.handle(.choose(choices.selected + 1))
        case (.choose, _) where step == .notice && key == .pageDown: noticeTop += 5
        case (.choose, _) where step == .notice && key == .pageUp: noticeTop = max(0, noticeTop - 5)
        case (.choose, _): _ = choices.handle(key, count: options.count)
        case (.text, _) where step != .contact && picksOptions:
            _ = form.handle(key)
            return try flow.handle(.text(form.values.values.first ?? ""))
        case (.text, _) where step != .contact:
            _ = field.handle(key)
            return try flow.handle(.text(field.text))
        case (.text, _), (.staff, _):
            _ = form.handle(key)
            return try flow.handle(.values(FormValues(Dictionary(uniqueKeysWithValues:
                form.values.map { (FieldKey($0.key), $0.value) }))))
        case (.read, _): break
        }
        return .stay
    }

    // MARK: - Speech (--speak): only what the screen shows, in the citizen's language

    /// After a key (nil: a timer or the start): a new step is said whole; a
    /// choice moved to is said; a message is said; any other key silences.
    func speak(after key: Key?) {
        guard let speaker else { return }
        let language = session.localizer.language
        if idleWarning != nil {
            speaker.say(idleWarningText, language: language)
        } else if flow.step != spokenStep {
            spokenStep = flow.step
            spokenChoice = choices.selected
            speaker.say(([stepSpeech] + [status.message].compactMap { $0 }).joined(separator: "\n"), language: language)
        } else if let message = status.message {
            speaker.say(message, language: language)
        } else if key != nil, picksOptions, let option = form.focusedOption {
            speaker.say(option, language: language)
        } else if context == .choose, choices.selected != spokenChoice, flow.view.options.indices.contains(choices.selected) {
            spokenChoice = choices.selected
            speaker.say("\(choices.selected + 1). \(flow.view.options[choices.selected])", language: language)
        } else if key != nil {
            speaker.stop()
        }
    }

    /// The step on show as words: its heading, text, choices, the labels of
    /// its fields and what to do. Values typed into a form (contact data) are
    /// not said; after the review only the folio and how to use it are.
    var stepSpeech: String {
        let view = flow.view
        var parts = [view.heading]
        switch step {
        case .receipt(let folio):
            parts += [text(Message("Your folio:")), Folio.display(folio).map { String($0) }.joined(separator: " "),
                      view.lines.last ?? ""]
        case .folioEntry, .message:
            parts += view.lines + [text(view.field?.label ?? Message("Folio"))]
        case .question:
            parts += view.lines
            if picksOptions {
                parts += form.optionsSaid
            } else if view.field != nil, !field.text.isEmpty {
                parts.append(field.text)
            }
        default:
            parts += view.lines
        }
        parts += view.options.enumerated().map { "\($0.offset + 1). \($0.element)" }
        parts += view.fields.map { text($0.label) }
        parts.append(view.instruction)
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The idle warning's sentence, as drawn: it names the whole countdown and keeps
    /// its words while it counts, so a screen reader says it once.
    var idleWarningText: String {
        text(Message("Are you still there? Press any key to continue. In {seconds} seconds this screen will be cleared and what you entered will be deleted.",
                     ["seconds": .text(String(setup.countdownSeconds))]))
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
            // The sentence keeps its words while it counts, so a screen reader
            // says it once; only the last seconds are counted, on a line of their own.
            let warning = idleWarningText
            let lines = TextWrap.lines(warning, width: width - 4)
            drawLines(lines, into: &screen, at: Rect(row: 4, column: 2, width: width - 4, height: 12), role: .error)
            if idleWarning <= Self.lastSeconds {
                let left = idleWarning == 1 ? Message("1 second left.")
                    : Message("{seconds} seconds left.", ["seconds": .text(String(idleWarning))])
                screen.put(text(left), row: 4 + lines.count + 1, column: 2, role: .error)
            }
            screen.setCursor(row: 4, column: 2)
            return
        }
        let body = Rect(row: 4, column: 2, width: width - 4, height: screen.height - 7)
        let view = flow.view
        var instruction = view.instruction
        switch step {
        case .review:
            drawWrappedOptions(view.options, into: &screen, in: body)
        case .language, .menu, .consultations, .mechanisms:
            drawOptions(view.options, into: &screen, in: body)
        case .notice:
            let lines = TextWrap.lines(view.lines.joined(separator: "\n"), width: body.width)
            // The text scrolls with PgUp/PgDn above the two answers, and says when there is more.
            let room = max(1, body.height - 4)
            noticeTop = max(0, min(noticeTop, lines.count - room))
            for (offset, line) in lines.dropFirst(noticeTop).prefix(room).enumerated() {
                screen.put(line, row: body.row + offset, column: body.column)
            }
            if noticeTop + room < lines.count {
                screen.put(text(Message("(continues: press PgDn to read more)")), row: body.row + room,
                           column: body.column, role: .hint)
                instruction = text(Message("Read the notice (PgDn, PgUp), then press 1 or 2."))
            }
            drawOptions(view.options, into: &screen, in: Rect(row: body.row + room + 1, column: body.column,
                                                              width: body.width, height: 2))
        case .question:
            // A list of options says how it is answered with the keys (its field's help).
            let help = picksOptions ? view.field?.help.map { [text($0)] } ?? [] : []
            let prompt = TextWrap.lines((view.lines + help).joined(separator: "\n"), width: body.width)
            drawLines(prompt, into: &screen, at: body)
            let row = body.row + prompt.count + 1
            if view.field != nil, picksOptions {
                form.draw(into: &screen, in: Rect(row: row, column: body.column, width: body.width,
                                                  height: body.height - row + body.row), focused: true)
                return finish(&screen, heading: view.heading, instruction: instruction)
            }
            if let spec = view.field {
                screen.put("> ", row: row, column: body.column, role: .marker)
                // Wrapped over the lines left, so the whole answer can be read.
                let height = max(1, body.row + body.height - row - 1)
                let used = field.drawWrapped(into: &screen, in: Rect(row: row, column: body.column + 2,
                                                                      width: body.width - 2, height: height),
                                             focused: true)
                // Counted only near the limit: a screen reader would say the count after every letter.
                let limit = spec.kind.maxLength ?? 0, count = field.characters.count
                if limit - count <= Self.nearTheLimit(limit) {
                    screen.put(text(Message("{used} of {limit} characters",
                                            ["used": .text(String(count)), "limit": .text(String(limit))])),
                               row: row + max(1, used), column: body.column + 2, role: .hint)
                }
                return finish(&screen, heading: view.heading, instruction: instruction)
            }
            drawOptions(view.options, into: &screen,
                        in: Rect(row: row, column: body.column, width: body.width, height: body.height - row + body.row))
        case .contact, .staff:
            form.draw(into: &screen, in: body, focused: true)
            return finish(&screen, heading: view.heading, instruction: instruction)
        case .receipt(let folio):
            screen.put(text(Message("Your folio:")), row: body.row, column: body.column)
            let spaced = Folio.display(folio).map { String($0) }.joined(separator: " ")
            let boxWidth = TextWidth.cells(spaced) + 6
            screen.box(Rect(row: body.row + 1, column: body.column, width: boxWidth, height: 3))
            screen.put(spaced, row: body.row + 2, column: body.column + 3, role: .title)
            screen.put(Folio.display(folio), row: body.row + 5, column: body.column, role: .title)
            let later = TextWrap.lines(view.lines.last ?? "", width: body.width)
            drawLines(later, into: &screen, at: Rect(row: body.row + 7, column: body.column, width: body.width, height: 8))
            screen.setCursor(row: body.row + 5, column: body.column)
            return finish(&screen, heading: view.heading, instruction: instruction)
        case .folioEntry, .message:
            let label = text(view.field?.label ?? Message("Folio"))
            if step == .folioEntry {
                let used = screen.put(label + ": ", row: body.row, column: body.column)
                field.draw(into: &screen, row: body.row, column: body.column + used, width: 20, focused: true)
            } else {
                screen.put(label + ":", row: body.row, column: body.column)
                screen.put("> ", row: body.row + 1, column: body.column, role: .marker)
                field.drawWrapped(into: &screen, in: Rect(row: body.row + 1, column: body.column + 2,
                                                          width: body.width - 2, height: body.height - 1), focused: true)
            }
            return finish(&screen, heading: view.heading, instruction: instruction)
        case .folioResult, .sent:
            let lines = view.lines.flatMap { $0.isEmpty ? [""] : TextWrap.lines($0, width: body.width) }
            drawLines(lines, into: &screen, at: body)
            screen.setCursor(row: body.row, column: body.column)
            return finish(&screen, heading: view.heading, instruction: instruction)
        }
        finish(&screen, heading: view.heading, instruction: instruction)
    }

    /// The idle warning's seconds are counted aloud only when this few are left.
    static let lastSeconds = 5

    /// How many characters before the limit an answer's counter shows.
    static func nearTheLimit(_ limit: Int) -> Int { max(20, limit / 10) }

    func drawLines(_ lines: [String], into screen: inout Screen, at rect: Rect, role: ThemeRole = .normal) {
        for (offset, line) in lines.enumerated() {
            screen.put(line, row: rect.row + offset, column: rect.column, role: role, limit: rect.width)
        }
    }

    func drawOptions(_ options: [String], into screen: inout Screen, in rect: Rect) {
        let numbered = options.enumerated().map { "\($0.offset + 1). \($0.element)" }
        choices.draw(ArraySource(numbered), into: &screen, in: rect, focused: true)
    }

    /// Choices that are answers (the review): each wrapped whole over as
    /// many lines as it needs, never cut, so the review can be read (and is
    /// read out by a screen reader when it appears) answer by answer. The
    /// selection is shown as in the other lists, on its first line, where the
    /// cursor is; the view scrolls to keep it on screen.
    func drawWrappedOptions(_ options: [String], into screen: inout Screen, in rect: Rect) {
        choices.clamp(count: options.count)
        let selected = choices.selected
        let blocks = options.enumerated().map { TextWrap.lines("\($0.offset + 1). \($0.element)", width: rect.width - 2) }
        // The first block shown: the selected one's end must fit.
        var first = 0
        while first < selected, blocks[first...selected].map(\.count).reduce(0, +) > rect.height { first += 1 }
        var row = rect.row
        for (index, block) in blocks.enumerated().dropFirst(first) {
            guard row < rect.row + rect.height else { break }
            let isSelected = index == selected
            for (offset, line) in block.enumerated() where row < rect.row + rect.height {
                screen.put(line, row: row, column: rect.column + 2, role: isSelected ? .selected : .normal,
                           limit: rect.width - 2)
                if isSelected {
                    choices.showSelected(on: &screen, row: row, column: rect.column, width: rect.width,
                                         first: offset == 0, focused: true)
                }
                row += 1
            }
        }
    }

    func finish(_ screen: inout Screen, heading: String, instruction: String) {
        let cursor = screen.cursor
        screen.put(heading, row: 2, column: 2, role: .title)
        screen.put(instruction, row: screen.height - 2, column: 2, role: .hint)
        screen.cursor = cursor
        status.draw(into: &screen, row: screen.height - 1, hints: keymap.hints(in: context.rawValue,
                                                                              localizer: session.localizer))
        // A message longer than the line is never cut: it takes the lines above, wrapped.
        if let message = status.message, TextWidth.cells(message) > screen.width {
            let lines = TextWrap.lines(message, width: screen.width).suffix(4)
            let first = screen.height - lines.count
            screen.fill(Rect(row: first, column: 0, width: screen.width, height: lines.count), role: .status)
            for (offset, line) in lines.enumerated() {
                screen.put(line, row: first + offset, column: 0, role: status.isError ? .error : .status)
            }
            if status.announced { screen.setCursor(row: first, column: 0) }
        }
    }
}
