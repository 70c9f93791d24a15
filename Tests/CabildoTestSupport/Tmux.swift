import Foundation
import Testing

/// The real binary in a real terminal: tmux on a private socket, keys sent
/// as a person types them, the pane and the cursor read as a screen reader would.
public final class Tmux {
    public let socket = "cabildo-\(UUID().uuidString.prefix(8))"
    public let session = "t"

    public convenience init(_ arguments: [String], environment: [String: String], width: Int = 80, height: Int = 24) throws {
        try self.init(program: [CLI.binary.path] + arguments, environment: environment, width: width, height: height)
    }

    /// Any program (a screen reader that runs Cabildo, say) in the pane.
    public init(program: [String], environment: [String: String], width: Int = 80, height: Int = 24) throws {
        let env = environment.map { "\($0.key)=\($0.value)" }
        // The server forks off and keeps what it was started with: give it
        // /dev/null (or reading our pipes would never end) and a clean signal
        // mask (a test thread's blocked SIGCHLD would leave its children
        // unreaped). Foundation's Process can do neither, so posix_spawn.
        let words = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", session,
                     "-x", String(width), "-y", String(height), "--", "env", "-u", "NO_COLOR"] + env
            + program   // NO_COLOR only when a test sets it (the test runner's own leaks in)
        let status = try Self.spawnAndWait(words)
        if status != 0 { throw TmuxError(message: "tmux new-session failed (\(status))") }
    }

    public static func spawnAndWait(_ words: [String]) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGPIPE, SIGINT, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var argv = words.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, words[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "posix_spawn: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let result = try CLI.exec(URL(fileURLWithPath: "/usr/bin/tmux"), ["-L", socket] + arguments, stdin: nil,
                                  environment: [:])
        if result.status != 0 { throw TmuxError(message: "tmux \(arguments.first ?? ""): \(result.err)") }
        return result.out
    }

    public struct TmuxError: Error { public let message: String }

    /// Named keys (Down, Enter, Escape, F1…). Enter right after typed text
    /// waits until the program has drawn that text, as a person's Enter
    /// comes after they see what they typed: sent together on a busy
    /// machine, the two would arrive as one burst, which a kiosk takes for a paste.
    public func press(_ keys: String...) throws { try press(keys) }
    public func press(_ keys: [String]) throws {
        if let before = screenBeforeTyping, keys.first == "Enter" {
            // Briefly: text typed where nothing is echoed (a password) never shows.
            _ = poll(for: 1) { screen != before }
            settle()
        }
        screenBeforeTyping = nil
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// The screen as it was before the last text typed, until a key is pressed.
    private var screenBeforeTyping: String?

    /// Waits (up to 2 s) until two captures 60 ms apart are the same.
    public func settle() {
        var last = screen
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.06)
            let now = screen
            if now == last { return }
            last = now
        }
    }

    /// Appends every byte the program writes to its terminal to `path`
    /// (tmux pipe-pane: the raw output, before tmux interprets it).
    public func recordOutput(to path: String) throws {
        try tmux(["pipe-pane", "-o", "-t", session, "cat >> '\(path)'"])
    }

    /// Text typed literally, as pasted.
    public func type(_ text: String) throws {
        if screenBeforeTyping == nil { screenBeforeTyping = screen }
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    /// The screen as a sighted person reads it: a selected row's marker (two
    /// highlighted cells, see `ListView`) is written "> ".
    public var screen: String { MarkedCapture.text(styledScreen) }

    /// The screen's text alone, as a screen reader gets it.
    public var plainScreen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    public var cursor: (x: Int, y: Int) {
        let parts = ((try? tmux(["display-message", "-p", "-t", session, "#{cursor_x} #{cursor_y}"])) ?? "")
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    }

    public var title: String {
        ((try? tmux(["display-message", "-p", "-t", session, "#{pane_title}"])) ?? "")
            .trimmingCharacters(in: .newlines)
    }

    /// The text of the line the cursor is on: what a braille display shows.
    public var lineUnderCursor: String {
        let lines = screen.components(separatedBy: "\n")
        let y = cursor.y
        return y >= 0 && y < lines.count ? lines[y] : ""
    }

    /// Keeps the pane after its program ends, so its exit can be read.
    public func keepPaneOnExit() throws { try tmux(["set-option", "-t", session, "remain-on-exit", "on"]) }

    /// The program's pid, its exit status once dead (nil while it runs).
    public var pid: Int32 { Int32(((try? tmux(["display-message", "-p", "-t", session, "#{pane_pid}"])) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }

    /// nil while running; the exit status, or minus the signal that ended it.
    public var exitStatus: Int? {
        let out = ((try? tmux(["display-message", "-p", "-t", session,
                               "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}"])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
        guard out.count == 3, out[0] == "1" else { return nil }
        return Int(out[1]) ?? Int(out[2]).map { -$0 }     // nil until tmux has recorded how it ended
    }

    /// How a process that has ended but was not yet reaped by tmux ended:
    /// Linux keeps its wait status as the last field of /proc/PID/stat.
    public static func zombieStatus(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.first == "Z", let raw = fields.last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else { return nil }
        return raw & 0x7F == 0 ? (raw >> 8) & 0xFF : -(raw & 0x7F)
    }

    public func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        let pid = self.pid
        var status: Int?
        if poll({ status = exitStatus ?? Self.zombieStatus(pid); return status != nil }) { return status }
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "gone"
        let stacks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"))?.map { task in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/wchan", encoding: .utf8)) ?? "?"
        } ?? []
        Issue.record("the program did not end (\(state); waiting in \(stacks)); screen:\n\(screen)",
                     sourceLocation: sourceLocation)
        return nil
    }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// Polls (every 50 ms, up to 20 s) until a condition holds.
    public func poll(for seconds: TimeInterval = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Waits until the screen satisfies a condition.
    @discardableResult
    public func waitFor(_ description: String, _ condition: (String) -> Bool,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if poll({ condition(screen) }) { return true }
        Issue.record("timed out waiting for \(description); screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the line under the cursor satisfies a condition: after a
    /// key, the screen is read only once the program has redrawn it.
    @discardableResult
    public func waitForCursorLine(_ description: String, _ condition: (String) -> Bool,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if poll({ condition(lineUnderCursor) }) { return true }
        Issue.record("the line under the cursor never was \(description): '\(lineUnderCursor)'; screen:\n\(screen)",
                     sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the cursor is at a position.
    @discardableResult
    public func waitForCursor(x: Int, y: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if poll({ cursor == (x, y) }) { return true }
        Issue.record("cursor at \(cursor), expected (\(x), \(y)); screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// The screen with its attributes and colours as escape sequences.
    public var styledScreen: String { (try? tmux(["capture-pane", "-e", "-p", "-t", session])) ?? "" }

    /// Signs in to the officials' application and waits for the panes.
    public func signIn(_ user: String, _ password: String) throws {
        waitFor("the sign-in") { $0.contains("*") && $0.contains(":") }
        try type(user)
        try press("Tab")
        try type(password)
        try press("C-s")
        waitFor("the panes") { $0.contains("[1 Mecanismos]") || $0.contains("[1 Mechanisms]") }
        try press("Home")   // the welcome message had the cursor; a key gives it back to the list
    }
}
