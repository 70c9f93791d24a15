import CNcursesw
import Foundation

/// The real terminal, through ncursesw: wide characters in and out, keys
/// read whole with wget_wch, colours only when the terminal has them and
/// NO_COLOR is unset, the cursor always visible and on the focus.
public final class CursesTerminal: Terminal {
    private var previous: Screen?
    /// Each role's attributes and colour pair, indexed by its `ordinal`.
    private var styles: [(attributes: attr_t, pair: Int16)] = []
    private let theme: Theme
    private var started = false

    /// Raw mode: Ctrl-C, Ctrl-Z, Ctrl-\ arrive as plain keys, and so do Ctrl-S
    /// and Ctrl-Q, which the tty would otherwise take as flow control (Ctrl-S
    /// would freeze the screen instead of saving a form). `dropsEscapePairs`:
    /// ESC followed at once by a character is dropped as a sequence (see
    /// `ControlSequenceFilter`), not read as Esc and that key.
    public init(theme: Theme, raw: Bool = true, dropsEscapePairs: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        sequences = ControlSequenceFilter(dropsEscapePairs: dropsEscapePairs)
        Self.chooseUTF8Locale()
        // Not initscr: on a TERM with no terminfo entry it prints ncurses' text
        // and exits 1; newterm lets the caller say what to do.
        guard cabildo_newterm() != nil else {
            throw TerminalError.unknownType(environment["TERM"] ?? "")
        }
        def_prog_mode()
        started = true
        // ncurses 6.4 flushes at every cursor move until the screen has been
        // suspended once, so a frame left in pieces and a screen reader read
        // the cursor on rows it was only passing through. One endwin/doupdate
        // turn makes each frame one write. Before the modes are set: endwin
        // turns the keypad off, and the arrows would come in the other form.
        endwin()
        doupdate()
        let window = cabildo_stdscr()
        if raw { CNcursesw.raw() } else { cbreak() }
        noecho()
        nonl()
        keypad(window, true)
        // Shift-Tab as xterm-like terminals send it, whatever TERM says: a
        // screen reader's PTY (Fenrir sets TERM=linux, whose back tab is ESC
        // Tab) sits inside such a terminal, and its keys pass through as typed.
        if key_defined("\u{1B}[Z") != KEY_BTAB { _ = define_key("\u{1B}[Z", KEY_BTAB) }
        nodelay(window, true)
        set_escdelay(25)
        curs_set(1)
        let colours = has_colors() && (environment["NO_COLOR"] ?? "").isEmpty
        self.theme = colours ? theme : theme.withoutColour
        if colours {
            start_color()
            use_default_colors()
        }
        for (index, role) in ThemeRole.allCases.enumerated() {
            var pair: Int16 = 0
            if colours {
                let style = self.theme.style(role)
                pair = Int16(index + 1)
                init_pair(pair, Self.colour(style.foreground), Self.colour(style.background))
            }
            styles.append((attributes(role), pair))
        }
        // A key's work is short (about a millisecond), and on a server shared
        // by a hundred sessions it waited behind others' looks for the
        // scheduler's default slice (1.4 ms on two cores), often more than
        // once: short slices let it go first. Linux 6.12 and later.
        _ = cabildo_request_slice(Self.schedulerSlice)
    }

    /// The slice asked of the scheduler for the thread that serves keys, in nanoseconds.
    public static let schedulerSlice: UInt64 = 300_000

    /// The user's locale if it is UTF-8; otherwise C.UTF-8, so "ñ" and "á"
    /// still reach the screen on a machine without the es_MX locale installed.
    static func chooseUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        if codeset != "UTF-8" && codeset != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.utf8") }
        }
    }

    public enum TerminalError: Error, Equatable {
        /// No terminfo description of this TERM: the screen cannot be drawn.
        case unknownType(String)
    }

    private static func colour(_ c: ThemeColor) -> Int16 {
        switch c {
        case .terminalDefault: -1
        case .index(let n): Int32(n) < cabildo_colors() ? Int16(n) : -1
        }
    }

    public var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        cabildo_getmaxyx(cabildo_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    /// The window's size as the kernel has it now.
    public var kernelSize: (width: Int, height: Int)? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 else { return nil }
        return (Int(ws.ws_col), Int(ws.ws_row))
    }

    /// The next frame is written whole.
    public func forgetLastFrame() { previous = nil }

    /// Follows a window-size change: asks the kernel, tells ncurses.
    public func followResize() {
        if let size = kernelSize { resizeterm(Int32(size.height), Int32(size.width)) }
        previous = nil
    }

    private func attributes(_ role: ThemeRole) -> attr_t {
        var value = cabildo_a_normal()
        for attribute in theme.style(role).attributes {
            switch attribute {
            case .bold: value |= cabildo_a_bold()
            case .underline: value |= cabildo_a_underline()
            case .reverse: value |= cabildo_a_reverse()
            case .dim: value |= cabildo_a_dim()
            case .standout: value |= cabildo_a_standout()
            }
        }
        return value
    }

    public func present(_ screen: Screen) {
        let window = cabildo_stdscr()
        let width = screen.width
        let last = previous.flatMap { $0.width == width && $0.height == screen.height ? $0.cells : nil }
        if last == nil { werase(window) }
        let cells = screen.cells
        var wide: [wchar_t] = [0, 0, 0, 0, 0, 0, 0, 0]
        var cc = cchar_t()
        cells.withUnsafeBufferPointer { now in
            for row in 0..<screen.height {
                let start = row * width
                // Unchanged rows are most of a frame: one comparison each.
                if let last, now[start..<start + width].elementsEqual(last[start..<start + width]) { continue }
                for column in 0..<width {
                    let index = start + column
                    let cell = now[index]
                    if cell.text.isEmpty { continue }   // right half of a wide character
                    if let last, last[index] == cell, column + 1 >= width || last[index + 1] == now[index + 1] { continue }
                    setCell(&cc, cell, &wide)
                    if row == screen.height - 1 && column == width - 1 {
                        // Writing the very last cell scrolls some terminals: insert instead.
                        wmove(window, Int32(row), Int32(column))
                        wins_wch(window, &cc)
                    } else {
                        mvwadd_wch(window, Int32(row), Int32(column), &cc)
                    }
                }
            }
        }
        wmove(window, Int32(screen.cursor.row), Int32(screen.cursor.column))
        wnoutrefresh(window)
        doupdate()
        previous = screen
    }

    /// A cell as ncurses takes it: its grapheme's scalars (a few; the rest
    /// dropped), its attributes and colour pair, looked up once per role.
    private func setCell(_ cc: inout cchar_t, _ cell: Cell, _ wide: inout [wchar_t]) {
        var count = 0
        for scalar in cell.text.unicodeScalars where count < wide.count - 1 {
            wide[count] = wchar_t(bitPattern: scalar.value)
            count += 1
        }
        wide[count] = 0
        let style = styles[cell.role.ordinal]
        setcchar(&cc, wide, style.attributes, style.pair, nil)
    }

    /// Pasted or echoed control sequences are dropped whole, even when they
    /// arrive split across reads (see `ControlSequenceFilter`).
    private var sequences: ControlSequenceFilter
    /// Keys read and not yet handed out.
    private var ready: [Key] = []

    /// Whether this terminal's mouse introducer (`kmous`) is SGR's `ESC [ <`.
    private lazy var mouseReportsAreSGR: Bool = {
        guard let value = tigetstr("kmous"), Int(bitPattern: value) != -1 else { return false }
        return String(cString: value).hasSuffix("<")
    }()

    public func readKey() -> Key? {
        while true {
            if !ready.isEmpty { return ready.removeFirst() }
            var wch: wint_t = 0
            let status = wget_wch(cabildo_stdscr(), &wch)
            if status == ERR {
                // Nothing more waiting: an ESC left alone was the Escape key.
                ready = sequences.pause().compactMap(Self.characterKey)
                if ready.isEmpty { return nil }
            } else if status == KEY_CODE_YES {
                // A key ncurses decoded ends what came before it (an ESC just before was Esc).
                ready = sequences.pause().compactMap(Self.characterKey)
                sequences.reset()
                if Int32(wch) == KEY_MOUSE {
                    // The mouse is never switched on, so ncurses passes the report's rest on: drop it.
                    sequences.mouseReportFollows(sgr: mouseReportsAreSGR)
                } else if let key = Self.functionKey(Int32(wch)) {
                    ready.append(key)
                }
            } else {
                ready = sequences.feed(UInt32(wch), at: ProcessInfo.processInfo.systemUptime)
                    .compactMap(Self.characterKey)
            }
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_IC: .insert
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case cabildo_key_resize(): .resize
        case KEY_F0 + 1...KEY_F0 + 24: .function(Int(code - KEY_F0))
        default: nil
        }
    }

    public func shutdown() {
        guard started else { return }
        started = false
        endwin()
    }

    deinit { shutdown() }
}
