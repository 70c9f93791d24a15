import ArgumentParser
import CabildoCore
import Foundation

/// Many officials on one server: N real sessions on pseudo-terminals, each
/// signed in and showing the busiest consultation's submissions, while a
/// writer records a steady stream; then what one more session's keys, a
/// command's start and a writer's rate become, beside the same figures with
/// no sessions open, and what the idle sessions cost.
struct Scale: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open N officials' sessions on one database while a writer records; measure the server.")

    @Option(help: "The database file.") var database: String
    @Option(help: "How many idle officials' sessions to open.") var sessions = 10
    @Option(help: "Submissions the steady writer records per second.") var rate = 10.0
    @Option(help: "Seconds the idle sessions are measured for.") var seconds = 20
    @Option(help: "Keys sent to the measured session, each time (a p99 of 200 is the second-slowest key, and moved 2× between runs).") var keys = 1000
    @Option(help: "Commands started, each time.") var commands = 15
    @Option(help: "Submissions the writer records as fast as it can, each time.") var burst = 300
    @Option(help: "If the database has no submissions yet, first fill it with this many (as `cabildo demo-data --seed 7`).")
    var fill: Int?
    @Option(help: "The cabildo program (default: the one beside this benchmark).") var program: String?

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let db = try AppDatabase.open(path: database)
        try BenchRun.fillIfEmpty(db, path: database, with: fill)
        let total = try db.submissionTotal()
        guard let consultation = try db.busiestConsultationId() else { throw ValidationError("No submissions: run `cabildo demo-data` first.") }
        let program = try BenchRun.program(program)
        let account = try BenchRun.account(db, prefix: "scale")
        defer { BenchRun.retire(account, db) }
        let consultations = try db.consultations()
        let row = consultations.firstIndex { $0.id == consultation } ?? 0
        let shown = try db.submissionCount(of: consultation)
        let writer = try Writer(db: db, consultation: consultation)
        // The session watched for new submissions shows another consultation,
        // which gets one now and then: the steady writer's ten a second would
        // push its selected row down the screen and the view with it, and the
        // rows arriving above a scrolled view are not on screen. Its terminal
        // is tall, for the same reason: on 24 lines the selected row reaches
        // the bottom after 17 submissions, and from then on the view scrolls
        // to keep it in sight and new rows stay above (as they should).
        guard let watchedRow = try consultations.indices.first(where: { index in
            try consultations[index].id != consultation && !db.questions(of: consultations[index].id!).isEmpty
        }) else { throw ValidationError("A second consultation with a question is needed: run `cabildo demo-data` first.") }
        let marker = try Writer(db: db, consultation: consultations[watchedRow].id!)
        // The session whose keys are timed shows a list nobody writes to: a frame
        // it draws for a change (once a second, in a list the writer adds to)
        // would be read as the end of a key's frame, which is found by the
        // quiet after it, and the key's time would take the reload's.
        let probeRow = try consultations.indices.first { index in
            try index != row && index != watchedRow && db.submissionCount(of: consultations[index].id!) >= 2
        } ?? row

        /// A session signed in and showing the submissions of the consultation at `row`.
        func openList(row: Int = row, height: Int = 24) throws -> PseudoTerminal {
            let terminal = try PseudoTerminal(program: program, arguments: ["--database", database, "--lang", "es"],
                                              height: height)
            guard terminal.readFrame(quiet: 150).bytes > 0 else {
                throw ValidationError("\(program) drew nothing on the pseudo-terminal.")
            }
            terminal.send(account.name + "\t" + account.password + "\u{13}")   // Ctrl-S signs in
            terminal.readFrame(quiet: 300)
            terminal.send("3")
            terminal.readFrame()
            terminal.send(PseudoTerminal.Keys.home + String(repeating: PseudoTerminal.Keys.down, count: row))
            terminal.readFrame(limit: 500)   // nothing to draw when the consultation is the first
            terminal.send("\r")
            terminal.readFrame(quiet: 150)
            return terminal
        }

        // With no sessions open: a command, the writer, then one session's keys.
        let commandAlone = try commandStarts(program)
        let writerAlone = try writer.burst(burst)
        let probe = try openList(row: probeRow)
        let keysAlone = Self.keyLatency(probe, times: keys)
        writer.start(rate: rate)
        let keysWriterAlone = Self.keyLatency(probe, times: keys)
        writer.stop()

        // N idle sessions on the list, and the steady writer.
        var idle: [PseudoTerminal] = []
        defer { Self.end(idle + [probe]) }
        let opening = ContinuousClock.now
        for _ in 0..<sessions { idle.append(try openList()) }
        let openingSeconds = Run.ms(since: opening) / 1000
        let watchedHeight = 120
        let watched = try openList(row: watchedRow, height: watchedHeight)
        defer { Self.end([watched]) }
        var drain = Drain(idle.map(\.master) + [probe.master, watched.master], watching: watched.master)
        writer.start(rate: rate)
        Thread.sleep(forTimeInterval: 6)   // settled, and the watched session idle (no key for 5 s)
        let cpuBefore = Self.cpuSeconds(idle.map(\.pid))
        let windowStart = ContinuousClock.now
        drain.forgetOutput()
        writer.forgetCommits()
        // One submission every 2.9 s into the watched session's list, at no
        // fixed phase to its 1.5 s look; the last 2.5 s are left for drawing.
        // Fewer than the rows the watched session shows (see above).
        var marks = 0
        while Run.ms(since: windowStart) / 1000 < Double(seconds) - 2.5, marks < watchedHeight - 10 {
            try marker.mark()
            marks += 1
            Thread.sleep(forTimeInterval: 2.9)
        }
        Thread.sleep(forTimeInterval: max(0, Double(seconds) - Run.ms(since: windowStart) / 1000))
        let cpu = Self.cpuSeconds(idle.map(\.pid)) - cpuBefore
        let window = Run.ms(since: windowStart) / 1000
        let memory = idle.map(\.residentMegabytes).reduce(0, +)
        let share = idle.map(\.proportionalMegabytes).reduce(0, +)
        let appear = Self.appearances(commits: marker.commits(), output: drain.output())
        let steadyRate = Double(writer.commits().count) / window
        drain.stop()

        // Under that load: one more session's keys, a command, a burst of writes.
        probe.readFrame(quiet: 50, limit: 500)   // what it drew meanwhile
        drain = Drain(idle.map(\.master), watching: nil)
        let keysLoaded = Self.keyLatency(probe, times: keys)
        let commandLoaded = try commandStarts(program)
        let (writerLoaded, writerPaused) = try Self.writerInTurns(writer, burst: burst, sessions: idle)
        writer.stop()
        drain.stop()
        Self.end(idle + [probe, watched])
        let left = Self.running(idle + [probe, watched])

        let p = { (values: [Double]) in Run.format(Run.percentile(values, 50)) + " / " + Run.format(Run.percentile(values, 99)) }
        let core = 100 * cpu / window
        print("Cabildo at scale — \(sessions) idle sessions on \(total) submissions in \(database); the list shows \(shown)")
        let rows: [[String]] = [
            ["key in one more session, p50 / p99", p(keysLoaded) + " ms",
             "no sessions: " + p(keysWriterAlone) + " ms; nor writer: " + p(keysAlone) + " ms", "p99 ≤ 2× alone"],
            ["CPU of the idle sessions together", Run.format(core) + " % of one core",
             "per session: " + Run.format(core / Double(max(1, sessions))) + " %", "< 10 %"],
            ["memory of the idle sessions (their share, Pss)", Run.format(share) + " MB",
             "resident (Rss), shared pages in each: " + Run.format(memory) + " MB, "
                + Run.format(memory / Double(max(1, sessions))) + " MB each", "—"],
            ["`cabildo search` start to exit, p50 / p90",
             Run.format(Run.percentile(commandLoaded, 50)) + " / " + Run.format(Run.percentile(commandLoaded, 90)) + " ms",
             "no sessions: " + Run.format(Run.percentile(commandAlone, 50)) + " / "
                + Run.format(Run.percentile(commandAlone, 90)) + " ms", "≤ 2× alone"],
            ["writer, commits as fast as it goes (median of \(Self.turns))", Run.format(writerLoaded) + " /s",
             "sessions stopped, in turns: " + Run.format(writerPaused) + " /s (" + Run.format(100 * writerLoaded / writerPaused)
                + " %); before any session: " + Run.format(writerAlone) + " /s", "≥ 80 % of alone"],
            ["new submission's folio drawn in an idle session, p50 / max", appear.shown.isEmpty ? "none seen"
                : Run.format(Run.percentile(appear.shown, 50)) + " / " + Run.format(appear.shown.max()!) + " ms",
             "\(appear.shown.count) of \(appear.shown.count + appear.missed) submissions seen", "≤ 2000 ms"],
            ["steady writer over the measured \(Run.format(window)) s", Run.format(steadyRate) + " /s",
             "asked for: " + Run.format(rate) + " /s", "—"],
            ["sessions opened (signed in, list shown)", "\(sessions) in " + Run.format(openingSeconds) + " s",
             "processes left after the run: \(left)", "0 left"],
        ]
        let widths = (0..<4).map { column in (rows + [["figure", "with sessions", "reference", "goal"]]).map { $0[column].count }.max()! }
        for row in [["figure", "with sessions", "reference", "goal"]] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | "))
        }
        if left > 0 { throw ValidationError("\(left) cabildo processes were still running after the run.") }
    }

    /// Bursts with the sessions running and stopped.
    static let turns = 3

    /// The writer's rate with the idle sessions and without them, in turns of
    /// a few seconds, each the median of `turns`. The disk's own pace drifts:
    /// bursts before any session gave 227 to 657 commits/s across runs
    /// minutes apart, which swamped what the sessions cost. Between the
    /// bursts "alone" the sessions are stopped (SIGSTOP): no CPU, no reads.
    static func writerInTurns(_ writer: Writer, burst: Int, sessions: [PseudoTerminal]) throws -> (loaded: Double, paused: Double) {
        var loaded: [Double] = [], paused: [Double] = []
        let each = max(1, burst / turns)
        for _ in 0..<turns {
            for session in sessions { kill(session.pid, SIGSTOP) }
            defer { for session in sessions { kill(session.pid, SIGCONT) } }
            paused.append(try writer.burst(each))
            for session in sessions { kill(session.pid, SIGCONT) }
            Thread.sleep(forTimeInterval: 1)   // each has looked at what the stop held back
            loaded.append(try writer.burst(each))
        }
        return (Run.percentile(loaded, 50), Run.percentile(paused, 50))
    }

    /// Wall time from starting `cabildo search` to its exit, in ms, on a
    /// terminal as an official runs it. (Foundation's `Process` learnt of
    /// the exit in steps of about 50 ms, so 52 and 101 ms were the same run.)
    func commandStarts(_ program: String) throws -> [Double] {
        try (0..<commands).map { _ in
            let start = ContinuousClock.now
            let command = try PseudoTerminal(program: program, arguments: [
                "search", "agua", "--kind", "submissions", "--order", "newest", "--limit", "20", "--database", database])
            let status = command.waitForExit()
            guard status == 0 else { throw ValidationError("`cabildo search` ended with status \(status).") }
            return Run.ms(since: start)
        }
    }

    /// Down then Up, again and again: the time from Down to the last byte of its frame.
    static func keyLatency(_ terminal: PseudoTerminal, times: Int) -> [Double] {
        (0..<times).map { _ in
            let sent = ContinuousClock.now
            terminal.send(PseudoTerminal.Keys.down)
            let frame = terminal.readFrame(quiet: 25, limit: 2_000)
            terminal.send(PseudoTerminal.Keys.up)
            terminal.readFrame(quiet: 25, limit: 2_000)
            return frame.bytes > 0 ? Run.ms(frame.lastByte - sent) : 2_000
        }
    }

    /// For each submission committed, how long until the watched session drew
    /// its folio (as the list shows it, `ABC-DEF-GHI`, its end); a submission whose folio
    /// was not drawn by the end of the window is left out, and counted apart.
    static func appearances(commits: [(at: ContinuousClock.Instant, folio: String)],
                            output: [(at: ContinuousClock.Instant, bytes: [UInt8])]) -> (shown: [Double], missed: Int) {
        // The watched session's bytes as one run, and where each read began.
        var all: [UInt8] = []
        var starts: [Int] = []
        for chunk in output { starts.append(all.count); all += chunk.bytes }
        var shown: [Double] = [], missed = 0
        for commit in commits {
            guard let first = output.firstIndex(where: { $0.at > commit.at }) else { missed += 1; continue }
            // Its last six cells ("TN-9ZC"): ncurses writes only the cells that
            // changed, so a folio drawn over one with the same first symbol
            // (one in 32) arrives without it.
            let folio = Array(Folio.display(commit.folio).utf8.suffix(6))
            guard let end = Self.find(folio, in: all, from: starts[first]) else { missed += 1; continue }
            let chunk = (starts.lastIndex { $0 < end }) ?? first
            shown.append(Run.ms(output[chunk].at - commit.at))
        }
        return (shown, missed)
    }

    /// Where `needle` ends in `haystack`, searching from `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<i + needle.count].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }

    /// How many of the sessions' processes still exist (not yet reaped included).
    static func running(_ terminals: [PseudoTerminal]) -> Int {
        terminals.filter { FileManager.default.fileExists(atPath: "/proc/\($0.pid)") }.count
    }

    /// User and system CPU time of the processes, in seconds (/proc/PID/stat).
    static func cpuSeconds(_ pids: [pid_t]) -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return pids.reduce(0) { sum, pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return sum }
            // After the command's name: state is field 3, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return sum + ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        }
    }

    /// Ends every session and waits for each.
    static func end(_ terminals: [PseudoTerminal]) {
        for terminal in terminals { terminal.end() }
    }
}

/// Records submissions into one consultation: a steady stream on a thread of
/// its own, or a burst as fast as commits go.
final class Writer: @unchecked Sendable {
    let db: AppDatabase
    let consultation: Int64
    let question: Int64
    let jurisdiction: Int64
    private let lock = NSLock()
    private var committed: [(at: ContinuousClock.Instant, folio: String)] = []
    private var running = false
    private let finished = DispatchSemaphore(value: 0)

    init(db: AppDatabase, consultation: Int64) throws {
        self.db = db
        self.consultation = consultation
        question = try db.questions(of: consultation)[0].id!
        jurisdiction = try db.consultation(consultation).jurisdictionId
    }

    /// Paper submissions, typed in by an official: accepted whatever the consultation's dates.
    @discardableResult
    func record(_ n: Int) throws -> String {
        try db.recordSubmission(SubmissionDraft(
            consultationId: consultation, channel: .paper, place: "Banco de pruebas", jurisdictionId: jurisdiction,
            answers: [question: "Participación de carga número \(n)"]), by: .operator("bench")).folio
    }

    /// Commits per second.
    func burst(_ count: Int) throws -> Double {
        let start = ContinuousClock.now
        for n in 0..<count { try record(n) }
        return Double(count) / (Run.ms(since: start) / 1000)
    }

    func start(rate: Double) {
        lock.withLock { running = true }
        let thread = Thread { [self] in
            let interval = 1 / rate
            var due = Date()
            var n = 0
            while lock.withLock({ running }) {
                if let folio = try? record(n) { lock.withLock { committed.append((.now, folio)) } }
                n += 1
                due += interval
                Thread.sleep(until: due)
            }
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        guard lock.withLock({ let was = running; running = false; return was }) else { return }
        finished.wait()
    }

    func forgetCommits() { lock.withLock { committed = [] } }

    /// One submission now, its commit noted.
    func mark() throws {
        let folio = try record(0)
        lock.withLock { committed.append((.now, folio)) }
    }
    func commits() -> [(at: ContinuousClock.Instant, folio: String)] { lock.withLock { committed } }
}

/// Reads and discards what the idle sessions write, as their terminals
/// would, so none blocks on a full terminal; notes when one of them wrote.
final class Drain: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [(at: ContinuousClock.Instant, bytes: [UInt8])] = []
    private let stopPipe: [Int32]
    private let finished = DispatchSemaphore(value: 0)
    private var stopped = false

    init(_ descriptors: [Int32], watching watched: Int32?) {
        var ends: [Int32] = [0, 0]
        pipe(&ends)
        stopPipe = ends
        let thread = Thread { [self, ends] in
            var polled = (descriptors + [ends[0]]).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            loop: while true {
                guard poll(&polled, nfds_t(polled.count), 1_000) >= 0 || errno == EINTR else { break }
                for index in polled.indices where polled[index].revents != 0 {
                    if polled[index].fd == ends[0] { break loop }
                    let n = read(polled[index].fd, &buffer, buffer.count)
                    if n > 0, polled[index].fd == watched {
                        let bytes = Array(buffer[0..<n])
                        lock.withLock { written.append((.now, bytes)) }
                    }
                    if n <= 0 && errno != EINTR && errno != EAGAIN { polled[index].fd = -1 }   // a session gone: poll skips it
                    polled[index].revents = 0
                }
            }
            finished.signal()
        }
        thread.start()
    }

    func forgetOutput() { lock.withLock { written = [] } }
    func output() -> [(at: ContinuousClock.Instant, bytes: [UInt8])] { lock.withLock { written } }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = write(stopPipe[1], "x", 1)
        finished.wait()
        close(stopPipe[0])
        close(stopPipe[1])
    }

    deinit { stop() }
}
