import Testing
@testable import TerminalKit

/// Issue 10, item 12: pasted sequences reach no one as keys.
@Suite struct ControlSequenceFilterTests {
    /// What a terminal delivers from `input`, fed whole and then in every
    /// split into two reads (a pause between them): always the same keys.
    func delivered(_ input: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let scalars = input.unicodeScalars.map(\.value)
        let whole = ControlSequenceFilter.keys(in: scalars)
        for split in 1..<max(1, scalars.count) {
            var filter = ControlSequenceFilter()
            var out = scalars[..<split].flatMap { filter.feed($0) }
            // A pause inside a sequence keeps dropping it — except right after an ESC,
            // where the pause makes it the Escape key (ncurses waits ESCDELAY there).
            let afterLoneEscape = filter.state == .escape || filter.state == .stringEscape
            out += filter.pause()
            out += scalars[split...].flatMap { filter.feed($0) } + filter.pause()
            if !afterLoneEscape {
                #expect(out == whole, "split at \(split)", sourceLocation: sourceLocation)
            }
        }
        return String(String.UnicodeScalarView(whole.compactMap(Unicode.Scalar.init)))
    }

    @Test func controlStringsAreDroppedUpToTheirTerminator() {
        for introducer in ["\u{1B}P", "\u{1B}X", "\u{1B}^", "\u{1B}_", "\u{1B}]"] {
            #expect(delivered("a\(introducer)1;2|payload q\u{1B}\\b") == "ab", "\(introducer.debugDescription) ST")
            #expect(delivered("a\(introducer)payload\u{07}b") == "ab", "\(introducer.debugDescription) BEL")
        }
        for introducer: UInt32 in [0x90, 0x98, 0x9E, 0x9F, 0x9D] {
            let c1 = String(Unicode.Scalar(introducer)!)
            #expect(delivered("a\(c1)payload\u{9C}b") == "ab", "C1 \(introducer) with C1 ST")
            #expect(delivered("a\(c1)payload\u{1B}\\b") == "ab", "C1 \(introducer) with ESC \\")
        }
        // An ESC inside a string ends it and begins a sequence of its own.
        #expect(delivered("a\u{1B}Ppay\u{1B}[6nb") == "ab")
    }

    @Test func controlSequencesAndMouseReportsAreDroppedWhole() {
        #expect(delivered("a\u{1B}[2Jb") == "ab")
        #expect(delivered("a\u{1B}[38;5;196mb") == "ab")
        #expect(delivered("a\u{1B}[?2004hb") == "ab")
        #expect(delivered("a\u{9B}31mb") == "ab")                      // C1 CSI
        #expect(delivered("a\u{1B}[<0;12;5Mb\u{1B}[<0;12;5mc") == "abc")  // SGR mouse press and release
        #expect(delivered("a\u{1B}[M !!b") == "ab")                     // X10 mouse: three bytes after M
        #expect(delivered("a\u{1B}[M\u{20}\u{E9}\u{E9}b") == "ab")      // X10 in UTF-8 mode, far cells
        #expect(delivered("a\u{1B}[1;2\u{18}b") == "ab")                // CAN cancels
    }

    @Test func theRestOfAMouseReportThatNcursesRecognisedIsDropped() {
        var x10 = ControlSequenceFilter()
        x10.mouseReportFollows(sgr: false)
        #expect(" !!b".unicodeScalars.flatMap { x10.feed($0.value) } == [0x62])
        var sgr = ControlSequenceFilter()
        sgr.mouseReportFollows(sgr: true)
        #expect("0;12;5Mb".unicodeScalars.flatMap { sgr.feed($0.value) } == [0x62])
    }

    @Test func everyOtherEscapeSequenceIsDroppedWithItsCharacter() {
        #expect(delivered("a\u{1B}cb") == "ab")            // RIS: full reset
        #expect(delivered("a\u{1B}7\u{1B}8b") == "ab")     // save and restore cursor
        #expect(delivered("a\u{1B}(0b") == "ab")           // with an intermediate: line drawing
        #expect(delivered("a\u{1B}#8b") == "ab")
        #expect(delivered("a\u{1B}OPb") == "ab")           // SS3 and its character
        #expect(delivered("a\u{1B}\u{E9}b") == "ab")        // Alt with a non-ASCII key
        #expect(delivered("a\u{85}\u{84}b") == "ab")       // lone C1 controls
    }

    @Test func whereEscapeThenAKeyIsMeantItIsBothKeys() {
        let input = "\u{1B}h\u{1B}2\u{1B}/\u{1B}[2Jx\u{1B}Pdcs\u{1B}\\y".unicodeScalars.map(\.value)
        #expect(ControlSequenceFilter.keys(in: input, dropsEscapePairs: false)
            == [27, 0x68, 27, 0x32, 27, 0x2F, 0x78, 0x79])
        #expect(ControlSequenceFilter.keys(in: input) == [0x78, 0x79])
    }

    @Test func theEscapeKeyAndOrdinaryTextStillArrive() {
        #expect(delivered("\u{1B}") == "\u{1B}")
        #expect(delivered("\u{1B}\u{1B}\u{1B}") == "\u{1B}\u{1B}\u{1B}")
        #expect(delivered("\u{1B}\r") == "\u{1B}\r")                  // Escape, then Enter
        #expect(delivered("Participación ciudadana, ¿sí? 100 % — ñ 😀") == "Participación ciudadana, ¿sí? 100 % — ñ 😀")
        #expect(delivered("línea\r\tTab") == "línea\r\tTab")
    }

    @Test func anUnfinishedSequenceStopsSwallowingKeysAfterAMoment() {
        var filter = ControlSequenceFilter(staleAfter: 0.5)
        #expect(filter.feed(27, at: 10) == [])
        #expect(filter.feed(0x50, at: 10) == [])           // DCS, never terminated
        #expect(filter.pause() == [])
        #expect(filter.feed(0x78, at: 10.2) == [])          // still inside it
        #expect(filter.feed(0x61, at: 11) == [0x61])        // a person typing a second later
        #expect(!filter.isInSequence)
    }
}
