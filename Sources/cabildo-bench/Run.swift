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
    @Option(help: "If the database has no submissions yet, first fill it with this many (as `cabildo demo-data --seed 7`).")
    var fill: Int?
    @Option(help: "The cabildo program driven through a pseudo-terminal (default: the one beside this benchmark).")
    var program: String?

    func run() throws {
        let rssStart = Self.residentMegabytes()
        var clock = ContinuousClock.now
        let db = try AppDatabase.open(path: database)
        let openMs = Self.ms(since: clock)
        try BenchRun.fillIfEmpty(db, path: database, with: fill)
        let total = try db.submissionTotal()
        let consultation = try db.busiestConsultationId()
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
        // The reference: a whole 80×24 frame of the list drawn from nothing.
        var frameTimes: [Double] = []
        for _ in 0..<50 {
            let start = ContinuousClock.now
            var fresh = Screen(width: 80, height: 24)
            var unscrolled = ListView()
            unscrolled.draw(source, into: &fresh, in: Rect(row: 2, column: 0, width: 80, height: 20), focused: true)
            frameTimes.append(Self.ms(since: start))
        }
        let wholeFrame = "a whole frame drawn: " + Self.format(Self.percentile(frameTimes, 50)) + " ms"
        add("key: scroll the submissions list p50/p99",
            Self.format(Self.percentile(keyTimes, 50)) + " / " + Self.format(Self.percentile(keyTimes, 99)) + " ms",
            wholeFrame, "p99 ≤ 5 ms")

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
            Self.format(Self.percentile(typeTimes, 50)) + " / " + Self.format(Self.percentile(typeTimes, 99)) + " ms",
            wholeFrame, "p99 ≤ 5 ms")

        // Search: a word in every row ("Módulo …" is every place), a word
        // in about one row in seven, and a prefix, each beside the sqlite3 tool
        // running the same FTS5 query on the same file and index.
        let matching = { (match: String) in try db.submissionSearchCount(match: match) }
        let share = { (match: String) in "\(Int((100 * Double(try matching(match)) / Double(max(total, 1))).rounded())) %" }
        let cases = [("a word in every row (\(try share("\"modulo\"")))", "modulo", "\"modulo\""),
                     ("a word in \(try share("\"agua\"")) of rows", "agua", "\"agua\""),
                     ("a prefix, ilumin* (\(try share("\"ilumin\"*")))", "ilumin*", "\"ilumin\"*")]
        let bound = SearchLimits.rankedMatches
        for order in SearchOrder.allCases {
            for (label, query, match) in cases {
                var times: [Double] = []
                for _ in 0..<repetitions {
                    let start = ContinuousClock.now
                    _ = try db.search(query, in: .submissions, order: order, limit: 20)
                    times.append(Self.ms(since: start))
                }
                let reference: String
                if order == .newest {
                    reference = "sqlite3 " + Self.format(try Self.sqlite3(database, """
                        SELECT rowid, snippet(submissionSearch, -1, '[', ']', '…', 12) FROM submissionSearch
                        WHERE submissionSearch MATCH '\(match)' ORDER BY rowid DESC LIMIT 20;
                        """)) + " ms"
                } else {
                    // sqlite3 has FTS5's own bm25 (rank), whose word weights walk every match.
                    let newest = try Self.sqlite3(database, """
                        SELECT id FROM (SELECT rowid AS id, rank AS score FROM submissionSearch
                        WHERE submissionSearch MATCH '\(match)' ORDER BY rowid DESC LIMIT \(bound)) ORDER BY score LIMIT 20;
                        """)
                    let all = try Self.sqlite3(database, """
                        SELECT rowid FROM submissionSearch WHERE submissionSearch MATCH '\(match)' ORDER BY rank LIMIT 20;
                        """)
                    reference = "sqlite3 bm25: newest \(bound) " + Self.format(newest) + " ms, all " + Self.format(all) + " ms"
                }
                add("search (\(order.rawValue)): \(label) p50/p95",
                    Self.format(Self.percentile(times, 50)) + " / " + Self.format(Self.percentile(times, 95)) + " ms",
                    reference, order == .relevance ? "p95 ≤ 100 ms (ranked)" : "p95 ≤ 10 ms")
            }
        }

        // Folio look-up.
        let folios = try db.randomFolios(200)
        var folioTimes: [Double] = []
        for folio in folios {
            let start = ContinuousClock.now
            _ = try db.folioStatus(Folio.display(folio).lowercased())
            folioTimes.append(Self.ms(since: start))
        }
        let folioReference = try Self.sqlite3(database, "SELECT moderation FROM submission WHERE folio = '\(folios[0])';")
        add("folio look-up p50", Self.format(Self.percentile(folioTimes, 50)) + " ms",
            "sqlite3 " + Self.format(folioReference) + " ms", "—")

        // Export, beside sqlite3 -csv writing the same columns of the same
        // rows: sqlite3 first, and each the median of its runs, so neither
        // reads a cold file the other warmed.
        let exportReference = try Self.sqlite3(database, """
            SELECT s.folio, c.title, s.channel, s.place, j.inegiCode, s.receivedAt, s.moderation, s.rejectionReason,
                   s.commitmentId, (SELECT group_concat(q.prompt || ': ' || a.text, char(10)) FROM answer a
                                    JOIN consultationQuestion q ON q.id = a.questionId WHERE a.submissionId = s.id),
                   r.body, r.respondedAt
            FROM submission s JOIN consultation c ON c.id = s.consultationId JOIN jurisdiction j ON j.id = s.jurisdictionId
            LEFT JOIN response r ON r.submissionId = s.id WHERE s.moderation = 'published' ORDER BY s.id;
            """, csv: true)
        var exportTimes: [Double] = []
        var bytes = 0, exported = 0
        for _ in 0..<3 {
            clock = ContinuousClock.now
            bytes = 0
            exported = try db.export(.submissions, format: .csv, by: .operator("bench")) { bytes += $0.utf8.count }
            exportTimes.append(Self.ms(since: clock))
        }
        let exportMs = Self.percentile(exportTimes, 50)
        add("export submissions CSV (open data)",
            "\(Int(Double(exported) / (exportMs / 1000))) records/s (\(exported) in " + Self.format(exportMs) + " ms, "
                + "\(bytes / 1_048_576) MiB), " + Self.format(exportMs / max(exportReference, 0.001)) + "× sqlite3",
            "sqlite3 -csv, the same 12 columns: " + Self.format(exportReference) + " ms", "≤ 1.5× sqlite3")

        try measureThroughPseudoTerminal(db, consultation: consultation, add: add,
                                         inProcess: (scroll: Self.percentile(keyTimes, 99),
                                                     typing: Self.percentile(typeTimes, 99)))

        add("resident memory of this benchmark at start / now", Self.format(rssStart) + " / " + Self.format(Self.residentMegabytes()) + " MB",
            "the benchmark itself, for comparison", "—")

        print("Cabildo benchmark — \(total) submissions in \(database)")
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        let header = ["figure", "Cabildo", "reference", "goal"]
        for row in [header] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | "))
        }
    }


    /// The real program on a pseudo-terminal at 80×24: its first frame, the
    /// million-row list opening, the bytes each key makes it write, and its
    /// memory before and after scrolling from the first row to the last.
    func measureThroughPseudoTerminal(_ db: AppDatabase, consultation: Int64,
                                      add: (String, String, String, String) -> Void,
                                      inProcess: (scroll: Double, typing: Double)) throws {
        let program = try BenchRun.program(program)
        let account = try BenchRun.account(db, prefix: "bench")
        defer { BenchRun.retire(account, db) }
        let count = try db.submissionCount(of: consultation)
        let started = ContinuousClock.now
        let terminal = try PseudoTerminal(program: program, arguments: ["--database", database, "--lang", "es"])
        let signIn = terminal.readFrame(quiet: 150)
        guard signIn.bytes > 0 else { throw ValidationError("\(program) drew nothing on the pseudo-terminal.") }
        add("real program: start → first frame (sign-in)", Self.format(Self.ms(signIn.lastByte - started)) + " ms",
            "\(signIn.bytes) bytes drawn", "≤ 300 ms")

        func keys(_ key: String, times: Int, between: String = "") -> (bytes: [Double], latency: [Double]) {
            var bytes: [Double] = [], latency: [Double] = []
            for _ in 0..<times {
                let sent = ContinuousClock.now
                terminal.send(key)
                let frame = terminal.readFrame(quiet: 25, limit: 2_000)
                bytes.append(Double(frame.bytes))
                latency.append(frame.bytes > 0 ? Self.ms(frame.lastByte - sent) : 0)
                if !between.isEmpty { terminal.send(between); terminal.readFrame(quiet: 25, limit: 2_000) }
            }
            return (bytes, latency)
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(max(1, values.count)) }
        func figures(_ values: [Double], _ unit: String) -> String {
            Self.format(Self.percentile(values, 50)) + " / " + Self.format(Self.percentile(values, 99)) + " " + unit
        }

        // Typing into the sign-in form's first field, then clearing it (C-u).
        var typing: (bytes: [Double], latency: [Double]) = ([], [])
        for letter in "participación ciudadana".prefix(20) {
            let one = keys(String(letter), times: 1)
            typing.bytes += one.bytes
            typing.latency += one.latency
        }
        terminal.send("\u{15}")
        terminal.readFrame()
        add("real program: bytes written per letter typed (mean)", Self.format(mean(typing.bytes)) + " B",
            "first frame (sign-in): \(signIn.bytes) B", "—")
        add("real program: letter typed, key to last byte p50/p99", figures(typing.latency, "ms"),
            "in-process p99: " + Self.format(inProcess.typing) + " ms", "p99 ≤ 5 ms")

        terminal.send(account.name + "\t" + account.password + "\u{13}")   // Ctrl-S signs in
        terminal.readFrame(quiet: 300)
        terminal.send("3")
        terminal.readFrame()
        let row = try db.consultations().firstIndex { $0.id == consultation } ?? 0
        terminal.send(PseudoTerminal.Keys.home + String(repeating: PseudoTerminal.Keys.down, count: row))
        terminal.readFrame()
        let opening = ContinuousClock.now
        terminal.send("\r")
        let list = terminal.readFrame(quiet: 150)
        let countQuery = try Self.sqlite3(database, "SELECT count(*) FROM submission WHERE consultationId = \(consultation);")
        add("real program: open the list of \(count) submissions", Self.format(Self.ms(list.lastByte - opening)) + " ms",
            "sqlite3 count(*) " + Self.format(countQuery) + " ms", "≤ 300 ms")
        let atRest = terminal.residentMegabytes

        // Down moving the selection within the page (then Up, not counted),
        // and Down past the last visible row, where the list scrolls a row.
        let down = keys(PseudoTerminal.Keys.down, times: repetitions, between: PseudoTerminal.Keys.up)
        add("real program: bytes per Down within the page p50/p99", figures(down.bytes, "B"),
            "first frame of the list: \(list.bytes) B", "≤ 64 B")
        add("real program: Down within the page, key to last byte p50/p99", figures(down.latency, "ms"),
            "in-process p99: " + Self.format(inProcess.scroll) + " ms", "p99 ≤ 5 ms")
        terminal.send(PseudoTerminal.Keys.pageDown)
        terminal.readFrame()
        let scrolling = keys(PseudoTerminal.Keys.down, times: repetitions)
        add("real program: bytes per Down that scrolls a row p50/p99", figures(scrolling.bytes, "B"),
            "a line of the first frame: \(list.bytes / 24) B", "≤ 64 B")
        add("real program: Down that scrolls, key to last byte p50/p99", figures(scrolling.latency, "ms"),
            "in-process p99: " + Self.format(inProcess.scroll) + " ms", "p99 ≤ 5 ms")
        let pageDown = keys(PseudoTerminal.Keys.pageDown, times: min(repetitions, 50))
        add("real program: bytes per PgDn (mean)", Self.format(mean(pageDown.bytes)) + " B",
            "first frame of the list: \(list.bytes) B", "—")

        // The whole list, first row to last, ten PgDn at a time, until a
        // PgDn changes nothing on the screen: the last row is reached.
        terminal.send(PseudoTerminal.Keys.home)
        terminal.readFrame()
        var peak = terminal.residentMegabytes
        let scrollStart = ContinuousClock.now
        for round in 0..<(count / 10 + 10) {
            terminal.send(String(repeating: PseudoTerminal.Keys.pageDown, count: 10))
            if terminal.readFrame(quiet: 3, limit: 1_000).bytes == 0 { break }
            if round % 200 == 0 { peak = max(peak, terminal.residentMegabytes) }
        }
        let scrollSeconds = Self.ms(since: scrollStart) / 1000 - 1   // less the second that found nothing more
        let afterScroll = terminal.residentMegabytes
        let end = terminal.readFrame(quiet: 100, limit: 200)
        terminal.send(PseudoTerminal.Keys.end)
        let endFrame = terminal.readFrame(quiet: 150, limit: 1_000)
        add("real program: resident memory at rest / peak while scrolling all / after",
            Self.format(atRest) + " / " + Self.format(max(peak, afterScroll)) + " / " + Self.format(afterScroll) + " MB",
            "scrolled \(count) rows in " + Self.format(scrollSeconds) + " s; End then wrote \(end.bytes + endFrame.bytes) B",
            "≤ 50 MB, flat")
    }

    static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func ms(since start: ContinuousClock.Instant) -> Double { ms(ContinuousClock.now - start) }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((p / 100) * Double(sorted.count)))]
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.0f", value) }

    /// Resident memory of a process (this one by default), from /proc.
    /// The process's proportional share of memory (Pss: each shared page
    /// divided among the processes mapping it), what N sessions use together.
    static func proportionalMegabytes(of process: String) -> Double {
        guard let rollup = try? String(contentsOfFile: "/proc/\(process)/smaps_rollup", encoding: .utf8),
              let line = rollup.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    static func residentMegabytes(of process: String = "self") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
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
