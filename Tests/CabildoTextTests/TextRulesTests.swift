import CabildoText
import Testing

@Suite struct TextRulesTests {
    let line = TextPolicy.line(50)

    @Test func normalisesToNFCAndTrims() throws {
        // "e" + combining acute becomes the single "é".
        let cleaned = try TextRules.clean("  Participacio\u{301}n \n", policy: line)
        #expect(cleaned == "Participación")
        #expect(cleaned.unicodeScalars.count == 13)
    }

    @Test(arguments: [
        ("\u{1B}]0;x\u{07}", UnsafeCharacterKind.control, UInt32(0x1B)),
        ("a\u{1B}[2J", .control, 0x1B),
        ("a\u{9B}2J", .c1Control, 0x9B),
        ("abc\u{202E}def", .bidiControl, 0x202E),
        ("ab\u{2066}c", .bidiControl, 0x2066),
        ("ab\u{200B}c", .invisible, 0x200B),
        ("ab\u{FEFF}c", .invisible, 0xFEFF),
        ("ab\u{2028}c", .lineSeparator, 0x2028),
        ("ab\u{7F}", .control, 0x7F),
    ])
    func refusesUnsafeCharacters(text: String, kind: UnsafeCharacterKind, scalar: UInt32) {
        #expect(throws: TextViolation.self) { try TextRules.clean(text, policy: line) }
        do {
            _ = try TextRules.clean(text, policy: line)
        } catch {
            guard case .unsafeCharacter(let foundKind, let foundScalar, _) = error else {
                Issue.record("wrong violation \(error)"); return
            }
            #expect(foundKind == kind)
            #expect(foundScalar == scalar)
        }
    }

    @Test func positionCountsCharactersFromOne() {
        #expect(throws: TextViolation.unsafeCharacter(.bidiControl, scalar: 0x202E, position: 4)) {
            try TextRules.clean("añb\u{202E}c", policy: line)
        }
    }

    @Test func lineBreaksOnlyWhereAllowed() throws {
        #expect(throws: TextViolation.lineBreak(position: 4)) { try TextRules.clean("uno\ndos", policy: line) }
        #expect(try TextRules.clean("uno\r\ndos\rtres", policy: .paragraphs(50)) == "uno\ndos\ntres")
        #expect(try TextRules.clean("a\tb", policy: line) == "a\tb")
    }

    @Test func lengthAndRequired() throws {
        #expect(throws: TextViolation.tooLong(limit: 5, length: 6)) { try TextRules.clean("ñandúe", policy: .line(5)) }
        #expect(try TextRules.clean("ñandú", policy: .line(5)) == "ñandú")
        #expect(throws: TextViolation.required) { try TextRules.clean("   ", policy: .line(5, required: true)) }
        #expect(try TextRules.cleanOptional("  ", policy: .line(5)) == nil)
    }

    @Test func displaySafeShowsEscapesVisibly() {
        let shown = TextRules.displaySafe("a\u{1B}]0;x\u{07}b\u{1B}[2Jc\u{202E}d\u{200B}e\u{9B}f")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(shown == "a␛]0;x␇b␛[2Jc<U+202E>d<U+200B>e<U+009B>f")
        #expect(TextRules.displaySafe("uno\ndos") == "uno␊dos")
        #expect(TextRules.displaySafe("uno\ndos", keepNewlines: true) == "uno\ndos")
    }
}
