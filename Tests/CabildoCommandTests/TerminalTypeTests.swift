import CabildoTestSupport
import Foundation
import Testing

/// Issue 10, item 12: an unknown TERM says what to do and exits 4, not ncurses' text and 1.
extension EndToEnd { @Suite struct TerminalTypeTests {
    @Test(arguments: [[], ["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1"]])
    func anUnknownTerminalTypeIsExplainedWithExitFour(command: [String]) throws {
        let world = try KioskWorld()
        let arguments = command.isEmpty ? [] : command + ["--password-file", world.passwordFile]
        let tmux = try Tmux(arguments, environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                                     "HOME": world.cli.directory.path, "TERM": "nonexistent"])
        try tmux.keepPaneOnExit()
        #expect(tmux.waitForExit() == 4)
        // With the lines above the pane and wrapped lines joined.
        let screen = try tmux.tmux(["capture-pane", "-p", "-J", "-S", "-100", "-t", tmux.session])
        #expect(screen.contains("Error: Este equipo no conoce el tipo de terminal 'nonexistent' (TERM)"), "\(screen)")
        #expect(screen.contains("TERM=xterm-256color"))
        #expect(!screen.contains("Error opening terminal"))
    }
}
}
