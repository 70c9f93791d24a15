import ArgumentParser
import CabildoCore
import Foundation
import TerminalKit

/// The benchmark: each figure beside a reference measured in the same run.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Cabildo on a database (fill one first with `cabildo demo-data`).")

    @Option(help: "The database file.") var database: String
    @Option(help: "Repetitions for each timed figure.") var repetitions: Int = 200

    func run() throws {
        let rssStart = Self.residentMegabytes()
        var clock = ContinuousClock.now
        let db = try AppDatabase.open(path: database)
        let openMs = Self.ms(since: clock)
        let total = try db.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM submission") ?? 0 }
        let consultation = try db.reader.read {
            try Int64.fetchOne($0, sql: "SELECT consultationId FROM submission GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        }
        guard let consultation else { throw ValidationError("No submissions: run `cabildo demo-data` first.") }

        var rows: [[String]] = []
        func add(_ figure: String, _ value: String, _ reference: String, _ goal: String) {
            rows.append([figure, value, reference, goal])
        }

        // The first page of the busiest consultation's submissions, queried and drawn.
        clock = ContinuousClock.now
        let page = try db.submissions(of: consultation, limit: 500)
        var list = ListView()
        var screen = Screen(width: 80, height: 24)
        let source = ArraySource(page.map { "\($0.folio) \($0.receivedAt) \($0.place) \($0.firstAnswer)" })
        list.draw(source, into: &screen, in: Rect(row: 2, column: 0, width: 80, height: 20), focused: true)
        let firstFrame = Self.ms(since: clock) + openMs
        add("open + first page of submissions drawn", Self.format(firstFrame) + " ms",
            Self.format(openMs) + " ms (open alone)", "≤ 300 ms")

        // Keys: scrolling the list.
        var keyTimes: [Double] = []
        for i in 0..<max(repetitions, page.count) {
            let start = ContinuousClock.now
            _ = list.handle(i < page.count ? .down : .up, count: page.count)
            list.draw(source, into: &screen, in: Rect(row: 2, column: 0, width: 80, height: 20), focused: true)
            keyTimes.append(Self.ms(since: start))
        }
        add("key: scroll the submissions list p50/p99",
            Self.format(Self.percentile(keyTimes, 50)) + " / " + Self.format(Self.percentile(keyTimes, 99)) + " ms", "—",
            "p99 ≤ 5 ms")

        // Typing into a field.
        var field = TextField(maxLength: 2_000)
        var typeTimes: [Double] = []
        for c in String(repeating: "Participación ciudadana ", count: 20) {
            let start = ContinuousClock.now
            _ = field.handle(.character(c))
            field.draw(into: &screen, row: 1, column: 8, width: 70, focused: true)
            typeTimes.append(Self.ms(since: start))
        }
        add("key: type into a field p50/p99",
            Self.format(Self.percentile(typeTimes, 50)) + " / " + Self.format(Self.percentile(typeTimes, 99)) + " ms", "—",
            "p99 ≤ 5 ms")

        // Search, beside the sqlite3 tool on the same file and index.
        for order in SearchOrder.allCases {
            for (label, query, match) in [("one term", "agua", "agua*"), ("two terms", "agua potable", "agua* potable*"),
                                          ("a prefix", "ilumin", "ilumin*")] {
                var times: [Double] = []
                for _ in 0..<repetitions {
                    let start = ContinuousClock.now
                    _ = try db.search(query, in: .submissions, order: order, limit: 20)
                    times.append(Self.ms(since: start))
                }
                let ordering = order == .relevance ? "rank" : "rowid DESC"
                let reference = try Self.sqlite3(database, """
                    SELECT rowid FROM submissionSearch WHERE submissionSearch MATCH '\(match)' ORDER BY \(ordering) LIMIT 20;
                    """)
                add("search (\(order.rawValue)): \(label) p50/p95",
                    Self.format(Self.percentile(times, 50)) + " / " + Self.format(Self.percentile(times, 95)) + " ms",
                    "sqlite3 " + Self.format(reference) + " ms",
                    order == .relevance ? "p95 ≤ 100 ms (ranked)" : "p95 ≤ 10 ms")
            }
        }

        // Folio look-up.
        let folios = try db.reader.read { try String.fetchAll($0, sql: "SELECT folio FROM submission ORDER BY random() LIMIT 200") }
        var folioTimes: [Double] = []
        for folio in folios {
            let start = ContinuousClock.now
            _ = try db.folioStatus(Folio.display(folio).lowercased())
            folioTimes.append(Self.ms(since: start))
        }
        let folioReference = try Self.sqlite3(database, "SELECT moderation FROM submission WHERE folio = '\(folios[0])';")
        add("folio look-up p50", Self.format(Self.percentile(folioTimes, 50)) + " ms",
            "sqlite3 " + Self.format(folioReference) + " ms", "—")

        // Export.
        clock = ContinuousClock.now
        var bytes = 0
        let exported = try db.export(.submissions, format: .csv, by: .operator("bench")) { bytes += $0.utf8.count }
        let exportSeconds = Self.ms(since: clock) / 1000
        let exportReference = try Self.sqlite3(database, "SELECT folio, receivedAt, place FROM submission;", csv: true)
        add("export submissions CSV", "\(Int(Double(exported) / exportSeconds)) records/s (\(bytes / 1_048_576) MiB)",
            "sqlite3 -csv of 3 columns: " + Self.format(exportReference) + " ms", "—")

        add("resident memory at start / now", Self.format(rssStart) + " / " + Self.format(Self.residentMegabytes()) + " MB",
            "—", "≤ 50 MB, flat")

        print("Cabildo benchmark — \(total) submissions in \(database)")
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        let header = ["figure", "Cabildo", "reference", "goal"]
        for row in [header] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | "))
        }
    }

    static func ms(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((p / 100) * Double(sorted.count)))]
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.0f", value) }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// The sqlite3 tool running the same query on the same file, timed by its
    /// own `.timer on` (the query alone, not the process start): median of five.
    static func sqlite3(_ path: String, _ sql: String, csv: Bool = false) throws -> Double {
        var times: [Double] = []
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            // The timer reports statements read from standard input.
            process.arguments = (csv ? ["-csv"] : []) + ["-cmd", ".timer on", "-cmd", ".output /dev/null", path]
            let out = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardError = out
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data((sql + "\n").utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // "Run Time: real 0.012 user 0.010000 sys 0.000000"
            if let range = text.range(of: "real "),
               let seconds = Double(text[range.upperBound...].prefix { $0 == "." || $0.isNumber }) {
                times.append(seconds * 1000)
            }
        }
        return percentile(times, 50)
    }
}
