import ArgumentParser
import CabildoCore
import CabildoText
import Foundation

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cabildo-bench",
        abstract: "Load and measurements for Cabildo.",
        subcommands: [Run.self, Record.self, Scale.self, Publish.self])
}

/// Records submissions one after another, each in its own durable
/// transaction, printing each folio only once its commit has returned: what
/// a kiosk shows. The crash and crowd tests hold it to that.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record submissions as fast as they go; print each folio after its commit.")

    @Option(help: "The database file.") var database: String
    @Option(help: "How many submissions.") var count = 100
    @Option(help: "A tag written in each answer, to tell writers apart.") var tag = "w"

    func run() throws {
        let db = try AppDatabase.open(path: database)
        let actor = Actor.operator("bench")
        guard let consultation = try db.openConsultations().first else {
            throw ValidationError("The database has no open consultation.")
        }
        let questions = try db.questions(of: consultation.id!)
        let out = FileHandle.standardOutput
        for n in 0..<count {
            let submission = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .kiosk, place: "Banco de pruebas",
                jurisdictionId: consultation.jurisdictionId,
                answers: [questions[0].id!: "Participación \(tag) número \(n) — sin pérdidas"]), by: actor)
            out.write(Data((submission.folio + "\n").utf8))
        }
    }
}

/// What every run of the real program needs: the release `cabildo` beside
/// this benchmark, and an account for this run only (a monitor with a random
/// password), disabled when the run ends, so no known password is left behind.
enum BenchRun {
    /// A database with no submissions yet is first filled (as `cabildo demo-data --seed 7`).
    static func fillIfEmpty(_ db: AppDatabase, path: String, with fill: Int?) throws {
        guard let fill, try db.submissionTotal() == 0
        else { return }
        let started = ContinuousClock.now
        print("Filling \(path) with \(fill) synthetic submissions…")
        _ = try db.loadDemoData(submissions: fill, seed: 7, by: .operator("bench"))
        print("Filled in " + Run.format(Run.ms(since: started) / 1000) + " s.")
    }

    static func program(_ given: String?) throws -> String {
        let program = given ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("cabildo").path
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw ValidationError("\(program) is not built: run `swift build -c release` first, or give --program.")
        }
        return program
    }

    static func account(_ db: AppDatabase, prefix: String) throws -> (name: String, password: String) {
        let account = (name: "\(prefix)-\(Int(Date().timeIntervalSince1970))",
                       password: (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 36) }.joined())
        _ = try db.createAccount(username: account.name, displayName: "Banco de pruebas", role: .monitor,
                                 jurisdictionCode: nil, password: account.password, by: .operator("bench"))
        return account
    }

    static func retire(_ account: (name: String, password: String), _ db: AppDatabase) {
        _ = try? db.disableAccount(username: account.name, by: .operator("bench"))
    }
}
