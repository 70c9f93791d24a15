import CabildoApp
import CabildoCore
import CabildoText
import Foundation

/// Starting the line mode: `--plain`, or wherever the full screen is not
/// possible (standard output not a terminal, TERM=dumb or unset).
public enum LineMode {
    /// Whether `cabildo` (or `cabildo kiosk`) runs in lines.
    public static func isChosen(plain: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        plain || !FullScreen.isPossible(environment: environment)
    }

    /// The officials' application, until they quit or the input ends.
    @MainActor
    public static func run(database: AppDatabase) throws -> ExitStatus {
        let session = AppSession(database: database)
        try LineOfficials(session: session, io: LineIO()).run()
        return .ok
    }

    /// The kiosk, until an administrator leaves kiosk mode or the input ends.
    /// Interrupt and suspend signals do nothing, as on the full screen.
    @MainActor
    public static func runKiosk(database: AppDatabase, setup: KioskSetup) throws -> ExitStatus {
        for signalNumber in [SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU] { signal(signalNumber, SIG_IGN) }
        // At a terminal, Ctrl-D would end the input and so the kiosk: only a
        // hang-up ends it, and only an administrator leaves it.
        var saved = termios()
        let atTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        if atTerminal {
            var noEndKey = saved
            withUnsafeMutableBytes(of: &noEndKey.c_cc) { $0[Int(VEOF)] = 0 }   // _POSIX_VDISABLE on Linux
            tcsetattr(STDIN_FILENO, TCSANOW, &noEndKey)
        }
        defer { if atTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        let session = AppSession(database: database, account: setup.account, localizer: setup.languages[0],
                                 terminal: setup.terminal)
        let flow = KioskFlow(session: session, station: setup.station, languages: setup.languages, idle: setup.idle)
        try LineKiosk(flow: flow, io: LineIO()).run()
        return .ok
    }
}
