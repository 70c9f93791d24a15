import Foundation
import Testing

/// The real binary in a real terminal: tmux on a private socket, keys sent
/// as a person types them, the pane and the cursor read as a screen reader would.
final class Tmux {
    let socket = "cabildo-\(UUID().uuidString.prefix(8))"
    let session = "t"

    init(_ arguments: [String], environment: [String: String], width: Int = 80, height: Int = 24) throws {
        let env = environment.map { "\($0.key)=\($0.value)" }
        // The server forks off and keeps the descriptors it was started with:
        // give it /dev/null, or reading our pipes would never end.
        let words = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", session,
                     "-x", String(width), "-y", String(height), "--", "env"] + env + [CLI.binary.path] + arguments
        let command = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // Foundation's Process misses the exit of a child that leaves a daemon
        // behind, so this one call goes through system(3).
        let status = system(command + " </dev/null >/dev/null 2>&1")
        if status != 0 { throw TmuxError(message: "tmux new-session failed (\(status))") }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try CLI.exec(URL(fileURLWithPath: "/usr/bin/tmux"), ["-L", socket] + arguments, stdin: nil,
                                  environment: [:])
        if result.status != 0 { throw TmuxError(message: "tmux \(arguments.first ?? ""): \(result.err)") }
        return result.out
    }

    struct TmuxError: Error { let message: String }

    /// Named keys (Down, Enter, Escape, F1…).
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Text typed literally, as pasted.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    var cursor: (x: Int, y: Int) {
        let parts = ((try? tmux(["display-message", "-p", "-t", session, "#{cursor_x} #{cursor_y}"])) ?? "")
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    }

    var title: String {
        ((try? tmux(["display-message", "-p", "-t", session, "#{pane_title}"])) ?? "")
            .trimmingCharacters(in: .newlines)
    }

    /// The text of the line the cursor is on: what a braille display shows.
    var lineUnderCursor: String {
        let lines = screen.components(separatedBy: "\n")
        let y = cursor.y
        return y >= 0 && y < lines.count ? lines[y] : ""
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// Waits (polling, up to 10 s) until the screen satisfies a condition.
    @discardableResult
    func waitFor(_ description: String, _ condition: (String) -> Bool,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition(screen) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(description); screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the cursor is at a position.
    @discardableResult
    func waitForCursor(x: Int, y: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if cursor == (x, y) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("cursor at \(cursor), expected (\(x), \(y)); screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }
}
