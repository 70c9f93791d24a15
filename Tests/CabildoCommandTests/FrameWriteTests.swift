import CabildoTestSupport
import Foundation
import Testing

/// A screen reader reads the terminal whenever bytes arrive: a frame written
/// in pieces showed it the cursor on a row the selection was only passing
/// through, and Fenrir spoke that row too. Each key's frame must reach the
/// terminal in one write. Seen with strace, which records every write(2).
private let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

extension EndToEnd { @Suite(.enabled(if: strace != nil, "strace is not installed")) struct FrameWriteTests {

    @Test(arguments: ["linux", "xterm-256color"])
    func eachArrowsFrameReachesTheTerminalInOneWrite(term: String) throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        let trace = cli.directory.appendingPathComponent("writes.trace").path
        let tmux = try Tmux(program: [strace!, "-f", "-e", "trace=write", "-e", "signal=none", "-s", "0", "-o", trace,
                                      CLI.binary.path],
                            environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                          "HOME": cli.directory.path, "TERM": term])
        try tmux.signIn("ana", "clave-de-ana-1")
        tmux.settle()
        for (key, row) in [("Down", 5), ("Down", 6), ("Up", 5)] {
            let before = try Self.terminalWrites(trace)
            try tmux.press(key)
            #expect(tmux.waitForCursor(x: 0, y: row), "\(key) should move the focus to row \(row)")
            tmux.settle()
            let frame = try Self.terminalWrites(trace).dropFirst(before.count)
            #expect(frame.count == 1, "\(key)'s frame took \(frame.count) writes: \(frame)")
        }
    }

    /// The lines of the trace that write to standard output (the terminal).
    /// With -f, strace writes each line as it happens, each after a pid.
    static func terminalWrites(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(" write(1,") }.map(String.init)
    }
}
}
