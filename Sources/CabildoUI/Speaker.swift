import CabildoCore
import CabildoText
import Foundation

/// The kiosk's voice (`cabildo kiosk --speak`): each text is handed to
/// `espeak-ng` on its standard input, in the voice of the citizen's language,
/// one at a time: a new text, or `stop()`, silences the one being spoken.
///
/// `CABILDO_SPEECH_COMMAND`, when set, is a shell command run instead of
/// espeak-ng: it reads the text on standard input and finds the voice in
/// `CABILDO_SPEECH_VOICE` (a test captures what would be spoken this way).
final class Speaker {
    /// The program and its arguments before the voice; the text comes on standard input.
    let program: [String]
    let injected: Bool
    private var speaking: Process?

    /// The voices espeak-ng has for Cabildo's languages.
    static func voice(language: String) -> String { language == "en" ? "en-us" : "es-419" }

    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let command = environment["CABILDO_SPEECH_COMMAND"], !command.isEmpty {
            program = ["/bin/sh", "-c", command]
            injected = true
            signal(SIGPIPE, SIG_IGN)
            return
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/espeak-ng" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            throw CabildoError(.validation, Message("--speak needs espeak-ng (Debian package espeak-ng), which is not installed."))
        }
        program = [path, "--stdin"]
        injected = false
        // A voice silenced while its text is still being written must not end the kiosk.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Says `text` in the voice of `language` ("es", "en"), after silencing what was being said.
    func say(_ text: String, language: String) {
        stop()
        let spoken = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !spoken.isEmpty else { return }
        let voice = Self.voice(language: language)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program[0])
        process.arguments = Array(program.dropFirst()) + (injected ? [] : ["-v", voice])
        var environment = ProcessInfo.processInfo.environment
        environment["CABILDO_SPEECH_VOICE"] = voice
        process.environment = environment
        // Never onto the kiosk's screen.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch { return }     // no voice is no reason to stop the kiosk
        speaking = process
        let data = Data((spoken + "\n").utf8)
        // Written off the main queue: a long text must not hold the keys up.
        DispatchQueue.global().async {
            try? input.fileHandleForWriting.write(contentsOf: data)
            try? input.fileHandleForWriting.close()
        }
    }

    /// Silences what is being said.
    func stop() {
        if let speaking, speaking.isRunning { speaking.terminate() }
        speaking = nil
    }
}
