import Foundation
import Testing

/// `cabildo` in its line mode, driven through pipes as a script or a braille
/// display over a slow line drives it: each answer is sent once the prompt
/// it answers has been written.
public final class LinePipe: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private let lock = NSLock()
    private var bytes = Data()
    /// How far `answer` has read.
    private var mark = 0

    public init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = CLI.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_MESSAGES")
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.bytes.append(data) }
        }
        try process.run()
    }

    /// Everything written so far, as text.
    public var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    /// Waits until what was written after the last answer holds `prompt`, then sends `line`.
    public func answer(_ prompt: String, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        waitFor(prompt, sourceLocation: sourceLocation)
        send(line)
    }

    /// Waits until what was written after the last answer holds `what`; reads past it.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let found: String? = lock.withLock {
                let after = String(decoding: bytes.dropFirst(mark), as: UTF8.self)
                guard let range = after.range(of: what) else { return nil }
                mark += after[..<range.upperBound].utf8.count
                return String(after[..<range.upperBound])
            }
            if let found { return found }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for \(what); the program wrote:\n\(text)", sourceLocation: sourceLocation)
        return ""
    }

    /// Waits for the program to ask (a prompt is the only text it leaves
    /// without a newline, then it waits), then answers.
    public func next(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        waitForPrompt(sourceLocation: sourceLocation)
        send(line)
    }

    public func waitForPrompt(timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let asked: Bool = lock.withLock {
                guard bytes.count > mark, bytes.last != 0x0A else { return false }
                mark = bytes.count
                return true
            }
            if asked { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for a prompt; the program wrote:\n\(text)", sourceLocation: sourceLocation)
    }

    public func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Closes the input (the end of the script) and waits for the program to end.
    @discardableResult
    public func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)
        output.fileHandleForReading.readabilityHandler = nil
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        lock.withLock { bytes.append(rest) }
        return process.terminationStatus
    }

    /// The number a numbered line holding `text` starts with ("12. Acuerdo: …" → "12").
    public func number(of text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let found = self.text.components(separatedBy: "\n").last { line in
            line.contains(text) && line.first?.isNumber == true && line.contains(". ") }
            .flatMap { $0.split(separator: ".").first.map(String.init) }
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map(String.init)
        if found == nil { Issue.record("no numbered line holds \(text); the program wrote:\n\(self.text)", sourceLocation: sourceLocation) }
        return found
    }

    /// Whether the program wrote only text: no byte below 0x20 but newline
    /// and tab, no DEL, so no cursor addressing of any kind.
    public static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F }
    }
    public var isPlain: Bool { Self.isPlain(text) }
}
