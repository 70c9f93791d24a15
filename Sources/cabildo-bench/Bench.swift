import ArgumentParser
import CabildoCore
import CabildoText
import Foundation

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cabildo-bench",
        abstract: "Load and measurements for Cabildo.",
        subcommands: [Run.self, Record.self, Scale.self])
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
