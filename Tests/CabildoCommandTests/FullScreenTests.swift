import CabildoTestSupport
import Foundation
import Testing

extension EndToEnd { @Suite struct FullScreenTests {
    func start(_ cli: CLI, _ extra: [String] = [], env: [String: String] = [:], width: Int = 80, height: Int = 24)
        throws -> Tmux {
        var environment = ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8", "HOME": cli.directory.path,
                           "TERM": "screen"]
        environment.merge(env) { $1 }
        if try cli.run(["user", "list"]).out.contains("ana") == false {
            try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        }
        let tmux = try Tmux(extra, environment: environment, width: width, height: height)
        try tmux.signIn("ana", "clave-de-ana-1")
        tmux.waitForCursor(x: 0, y: 4)
        return tmux
    }

    @Test func theCursorSitsOnTheSelectedRowThroughTheList() throws {
        let cli = try CLI()
        let tmux = try start(cli)
        #expect(tmux.screen.contains("[1 Mecanismos]"))
        #expect(tmux.screen.contains("Enter Abrir"))
        tmux.waitForCursor(x: 0, y: 4)
        tmux.waitForCursorLine("hasPrefix > Cabildo Abierto") { $0.hasPrefix("> Cabildo Abierto") }
        for step in 1...4 {
            try tmux.press("Down")
            tmux.waitForCursor(x: 0, y: 4 + step)
            tmux.waitForCursorLine("hasPrefix > ") { $0.hasPrefix("> ") }
        }
        tmux.waitForCursorLine("hasPrefix > Consejos de Participación C") { $0.hasPrefix("> Consejos de Participación Ciudadana") }
        try tmux.press("End")
        tmux.waitFor("the last row selected") { $0.contains("> Tequio") }
        tmux.waitForCursorLine("hasPrefix > Tequio") { $0.hasPrefix("> Tequio") }
        try tmux.press("Enter")
        tmux.waitFor("the detail") { $0.contains("Objetivo: Colaborar") }
        #expect(tmux.screen.components(separatedBy: "\n")[1].hasPrefix("Tequio"))
        try tmux.press("Escape")
        tmux.waitFor("the list again") { $0.contains("> Tequio") }
    }

    @Test func theSearchFieldKeepsTheCursorAtTheInsertionPoint() throws {
        let cli = try CLI()
        let tmux = try start(cli)
        try tmux.type("/")
        tmux.waitForCursor(x: 8, y: 3)              // after "Buscar: "
        tmux.waitForCursorLine("hasPrefix Buscar:") { $0.hasPrefix("Buscar:") }
        try tmux.type("Participación")
        tmux.waitForCursor(x: 8 + 13, y: 3)
        tmux.waitFor("results") { $0.contains("> Consejos de Participación Ciudadana") }
        try tmux.press("Left", "Left", "Left")
        tmux.waitForCursor(x: 8 + 10, y: 3)
        try tmux.press("BSpace")
        tmux.waitFor("the edit") { $0.contains("Buscar: Participaión") }
        tmux.waitForCursor(x: 8 + 9, y: 3)
        try tmux.press("C-u")
        try tmux.type("ñandú")
        tmux.waitFor("the typed text") { $0.contains("Buscar: ñandúión") }
        tmux.waitForCursor(x: 8 + 5, y: 3)
        try tmux.press("Escape")
        tmux.waitFor("the full list") { $0.contains("> Cabildo Abierto") }
    }

    @Test func plantedEscapesAreDrawnHarmlessly() throws {
        let cli = try CLI()
        try cli.run([])     // creates the database (check only reads an existing one)
        _ = try cli.sqlite("""
            UPDATE mechanism SET name = 'Tequio' || char(27) || ']0;x' || char(7) || ' ' || char(27) || '[2J'
                || ' ' || char(8238) || 'abc' || char(8203) || 'def' WHERE name = 'Tequio'
            """)
        let tmux = try start(cli)
        let titleBefore = tmux.title
        try tmux.press("End")
        tmux.waitFor("the planted row") { $0.contains("> Tequio␛]0;x␇ ␛[2J <U+202E>abc<U+200B>def") }
        try tmux.press("Enter")
        tmux.waitFor("the detail") { $0.contains("\nTequio␛]0;x␇ ␛[2J <U+202E>abc<U+200B>def") }
        #expect(tmux.title == titleBefore)
        #expect(tmux.title != "x")
        #expect(tmux.screen.contains("[1 Mecanismos]"))     // nothing cleared the screen
    }

    @Test func monochromeAndNoColorReadTheSame() throws {
        let cli = try CLI()
        let colour = try start(cli)
        let plain = try start(cli, ["--theme", "monochrome"], env: ["NO_COLOR": "1"])
        let noColour = try start(cli, env: ["NO_COLOR": "1"])
        #expect(colour.screen == plain.screen && colour.screen == noColour.screen)
        // The same text; the colours gone, the attributes kept (the selected
        // row's marker in reverse and bold).
        let colourCodes = try Regex(#"\e\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|38;|48;)[0-9;]*m"#)
        #expect(colour.styledScreen.contains(colourCodes))
        for screen in [plain.styledScreen, noColour.styledScreen] {
            #expect(!screen.contains(colourCodes))
            #expect(screen.contains(try Regex(#"\e\[(?:[0-9]+;)*7(?:;[0-9]+)*m"#)))   // reverse
            #expect(screen.contains(try Regex(#"\e\[(?:[0-9]+;)*1(?:;[0-9]+)*m"#)))   // bold
        }
        #expect(plain.screen.contains("> Cabildo Abierto"))
        plain.waitForCursor(x: 0, y: 4)
        let ascii = try start(cli, ["--ascii", "--theme", "high-contrast"])
        try ascii.press("?")
        ascii.waitFor("the help") { $0.contains("+-") && $0.contains("Ayuda") }
        #expect(!ascii.screen.contains("─"))
    }

    @Test func theHelpComesFromTheCommandTable() throws {
        let cli = try CLI()
        let tmux = try start(cli, env: ["LANG": "en_US.UTF-8"])
        try tmux.press("F1")
        tmux.waitFor("the help") { $0.contains("Help") && $0.contains("Search by words") }
        #expect(tmux.screen.contains("Enter"))
        #expect(tmux.screen.contains("q             Quit — Leave Cabildo"))
        tmux.waitForCursor(x: 1, y: 4)
        try tmux.press("Escape")
        tmux.waitFor("the list") { $0.contains("> Cabildo Abierto") }
    }

    @Test func resizingBelowTheMinimumAndBackLosesNothing() throws {
        let cli = try CLI()
        let tmux = try start(cli)
        try tmux.type("/")
        try tmux.type("paz")
        tmux.waitFor("results") { $0.contains("> Consejos de Paz") }
        try tmux.resize(width: 60, height: 15)
        tmux.waitFor("the size message") { $0.contains("80×24") }
        try tmux.resize(width: 20, height: 5)
        tmux.waitFor("a smaller window") { $0.contains("20×5") }
        try tmux.resize(width: 100, height: 30)
        tmux.waitFor("the search again") { $0.contains("Buscar: paz") && $0.contains("> Consejos de Paz") }
        tmux.waitForCursor(x: 11, y: 3)
    }
}
}
