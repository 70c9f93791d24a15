import CabildoApp
import CabildoCore
import CabildoText
import Foundation

/// The officials' application in lines: the same panes, command table and
/// forms as the full screen, rendered as numbered rows with paging, a prompt
/// that takes a row's number, a command by its name or key, and `?` for the
/// commands available here.
@MainActor
final class LineOfficials {
    /// A pane on show and where its reader stands in it.
    final class Place {
        let pane: any Pane
        /// The first row of the page shown.
        var start = 0
        /// The row a command acts on, once the official named it by number.
        var selected: Int?
        init(_ pane: any Pane) { self.pane = pane }
    }

    let session: AppSession
    let io: LineIO
    let lockAfter: TimeInterval
    var stacks: [[Place]] = [[], [], []]
    var pane = 0
    var lastLine = Date()

    /// Rows shown at once; `+` shows the next ones.
    static let page = 20

    init(session: AppSession, io: LineIO, lockAfter: TimeInterval = 15 * 60) {
        self.session = session; self.io = io; self.lockAfter = lockAfter
    }

    func text(_ message: Message) -> String { session.text(message) }
    var place: Place { stacks[pane].last! }
    static let paneNames = [Message("Mechanisms"), Message("Commitments"), Message("Consultations")]

    /// Names where the official stands: the pane's name on its first screen,
    /// then "Consultations › Notices to citizens", so a reader who hears only
    /// the prompt knows which screen a command will act on.
    var prompt: String {
        let name = text(Self.paneNames[pane])
        guard stacks[pane].count > 1 else { return name }
        let title = place.pane.title
        return name + " › " + (title.count > 60 ? String(title.prefix(59)) + "…" : title)
    }

    /// Until the official quits or the input ends.
    func run() throws {
        do {
            guard try signIn() else { return }
            while true {
                let line = try io.ask(prompt + ">")
                if Date().timeIntervalSince(lastLine) >= lockAfter, let account = session.account {
                    guard try runGate(SignInForms.unlock(username: account.username)) else { return }
                }
                lastLine = Date()
                if let id = session.account?.id, !session.database.accountIsEnabled(id) {
                    io.say(text(Message("This account has been disabled; sign in with another account.")))
                    session.account = nil
                    guard try signIn() else { return }
                    continue
                }
                do {
                    guard try handle(line) else { return }
                } catch let error as CabildoError {
                    io.say(text(.error(.message(error.message))))
                }
            }
        } catch is LineIO.Ended {
            io.blank()
            io.say(text(Message("End of input.")))
        }
    }

    // MARK: - Sign-in, first run and the lock: CabildoApp's forms

    /// Returns false when the official left instead.
    func signIn() throws -> Bool {
        if try session.database.accounts().isEmpty, !(try runGate(SignInForms.firstRun())) { return false }
        guard try runGate(SignInForms.signIn()), session.account != nil else { return false }
        stacks = [[Place(MechanismsPane())], [Place(CommitmentsPane())], [Place(ConsultationsPane())]]
        pane = 0
        for stack in stacks { try stack.last!.pane.load(session) }
        lastLine = Date()
        show()
        return true
    }

    /// A gate's form until it saves; false when left.
    func runGate(_ spec: FormSpec) throws -> Bool {
        var form = LineForm(spec, session: session, io: io)
        guard let done = try form.run(introduced: false) else { return false }
        io.say(text(done))
        return true
    }

    // MARK: - Showing a pane

    func show() {
        let pane = place.pane
        io.blank()
        io.say(pane.title)
        for line in pane.header { io.say(line) }
        if let query = pane.query, !query.isEmpty {
            io.say(text(Message("Search")) + ": " + query)
        }
        showPage()
    }

    func showPage() {
        let rows = place.pane.rows
        guard rows.count > 0 else {
            io.say(text(place.pane.emptyMessage))
            return
        }
        place.start = max(0, min(place.start, rows.count - 1))
        let end = min(rows.count, place.start + Self.page)
        for index in place.start..<end {
            let row = rows.row(index)
            if row.kind == .text {
                io.say(row.text.isEmpty ? "" : "    " + row.text)
            } else {
                io.say("\(index + 1). " + String(repeating: " ", count: row.indent) + row.text)
            }
        }
        if place.start == 0 && end == rows.count {
            io.say(text(rows.count == 1 ? Message("One row.") : Message("{count} rows.", ["count": .text(String(rows.count))])))
        } else if end == rows.count {
            io.say(text(Message("Rows {first} to {last} of {count}, the last ones. Type - for the previous ones.",
                                ["first": .text(String(place.start + 1)), "last": .text(String(end)),
                                 "count": .text(String(rows.count))])))
        } else {
            io.say(text(Message("Rows {first} to {last} of {count}. Type + for the next {more}, - for the previous ones.",
                                ["first": .text(String(place.start + 1)), "last": .text(String(end)),
                                 "count": .text(String(rows.count)),
                                 "more": .text(String(min(Self.page, rows.count - end)))])))
        }
    }

    /// Reads the pane again; the selection follows its record.
    func reload() throws {
        let previous = place.pane.rows
        try place.pane.load(session)
        if let selected = place.selected {
            place.selected = place.pane.rows.index(following: selected, in: previous)
        }
    }

    // MARK: - What the official typed

    /// Returns false to quit.
    func handle(_ line: String) throws -> Bool {
        let typed = line.trimmingCharacters(in: .whitespaces)
        switch typed {
        case "":
            try reload()      // what other terminals changed meanwhile
            show()
            return true
        case "?": help(); return true
        case "+", "-":
            let count = place.pane.rows.count
            let next = place.start + (typed == "+" ? Self.page : -Self.page)
            guard next >= 0, next < count else {
                io.say(text(typed == "+" ? Message("That is the last page.") : Message("That is the first page.")))
                return true
            }
            place.start = next
            showPage()
            return true
        case LineForm.back: back(); return true
        default: break
        }
        if typed.hasPrefix("/") {
            try search(String(typed.dropFirst()).trimmingCharacters(in: .whitespaces))
            return true
        }
        if let n = Int(typed) {
            guard select(n) else { return true }
            let row = place.pane.rows.row(n - 1)
            if place.pane.availability(of: .open, row: row, in: session) == .available {
                try act(.open)
            } else {
                io.say(text(Message("Selected:")) + " \(n). " + row.text)
            }
            return true
        }
        // A command, by name or key, with the row it acts on before or after it.
        var words = typed.split(separator: " ").map(String.init)
        var row: Int?
        if words.count > 1, let n = Int(words.last!) { row = n; words.removeLast() }
        else if words.count > 1, let n = Int(words.first!) { row = n; words.removeFirst() }
        let name = words.joined(separator: " ")
        guard let entry = command(named: name) else {
            io.say(text(Message("Cabildo does not know \"{typed}\" here; type ? for help.", ["typed": .text(typed)])))
            return true
        }
        if let row, !select(row) { return true }
        switch entry.command {
        case .quit: return false
        case .help, .helpTyping: help()
        case .back: back()
        case .pane1, .pane2, .pane3:
            pane = [Command.pane1, .pane2, .pane3].firstIndex(of: entry.command)!
            try reload()
            show()
        case .search: try search(nil)
        case .move, .page, .ends: io.say(text(Message("Type + for the next page, - for the previous one.")))
        default: try act(entry.command)
        }
        return true
    }

    /// Selects row `n` (counted from 1) when it is a row a command can act on.
    func select(_ n: Int) -> Bool {
        let rows = place.pane.rows
        guard n >= 1, n <= rows.count, rows.row(n - 1).kind != .text else {
            io.say(text(Message("There is no row {n} here.", ["n": .text(String(n))])))
            return false
        }
        place.selected = n - 1
        return true
    }

    /// The command table's entry that a word names here: its label in the
    /// session's language, its name in a bindings file, or one of its keys.
    func command(named typed: String) -> CommandEntry? {
        let context = place.pane.context
        return CommandTable.entries.first { entry in
            guard entry.contexts.contains(context) else { return false }
            let keys = entry.keys.filter { Int($0) == nil && $0 != "Enter" }
            return Typed.same(typed, text(entry.label)) || Typed.same(typed, entry.command.rawValue)
                || keys.contains { $0 == typed || (($0.count > 1) && Typed.same(typed, $0)) }
        }
    }

    func back() {
        guard stacks[pane].count > 1 else {
            io.say(text(Message("This is the first screen of this pane; q quits.")))
            return
        }
        stacks[pane].removeLast()
        try? reload()
        show()
    }

    func search(_ words: String?) throws {
        guard place.pane.query != nil else {
            io.say(text(Message("This list cannot be searched.")))
            return
        }
        let words = try words.flatMap { $0.isEmpty ? nil : $0 }
            ?? io.ask(text(Message("Search (words; Enter shows every record):")))
        place.pane.query = words
        place.start = 0
        place.selected = nil
        try reload()
        show()
    }

    /// Runs a pane's command on the selected row, as the full screen does.
    func act(_ command: Command) throws {
        let pane = place.pane
        let row = place.selected.map { pane.rows.row($0) }
        switch pane.availability(of: command, row: row, in: session) {
        case .available:
            try follow(try pane.perform(command, row: row, in: session))
        case .needsSelection(let why):
            io.say(text(why) + " " + text(Message("Type the row's number before or after the command (for example: 3 {command}).",
                                                  ["command": .message(CommandTable.entries.first { $0.command == command }!.label)])))
        case .notForThisAccount:
            io.say(text(Message("Your account may not do that.")))
        case .notHere:
            io.say(text(Message("That does nothing here; type ? for help.")))
        }
    }

    func follow(_ outcome: Outcome) throws {
        switch outcome {
        case .stay: try reload()
        case .done(let message):
            try reload()
            io.say(text(message))
        case .open(let pane):
            try pane.load(session)
            stacks[self.pane].append(Place(pane))
            show()
        case .form(let spec):
            var form = LineForm(spec, session: session, io: io)
            guard let done = try form.run() else { return }
            try reload()
            io.say(text(done))
            show()
        }
    }

    /// The commands this pane offers this account now, from the one command
    /// table, in words; then what the line mode adds.
    func help() {
        let context = place.pane.context
        let row = place.selected.map { place.pane.rows.row($0) }
        // Lines are never cut: reading a text whole is the full screen's.
        let skipped: Set<Command> = [.move, .page, .ends, .field, .searchDone, .helpTyping, .save, .submit, .readWhole]
        io.say(text(Message("Commands here ({title}):", ["title": .text(place.pane.title)])))
        for entry in CommandTable.entries where entry.contexts.contains(context) && !skipped.contains(entry.command) {
            if !CommandTable.served.contains(entry.command) {
                if entry.command == .search {
                    if place.pane.query == nil { continue }
                } else {
                    switch place.pane.availability(of: entry.command, row: row, in: session) {
                    case .available, .needsSelection: break
                    case .notForThisAccount, .notHere: continue
                    }
                }
            }
            // In lines a row's number opens it; Esc and control keys cannot be typed.
            let keys = entry.command == .open ? [text(Message("a row's number"))]
                : entry.keys.filter { Int($0) == nil && $0 != "Enter" && $0 != "Esc" && !$0.hasPrefix("C-") }
            let back = entry.command == .back ? [LineForm.back] : []
            let named = (keys + back).isEmpty ? "" : (keys + back).joined(separator: ", ") + " — "
            io.say("  " + named + text(entry.label) + ": " + text(entry.help))
        }
        io.say(text(Message("Also: a row's number opens it or selects it for the next command (\"3 e\" or \"e 3\" acts on row 3); + and - page through the list; Enter shows it again; a command can be typed by its name.")))
    }
}
