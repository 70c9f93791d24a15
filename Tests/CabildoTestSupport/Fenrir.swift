import Foundation
import Testing

/// Cabildo as a blind official hears it: the real binary run by the real
/// Fenrir screen reader (Debian's `fenrir`, its PTY screen driver, `fenrir -e`)
/// inside tmux, with Debian's default settings except that speech goes to a
/// file instead of a synthesiser (the generic speech driver's command appends
/// each utterance), sounds are off and the remote socket is closed (so several
/// tests can run at once). Keys are typed into Fenrir, which passes them on;
/// what Fenrir says after each key is what the test reads.
///
/// In Fenrir's PTY key layout F1 and Escape are Fenrir's own (help, silence):
/// they never reach Cabildo, as for an official who uses it this way.
public final class Fenrir {
    public static let program = "/usr/bin/fenrir"
    public static let settings = "/etc/fenrirscreenreader/settings/settings.conf"

    /// Why the capture tests cannot run here, or nil when they can.
    public static var missing: String? {
        let files = FileManager.default
        if !files.isExecutableFile(atPath: program) || !files.fileExists(atPath: settings) {
            return "Fenrir is not installed (Debian package 'fenrir'): screen-reader captures skipped"
        }
        if !files.isExecutableFile(atPath: "/usr/bin/tmux") { return "tmux is not installed: captures skipped" }
        return nil
    }

    public let tmux: Tmux
    public let directory: URL
    private let speechLog: URL
    /// What Fenrir wrote to standard error, and how it ended.
    private let errors: URL
    public var errorOutput: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }
    private static let separator = "\u{1E}"

    /// Starts `cabildo ARGUMENTS` under Fenrir; `environment` reaches Cabildo (Fenrir sets TERM=linux).
    public init(_ arguments: [String], environment: [String: String], width: Int = 80, height: Int = 24) throws {
        directory = try temporaryDirectory()
        speechLog = directory.appendingPathComponent("spoken")
        FileManager.default.createFile(atPath: speechLog.path, contents: nil)
        let speak = directory.appendingPathComponent("speak")
        try "#!/bin/sh\nprintf '%s\\036' \"$1\" >> '\(speechLog.path)'\n"
            .write(to: speak, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: speak.path)
        let command = ([CLI.binary.path] + arguments).map(Self.quoted).joined(separator: " ")
        let conf = directory.appendingPathComponent("settings.conf")
        try Self.settings(speechCommand: "\(speak.path) \"fenrirText\"", shell: command)
            .write(to: conf, atomically: true, encoding: .utf8)
        errors = directory.appendingPathComponent("fenrir-errors")
        let words = ["/bin/sh", "-c", "\"$0\" -e -s \"$1\" 2>>\"$2\"; echo \"fenrir ended: $?\" >>\"$2\"",
                     Self.program, conf.path, errors.path]
        var started: Tmux?
        for _ in 0..<Self.starts {
            let tmux = try Tmux(program: words, environment: environment, width: width, height: height)
            try tmux.keepPaneOnExit()
            // Fenrir passes keys on only once it has read the program's first
            // screen aloud; keys typed before are lost.
            let log = speechLog
            if tmux.poll(for: 20, { Self.utterances(in: log).contains { !Self.ownStartWords.contains($0) } }) {
                started = tmux
                break
            }
            // Fenrir 1.9.3 can hang at start for good: it forks its helper
            // processes while its speech thread is spawning the first
            // utterance, a helper keeps that spawn's pipe open, and Fenrir
            // waits on it forever, saying nothing and passing no key. It
            // speaks early only when python3-enchant (which Debian installs
            // as a recommendation, .ci/run too) is missing. Start it again.
            try? tmux.tmux(["kill-server"])
            try? Data().write(to: speechLog)
        }
        guard let tmux = started else {
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Tmux.TmuxError(message: "Fenrir said nothing of the program in \(Self.starts) starts: \(said)")
        }
        self.tmux = tmux
        waitUntilQuiet(quiet: 0.5)
    }

    static let starts = 3

    /// Fenrir's own words at start, said before it reads the program's screen.
    static let ownStartWords: Set<String> = ["Start Fenrir", "pychant is not installed"]

    deinit {
        try? FileManager.default.removeItem(at: directory)
        Self.removeEndedSockets()
    }

    /// Fenrir 1.9.3 makes a socket in /tmp even with its remote off, named by
    /// a helper process's id, and never removes it (nor reads another place
    /// for it from the settings). Those whose process has ended are removed;
    /// a run leaves at most the last one.
    public static func removeEndedSockets(in folder: String = "/tmp") {
        let prefix = "fenrirscreenreader-", suffix = ".sock"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            guard let pid = pid_t(name.dropFirst(prefix.count).dropLast(suffix.count)) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }

    /// Debian's settings file with only speech, sounds, the remote socket and the program changed.
    static func settings(speechCommand: String, shell: String) throws -> String {
        var section = ""
        return try String(contentsOfFile: settings, encoding: .utf8).components(separatedBy: "\n").map { line in
            if line.hasPrefix("[") { section = line }
            switch (section, line) {
            case ("[speech]", let l) where l.hasPrefix("genericSpeechCommand="): return "genericSpeechCommand=\(speechCommand)"
            case ("[speech]", let l) where l.hasPrefix("driver="): return "driver=genericDriver"
            case ("[sound]", let l) where l.hasPrefix("enabled="): return "enabled=False"
            case ("[remote]", let l) where l.hasPrefix("enable="): return "enable=False"
            case ("[general]", let l) where l.hasPrefix("shell="): return "shell=\(shell)"
            default: return line
            }
        }.joined(separator: "\n")
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private var logText: String { (try? String(contentsOf: speechLog, encoding: .utf8)) ?? "" }

    static func utterances(in log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").components(separatedBy: separator).filter { !$0.isEmpty }
    }

    /// Everything Fenrir said so far, one utterance an element.
    public var everything: [String] { Self.utterances(in: speechLog) }

    /// Waits until neither the screen nor the speech has changed for `quiet` seconds (at most `limit`).
    public func waitUntilQuiet(quiet: TimeInterval = 1.0, limit: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(limit)
        var last = (tmux.screen, logText.utf8.count)
        var since = Date()
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            let now = (tmux.screen, logText.utf8.count)
            if now != last { last = now; since = Date() } else if Date().timeIntervalSince(since) >= quiet { return }
        }
    }

    /// What Fenrir says after an action (keys sent to it), once it has fallen quiet.
    public func spoken(after action: () throws -> Void) rethrows -> [String] {
        waitUntilQuiet(quiet: 0.3)
        let before = everything.count
        try action()
        waitUntilQuiet()
        return Array(everything.dropFirst(before))
    }

    /// What Fenrir says after named keys (Down, Tab, Enter…).
    public func spoken(afterPressing keys: String...) throws -> [String] {
        try spoken { try tmux.tmux(["send-keys", "-t", tmux.session] + keys) }
    }

    /// What Fenrir says after text typed literally.
    public func spoken(afterTyping text: String) throws -> [String] {
        try spoken { try tmux.tmux(["send-keys", "-t", tmux.session, "-l", text]) }
    }

    /// Waits until the screen shows something, then until Fenrir falls quiet.
    @discardableResult
    public func waitFor(_ description: String, sourceLocation: SourceLocation = #_sourceLocation,
                        _ condition: (String) -> Bool) -> Bool {
        let seen = tmux.waitFor(description, condition, sourceLocation: sourceLocation)
        if !seen { Issue.record("Fenrir's errors: \(errorOutput)", sourceLocation: sourceLocation) }
        waitUntilQuiet()
        return seen
    }

    /// All the utterances as one text, for messages.
    public static func transcript(_ utterances: [String]) -> String {
        utterances.map { "«\($0)»" }.joined(separator: " ")
    }
}
