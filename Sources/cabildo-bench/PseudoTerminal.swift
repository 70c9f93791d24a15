import Foundation

/// The real `cabildo` binary on a pseudo-terminal: what it writes is what a
/// terminal would receive, byte for byte, through real ncurses.
final class PseudoTerminal {
    let pid: pid_t
    /// The terminal's side: what the program writes is read here.
    let master: Int32

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The terminfo strings xterm sends in keypad mode (ncurses turns it on).
    enum Keys {
        static let down = "\u{1B}OB", up = "\u{1B}OA", pageDown = "\u{1B}[6~", home = "\u{1B}OH", end = "\u{1B}OF"
    }

    init(program: String, arguments: [String], width: Int = 80, height: Int = 24) throws {
        // posix_openpt and friends need _XOPEN_SOURCE, which Glibc's module
        // does not define; these are the Linux ioctls they wrap.
        let getNumber: UInt = 0x8004_5430, setLock: UInt = 0x4004_5431   // TIOCGPTN, TIOCSPTLCK
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal: errno \(errno)")
        }
        let slave = "/dev/pts/\(number)"
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A new session, so opening the slave makes it the controlling terminal (SIGWINCH, hang-up).
        let setsid: Int32 = 0x80   // POSIX_SPAWN_SETSID (glibc), not imported as a constant
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setsid))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)

        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        environment["NO_COLOR"] = nil
        let words = [program] + arguments
        var argv = words.map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, &attributes, &argv, &envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(program): error \(spawned)") }
        self.pid = pid
    }

    private var ended = false

    /// Ends the program and waits for it, once: its id is never signalled after it is reaped.
    func end() {
        guard !ended else { return }
        ended = true
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Reads what the program writes until it ends, then reaps it; its exit
    /// status. The read fails (EIO) when the program's end closes the
    /// terminal's last other side: the exit is known at once, not polled for.
    @discardableResult
    func waitForExit() -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ended = true
        return status
    }

    deinit {
        end()
        close(master)
    }

    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { if n < 0 && (errno == EINTR || errno == EAGAIN) { continue } else { return } }
            offset += n
        }
    }

    /// Reads until the program has been quiet for `quiet` ms (or `limit` ms
    /// have passed): the bytes of one frame, and when its last byte came.
    @discardableResult
    func readFrame(quiet: Int = 60, limit: Int = 5_000) -> (bytes: Int, lastByte: ContinuousClock.Instant) {
        let start = ContinuousClock.now
        var total = 0
        var last = start
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now - start < .milliseconds(limit) {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(total == 0 ? limit : quiet))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { if total > 0 { break } else { continue } }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            total += n
            last = ContinuousClock.now
        }
        return (total, last)
    }

    /// Resident memory of the program.
    var residentMegabytes: Double { Run.residentMegabytes(of: String(pid)) }
    var proportionalMegabytes: Double { Run.proportionalMegabytes(of: String(pid)) }
}
