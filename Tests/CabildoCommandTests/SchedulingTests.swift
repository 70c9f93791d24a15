import CabildoTestSupport
import Foundation
import Testing
import TerminalKit

/// Linux takes a fair task's own slice from 6.12 on.
private let kernelTakesSlices: Bool = {
    guard let release = try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8) else { return false }
    let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
    return numbers.count == 2 && (numbers[0], numbers[1]) >= (6, 12)
}()

/// On a server shared by many sessions, the thread that serves keys asks for
/// short scheduler slices, so a key's frame does not wait behind other
/// sessions' background looks (issue 12's key latency at 100 sessions).
extension EndToEnd { @Suite(.enabled(if: kernelTakesSlices, "this kernel has no per-task slices")) struct SchedulingTests {
    @Test func theFullScreenAppsThreadRunsInShortSlices() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        let tmux = try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                             "HOME": cli.directory.path])
        try tmux.signIn("ana", "clave-de-ana-1")
        // The pane's process is `env`, which execs cabildo: the same pid.
        let sched = try String(contentsOfFile: "/proc/\(tmux.pid)/sched", encoding: .utf8)
        let slice = sched.split(separator: "\n").first { $0.hasPrefix("se.slice") }
            .flatMap { $0.split(separator: ":").last }.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(slice == Int(CursesTerminal.schedulerSlice), "\(sched)")
    }
}
}
