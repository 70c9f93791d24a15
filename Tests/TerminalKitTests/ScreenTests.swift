import CabildoText
import Testing
@testable import TerminalKit

@Suite struct ScreenTests {
    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        var screen = Screen(width: 10, height: 1)
        #expect(screen.put("漢e\u{301}ñ", row: 0, column: 0) == 4)
        #expect(screen[0, 0].text == "漢" && screen[0, 1].text == "")
        #expect(screen[0, 2].text == "e\u{301}" && screen[0, 3].text == "ñ")
        #expect(screen.line(0).hasPrefix("漢éñ"))
    }

    @Test func textIsCutWithAnEllipsisNeverHalfAWideCharacter() {
        var screen = Screen(width: 6, height: 1)
        screen.put("漢字漢字", row: 0, column: 0)
        #expect(screen.line(0) == "漢字… ")
        var narrow = Screen(width: 20, height: 1)
        narrow.put("Participación ciudadana", row: 0, column: 0, limit: 10)
        #expect(narrow.text == "Participa…")
    }

    @Test func escapesAndInvisibleCharactersAreShownNotObeyed() {
        var screen = Screen(width: 60, height: 1)
        screen.put("a\u{1B}]0;x\u{07}b\u{1B}[2Jc\u{202E}d\u{200B}e", row: 0, column: 0)
        let text = screen.text
        #expect(text == "a␛]0;x␇b␛[2Jc<U+202E>d<U+200B>e")
        #expect(!screen.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E } })
    }

    /// A frame drawn with the loop's layouts is the frame drawn without them,
    /// and text the frame before had is not laid out again.
    @Test func laidOutTextIsReusedByTheNextFrameAndGivesTheSameCells() {
        let texts = ["漢字漢字 Participación", "a\u{1B}]0;x\u{07}b\u{1B}[2Jc\u{202E}d\u{200B}e", "e\u{301}ñ", "NAQ-907-B80 pendiente"]
        func frame(_ layout: TextLayout?) -> Screen {
            var screen = Screen(width: 12, height: texts.count, layout: layout)
            for (row, text) in texts.enumerated() { screen.put(text, row: row, column: 1, limit: 9) }
            return screen
        }
        let layout = TextLayout()
        layout.startFrame()
        let first = frame(layout)
        #expect(first == frame(nil))
        #expect(first.text == frame(nil).text)
        #expect(layout.laidOut == texts.count)
        layout.startFrame()
        #expect(frame(layout) == first)
        #expect(layout.laidOut == texts.count, "the second frame laid out text the first had")
        // Another room is another layout; text two frames old is let go.
        layout.startFrame()
        var narrow = Screen(width: 12, height: 1, layout: layout)
        narrow.put(texts[0], row: 0, column: 0, limit: 4)
        #expect(narrow.text.hasSuffix("…") && layout.laidOut == texts.count + 1)
        layout.startFrame()
        layout.startFrame()
        _ = frame(layout)
        #expect(layout.laidOut == 2 * texts.count + 1)
    }

    @Test func drawingOutsideTheScreenIsHarmless() {
        var screen = Screen(width: 1, height: 1)
        #expect(screen.put("hola", row: 5, column: 5) == 0)
        #expect(screen.put("漢", row: 0, column: 0) == 1)     // does not fit in one cell: an ellipsis says so
        #expect(screen.text == "…")
        screen.box(Rect(row: 0, column: 0, width: 1, height: 1))
        screen.setCursor(row: 9, column: 9)
        #expect(screen.cursor == (0, 0))
        // Regions starting past the edge (a long prompt pushes a field off the screen).
        screen.fill(Rect(row: 5, column: 0, width: 10, height: 2))
        screen.fill(Rect(row: 0, column: 7, width: 3, height: 1))
        screen.paint(row: 0, column: 4, width: 2, role: .selected)
    }

    @Test func asciiBordersForBrailleDisplays() {
        var screen = Screen(width: 6, height: 3, ascii: true)
        screen.box(Rect(row: 0, column: 0, width: 6, height: 3))
        #expect(screen.text == "\n\n", "no punctuation for a screen reader to read out")
        var titled = Screen(width: 8, height: 3, ascii: true)
        titled.box(Rect(row: 0, column: 0, width: 8, height: 3), title: "Ay")
        #expect(titled.text == "   Ay\n\n")
        var boxed = Screen(width: 4, height: 2)
        boxed.box(Rect(row: 0, column: 0, width: 4, height: 2))
        #expect(boxed.text == "┌──┐\n└──┘")
    }

    @Test func theMemoryBackendCountsOnlyChangedCells() {
        let terminal = MemoryTerminal(width: 20, height: 3)
        var screen = Screen(width: 20, height: 3)
        screen.put("Tequio", row: 1, column: 0)
        terminal.present(screen)
        screen.put("T", row: 1, column: 0, role: .selected)
        terminal.present(screen)
        #expect(terminal.cellsWrittenLastFrame == 1)
        terminal.present(screen)
        #expect(terminal.cellsWrittenLastFrame == 0)
    }

    @Test(arguments: [(1, 1), (2, 1), (10, 3), (79, 24), (80, 23)])
    func belowTheMinimumItSaysWhatItNeeds(width: Int, height: Int) {
        var screen = Screen(width: width, height: height)
        Layout.drawTooSmall(into: &screen)
        #expect(screen.cursor == (0, 0))
        if width >= 40 && height >= 3 { #expect(screen.text.contains("80×24")) }
    }

    @Test func wrapsByCells() {
        #expect(TextWrap.lines("uno dos tres cuatro", width: 8) == ["uno dos", "tres", "cuatro"])
        #expect(TextWrap.lines("Participación", width: 5) == ["Parti", "cipac", "ión"])
        #expect(TextWrap.lines("a\n\nb", width: 5) == ["a", "", "b"])
    }

    /// A wide character on a one-cell line: it went on cutting nothing, for ever.
    @Test func aWideCharacterWiderThanTheLineGoesAlone() {
        #expect(TextWrap.lines("漢字 a", width: 1) == ["漢", "字", "a"])
    }

    /// Wrapping keeps each line's width as words join it; lines must be the
    /// ones measuring every candidate line whole gives, wide and combining
    /// characters, long words and runs of spaces included.
    @Test func wrapsAsMeasuringEachLineWholeDoes() {
        func measuredWhole(_ text: String, width: Int) -> [String] {
            var out: [String] = []
            for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var line = ""
                for word in paragraph.split(separator: " ") {
                    var word = String(word)
                    while TextWidth.cells(word) > width {
                        if !line.isEmpty { out.append(line); line = "" }
                        let head = TextWidth.truncate(word, to: width + 1).dropLast()
                        out.append(String(head))
                        word = String(word.dropFirst(head.count))
                    }
                    let candidate = line.isEmpty ? word : line + " " + word
                    if TextWidth.cells(candidate) > width { out.append(line); line = word } else { line = candidate }
                }
                out.append(line)
            }
            return out
        }
        let pieces = ["uno", "participación", "e\u{301}", "漢字", "😀", "  ", "\n", "ñandú", "Tlalnepantla", "a", "—"]
        var generator = SeededRandom(seed: 12)
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...14, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined(separator: " ")
            let width = Int.random(in: 2...20, using: &generator)
            #expect(TextWrap.lines(text, width: width) == measuredWhole(text, width: width), "\(text) at \(width)")
        }
    }
}
