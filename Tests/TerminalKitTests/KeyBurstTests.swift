import Testing
import TerminalKit

/// Issue 10, item 4: keys that arrive together are told apart from keys typed.
@Suite struct KeyBurstTests {
    @Test func keysThatArriveTogetherAreMarkedAsABurst() {
        let terminal = MemoryTerminal()
        terminal.pendingKeys = [.character("1")]
        #expect(terminal.waitingKeys() == [KeyEvent(.character("1"), burst: false)])
        terminal.pendingKeys = [.character("h"), .character("i"), .enter]
        #expect(terminal.waitingKeys() == [KeyEvent(.character("h"), burst: true), KeyEvent(.character("i"), burst: true),
                                           KeyEvent(.enter, burst: true)])
        terminal.pendingKeys = [.resize, .enter]     // a resize is no key anyone typed
        #expect(terminal.waitingKeys() == [KeyEvent(.resize), KeyEvent(.enter, burst: false)])
        terminal.pendingKeys = Array(repeating: .character("x"), count: 10)
        #expect(terminal.waitingKeys(limit: 4).count == 4 && terminal.pendingKeys.count == 6)
        #expect(terminal.waitingKeys().isEmpty == false && terminal.waitingKeys().isEmpty)
    }
}
