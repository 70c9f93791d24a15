import CabildoCore
import CabildoText
import Foundation

/// Passwords given with `--password-stdin`: the first line of a pipe, or,
/// typed at a terminal, read with echo off (asked twice for a new one).
public enum SecretInput {
    /// The terminal's settings while echo is off, for the signal handler to put back.
    nonisolated(unsafe) private static var saved = termios()

    public static func read(prompt: Message, confirm: Message? = nil, localizer: Localizer) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw noPassword }
            return line
        }
        let first = try readWithoutEcho(localizer.render(prompt))
        if let confirm, try readWithoutEcho(localizer.render(confirm)) != first {
            throw CabildoError(.validation, Message("The two passwords differ."))
        }
        return first
    }

    static let noPassword = CabildoError(.validation, Message("--password-stdin: no password on standard input."))

    /// One line from the terminal with ECHO off; the settings come back even
    /// if Ctrl-C or a TERM signal ends the program meanwhile.
    static func readWithoutEcho(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data((TextRules.displaySafe(prompt) + " ").utf8))
        let line = lineWithoutEcho()
        FileHandle.standardError.write(Data("\n".utf8))
        guard let line, !line.isEmpty else { throw noPassword }
        return line
    }

    /// One line typed at the terminal with ECHO off (nil at the end of the
    /// input, or when standard input is no terminal); the line mode asks
    /// passwords with it too.
    static func lineWithoutEcho() -> String? {
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        let restoreAndDie: @convention(c) (Int32) -> Void = { signalNumber in
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &SecretInput.saved)
            signal(signalNumber, SIG_DFL)
            raise(signalNumber)
        }
        let previous = [SIGINT, SIGTERM, SIGHUP, SIGQUIT].map { ($0, signal($0, restoreAndDie)) }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        let line = readLine(strippingNewline: true)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
        for (signalNumber, handler) in previous { signal(signalNumber, handler) }
        return line
    }
}
