import CabildoApp
import CabildoCore
import CabildoText
import Dispatch
import Foundation
import TerminalKit

/// The officials' full-screen application: sign-in, then three panes
/// (mechanisms, commitments, consultations), each a stack of screens.
@MainActor
public final class OfficialsApp: Application {
    /// The database, who is signed in and the language screens are rendered in.
    let session: AppSession
    var database: AppDatabase { session.database }
    let keymap: Keymap
    var account: Account? {
        get { session.account }
        set { session.account = newValue }
    }
    /// Before sign-in, no one: every intent refuses it.
    var actor: Actor { session.actor }
    var status = StatusLine()
    /// Where the message on the status line was shown (see `place`).
    var statusPlace: Place?
    /// The screen in view: pane, screen and help (compared at every key, so no text is made of it).
    struct Place: Equatable {
        let pane: Int
        let screen: ObjectIdentifier?
        let help: Bool
    }
    var place: Place { Place(pane: pane, screen: top.map { ObjectIdentifier($0) }, help: help != nil) }
    var stacks: [[AppScreen]] = [[], [], []]
    var pane = 0
    var gate: [AppScreen] = []          // first run, sign-in, or the lock: shown instead of the panes
    var help: HelpOverlay?
    /// A text shown whole (`readWhole`), over everything else until a key closes it.
    var reader: TextOverlay?
    /// "Leave Cabildo?": asked once `q` is pressed, so a first-time user who
    /// types a search into a list (where letters are commands) does not
    /// lose the session to its `q`. The quit key again leaves; any other letter stays.
    var quitting: ConfirmDialog?
    weak var loop: (any FrameDrawing)?
    /// The last audit entry this session has looked at (see `ChangeNotice`).
    var lastSeenChange: Int64 = 0
    var lastKey: Date
    let lockAfter: TimeInterval
    var timers: [DispatchSourceTimer] = []
    /// When the timer's ticks look for changes (a session left alone looks less often).
    var pace = ChangePace()
    /// The time of day (a test's own clock in tests).
    let clock: () -> Date

    public init(database: AppDatabase, keymap: Keymap, lockAfter: TimeInterval = 15 * 60,
                terminal: String = SignInTerminal.current(), clock: @escaping () -> Date = Date.init) throws {
        session = AppSession(database: database, terminal: terminal)
        self.keymap = keymap
        self.lockAfter = lockAfter
        self.clock = clock
        lastKey = clock()
        lastSeenChange = try database.lastChange()
        gate = [try database.accounts().isEmpty ? Gate.firstRun(session) : Gate.signIn(session)]
    }

    var top: AppScreen? { gate.last ?? stacks[pane].last }
    var context: Context {
        if help != nil { return .help }
        return top?.context ?? .mechanisms
    }

    // MARK: - Navigation

    func push(_ screen: AppScreen) throws {
        try screen.reload(app: self)
        if gate.isEmpty { stacks[pane].append(screen) } else { gate.append(screen) }
    }

    func push(_ pane: any Pane) throws { try push(PaneScreen(pane)) }

    /// What a pane's command asked for next.
    func follow(_ outcome: Outcome, from screen: PaneScreen) throws {
        switch outcome {
        case .stay: try screen.reload(app: self)
        case .done(let message):
            try screen.reload(app: self)
            status.show(session.text(message))
        case .open(let pane): try push(pane)
        case .form(let spec): try push(FormScreen(spec, session: session))
        }
    }

    func pop() {
        if !gate.isEmpty {
            gate.removeLast()
            return
        }
        if stacks[pane].count > 1 { stacks[pane].removeLast() }
        try? stacks[pane].last?.reload(app: self)
    }

    /// After sign-in: the three panes, fresh.
    func signedIn(_ account: Account) throws {
        self.account = account
        gate = []
        stacks = [[PaneScreen(MechanismsPane())], [PaneScreen(CommitmentsPane())], [PaneScreen(ConsultationsPane())]]
        for stack in stacks { try stack.last?.reload(app: self) }
        pane = 0
    }

    // MARK: - Timers: the lock, and changes made by other terminals

    public func attach(to loop: EventLoop) {
        self.loop = loop
        let check = DispatchSource.makeTimerSource(queue: .main)
        check.schedule(deadline: DispatchTime.now() + ChangePace.period, repeating: ChangePace.period)
        check.setEventHandler { [weak self] in MainActor.assumeIsolated { _ = self?.timerTick() } }
        check.resume()
        timers = [check]
        rescheduleTimer = { delay, period in
            check.schedule(deadline: .now() + delay, repeating: period)
        }
    }

    /// Moves the change timer: first fire after `delay`, then every `period`
    /// seconds (the dispatch timer `attach` made; tests record the calls).
    var rescheduleTimer: ((_ delay: TimeInterval, _ period: TimeInterval) -> Void)?

    /// An account disabled while signed in: back to the sign-in form, saying why.
    /// Returns whether it happened.
    func signOutIfDisabled() -> Bool {
        guard let id = account?.id, !database.accountIsEnabled(id) else { return false }
        account = nil
        stacks = [[], [], []]
        help = nil
        quitting = nil
        gate = [Gate.signIn(session)]
        status.show(session.text(Message("This account has been disabled; sign in with another account.")), error: true)
        loop?.setNeedsDisplay()
        return true
    }

    /// The timer's tick: a look for changes when the pace says one is due.
    /// Returns whether it looked.
    @discardableResult
    func timerTick() -> Bool {
        // A key typed just now is served first; the look comes at the next tick.
        defer { keepTimer(firingNow: false) }
        guard loop?.inputIsWaiting != true, pace.due(at: clock(), lastKey: lastKey) else { return false }
        tick()
        return true
    }

    /// The change timer's period now (see `ChangePace.timerPeriod`).
    private(set) var timerPeriod = ChangePace.period

    /// Sets the timer to the pace's period when it changed; after a key
    /// that ends an idle spell, it fires at once, so the look is not late.
    private func keepTimer(firingNow: Bool) {
        let wanted = pace.timerPeriod(at: clock(), lastKey: lastKey)
        guard wanted != timerPeriod else { return }
        timerPeriod = wanted
        rescheduleTimer?(firingNow ? 0 : wanted, wanted)
    }

    /// In one read transaction: the account, what changed, and (when a change
    /// touches it) the list in view with the rows on screen.
    func tick() {
        _ = try? database.inOneRead { changesSeen() }
    }

    private func changesSeen() {
        if signOutIfDisabled() { return }
        if account != nil, gate.isEmpty, clock().timeIntervalSince(lastKey) >= lockAfter {
            gate = [Gate.unlock(username: account!.username, session)]
            quitting = nil
            loop?.setNeedsDisplay()
        }
        guard let notice = try? database.changes(since: lastSeenChange), !notice.isEmpty else { return }
        lastSeenChange = notice.lastId
        // Another terminal (or this one) wrote: read the list in view again only
        // when the change touches what it shows, never a form being typed in;
        // the others are read again when they are shown.
        guard let list = top as? PaneScreen, list.isTouched(by: notice) else { return }
        let shown = list.onScreen
        try? list.reload(app: self, after: notice)
        // Drawn now, before the main queue serves any key: a key is never
        // handled on rows that were read but not yet shown. A change that
        // leaves the screen as it was (rows moved or changed off screen)
        // needs no frame.
        if list.onScreen != shown { loop?.render() }
    }

    // MARK: - Keys

    public func handle(_ key: Key) -> Bool {
        let now = clock()
        pace.key(at: now, lastKey: lastKey)
        lastKey = now
        keepTimer(firingNow: true)
        if signOutIfDisabled() { return true }
        // A message stays, quiet, while the official stays where it was
        // shown; it goes when the screen changes, whose new text is spoken anyway.
        let place = self.place
        if status.message != nil && statusPlace == place { status.quiet() } else { status.clear() }
        let kept = status.message
        defer {
            if status.announced || status.message != kept { statusPlace = self.place }
            else if self.place != place { status.clear() }
        }
        // The keymap gives a command's name; from here on it is typed.
        if var open = reader {
            reader = open.handle(key) ? open : nil
            return true
        }
        let command = keymap.command(for: key, in: context.rawValue).flatMap(Command.init(rawValue:))
        if var dialog = quitting {
            if command == .quit { return false }
            // Any other letter stays: one typed on ("queso") must not be read as "s", yes.
            if case .character = key { quitting = nil; return true }
            _ = dialog.handle(key)
            switch dialog.outcome {
            case .confirmed: return false
            case .cancelled: quitting = nil
            case .pending: quitting = dialog
            }
            return true
        }
        if command == .readWhole {
            reader = TextOverlay(title: session.text(Message("Whole text")), text: wholeText())
            return true
        }
        if var overlay = help {
            if command == .back { help = nil } else if command == .quit { quitting = askToQuit() }
            else { _ = overlay.list.handle(key, count: overlay.lines(keymap).count); help = overlay }
            return true
        }
        switch command {
        case .quit where gate.isEmpty:
            quitting = askToQuit()
            return true
        case .help, .helpTyping:
            var notes: [String: String] = [:]
            if let list = top as? PaneScreen {
                for id in keymap.available(in: context.rawValue).map(\.command.id) {
                    if let command = Command(rawValue: id), let why = list.whyNot(command, session: session) {
                        notes[id] = session.text(why)
                    }
                }
            }
            help = HelpOverlay(context: context.rawValue, notes: notes)
            return true
        case .pane1, .pane2, .pane3:
            if gate.isEmpty {
                pane = [.pane1, .pane2, .pane3].firstIndex(of: command!)!
                try? stacks[pane].last?.reload(app: self)
                return true
            }
        default: break
        }
        guard let screen = top else { return true }
        do {
            if try !screen.handle(key, command: command, app: self) {
                if command == .back && gate.isEmpty { pop() }
                else if command == nil {
                    // Names the key that opens the help here: "?" is typed text in a form.
                    let helpKey = keyHere(for: [.help, .helpTyping]) ?? "F1"
                    // A letter typed at a list that shows "Search:" was most likely meant for it.
                    let searchKey = (screen as? PaneScreen)?.searchField == nil ? nil : keyHere(for: [.search])
                    let message = if case .character = key, let searchKey {
                        Message("That key does nothing here; to search, press {search}; help: {key}.",
                                ["search": .text(searchKey), "key": .text(helpKey)])
                    } else {
                        Message("That key does nothing here; press {key} for help.", ["key": .text(helpKey)])
                    }
                    status.show(session.text(message), announce: false)
                }
            }
        } catch let error as CabildoError {
            if error == .accountDisabled, signOutIfDisabled() { return true }
            status.show(session.text(error.message), error: true)
        } catch {
            status.show(session.text(CabildoError.explaining(error).message), error: true)
        }
        return true
    }

    private func askToQuit() -> ConfirmDialog {
        ConfirmDialog(session.text(Message("Leave Cabildo? ({key} again leaves)", ["key": .text(keyHere(for: [.quit]) ?? "q")])))
    }

    /// The first key bound here to one of `commands`, as messages name it (the keys file may rebind it).
    private func keyHere(for commands: Set<Command>) -> String? {
        keymap.available(in: context.rawValue).first { Command(rawValue: $0.command.id).map(commands.contains) ?? false }?
            .keys.first?.description
    }

    /// What `readWhole` shows: the help entry, the selected row (with a
    /// header the screen cut) or the focused field, and the message on the
    /// status line, each whole.
    func wholeText() -> String {
        var parts: [String] = []
        if let help {
            let lines = help.lines(keymap)
            if lines.indices.contains(help.list.selected) { parts.append(lines[help.list.selected]) }
        } else if let list = top as? PaneScreen {
            if list.pane.headerLimit != nil { parts += list.header }
            if let row = list.selectedRow { parts.append(row.text) }
        } else if let form = top as? FormScreen, let whole = form.form.focusedWhole {
            parts.append(whole)
        }
        if let message = status.message { parts.append(message) }
        return parts.isEmpty ? session.text(Message("Nothing here yet.")) : parts.joined(separator: "\n\n")
    }

    // MARK: - Drawing

    /// The keymap's commands per context, as the key hints ask for them at every frame.
    private var availableByContext: [Context: [(command: CommandSpec, keys: [Key])]] = [:]

    private func available(in context: Context) -> [(command: CommandSpec, keys: [Key])] {
        if let known = availableByContext[context] { return known }
        let entries = keymap.available(in: context.rawValue)
        availableByContext[context] = entries
        return entries
    }

    public func draw(into screen: inout Screen) {
        guard screen.width >= Layout.minimumWidth, screen.height >= Layout.minimumHeight else {
            Layout.drawTooSmall(into: &screen)
            return
        }
        if gate.isEmpty {
            var tabs = TabBar([session.text(Message("Mechanisms")), session.text(Message("Commitments")),
                               session.text(Message("Consultations"))])
            tabs.selected = pane
            tabs.draw(into: &screen, row: 0)
            if let account {
                let who = "\(account.username) (\(session.text(account.role.label)))"
                screen.put(who, row: 0, column: max(0, screen.width - TextWidth.cells(who)), role: .hint)
            }
        } else {
            screen.put("Cabildo", row: 0, column: 0, role: .title)
        }
        let title = top?.title ?? ""
        screen.put(title, row: 1, column: 0, role: .title)
        let body = Rect(row: 3, column: 0, width: screen.width, height: screen.height - 4)
        top?.draw(into: &screen, in: body, app: self)
        if var overlay = help {
            overlay.draw(keymap, into: &screen, in: body)
            help = overlay
        }
        if var open = reader {
            open.draw(into: &screen, in: body)
            reader = open
        }
        // A hint is shown only for what this screen can do for this account.
        let offered = available(in: context).filter { entry in
            guard entry.command.hinted else { return false }
            guard let list = top as? PaneScreen, help == nil, !list.searching,
                  let command = Command(rawValue: entry.command.id) else { return true }
            return list.offers(command, session: session)
        }.map { "\($0.keys.first!.description) \($0.command.label)" }
        status.draw(into: &screen, row: screen.height - 1, hints: offered)
        quitting?.draw(into: &screen)
    }
}
