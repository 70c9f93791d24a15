import CabildoTestSupport
import Foundation
import Testing

/// Cabildo heard through Fenrir, Debian's console screen reader, at 80×24 in
/// Spanish: what is spoken after each key, as a blind official hears it.
/// One Fenrir at a time: started side by side in the whole suite, one of
/// them now and then passed no key through and said nothing.
extension EndToEnd { @Suite(.serialized, .enabled(if: Fenrir.missing == nil, "\(Fenrir.missing ?? "")")) struct ByEarTests {
    /// The officials' app under Fenrir, signed in as Ana, on the mechanisms list.
    func officials(_ cli: CLI, _ extra: [String] = [], env: [String: String] = [:]) throws -> Fenrir {
        if try cli.run(["user", "list"]).out.contains("ana") == false {
            try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        }
        var environment = ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8", "HOME": cli.directory.path]
        environment.merge(env) { $1 }
        let fenrir = try Fenrir(extra, environment: environment)
        try fenrir.tmux.signIn("ana", "clave-de-ana-1")
        fenrir.waitFor("the list") { $0.contains("Cabildo Abierto") }
        return fenrir
    }

    /// The rows of the mechanisms list, as on screen (without the two-cell margin).
    func rows(_ fenrir: Fenrir) -> [String] {
        fenrir.tmux.screen.components(separatedBy: "\n").dropFirst(4).prefix(8)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The kiosk under Fenrir, on its welcome.
    func kiosk(_ world: KioskWorld) throws -> Fenrir {
        let fenrir = try Fenrir(["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1",
                                 "--password-file", world.passwordFile],
                                environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                              "HOME": world.cli.directory.path])
        fenrir.waitFor("the welcome") { $0.contains("Bienvenida · Welcome") }
        return fenrir
    }

    /// Fenrir's words folded for comparing: no case, no punctuation it reads or skips, single spaces,
    /// and without "has attribute", which Fenrir says of its own when its sounds are off (as here).
    static func words(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "has attribute", with: " ").unicodeScalars.map { CharacterSet.letters.contains($0) || CharacterSet.decimalDigits.contains($0) ? String($0) : " " }
            .joined().split(separator: " ").joined(separator: " ")
    }

    /// Each arrow key speaks the row it reached and no other row.
    func expectOneRowPerArrow(_ fenrir: Fenrir, keys: [String], rows: () -> [String],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        for key in keys {
            let spoken = try fenrir.spoken(afterPressing: key)
            let reached = Self.words(fenrir.tmux.lineUnderCursor)
            let heard = Self.words(spoken.joined(separator: " "))
            #expect(!reached.isEmpty && heard.contains(reached.prefix(30)),
                    "\(key) should speak '\(reached)'; heard \(Fenrir.transcript(spoken))", sourceLocation: sourceLocation)
            for other in rows().map(Self.words) where !other.isEmpty && other != reached && !reached.contains(other) {
                #expect(!heard.contains(other.prefix(30)), "\(key) also spoke '\(other)': \(Fenrir.transcript(spoken))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func eachArrowInTheMechanismsListSpeaksOnlyTheRowReached() throws {
        let cli = try CLI()
        // A socket an ended Fenrir left in /tmp (no process has an id past 2^22) goes with the next one.
        let ended = "/tmp/fenrirscreenreader-4194399.sock"
        _ = FileManager.default.createFile(atPath: ended, contents: nil)
        do {
            let fenrir = try officials(cli)
            try expectOneRowPerArrow(fenrir, keys: ["Down", "Down", "Down", "Up", "Up"]) { rows(fenrir) }
        }
        #expect(!FileManager.default.fileExists(atPath: ended))
    }

    @Test func eachArrowInTheHelpSpeaksOnlyTheEntryReached() throws {
        let cli = try CLI()
        let fenrir = try officials(cli)
        _ = try fenrir.spoken(afterTyping: "?")
        fenrir.waitFor("the help") { $0.contains("Ayuda") }
        let helpRows = {
            fenrir.tmux.screen.components(separatedBy: "\n").dropFirst(4).prefix(18)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │|")) }
        }
        try expectOneRowPerArrow(fenrir, keys: ["Down", "Down", "Up"], rows: helpRows)
    }

    @Test func eachArrowInTheKioskMenusSpeaksOnlyTheChoiceReached() throws {
        let world = try KioskWorld()
        let fenrir = try kiosk(world)
        let choices = { fenrir.tmux.screen.components(separatedBy: "\n").filter { $0.contains(". ") } }
        try expectOneRowPerArrow(fenrir, keys: ["Down", "Up"], rows: choices)
        _ = try fenrir.spoken(afterTyping: "1")
        fenrir.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try expectOneRowPerArrow(fenrir, keys: ["Down", "Down", "Up"], rows: choices)
    }

    /// A form saved with a required field empty: the summary names the field,
    /// the next key speaks where the focus went (not the key hints), and the
    /// field's error is heard with it when the focus comes back to it.
    @Test func aFormsErrorIsHeardWithItsField() throws {
        let cli = try CLI()
        let fenrir = try officials(cli)
        _ = try fenrir.spoken(afterTyping: "n")
        fenrir.waitFor("the form") { $0.contains("*Nombre:") }
        let summary = Self.words(try fenrir.spoken(afterPressing: "C-s").joined(separator: " "))
        #expect(summary.contains("el primero es nombre"), "\(summary)")
        let next = try fenrir.spoken(afterPressing: "Tab")
        let heard = Self.words(next.joined(separator: " "))
        #expect(heard.contains(Self.words(fenrir.tmux.lineUnderCursor).prefix(20)) && !heard.contains("ayuda"),
                "after the message, Tab should speak the field reached: \(Fenrir.transcript(next))")
        let back = Self.words(try fenrir.spoken(afterPressing: "BTab").joined(separator: " "))
        #expect(back.contains("nombre") && back.contains("error nombre dato obligatorio"), "\(back)")
    }

    /// Ten letters typed as an answer: Fenrir never says the character counter.
    @Test func typingAnAnswerAtTheKioskSpeaksNoCounter() throws {
        let world = try KioskWorld()
        let fenrir = try kiosk(world)
        for (key, screen) in [("1", "1. Participar en una consulta"), ("1", "1. Movilidad en Tlalnepantla"),
                              ("1", "Aviso de privacidad"), ("2", "Pregunta 1 de 2")] {
            _ = try fenrir.spoken(afterTyping: key)
            fenrir.waitFor(screen) { $0.contains(screen) }
        }
        for letter in "transporte" {
            let spoken = try fenrir.spoken(afterTyping: String(letter))
            #expect(!Self.words(spoken.joined(separator: " ")).contains("caracteres"), "\(Fenrir.transcript(spoken))")
        }
        #expect(fenrir.tmux.screen.contains("transporte"))
        // Up to the limit of 40, then the review: the answer, longer than its row was, is heard whole.
        _ = try fenrir.spoken(afterTyping: " nocturno y seguro en Tlalnepantla")
        _ = try fenrir.spoken(afterPressing: "Enter")
        fenrir.waitFor("question 2") { $0.contains("Pregunta 2 de 2") }
        let review = Self.words(try fenrir.spoken(afterTyping: "2").joined(separator: " "))
        #expect(review.contains("qué cambiaría del transporte público transporte nocturno y seguro en tlalnepa 2"), "\(review)")
    }

    /// A row cut with "…" and a help entry longer than the screen are heard whole with Ctrl-O; a key closes them.
    @Test func cutTextIsHeardWholeFromTheKeyboard() throws {
        let cli = try CLI()
        let fenrir = try officials(cli)
        let row = try fenrir.spoken(afterPressing: "Down")
        #expect(row.joined().contains("…"), "the row is cut on screen: \(Fenrir.transcript(row))")
        let whole = Self.words(try fenrir.spoken(afterPressing: "C-o").joined(separator: " "))
        #expect(whole.contains("comisión de planeación para el desarrollo municipal coplademun tlalnepantla de baz activo"),
                "\(whole)")
        fenrir.waitFor("the list again") { _ in true }
        _ = try fenrir.spoken(afterPressing: "Home")
        fenrir.tmux.waitFor("the reader closed") { !$0.contains("Texto completo") }
        _ = try fenrir.spoken(afterTyping: "?")
        fenrir.waitFor("the help") { $0.contains("Ayuda") }
        // The help entry of Ctrl-O itself is longer than the screen.
        _ = try fenrir.spoken(afterPressing: "End")
        for _ in 0..<20 where !fenrir.tmux.lineUnderCursor.contains("…") { _ = try fenrir.spoken(afterPressing: "Up") }
        let cut = Self.words(fenrir.tmux.lineUnderCursor)
        let help = Self.words(try fenrir.spoken(afterPressing: "C-o").joined(separator: " "))
        #expect(help.contains("texto completo") && help.contains(cut.suffix(30)) && help.count > cut.count + 10,
                "\(cut) was heard as \(help)")
    }

    @Test func fenrirSpeaksWhatTheProgramWrites() throws {
        let cli = try CLI()
        let fenrir = try officials(cli)
        #expect(!fenrir.everything.isEmpty, "Fenrir said nothing at all")
        #expect(fenrir.everything.contains { $0.contains("Mecanismos") }, "\(Fenrir.transcript(fenrir.everything))")
    }
}}
