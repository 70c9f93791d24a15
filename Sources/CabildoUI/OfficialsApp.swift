import CabildoCore
import CabildoText
import Dispatch
import Foundation
import TerminalKit

/// The officials' full-screen application: sign-in, then three panes
/// (mechanisms, commitments, consultations), each a stack of screens.
@MainActor
public final class OfficialsApp: Application {
    let database: AppDatabase
    let keymap: Keymap
    var account: Account?
    /// Before sign-in, no one: every intent refuses it.
    var actor: Actor { account.map(Actor.init(account:)) ?? .nobody }
    var status = StatusLine()
    var stacks: [[AppScreen]] = [[], [], []]
    var pane = 0
    var gate: [AppScreen] = []          // first run, sign-in, or the lock: shown instead of the panes
    var help: HelpOverlay?
    weak var loop: (any FrameDrawing)?
    /// The last audit entry this session has looked at (see `ChangeNotice`).
    var lastSeenChange: Int64 = 0
    var lastKey = Date()
    let lockAfter: TimeInterval
    /// Where sign-ins come from, for counting failures (the terminal's device).
    let terminal: String
    var timers: [DispatchSourceTimer] = []

    public init(database: AppDatabase, keymap: Keymap, lockAfter: TimeInterval = 15 * 60,
                terminal: String = SignInTerminal.current()) throws {
        self.database = database
        self.keymap = keymap
        self.lockAfter = lockAfter
        self.terminal = terminal
        lastSeenChange = try database.lastChange()
        gate = [try database.accounts().isEmpty ? Gate.firstRun() : Gate.signIn()]
    }

    var top: AppScreen? { gate.last ?? stacks[pane].last }
    var context: String {
        if help != nil { return AppCommands.help }
        if let list = top as? ListScreen { return list.effectiveContext }
        return top?.context ?? AppCommands.mechanisms
    }

    // MARK: - Navigation

    func push(_ screen: AppScreen) throws {
        try screen.reload(app: self)
        if gate.isEmpty { stacks[pane].append(screen) } else { gate.append(screen) }
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
        stacks = [[Panes.mechanisms()], [Panes.commitments()], [Panes.consultations()]]
        for stack in stacks { try stack.last?.reload(app: self) }
        pane = 0
    }

    // MARK: - Timers: the lock, and changes made by other terminals

    public func attach(to loop: EventLoop) {
        self.loop = loop
        let check = DispatchSource.makeTimerSource(queue: .main)
        check.schedule(deadline: .now() + 1, repeating: 1)
        check.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.tick() } }
        check.resume()
        timers = [check]
    }

    /// An account disabled while signed in: back to the sign-in form, saying why.
    /// Returns whether it happened.
    func signOutIfDisabled() -> Bool {
        guard let id = account?.id, !database.accountIsEnabled(id) else { return false }
        account = nil
        stacks = [[], [], []]
        help = nil
        gate = [Gate.signIn()]
        status.show(Message("This account has been disabled; sign in with another account.").description, error: true)
        loop?.setNeedsDisplay()
        return true
    }

    func tick() {
        if signOutIfDisabled() { return }
        if account != nil, gate.isEmpty, Date().timeIntervalSince(lastKey) >= lockAfter {
            gate = [Gate.unlock(username: account!.username)]
            loop?.setNeedsDisplay()
        }
        guard let notice = try? database.changes(since: lastSeenChange), !notice.isEmpty else { return }
        lastSeenChange = notice.lastId
        // Another terminal (or this one) wrote: read the list in view again only
        // when the change touches what it shows, never a form being typed in;
        // the others are read again when they are shown.
        guard let list = top as? ListScreen, list.isTouched(by: notice) else { return }
        try? list.reload(app: self)
        // Drawn now, before the main queue serves any key: a key is never
        // handled on rows that were read but not yet shown.
        loop?.render()
    }

    // MARK: - Keys

    public func handle(_ key: Key) -> Bool {
        lastKey = Date()
        if signOutIfDisabled() { return true }
        status.clear()
        let command = keymap.command(for: key, in: context)
        if var overlay = help {
            if command == "back" { help = nil } else if command == "quit" { return false }
            else { _ = overlay.list.handle(key, count: overlay.lines(keymap).count); help = overlay }
            return true
        }
        switch command {
        case "quit" where gate.isEmpty: return false
        case "help", "help.typing":
            let unavailable = (top as? ListScreen).map { list in
                Set(keymap.available(in: context).map(\.command.id).filter { !list.offers(command: $0) })
            } ?? []
            help = HelpOverlay(context: context, unavailable: unavailable)
            return true
        case "pane.1", "pane.2", "pane.3":
            if gate.isEmpty {
                pane = Int(String(command!.last!))! - 1
                try? stacks[pane].last?.reload(app: self)
                return true
            }
        default: break
        }
        guard let screen = top else { return true }
        do {
            if try !screen.handle(key, command: command, app: self) {
                if command == "back" && gate.isEmpty { pop() }
                else if command == nil {
                    status.show(Message("That key does nothing here; press ? for help.").description, announce: false)
                }
            }
        } catch let error as CabildoError {
            if error == .accountDisabled, signOutIfDisabled() { return true }
            status.show(error.message.description, error: true)
        } catch {
            status.show(CabildoError.explaining(error).message.description, error: true)
        }
        return true
    }

    // MARK: - Drawing

    public func draw(into screen: inout Screen) {
        guard screen.width >= Layout.minimumWidth, screen.height >= Layout.minimumHeight else {
            Layout.drawTooSmall(into: &screen)
            return
        }
        if gate.isEmpty {
            var tabs = TabBar([Message("Mechanisms").description, Message("Commitments").description,
                               Message("Consultations").description])
            tabs.selected = pane
            tabs.draw(into: &screen, row: 0)
            if let account {
                let who = "\(account.username) (\(account.role.label))"
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
        let offered = keymap.hints(in: context).filter { hint in
            guard let list = top as? ListScreen, help == nil, !list.searching else { return true }
            return list.offers(hint: hint, keymap: keymap, context: context)
        }
        status.draw(into: &screen, row: screen.height - 1, hints: offered)
    }
}

extension ListScreen {
    /// A hint is shown only for what this screen can do for this account.
    func offers(hint: String, keymap: Keymap, context: String) -> Bool {
        guard let entry = keymap.available(in: context).first(where: {
            hint == "\($0.keys.first!.description) \($0.command.label)"
        }) else { return true }
        return offers(command: entry.command.id)
    }

    /// Commands every screen serves itself; every other command is an action
    /// the screen has only when this account may take it.
    static let served: Set<String> = ["back", "help", "help.typing", "quit", "move", "field", "save", "search.done",
                                      "pane.1", "pane.2", "pane.3"]

    func offers(command id: String) -> Bool {
        if Self.served.contains(id) { return true }
        if id == "search" { return searchField != nil }
        if id == "open" && rowCount == 0 { return false }   // nothing to open
        return actions[id] != nil
    }
}
