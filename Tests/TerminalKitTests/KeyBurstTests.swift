import Testing
import TerminalKit

/// Issue 10, item 4: keys that arrive together are told apart from keys typed.
@Suite struct KeyBurstTests {
    @Test func keysThatArriveTogetherAreMarkedAsABurst() {
        let terminal = MemoryTerminal()
        terminal.pendingKeys = [.character("1")]
        #expect(terminal.waitingKeys() == [KeyEvent(.character("1"), burst: false)])
        // A slow read on a busy machine may bring a few typed keys at once: still typed.
        terminal.pendingKeys = [.character("h"), .character("i"), .enter]
        #expect(terminal.waitingKeys().allSatisfy { !$0.burst })
        let pasted = "Banquetas".map(Key.character) + [.enter]
        terminal.pendingKeys = pasted
        #expect(terminal.waitingKeys() == pasted.map { KeyEvent($0, burst: true) })
        terminal.pendingKeys = [.resize] + Array(repeating: .character("x"), count: 6) + [.enter]
        #expect(terminal.waitingKeys().allSatisfy { !$0.burst })   // a resize is no key anyone typed
        terminal.pendingKeys = Array(repeating: .character("x"), count: 10)
        #expect(terminal.waitingKeys(limit: 4).count == 4 && terminal.pendingKeys.count == 6)
        #expect(terminal.waitingKeys().isEmpty == false && terminal.waitingKeys().isEmpty)
    }
}
