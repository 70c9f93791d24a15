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

    /// Latin-1 and Latin Extended letters and signs take the quick path: the
    /// same width as the Unicode properties give.
    @Test func accentedLatinTakesOneCellAsThePropertiesSay() {
        for value in UInt32(0xA0)...0x24F {
            let character = Character(Unicode.Scalar(value)!)
            #expect(TextWidth.cells(character) == 1 && TextWidth.byProperties(character) == 1, "\(value)")
        }
        // Decomposed, the mark still takes no cell.
        #expect(TextWidth.cells("n\u{303}a\u{301}") == 2)
        #expect(TextWidth.cells("ñandú ¿Participación? «Sí»") == 26)
    }

    /// Cut in one pass: the same as measuring the whole text, then cutting.
    @Test func truncatingCutsWhereMeasuringFirstWould() {
        let texts = ["Participación ciudadana en Tlalnepantla", "漢字とかな", "e\u{301}e\u{301}e\u{301}x", "ñ👍🏽ñ👍🏽ñ", "abc", ""]
        for text in texts {
            for width in 0...30 {
                let cut = TextWidth.truncate(text, to: width)
                if width == 0 { #expect(cut.isEmpty); continue }
                if TextWidth.cells(text) <= width { #expect(cut == text); continue }
                #expect(cut.hasSuffix("…") && TextWidth.cells(cut) <= width, "\(text) \(width)")
                #expect(text.hasPrefix(String(cut.dropLast())))
                // Nothing more would have fitted.
                let kept = cut.dropLast().count
                if kept < text.count {
                    #expect(TextWidth.cells(String(text.prefix(kept + 1))) > width - 1, "\(text) \(width)")
                }
            }
        }
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
