import CabildoTestSupport
import CabildoText
import CabildoCore
import Foundation
import GRDB
import Testing

/// Crashes and crowds. Quick in CI; CABILDO_LONG_TESTS=1 runs the long variants.
extension EndToEnd {
@Suite struct RobustnessTests {
    static let long = ProcessInfo.processInfo.environment["CABILDO_LONG_TESTS"] == "1"

    static var bench: URL { CLI.binary.deletingLastPathComponent().appendingPathComponent("cabildo-bench") }

    /// A database with one open consultation.
    func prepare() throws -> CLI {
        let cli = try CLI()
        let db = try AppDatabase.open(path: cli.database)
        let today = Date().formatted(Date.ISO8601FormatStyle().year().month().day())
        _ = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try db.jurisdiction(inegiCode: "15104")!.id!, title: "Prueba de carga", theme: .other,
            opensOn: today, closesOn: "2099-12-31", questions: [QuestionDraft(prompt: "¿Qué propone?")]),
            by: .operator("tests"))
        return cli
    }

    func folios(in cli: CLI) throws -> Set<String> {
        try Set(DatabaseQueue(path: cli.database).read { try String.fetchAll($0, sql: "SELECT folio FROM submission") })
    }

    @Test func eightWritersAtOnceLoseNothingAndSeeNoBusyError() throws {
        let cli = try prepare()
        let writers = 8, each = Self.long ? 500 : 40
        var processes: [(Process, Pipe, Pipe)] = []
        for w in 0..<writers {
            let process = Process()
            process.executableURL = Self.bench
            process.arguments = ["record", "--database", cli.database, "--count", String(each), "--tag", "w\(w)"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            processes.append((process, out, err))
        }
        var reported: [String] = []
        for (process, out, err) in processes {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(errors.isEmpty, "a writer reported: \(errors)")
            reported += text.split(separator: "\n").map(String.init)
        }
        #expect(reported.count == writers * each)
        let stored = try folios(in: cli)
        #expect(stored.count == writers * each)
        #expect(Set(reported) == stored)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func aResizeStormWhileTypingLosesNoKeyAndNeverCrashes() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: "clave-de-ana-1\n")
        let tmux = try Tmux([], environment: ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8",
                                             "HOME": cli.directory.path, "TERM": "screen"])
        try tmux.signIn("ana", "clave-de-ana-1")
        try tmux.type("/")
        var generator = SeededRandom(seed: 11)
        let typed = "participación ciudadana"
        for character in typed {
            try tmux.type(String(character))
            try tmux.resize(width: Int.random(in: 1...120, using: &generator), height: Int.random(in: 1...40, using: &generator))
        }
        try tmux.resize(width: 80, height: 24)
        tmux.waitFor("every key, in order") { $0.contains("Buscar: " + typed) }
        tmux.waitForCursor(x: 8 + typed.count, y: 3)
        #expect(tmux.exitStatus == nil)
    }

    @Test func killedAtRandomMomentsEveryReportedFolioIsThere() throws {
        let cli = try prepare()
        var generator = SeededRandom(seed: 6)
        var reported: Set<String> = []
        let rounds = Self.long ? 200 : 12
        for round in 0..<rounds {
            let process = Process()
            process.executableURL = Self.bench
            process.arguments = ["record", "--database", cli.database, "--count", "1000000", "--tag", "k\(round)"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double(UInt64.random(in: 40...400, using: &generator)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // Only whole lines were reported; a folio cut mid-write was never shown.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            reported.formUnion(lines.dropLast().map(String.init))
            let stored = try folios(in: cli)
            let missing = reported.subtracting(stored)
            #expect(missing.isEmpty, "round \(round): reported but missing \(missing)")
            let integrity = try DatabaseQueue(path: cli.database).read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            #expect(integrity == ["ok"], "round \(round)")
        }
        #expect(!reported.isEmpty)
        #expect(try cli.run(["check"]).status == 0)
    }
}
}

