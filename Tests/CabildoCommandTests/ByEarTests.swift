import CabildoTestSupport
import Foundation
import Testing

/// Cabildo heard through Fenrir, Debian's console screen reader, at 80×24 in
/// Spanish: what is spoken after each key, as a blind official hears it.
extension EndToEnd { @Suite(.enabled(if: Fenrir.missing == nil, "\(Fenrir.missing ?? "")")) struct ByEarTests {
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

    @Test func fenrirSpeaksWhatTheProgramWrites() throws {
        let cli = try CLI()
        let fenrir = try officials(cli)
        #expect(!fenrir.everything.isEmpty, "Fenrir said nothing at all")
        #expect(fenrir.everything.contains { $0.contains("Mecanismos") }, "\(Fenrir.transcript(fenrir.everything))")
    }
}}
