import Foundation
import Testing

/// Runs the built `cabildo` binary as a person or a script would.
public struct CLI {
    public let directory: URL
    public var database: String { directory.appendingPathComponent("cabildo.sqlite").path }

    public init() throws {
        directory = try temporaryDirectory(prefix: "cabildo-cli")
    }

    public static var binary: URL {
        let beside = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("cabildo")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cabildo")
    }

    public struct Result {
        public let status: Int32
        public let out: String
        public let err: String
    }

    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil, lang: String = "en_US.UTF-8") throws -> Result {
        try Self.exec(Self.binary, arguments, stdin: stdin,
                      environment: ["CABILDO_DATABASE": database, "LANG": lang, "HOME": directory.path])
    }

    public func sqlite(_ sql: String) throws -> Result {
        try Self.exec(URL(fileURLWithPath: "/usr/bin/sqlite3"), [database, sql], stdin: nil, environment: [:])
    }

    public static func exec(_ executable: URL, _ arguments: [String], stdin: String?, environment: [String: String],
                     in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.currentDirectoryURL = directory
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_MESSAGES")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
    }
}

