import ArgumentParser
import CabildoCore
import CabildoPublish
import Foundation

/// Times `cabildo publish` on a database of N submissions: a first publish
/// into an empty folder, then a re-publish of the same records (which
/// rewrites nothing), with what each wrote.
struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time a publish of the website and open data, and a re-publish of the same records.")

    @Option(help: "The database file.") var database: String
    @Option(help: "If the database has no submissions yet, first fill it with this many (as `cabildo demo-data --seed 7`).")
    var fill: Int?
    @Option(help: "The folder to publish into (default: a new temporary folder, removed afterwards).") var output: String?

    func run() throws {
        let db = try AppDatabase.open(path: database)
        try BenchRun.fillIfEmpty(db, path: database, with: fill)
        let (total, published) = (try db.submissionTotal(), try db.publishedSubmissionTotal())
        let folder = output ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("cabildo-bench-publish-\(UUID().uuidString)").path
        defer { if output == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let site = try Site(database: db, jurisdiction: nil, baseURL: nil, localizers: try Site.languages())
        print("Publishing \(total) submissions (\(published) published) into \(folder)")
        for label in ["publish", "re-publish"] {
            let started = ContinuousClock.now
            let report = try site.publish(to: folder)
            let seconds = Run.ms(since: started) / 1000
            print("\(label): \(Run.format(seconds)) s; \(report.pages) pages, \(report.files) files, "
                  + "\(Run.format(Double(report.bytes) / 1_048_576)) MiB; \(report.changed) files written; "
                  + "resident \(Run.format(Run.residentMegabytes())) MiB")
        }
    }
}
