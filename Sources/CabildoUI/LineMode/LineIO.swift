import CabildoApp
import CabildoCore
import CabildoText
import Foundation

/// Lines in and out for the line mode: what a braille display over a slow
/// SSH line, a terminal without cursor addressing or a script needs. Every
/// text written goes through the one sanitiser, so no byte below 0x20 but
/// the newline ever leaves; nothing addresses the cursor.
@MainActor
final class LineIO {
    /// The input ended (Ctrl-D, the end of a script, a hang-up).
    struct Ended: Error {}

    /// Whether a person types at a terminal (echo is the terminal's); else a
    /// script or a pipe, whose answers are not echoed, so a newline follows each prompt.
    let interactive: Bool
    private var buffer: [UInt8] = []
    private var atEnd = false

    /// Where lines are read from and written to: standard input and output,
    /// or (in tests) any pair of files.
    let input: Int32, output: Int32

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input; self.output = output
        interactive = input == STDIN_FILENO && isatty(input) == 1
    }

    /// One line of text, made safe, then a newline.
    func say(_ text: String) { write(TextRules.displaySafe(text, keepNewlines: true) + "\n") }

    func blank() { write("\n") }

    /// A prompt, left open on its line for the answer.
    func prompt(_ text: String) { if !text.isEmpty { write(TextRules.displaySafe(text) + " ") } }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue } else { return } }
            bytes.removeFirst(written)
        }
    }

    /// Asks and reads one line; throws `Ended` at the end of the input.
    func ask(_ prompt: String) throws -> String {
        self.prompt(prompt)
        guard let line = try nextLine(waiting: nil) ?? nil else { throw Ended() }
        if !interactive { write("\n") }
        return line
    }

    /// A password: without echo when a person types it at a terminal; from the input otherwise.
    func askSecret(_ prompt: String) throws -> String {
        guard interactive, buffer.isEmpty else { return try ask(prompt) }
        write(TextRules.displaySafe(prompt) + " ")
        guard let line = SecretInput.lineWithoutEcho() else { throw Ended() }
        write("\n")
        return line
    }

    /// Waits at most `seconds` for a line: nil when none came in time.
    /// Throws `Ended` at the end of the input.
    func waitForLine(seconds: Int) throws -> String? {
        guard let line = try nextLine(waiting: seconds) else { return nil }
        guard let line else { throw Ended() }
        if !interactive { write("\n") }
        return line
    }

    /// The next line (without its newline or carriage return); .some(nil) at
    /// the end of the input; nil when `waiting` seconds passed without one.
    private func nextLine(waiting: Int?) throws -> String?? {
        let deadline = waiting.map { Date().addingTimeInterval(TimeInterval($0)) }
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return .some(String(decoding: line, as: UTF8.self))
            }
            if atEnd {
                guard !buffer.isEmpty else { return .some(nil) }
                defer { buffer = [] }
                return .some(String(decoding: buffer, as: UTF8.self))
            }
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return nil }
                var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(left * 1000, Double(Int32.max))))
                if ready == 0 { return nil }
                if ready < 0 { if errno == EINTR { continue } else { atEnd = true; continue } }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { atEnd = true; continue }
            buffer += chunk[..<count]
        }
    }
}

/// Words a person types in the line mode, compared as search compares them:
/// accents and capitals aside.
@MainActor
enum Typed {
    static func same(_ typed: String, _ word: String) -> Bool {
        TextRules.folded(typed.trimmingCharacters(in: .whitespaces)) == TextRules.folded(word)
    }

    /// A yes or a no in the session's language (or in English, or as 1/0); nil when neither.
    static func yesNo(_ typed: String, _ session: AppSession) -> Bool? {
        let word = TextRules.folded(typed.trimmingCharacters(in: .whitespaces))
        let yes = [session.text(Message("yes")), "yes", "y", "1"].map(TextRules.folded)
        let no = [session.text(Message("no")), "no", "n", "0"].map(TextRules.folded)
        if yes.contains(word) || (word.count == 1 && yes.contains { $0.hasPrefix(word) }) { return true }
        if no.contains(word) { return false }
        return nil
    }
}
