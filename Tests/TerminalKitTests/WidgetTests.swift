import CabildoTestSupport
import Foundation
import Testing
@testable import TerminalKit

/// A huge list that records which rows it was asked for.
final class CountingSource: ListSource {
    let count: Int
    var asked: Set<Int> = []
    init(count: Int) { self.count = count }
    func row(_ index: Int) -> String { asked.insert(index); return "Aportación \(index)" }
}

@Suite struct ListTests {
    @Test func aMillionRowsAreAskedForOnlyWhatIsVisible() {
        let source = CountingSource(count: 1_000_000)
        var list = ListView()
        var screen = Screen(width: 40, height: 10)
        list.draw(source, into: &screen, in: Rect(row: 0, column: 0, width: 40, height: 10), focused: true)
        #expect(source.asked == Set(0..<10))
        _ = list.handle(.end, count: source.count)
        source.asked = []
        list.draw(source, into: &screen, in: Rect(row: 0, column: 0, width: 40, height: 10), focused: true)
        #expect(source.asked == Set(999_990..<1_000_000))
        #expect(screen.cursor == (9, 0))
        #expect(screen.marked(9).hasPrefix("> Aportación 999999"))
    }

    /// Over a slow link each key should cost a few cells: moving the
    /// selection rewrites the two markers, not the two rows. The kiosk's
    /// whole-row highlight rewrites both rows.
    @Test func movingTheSelectionRewritesOnlyTheMarkers() {
        let source = ArraySource((0..<30).map { "Aportación número \($0) de la consulta" })
        for (highlight, cells) in [(ListView.Highlight.marker, 4), (.wholeRow, 80)] {
            var list = ListView(highlight: highlight)
            let terminal = MemoryTerminal(width: 40, height: 10)
            var screen = Screen(width: 40, height: 10)
            list.draw(source, into: &screen, in: Rect(row: 0, column: 0, width: 40, height: 10), focused: true)
            terminal.present(screen)
            _ = list.handle(.down, count: source.count)
            screen = Screen(width: 40, height: 10)
            list.draw(source, into: &screen, in: Rect(row: 0, column: 0, width: 40, height: 10), focused: true)
            terminal.present(screen)
            #expect(terminal.cellsWrittenLastFrame == cells)
            #expect(screen[1, 0].role == .marker)
        }
    }

    @Test func theCursorFollowsTheSelectedRowAfterEveryKey() {
        let source = ArraySource((0..<30).map { "Fila \($0)" })
        var list = ListView()
        var screen = Screen(width: 30, height: 12)
        let rect = Rect(row: 2, column: 0, width: 30, height: 10)
        let steps: [(Key, Int, Int)] = [   // key, selected, cursor row
            (.down, 1, 3), (.down, 2, 4), (.pageDown, 12, 11), (.up, 11, 10), (.home, 0, 2), (.end, 29, 11),
            (.pageUp, 19, 2), (.up, 18, 2),
        ]
        list.draw(source, into: &screen, in: rect, focused: true)
        #expect(screen.cursor == (2, 0))
        for (key, selected, row) in steps {
            let used = list.handle(key, count: source.count)
            #expect(used)
            list.draw(source, into: &screen, in: rect, focused: true)
            #expect(list.selected == selected)
            #expect(screen.cursor == (row, 0))
            #expect(screen.marked(row).hasPrefix("> Fila \(selected)"))
        }
        let usedX = list.handle(.character("x"), count: source.count)
        #expect(!usedX)
    }

    @Test func tablesCutCellsToTheirColumns() {
        var table = TableView(columns: [.init("Folio", width: 11), .init("Lugar", width: 8)])
        var screen = Screen(width: 30, height: 3)
        table.draw(count: 1, cells: { _ in ["7KQ-M2P-X4B", "Palacio Municipal"] }, into: &screen,
                   in: Rect(row: 0, column: 0, width: 30, height: 3), focused: true)
        #expect(screen.line(0).hasPrefix("  Folio       Lugar"))
        #expect(screen.marked(1).hasPrefix("> 7KQ-M2P-X4B Palacio…"))
        #expect(screen.cursor == (1, 0))
    }
}

@Suite struct TextFieldTests {
    func typed(_ text: String, into field: inout TextField) {
        for c in text { _ = field.handle(.character(c)) }
    }

    @Test func theCursorStaysAtTheInsertionPointThroughAccentedInput() {
        var field = TextField(maxLength: 50)
        var screen = Screen(width: 40, height: 1)
        var expectedColumn = 10
        for c in "Participación ñandú 漢" {
            _ = field.handle(.character(c))
            expectedColumn += TextWidth.cells(c)
            field.draw(into: &screen, row: 0, column: 10, width: 30, focused: true)
            #expect(screen.cursor == (0, expectedColumn))
        }
        #expect(field.text == "Participación ñandú 漢")
        _ = field.handle(.left)
        field.draw(into: &screen, row: 0, column: 10, width: 30, focused: true)
        #expect(screen.cursor == (0, expectedColumn - 2))
        _ = field.handle(.home)
        field.draw(into: &screen, row: 0, column: 10, width: 30, focused: true)
        #expect(screen.cursor == (0, 10))
    }

    @Test func editingWorksByGrapheme() {
        var field = TextField(maxLength: 50)
        typed("Peñe\u{301}", into: &field)     // "e" + combining acute: one grapheme
        #expect(field.characters.count == 4)
        _ = field.handle(.backspace)
        #expect(field.text == "Peñ")
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "Pñ")
        _ = field.handle(.delete)
        #expect(field.text == "P")
        typed("ábc", into: &field)
        _ = field.handle(.left)
        _ = field.handle(.control("u"))
        #expect(field.text == "c" && field.insertion == 0)
        _ = field.handle(.control("k"))
        #expect(field.text.isEmpty)
    }

    @Test func theLimitHoldsAndControlsAreNotInserted() {
        var field = TextField(maxLength: 5)
        typed("ñandúes", into: &field)
        #expect(field.text == "ñandú")
        _ = field.handle(.character("\u{1B}"))
        #expect(field.text == "ñandú")
        let tab = field.handle(.tab), enter = field.handle(.enter)
        #expect(!tab && !enter)
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        var field = TextField(maxLength: 100)
        typed(String(repeating: "á", count: 40), into: &field)
        var screen = Screen(width: 20, height: 1)
        field.draw(into: &screen, row: 0, column: 0, width: 20, focused: true)
        #expect(screen.cursor == (0, 19))
        _ = field.handle(.home)
        field.draw(into: &screen, row: 0, column: 0, width: 20, focused: true)
        #expect(screen.cursor == (0, 0))
    }

    /// Issue 17: a long field shows its end while typed in, its start once focus leaves it.
    @Test func anUnfocusedFieldShowsItsBeginning() {
        var field = TextField(maxLength: 100)
        typed("Consulta sobre movilidad en Tlalnepantla", into: &field)
        var screen = Screen(width: 20, height: 1)
        field.draw(into: &screen, row: 0, column: 0, width: 20, focused: true)
        #expect(screen.line(0) == "dad en Tlalnepantla ")
        #expect(screen.cursor == (0, 19))
        field.draw(into: &screen, row: 0, column: 0, width: 20, focused: false)
        #expect(screen.line(0) == "Consulta sobre movi…")     // cut text ends in "…"
        // Focus back: the insertion point is in view again, where it was.
        field.draw(into: &screen, row: 0, column: 0, width: 20, focused: true)
        #expect(screen.line(0) == "dad en Tlalnepantla " && screen.cursor == (0, 19))
    }

    @Test func aFormShowsTheStartOfTheFieldsItLeft() {
        var form = Form([FormField(key: "title", label: "Título", kind: .text(maxLength: 100)),
                         FormField(key: "place", label: "Lugar", kind: .text(maxLength: 100))])
        for c in "Consulta sobre movilidad en Tlalnepantla" { _ = form.handle(.character(c)) }
        _ = form.handle(.tab)
        var screen = Screen(width: 30, height: 2)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 30, height: 2), focused: true)
        #expect(screen.line(0).contains("Consulta sobre"))
        #expect(!screen.line(0).contains("Tlalnepantla"))
    }

    @Test func datesAreCheckedAgainstTheCalendar() {
        var date = DateField()
        for c in "2024-02-3x0" { _ = date.handle(.character(c)) }
        #expect(date.text == "2024-02-30")
        #expect(date.problem != nil)
        _ = date.handle(.backspace)
        _ = date.handle(.backspace)
        _ = date.handle(.character("2"))
        _ = date.handle(.character("9"))
        #expect(date.text == "2024-02-29" && date.problem == nil)
    }

    @Test func textAreaKeepsLinesAndCursor() {
        var area = TextArea(maxLength: 100)
        for c in "uno" { _ = area.handle(.character(c)) }
        _ = area.handle(.enter)
        for c in "dós" { _ = area.handle(.character(c)) }
        #expect(area.text == "uno\ndós")
        var screen = Screen(width: 20, height: 3)
        area.draw(into: &screen, in: Rect(row: 0, column: 2, width: 10, height: 3), focused: true)
        #expect(screen.cursor == (1, 5))
        _ = area.handle(.home)
        _ = area.handle(.backspace)
        #expect(area.text == "unodós")
    }
}

@Suite struct FormTests {
    /// A form taller than its window (a session with many members, a
    /// consultation with many questions) scrolls: the focused field and the
    /// cursor stay on screen, down to the last field and back to the first.
    @Test func aFormTallerThanTheWindowKeepsTheFocusedFieldOnScreen() {
        let fields = (1...30).map { FormField(key: "f\($0)", label: "Campo \($0)", kind: .checkbox) }
            + [FormField(key: "notes", label: "Notas", kind: .paragraphs(maxLength: 100, lines: 3))]
        var form = Form(fields)
        let rect = Rect(row: 2, column: 0, width: 40, height: 8)
        for index in 0..<fields.count {
            var screen = Screen(width: 40, height: 12)
            form.draw(into: &screen, in: rect, focused: true)
            #expect((rect.row..<rect.row + rect.height).contains(screen.cursor.row))
            #expect(screen.line(screen.cursor.row).contains(fields[index].label), "\(index)")
            _ = form.handle(.tab)
        }
        var screen = Screen(width: 40, height: 12)
        form.draw(into: &screen, in: rect, focused: true)   // Tab wrapped to the first field
        #expect(screen.cursor.row == rect.row && screen.line(rect.row).contains("Campo 1:"))
        // Scrolled to the end, then given a taller window: the fields above come back.
        for _ in 0..<30 { _ = form.handle(.tab) }
        form.draw(into: &screen, in: rect, focused: true)
        var tall = Screen(width: 40, height: 40)
        form.draw(into: &tall, in: Rect(row: 0, column: 0, width: 40, height: 40), focused: true)
        #expect(tall.line(0).contains("Campo 1:") && tall.line(tall.cursor.row).contains("Notas"))
    }

    func form() -> Form {
        Form([
            FormField(key: "name", label: "Nombre", kind: .text(maxLength: 40), required: true),
            FormField(key: "theme", label: "Tema", kind: .choice([ChoiceOption(id: "security", label: "seguridad"),
                                                                  ChoiceOption(id: "health", label: "salud")])),
            FormField(key: "date", label: "Fecha", kind: .date(hint: "AAAA-MM-DD")),
            FormField(key: "public", label: "Pública", kind: .checkbox),
        ])
    }

    /// An error longer than the room beside its field wraps there, whole, its first
    /// line on the field's own; on a screen too narrow for that it goes under the field.
    @Test func aLongErrorIsWrappedWholeNeverCut() {
        let long = "escriba la fecha como AAAA-MM-DD, por ejemplo 2021-10-15"
        for width in [60, 30] {
            var form = form()
            form.errors = ["date": long, "name": "Nombre: dato obligatorio"]
            var screen = Screen(width: width, height: 12)
            form.draw(into: &screen, in: Rect(row: 0, column: 0, width: width, height: 12), focused: true)
            #expect(!screen.text.contains("…") && !screen.text.contains("A…"), "\(screen.text)")
            let words = screen.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("Error: " + long) && words.contains("Error: Nombre: dato obligatorio"), "\(screen.text)")
            let date = (0..<12).first { screen.line($0).hasPrefix(" Fecha:") }!
            let theme = (0..<12).first { screen.line($0).hasPrefix(" Tema:") }!
            #expect(theme < date && screen.line(date).contains("Error: ") == (width == 60), "\(screen.text)")
        }
    }

    /// Label and value on one 40-cell braille window: a long label is cut, not the value pushed right.
    @Test func valuesStartWithinFortyCellsOfTheirLabel() {
        var form = Form([FormField(key: "a", label: String(repeating: "Etiqueta larga ", count: 4), kind: .text(maxLength: 40)),
                         FormField(key: "b", label: "Nombre", kind: .text(maxLength: 40))])
        _ = form.handle(.character("x"))
        var screen = Screen(width: 80, height: 4)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 80, height: 4), focused: true)
        #expect(screen.cursor.column < 40)
        #expect(screen.line(0).firstRange(of: "x")!.lowerBound.utf16Offset(in: screen.line(0)) < 40)
    }

    /// A checkbox says its state in words, which a screen reader speaks ("[ ]" is silent).
    @Test func checkboxesSayTheirStateInWords() {
        var form = form()
        var screen = Screen(width: 60, height: 8)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 60, height: 8), focused: false)
        #expect(screen.line(3).contains("[ ] not checked"))
        for _ in 0..<3 { _ = form.handle(.tab) }
        _ = form.handle(.character(" "))
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 60, height: 8), focused: true)
        #expect(screen.line(3).contains("[x] checked"))
        #expect(form.focusedWhole == "Pública: checked")
        // With an error, the words stay whole and the error goes under them.
        form.errors = ["public": "Una consulta pública necesita fecha de cierre."]
        var errored = Screen(width: 60, height: 10)
        form.draw(into: &errored, in: Rect(row: 0, column: 0, width: 60, height: 10), focused: true)
        #expect(errored.line(3).contains("[x] checked") && !errored.line(3).contains("Error"), "\(errored.text)")
        let below = (4..<6).map { errored.line($0) }.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(below.contains("Error: Una consulta pública necesita fecha de cierre."), "\(errored.text)")
    }

    /// An answer's editor wraps at spaces, keeps every character on one line and the cursor at the insertion point.
    @Test func aWrappedFieldShowsItsWholeText() {
        var field = TextField(maxLength: 200)
        for c in "uno dos tres cuatro cinco seis" { _ = field.handle(.character(c)) }
        let lines = field.wrappedLines(width: 10).map { String(field.characters[$0]) }
        #expect(lines == ["uno dos ", "tres ", "cuatro ", "cinco seis"])
        var screen = Screen(width: 12, height: 6)
        #expect(field.drawWrapped(into: &screen, in: Rect(row: 1, column: 1, width: 11, height: 5), focused: true) == 4)
        #expect(screen.line(4).hasPrefix(" cinco seis") && screen.cursor == (4, 11))
        for _ in 0..<6 { _ = field.handle(.left) }
        #expect(field.drawWrapped(into: &screen, in: Rect(row: 1, column: 1, width: 11, height: 2), focused: true) == 2)
        #expect(screen.cursor == (2, 5))                                    // inside "cinco", its line kept in view
        let long = TextField(String(repeating: "x", count: 25), maxLength: 200)
        #expect(long.wrappedLines(width: 10).map(\.count) == [10, 10, 5])   // a word longer than a line is cut
    }

    @Test func labelsRequiredMarksAndTabOrder() {
        var form = form()
        var screen = Screen(width: 60, height: 8)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 60, height: 8), focused: true)
        #expect(screen.line(0).hasPrefix("*Nombre:"))
        #expect(screen.line(1).hasPrefix(" Tema:"))
        let fieldColumn = screen.cursor.column
        #expect(screen.cursor == (0, fieldColumn))
        _ = form.handle(.tab)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 60, height: 8), focused: true)
        #expect(screen.cursor == (1, fieldColumn + 2))
        #expect(screen.line(1).contains("< seguridad >"))
        _ = form.handle(.character(" "))
        _ = form.handle(.backTab)
        _ = form.handle(.backTab)
        #expect(form.focusedKey == "public")
        _ = form.handle(.character(" "))
        #expect(form.values == ["name": "", "theme": "health", "date": "", "public": "true"])
        #expect(form.isDirty)
    }

    /// On the field's own line, after its value, naming it: a screen reader reads it when the field gets the focus.
    @Test func errorsShowOnTheFieldsLineAndKeepWhatWasTyped() {
        var form = form()
        _ = form.handle(.tab)
        _ = form.handle(.tab)
        for c in "2026-13-01" { _ = form.handle(.character(c)) }
        let valid = form.checkLocally()
        #expect(!valid)
        #expect(form.focusedKey == "name")       // the first field at fault takes the focus
        var screen = Screen(width: 60, height: 10)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 60, height: 10), focused: true)
        #expect(screen.text.components(separatedBy: "Error: ").count == 3)
        #expect(screen.line(0).hasPrefix("*Nombre:") && screen.line(0).contains("Error: Nombre is required"))
        #expect(screen.line(2).hasPrefix(" Fecha:") && screen.line(2).contains("2026-13-01")
            && screen.line(2).contains("Error: "))
        #expect(screen.cursor.row == 0)
        #expect(form.values["date"] == "2026-13-01")
    }

    @Test func confirmDialogPutsTheCursorOnTheAnswer() {
        var dialog = ConfirmDialog("¿Salir sin guardar?")
        var screen = Screen(width: 80, height: 24)
        dialog.draw(into: &screen)
        let noCursor = screen.cursor
        #expect(screen.line(noCursor.row).contains("[No]"))
        _ = dialog.handle(.left)
        dialog.draw(into: &screen)
        #expect(screen.cursor.row == noCursor.row && screen.cursor.column < noCursor.column)
        _ = dialog.handle(.enter)
        #expect(dialog.outcome == .confirmed)
        var escape = ConfirmDialog("¿Salir?")
        _ = escape.handle(.escape)
        #expect(escape.outcome == .cancelled)
    }

    @Test func anAnnouncedMessageTakesTheCursor() {
        var status = StatusLine()
        var screen = Screen(width: 40, height: 5)
        screen.setCursor(row: 2, column: 7)
        status.draw(into: &screen, row: 4, hints: ["q Salir"])
        #expect(screen.cursor == (2, 7))
        #expect(screen.line(4).hasPrefix("q Salir"))
        status.show("Nombre: este campo es obligatorio", error: true)
        status.draw(into: &screen, row: 4, hints: [])
        #expect(screen.cursor == (4, 0))
        #expect(screen.line(4).hasPrefix("Error: Nombre"))
    }

    @Test func theCurrentTabIsMarkedInText() {
        var tabs = TabBar(["Mecanismos", "Compromisos", "Consultas"])
        tabs.selected = 1
        var screen = Screen(width: 60, height: 1)
        tabs.draw(into: &screen, row: 0)
        #expect(screen.text == " 1 Mecanismos  [2 Compromisos]  3 Consultas")
    }
}

@Suite struct ChoiceTests {
    static let municipalities = ["Benito Juárez (Ciudad de México)", "Tlalnepantla de Baz (Estado de México)",
                                 "Benito Juárez (Quintana Roo)", "Solidaridad (Quintana Roo)"]
        .enumerated().map { ChoiceOption(id: String($0.offset + 1), label: $0.element) }

    @Test func typingNarrowsTheOptionsAndTheValueIsTheChosenId() {
        var choice = Choice(Self.municipalities)
        #expect(choice.value == "1")
        for c in "benito juarez q" { _ = choice.handle(.character(c)) }
        #expect(choice.visible == [2] && choice.value == "3")
        var screen = Screen(width: 80, height: 1)
        choice.draw(into: &screen, row: 0, column: 0, width: 80, focused: true)
        #expect(screen.line(0).hasPrefix("< Benito Juárez (Quintana Roo) >  [benito juarez q] 1/4"))
        #expect(screen.cursor == (0, 2))
        for _ in 0..<2 { _ = choice.handle(.backspace) }   // "benito juarez": both again
        #expect(choice.visible == [0, 2] && choice.value == "3")
        _ = choice.handle(.right)
        #expect(choice.value == "1")
        _ = choice.handle(.right)
        #expect(choice.value == "3")   // only among the narrowed ones
    }

    @Test func nothingMatchingSelectsNothingNewAndSpaceStillCyclesWhenNotTyping() {
        var choice = Choice(Self.municipalities)
        _ = choice.handle(.character(" "))
        #expect(choice.value == "2")
        for c in "zz" { _ = choice.handle(.character(c)) }
        #expect(choice.visible.isEmpty && choice.value == "2")   // a typo never changes what was chosen
        var screen = Screen(width: 80, height: 1)
        choice.draw(into: &screen, row: 0, column: 0, width: 80, focused: true)
        #expect(screen.line(0).hasPrefix("< Tlalnepantla de Baz (Estado de México) >  [zz] 0/4"))
    }
}

/// A repeated group: a session's agreements, each with its own text,
/// responsible and due date.
@Suite struct FormGroupTests {
    static let agreements = FormField(key: "agreements", label: "Acuerdos", kind: .group(
        itemLabel: "Acuerdo", fields: [
            FormField(key: "text", label: "Texto", kind: .text(maxLength: 200), required: true),
            FormField(key: "responsible", label: "Responsable", kind: .text(maxLength: 100)),
            FormField(key: "dueDate", label: "Fecha límite", kind: .date(hint: "AAAA-MM-DD")),
        ], addLabel: "Agregar acuerdo", removeLabel: "quita este acuerdo"),
        help: "Intro en «+ Agregar acuerdo» agrega uno; Supr en su título lo quita")
    static let fields = [FormField(key: "place", label: "Lugar", kind: .text(maxLength: 100)), agreements,
                         FormField(key: "public", label: "Pública", kind: .checkbox)]

    func type(_ text: String, into form: inout Form) {
        for c in text { _ = form.handle(.character(c)) }
    }

    func drawn(_ form: inout Form, height: Int = 20) -> Screen {
        var screen = Screen(width: 70, height: height)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 70, height: height), focused: true)
        return screen
    }

    @Test func itemsAreAddedByEnterOnTheAddLineAndComeOutNumbered() {
        var form = Form(Self.fields)
        var screen = drawn(&form)
        #expect(screen.line(1).hasPrefix(" Acuerdos:") && screen.line(1).contains("Intro en «+ Agregar acuerdo»"))
        #expect(screen.line(2).hasPrefix("  + Agregar acuerdo"))
        _ = form.handle(.tab)
        #expect(form.focusedKey == "agreements")
        screen = drawn(&form)
        #expect(screen.cursor == (2, 2))                 // on the add line
        for (text, who) in [("Bachear la calle 5", "Obras Públicas"), ("Publicar el acta", "Secretaría")] {
            let used = form.handle(.enter)
            #expect(used)
            #expect(form.focusedKey?.hasSuffix(".text") == true)
            type(text, into: &form)
            _ = form.handle(.tab)
            type(who, into: &form)
            _ = form.handle(.tab)
            type("2026-12-01", into: &form)
            _ = form.handle(.tab)                          // to the add line again
        }
        #expect(form.values == ["place": "", "public": "false",
                                "agreements.1.text": "Bachear la calle 5", "agreements.1.responsible": "Obras Públicas",
                                "agreements.1.dueDate": "2026-12-01",
                                "agreements.2.text": "Publicar el acta", "agreements.2.responsible": "Secretaría",
                                "agreements.2.dueDate": "2026-12-01"])
        #expect(form.isDirty)
        screen = drawn(&form)
        #expect(screen.line(2).hasPrefix("  Acuerdo 1"))
        #expect(screen.line(3).hasPrefix("  *Texto:") && screen.line(3).contains("Bachear la calle 5"))
        #expect(screen.line(5).contains("2026-12-01"))
        #expect(screen.line(6).hasPrefix("  Acuerdo 2"))
        #expect(screen.line(10).hasPrefix("  + Agregar acuerdo") && screen.line(11).hasPrefix(" Pública:"))
    }

    @Test func delOnAnItemsHeadingRemovesItAndTheOthersAreRenumbered() {
        var form = Form(Self.fields, values: ["agreements.1.text": "uno", "agreements.2.text": "dos",
                                              "agreements.2.responsible": "Tesorería", "agreements.3.text": "tres"])
        form.errors = ["agreements.3.text": "demasiado largo", "agreements.1.text": "vacío"]
        form.focus(key: "agreements.1.text")
        _ = form.handle(.backTab)                          // to the heading "Acuerdo 1"
        #expect(form.focusedKey == "agreements.1")
        var screen = drawn(&form)
        #expect(screen.line(2).hasPrefix("  Acuerdo 1  Del quita este acuerdo"))
        #expect(screen.cursor == (2, 2))
        // A letter or Enter on a heading removes nothing.
        _ = form.handle(.character("x"))
        _ = form.handle(.enter)
        #expect(form.values["agreements.3.text"] == "tres")
        form.focus(key: "agreements.1.text")
        _ = form.handle(.backTab)
        let used = form.handle(.delete)
        #expect(used)
        #expect(form.values == ["place": "", "public": "false", "agreements.1.text": "dos",
                                "agreements.1.responsible": "Tesorería", "agreements.1.dueDate": "",
                                "agreements.2.text": "tres", "agreements.2.responsible": "",
                                "agreements.2.dueDate": ""])
        #expect(form.errors == ["agreements.2.text": "demasiado largo"])   // the error moved with its item
        #expect(form.focusedKey == "agreements.1")        // the heading now in its place
        _ = form.handle(.control("d"))
        #expect(form.values["agreements.1.text"] == "tres" && form.values["agreements.2.text"] == nil)
        _ = form.handle(.control("d"))
        #expect(form.focusedKey == "agreements")          // no items left: the add line
        screen = drawn(&form)
        #expect(screen.line(2).hasPrefix("  + Agregar acuerdo") && screen.cursor == (2, 2))
    }

    @Test func anErrorOnAnItemsFieldShowsBesideItAndTakesTheCursor() {
        var form = Form(Self.fields, values: ["agreements.1.text": "uno", "agreements.2.text": "dos"])
        #expect(form.holds("agreements.2.text") && form.holds("agreements") && form.holds("place"))
        #expect(!form.holds("agreements.3.text") && !form.holds("agreements.2.nothing") && !form.holds("text"))
        form.errors = ["agreements.2.dueDate": "fecha pasada"]
        form.focus(key: "agreements.2.dueDate")
        #expect(form.focusedKey == "agreements.2.dueDate")
        let screen = drawn(&form)
        #expect(screen.line(6).hasPrefix("  Acuerdo 2"))
        #expect(screen.line(9).hasPrefix("   Fecha límite:") && screen.line(9).contains("Error: fecha pasada"))
        #expect(screen.cursor.row == 9 && screen.cursor.column == screen.line(7).firstIndexOfValue)   // where "dos" starts
    }

    @Test func requiredItemFieldsAndDatesAreCheckedInEveryItem() {
        let required = FormField(key: "agreements", label: "Acuerdos", kind: Self.agreements.kind, required: true)
        var empty = Form([required])
        let emptyValid = empty.checkLocally()
        #expect(!emptyValid && empty.errors.keys.sorted() == ["agreements"])
        var form = Form(Self.fields, values: ["agreements.1.text": "uno", "agreements.2.dueDate": "2026-02-30"])
        let valid = form.checkLocally()
        #expect(!valid)
        #expect(form.errors.keys.sorted() == ["agreements.2.dueDate", "agreements.2.text"])
        #expect(form.focusedKey == "agreements.2.text")   // the first at fault
        #expect(form.values["agreements.2.dueDate"] == "2026-02-30")   // nothing typed is lost
    }

    /// Many agreements in a short window: the focused item's field, its
    /// heading's number and the cursor stay on screen.
    @Test func aFormTallerThanItsWindowScrollsToTheFocusedItem() {
        var values: [String: String] = [:]
        for n in 1...12 { values["agreements.\(n).text"] = "Acuerdo número \(n)" }
        var form = Form(Self.fields, values: values)
        form.focus(key: "agreements.9.responsible")
        let screen = drawn(&form, height: 8)
        #expect(screen.line(screen.cursor.row).hasPrefix("   Responsable:"))
        #expect(screen.line(screen.cursor.row - 2).hasPrefix("  Acuerdo 9"))
        #expect(!screen.text.contains("Lugar:"))
        form.focus(key: "place")
        #expect(drawn(&form, height: 8).line(0).hasPrefix(" Lugar:"))
        // Tab walks every stop and the cursor is always in the window.
        for _ in 0..<60 {
            _ = form.handle(.tab)
            let screen = drawn(&form, height: 8)
            #expect((0..<8).contains(screen.cursor.row))
        }
    }
}

extension String {
    /// The column of the first cell that is not a space after the label's colon.
    var firstIndexOfValue: Int {
        guard let colon = firstIndex(of: ":") else { return 0 }
        return distance(from: startIndex, to: self[index(after: colon)...].firstIndex { $0 != " " } ?? endIndex)
    }
}

@Suite struct PicksTests {
    static let options = ["Agua", "Seguridad", "Transporte"].map { ChoiceOption(id: $0, label: $0) }

    @Test func atMostItsPicksInTheOptionsOrder() {
        var picks = Picks(Self.options, mode: .most(2))
        let used = picks.handle(.character("3")) && picks.handle(.up) && picks.handle(.up) && picks.handle(.character(" "))
        #expect(used)
        #expect(picks.value == "Agua\nTransporte" && picks.isFull)
        _ = picks.handle(.character("2"))   // past the most: not taken
        #expect(picks.value == "Agua\nTransporte")
        _ = picks.handle(.character("1"))   // again: let go
        #expect(picks.value == "Transporte")
        // Up on the first option and Down on the last leave the list (the form's next field).
        _ = picks.handle(.home)
        let upLeaves = !picks.handle(.up)
        _ = picks.handle(.end)
        let downLeaves = !picks.handle(.down)
        #expect(upLeaves && downLeaves)
    }

    /// An error on options to rank goes on the line after them: beside the
    /// first, it cut every option to a few letters ("Banq…").
    @Test func anErrorOnOptionsLeavesThemWhole() {
        let options = ["Banquetas", "Alumbrado", "Parques"].map { ChoiceOption(id: $0, label: $0) }
        var form = Form([FormField(key: "questions.2", label: "Pregunta 2", kind: .ranking(options), required: true)])
        form.errors = ["questions.2": "ordene todas las opciones: 1 de 3 tienen lugar"]
        var screen = Screen(width: 80, height: 8)
        form.draw(into: &screen, in: Rect(row: 0, column: 0, width: 80, height: 8), focused: true)
        #expect(screen.line(0).contains("1. Banquetas") && screen.line(2).contains("3. Parques"))
        #expect(screen.line(3).contains("Error: ordene todas las opciones: 1 de 3 tienen lugar"))
    }

    /// With ten options or more, digits typed within a second make one number:
    /// "1" then "2" reaches option 12, and a lone "1" after the pause option 1.
    /// Only the digits 0-9 are option numbers: "²" or "十" (ten) pick nothing.
    @Test func onlyAsciiDigitsAreOptionNumbers() {
        let options = (1...12).map { ChoiceOption(id: "o\($0)", label: "Opción \($0)") }
        var picks = Picks(options, mode: .ranking)
        for other: Character in ["²", "十", "٣"] { _ = picks.handle(.character(other)) }
        #expect(picks.value.isEmpty && picks.cursor == 0)
    }

    @Test func digitsTypedTogetherReachOptionsPastNine() {
        let options = (1...12).map { ChoiceOption(id: "o\($0)", label: "Opción \($0)") }
        let start = Date(timeIntervalSince1970: 1_000_000)
        var picks = Picks(options, mode: .ranking)
        var used = picks.handle(.character("1"), at: start)
        #expect(used && picks.value == "o1" && picks.cursor == 0)   // option 1 at once, as before
        used = picks.handle(.character("2"), at: start.addingTimeInterval(0.4))
        #expect(used)
        #expect(picks.value == "o12" && picks.cursor == 11)  // 12, not 1 and 2
        _ = picks.handle(.character("1"), at: start.addingTimeInterval(2))
        #expect(picks.value == "o12\no1")                    // after the pause: option 1
        _ = picks.handle(.character("3"), at: start.addingTimeInterval(2.5))
        #expect(picks.value == "o12\no1\no3")                // 13 is no option: 3 on its own
        _ = picks.handle(.character("1"), at: start.addingTimeInterval(5))
        _ = picks.handle(.character("0"), at: start.addingTimeInterval(5.5))
        #expect(picks.value == "o12\no1\no3\no10" && picks.cursor == 9)   // 10 picked, 1 as it was
        // A key other than a digit ends the number.
        _ = picks.handle(.character("1"), at: start.addingTimeInterval(9))
        _ = picks.handle(.down, at: start.addingTimeInterval(9.1))
        _ = picks.handle(.character("1"), at: start.addingTimeInterval(9.2))
        #expect(picks.value == "o12\no3\no10\no1")           // 1 let go, then picked again: no 11
        // At most two picks: the number's first digit does not use up a pick.
        var two = Picks(options, mode: .most(2), value: "o5")
        _ = two.handle(.character("1"), at: start)
        _ = two.handle(.character("1"), at: start.addingTimeInterval(0.5))
        #expect(two.value == "o5\no11")
    }

    @Test func aRankingIsTheOrderOfPickingAndTheCursorIsOnTheFocus() {
        var picks = Picks(Self.options, mode: .ranking, value: "Transporte\nAgua")
        #expect(picks.value == "Transporte\nAgua")
        _ = picks.handle(.character("3"))   // let Transporte go: Agua moves up
        _ = picks.handle(.character("2"))
        _ = picks.handle(.character("3"))
        #expect(picks.value == "Agua\nSeguridad\nTransporte")
        var screen = Screen(width: 30, height: 5)
        picks.draw(into: &screen, row: 1, column: 2, width: 28, height: 3, focused: true)
        #expect(screen.line(1).contains("[1] 1. Agua") && screen.line(3).contains("[3] 3. Transporte"))
        #expect(screen.cursor == (3, 3))
    }
}
