import CabildoText
import Foundation
import Testing
@testable import TerminalKit

@Suite struct ThemeTests {
    @Test(arguments: ["default", "light", "high-contrast", "monochrome"])
    func shippedThemesParseAndGiveEveryRoleMeaningWithoutColour(name: String) throws {
        let theme = try Theme.load(named: name)
        for role in ThemeRole.needsAttribute { #expect(!theme.style(role).attributes.isEmpty) }
        let plain = theme.withoutColour
        #expect(plain.styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        #expect(plain.style(.selected).attributes == theme.style(.selected).attributes)
    }

    /// The terminal looks each cell's style up by a role's ordinal: it must be the role's place.
    @Test func eachRolesOrdinalIsItsPlaceAmongTheRoles() {
        #expect(ThemeRole.allCases.map(\.ordinal) == Array(ThemeRole.allCases.indices))
    }

    @Test func aBadLineIsReportedAsFileAndLine() {
        let text = "# tema\ncolor normal default default\ncolor focus black cyan blink\n"
        do {
            _ = try Theme.parse(text, name: "x", file: "Themes/x.theme")
            Issue.record("parsed a bad theme")
        } catch {
            #expect(error.file == "Themes/x.theme" && error.line == 3)
            #expect(Localizer(catalogue: nil).render(error.message).hasPrefix("unknown attribute 'blink'"))
        }
    }

    @Test func aMeaningfulRoleWithOnlyColourIsRefused() {
        #expect(throws: Theme.ParseError.self) {
            try Theme.parse("color error red default\n", name: "x", file: "x")
        }
        #expect(throws: Theme.ParseError.self) { try Theme.parse("color glow red default bold\n", name: "x", file: "x") }
        #expect(throws: Theme.ParseError.self) { try Theme.parse("color normal purple default\n", name: "x", file: "x") }
        #expect(throws: Theme.ParseError.self) { try Theme.load(named: "no-such-theme") }
    }
}

@Suite struct KeymapTests {
    let table = [
        CommandSpec("quit", keys: [.character("q")], label: Message("Quit"), help: Message("Leave"), contexts: ["list"]),
        CommandSpec("help", keys: [.function(1), .character("?")], label: Message("Help"), help: Message("Help"),
                    contexts: [Keymap.global]),
        CommandSpec("open", keys: [.enter], label: Message("Open"), help: Message("Open"), contexts: ["list"]),
    ]

    @Test func keysResolvePerContextWithGlobalFallback() throws {
        let keymap = try Keymap(commands: table)
        #expect(keymap.command(for: .character("q"), in: "list") == "quit")
        #expect(keymap.command(for: .character("q"), in: "form") == nil)
        #expect(keymap.command(for: .function(1), in: "form") == "help")
        #expect(keymap.hints(in: "list") == ["q Quit", "F1 Help", "Enter Open"])   // each command's first declared key
        #expect(keymap.keys(for: "help", in: "list") == [.function(1), .character("?")])
    }

    @Test func twoCommandsOnOneKeyIsAnError() {
        let clash = table + [CommandSpec("save", keys: [.enter], label: Message("Save"), help: Message("Save"),
                                         contexts: ["list"])]
        #expect(throws: KeymapError.self) { try Keymap(commands: clash) }
        let globalClash = table + [CommandSpec("find", keys: [.character("q")], label: Message("Find"),
                                               help: Message("Find"), contexts: [Keymap.global])]
        #expect(throws: KeymapError.self) { try Keymap(commands: globalClash) }
    }

    @Test func usersRebindKeysInAFile() throws {
        let file = "# mis teclas\nbind list x quit\nunbind list q\n"
        let keymap = try Keymap(commands: table, bindingsFile: (file, "keys"))
        #expect(keymap.command(for: .character("x"), in: "list") == "quit")
        #expect(keymap.command(for: .character("q"), in: "list") == nil)
        #expect(keymap.hints(in: "list").first == "x Quit")
        do {
            _ = try Keymap(commands: table, bindingsFile: ("bind list C-s guardar\n", "/home/ana/.config/cabildo/keys"))
            Issue.record("accepted an unknown command")
        } catch {
            #expect(Localizer(catalogue: nil).render(error.message)
                == "/home/ana/.config/cabildo/keys:1: unknown command 'guardar'")
        }
    }

    /// A misspelt context would bind nothing, silently: it is a file:line error.
    @Test func aBindingsFileNamingAnUnknownContextIsAnError() throws {
        do {
            _ = try Keymap(commands: table, bindingsFile: ("# x\nbind lsit x quit\n", "keys"))
            Issue.record("accepted an unknown context")
        } catch {
            #expect(Localizer(catalogue: nil).render(error.message) == "keys:2: unknown context 'lsit'")
        }
        // The application's contexts, even one no command names yet, and the global one, are known.
        let keymap = try Keymap(commands: table, contexts: ["list", "report"],
                                bindingsFile: ("bind report x quit\nbind global C-q quit\n", "keys"))
        #expect(keymap.command(for: .character("x"), in: "report") == "quit")
        #expect(throws: KeymapError.self) {
            try Keymap(commands: table, contexts: ["list"], bindingsFile: ("unbind report q\n", "keys"))
        }
    }

    @Test func aFixedContextCannotBeRebound() throws {
        let signIn = table + [CommandSpec("save", keys: [.control("s")], label: Message("Save"), help: Message("Save"),
                                          contexts: ["signin"])]
        for line in ["unbind signin C-s", "bind signin C-x quit"] {
            do {
                _ = try Keymap(commands: signIn, fixedContexts: ["signin"], bindingsFile: ("# x\n" + line, "keys"))
                Issue.record("accepted '\(line)'")
            } catch {
                #expect(Localizer(catalogue: nil).render(error.message)
                    == "keys:2: the context 'signin' cannot be changed")
            }
        }
        // A global rebinding changes other contexts, never the fixed one.
        let keymap = try Keymap(commands: signIn, fixedContexts: ["signin"],
                                bindingsFile: ("unbind global F1\nbind global C-s quit\n", "keys"))
        #expect(keymap.command(for: .function(1), in: "list") == nil)
        #expect(keymap.command(for: .function(1), in: "signin") == "help")
        #expect(keymap.command(for: .control("s"), in: "list") == "quit")
        #expect(keymap.command(for: .control("s"), in: "signin") == "save")
        #expect(keymap.hints(in: "signin") == ["F1 Help", "C-s Save"])
    }

    @Test func keyNamesRoundTrip() {
        for key: Key in [.character("q"), .character("?"), .control("s"), .function(2), .enter, .escape, .pageDown,
                         .backTab, .character(" ")] {
            #expect(Key(name: key.description) == key)
        }
        #expect(Key(name: "C-") == nil && Key(name: "F99") == nil)
    }
}
