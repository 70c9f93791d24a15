import CabildoCore
import CabildoText
import Foundation
import TerminalKit

/// Starting the full-screen application.
public enum FullScreen {
    /// Whether this terminal can take the full screen: a terminal on both
    /// ends, and a TERM that can address the cursor.
    public static func isPossible(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let term = environment["TERM"] ?? ""
        return isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 && !term.isEmpty && term != "dumb"
    }

    /// The user's key bindings: `$XDG_CONFIG_HOME/cabildo/keys` (or ~/.config/cabildo/keys).
    static func bindingsFile(environment: [String: String]) -> (text: String, name: String)? {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        let path = base + "/cabildo/keys"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return (text, path)
    }

    /// A theme file, its mistakes reported as file:line in the user's language.
    static func loadTheme(_ name: String) throws -> TerminalKit.Theme {
        do { return try TerminalKit.Theme.load(named: name) } catch let error as TerminalKit.Theme.ParseError {
            throw CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                                  ["file": .text(error.file), "line": .text(String(error.line)),
                                                   "reason": .message(error.message)]))
        }
    }

    /// The terminal in raw mode, or an error that says how to get one.
    static func openTerminal(theme: TerminalKit.Theme, dropsEscapePairs: Bool,
                             environment: [String: String]) throws -> CursesTerminal {
        do {
            return try CursesTerminal(theme: theme, raw: true, dropsEscapePairs: dropsEscapePairs,
                                      environment: environment)
        } catch CursesTerminal.TerminalError.unknownType(let term) {
            throw CabildoError(.storage, Message(
                "This machine does not know the terminal type '{term}' (TERM), so the screen cannot be drawn. Set TERM to a type it knows, for example TERM=xterm-256color, or use --plain for plain lines.",
                ["term": .text(term)]))
        }
    }

    /// Loads the theme and keys (either may fail with file:line), then runs until the user quits.
    @MainActor
    public static func run(database: AppDatabase, themeName: String, ascii: Bool,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Never {
        let theme = try loadTheme(themeName)
        let keymap: Keymap
        do { keymap = try AppCommands.keymap(bindingsFile: bindingsFile(environment: environment)) }
        catch let error as KeymapError { throw CabildoError(.dataFile, error.message) }
        let app = try OfficialsApp(database: database, keymap: keymap)
        let terminal = try openTerminal(theme: theme, dropsEscapePairs: false, environment: environment)
        EventLoop(terminal: terminal, application: app, ascii: ascii).run()
    }
}

extension FullScreen {
    /// The kiosk: raw keys (Ctrl-C, Ctrl-Z, Ctrl-\ and flow control arrive as
    /// plain keys and are ignored), the interrupt signals ignored too, no way
    /// out but an administrator's name and password.
    @MainActor
    /// With `speak`, each step is also said through espeak-ng (see `Speaker`).
    public static func runKiosk(database: AppDatabase, setup: KioskSetup, themeName: String, ascii: Bool,
                                speak: Bool = false,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Never {
        let theme = try loadTheme(themeName)
        let speaker = speak ? try Speaker(environment: environment) : nil
        for signalNumber in [SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU] { signal(signalNumber, SIG_IGN) }
        let app = try KioskApp(database: database, setup: setup, speaker: speaker)
        let terminal = try openTerminal(theme: theme, dropsEscapePairs: true, environment: environment)
        EventLoop(terminal: terminal, application: app, ascii: ascii).run()
    }
}
