import CabildoCore
import CabildoText
import Foundation

/// What the kiosk says, and silencing it: a `Speaker`, or a test's recorder.
protocol Speaking: AnyObject {
    /// Silences what is being said and says `text` in the language's voice.
    func say(_ text: String, language: String)
    func stop()
}

/// The kiosk's voice (`cabildo kiosk --speak`): each text is handed to
/// `espeak-ng` on its standard input, in the voice of the citizen's language,
/// one at a time: a new text, or `stop()`, silences the one being spoken.
///
/// `CABILDO_SPEECH_COMMAND`, when set, is a shell command run instead of
/// espeak-ng: it reads the text on standard input and finds the voice in
/// `CABILDO_SPEECH_VOICE` (a test captures what would be spoken this way).
///
/// Each text's voice runs in a process group of its own, and silencing it
/// signals the whole group: the shell of `CABILDO_SPEECH_COMMAND` and every
/// program it started (the synthesiser), not the shell alone.
final class Speaker: Speaking {
    /// The program and its arguments before the voice; the text comes on standard input.
    let program: [String]
    let injected: Bool
    private var speaking: Voice?

    /// One text being said: its process group, signalled only until it is reaped.
    private final class Voice: @unchecked Sendable {
        let pid: pid_t
        private let lock = NSLock()
        private var reaped = false

        init(pid: pid_t) {
            self.pid = pid
            // Reaped off the main queue when it ends, said whole or silenced.
            Thread.detachNewThread { [self] in
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                lock.withLock { reaped = true }
            }
        }

        /// Ends the group: the shell and the synthesiser it started. Once
        /// the leader is reaped its id may be another process's: left alone.
        func silence() {
            lock.withLock { if !reaped { _ = kill(-pid, SIGTERM) } }
        }
    }

    /// The voices espeak-ng has for Cabildo's languages.
    static func voice(language: String) -> String { language == "en" ? "en-us" : "es-419" }

    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        // A voice silenced while its text is still being written must not end the kiosk.
        signal(SIGPIPE, SIG_IGN)
        if let command = environment["CABILDO_SPEECH_COMMAND"], !command.isEmpty {
            program = ["/bin/sh", "-c", command]
            injected = true
            return
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/espeak-ng" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            throw CabildoError(.validation, Message("--speak needs espeak-ng (Debian package espeak-ng), which is not installed."))
        }
        program = [path, "--stdin"]
        injected = false
    }

    /// Says `text` in the voice of `language` ("es", "en"), after silencing what was being said.
    func say(_ text: String, language: String) {
        stop()
        let spoken = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !spoken.isEmpty else { return }
        let voice = Self.voice(language: language)
        var environment = ProcessInfo.processInfo.environment
        environment["CABILDO_SPEECH_VOICE"] = voice
        // Both ends close in the child: only its standard input stays.
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }    // no voice is no reason to stop the kiosk
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        guard let pid = Self.spawn(program + (injected ? [] : ["-v", voice]), environment: environment,
                                   input: ends[0]) else {
            close(ends[0]); close(ends[1])
            return
        }
        close(ends[0])
        speaking = Voice(pid: pid)
        let data = Data((spoken + "\n").utf8)
        // Written off the main queue: a long text must not hold the keys up.
        let input = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        DispatchQueue.global().async {
            try? input.write(contentsOf: data)
            try? input.close()
        }
    }

    /// Silences what is being said: the voice's whole process group.
    func stop() {
        speaking?.silence()
        speaking = nil
    }

    /// Starts `words` in a new process group, `input` as its standard input,
    /// its output and errors to /dev/null (never onto the kiosk's screen),
    /// with the signals the kiosk ignores (SIGPIPE) back to their defaults.
    private static func spawn(_ words: [String], environment: [String: String], input: Int32) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv = words.map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        return posix_spawn(&pid, words[0], &actions, &attributes, &argv, &envp) == 0 ? pid : nil
    }
}
