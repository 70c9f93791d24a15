import CNcursesw
import Testing
@testable import TerminalKit

@Suite struct TextWidthTests {
    @Test func measuresPerGrapheme() {
        #expect(TextWidth.cells("ñandú") == 5)
        #expect(TextWidth.cells("e\u{301}") == 1)          // combining mark takes no cell
        #expect(TextWidth.cells("漢字") == 4)
        #expect(TextWidth.cells("👍🏽") == 2)
        #expect(TextWidth.cells("a\u{1B}b") == 2)           // a control takes no cell of its own
    }

    /// Printable ASCII takes a cell without the Unicode tables; controls and DEL still take none.
    @Test func printableAsciiTakesOneCellAndControlsStillNone() {
        for value in UInt8(0x20)..<0x7F { #expect(TextWidth.cells(Character(Unicode.Scalar(value))) == 1, "\(value)") }
        for control: Character in ["\u{0}", "\u{1B}", "\u{7F}", "\r\n"] { #expect(TextWidth.cells(control) == 0) }
    }

    @Test func truncatesAtACellBoundaryWithAnEllipsis() {
        #expect(TextWidth.truncate("Participación", to: 20) == "Participación")
        #expect(TextWidth.truncate("Participación", to: 8) == "Partici…")
        #expect(TextWidth.truncate("漢字漢字", to: 4) == "漢…")
        #expect(TextWidth.cells(TextWidth.truncate("漢字漢字", to: 4)) <= 4)
        #expect(TextWidth.truncate("abc", to: 0) == "")
    }

    @Test func linksAgainstNcursesw() {
        // The system-library target resolves and links: the wide-character build is there.
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses"))
    }
}
