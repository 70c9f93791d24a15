import CabildoTestSupport
import CabildoCore
import Foundation
import GRDB
import Testing

/// Issue 10, items 4 and 12: what is pasted into a real kiosk's terminal.
extension EndToEnd { @Suite struct KioskPasteTests {
    /// The walk that stored 1,000 submissions in 3 s — language, menu,
    /// consultation, anonymous, an answer and Enter, a choice, Send, Enter
    /// to finish — 25 KB of it, pasted at once.
    @Test func aPastedFloodStoresAtMostOneSubmission() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        let walk = "1112Rutas seguras\n13\n"
        let flood = String(repeating: walk, count: 25_000 / walk.utf8.count + 1)
        let file = world.cli.directory.appendingPathComponent("flood.txt")
        try flood.write(to: file, atomically: true, encoding: .utf8)
        try tmux.tmux(["load-buffer", "-b", "flood", file.path])
        try tmux.tmux(["paste-buffer", "-b", "flood", "-t", tmux.session])   // LF goes in as Enter (CR)
        tmux.waitFor("the citizen told") { $0.contains("Se ignoró texto pegado") }
        // Long enough for the old kiosk to have stored hundreds.
        Thread.sleep(forTimeInterval: 3)
        #expect(tmux.exitStatus == nil)
        let stored = try world.database().reader.read { try Submission.fetchCount($0) }
        #expect(stored <= 1)
        // Typed by a person, the kiosk goes on: the answer is there to fix, Enter continues.
        try tmux.press("C-u")
        try tmux.type("Banquetas")
        tmux.waitFor("the answer typed") { $0.contains("> Banquetas") }   // then Enter, in a read of its own
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
    }

    /// DCS, SOS, PM, APC (7- and 8-bit), other ESC x, SGR and X10 mouse
    /// reports pasted into an answer: none of their characters is typed.
    @Test func pastedControlSequencesAreDroppedWhole() throws {
        let world = try KioskWorld()
        let tmux = try world.start()
        try world.toFirstQuestion(tmux)
        try tmux.type("a\u{1B}P1;2|dcs\u{1B}\\b\u{1B}Xsos\u{1B}\\c\u{1B}^pm\u{07}d\u{1B}_apc\u{1B}\\e")
        try tmux.type("f\u{1B}[<0;12;5Mg\u{1B}[<0;12;5mh\u{1B}[M !!i\u{1B}cj\u{1B}(0k\u{90}dcs\u{9C}l\u{9F}apc\u{9C}m")
        tmux.waitFor("the answer") { $0.contains("> abcdefghijklm") }
        #expect(!tmux.screen.contains("de 40 caracteres"))    // far from the limit, no counter to be read out
        try tmux.press("Enter")
        tmux.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
    }
}
}
