import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing
@testable import CabildoUI

/// The line mode's officials' host, run in this process on a script: the
/// lock after a quarter of an hour without a line, as on the full screen.
@MainActor @Suite struct LineOfficialsTests {
    /// Runs the line mode on `script` and returns what it wrote.
    func run(_ script: [String], lockAfter: TimeInterval) throws -> String {
        let directory = try temporaryDirectory()
        let inPath = directory.appendingPathComponent("in").path, outPath = directory.appendingPathComponent("out").path
        try (script.joined(separator: "\n") + "\n").write(toFile: inPath, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: outPath, contents: nil)
        let input = open(inPath, O_RDONLY), output = open(outPath, O_WRONLY)
        defer { close(input); close(output) }
        let session = AppSession(database: try Ana.database(),
                                 localizer: try Localizer.load(language: "en", localesDirectory: Resources.locales))
        try LineOfficials(session: session, io: LineIO(input: input, output: output), lockAfter: lockAfter).run()
        return try String(contentsOfFile: outPath, encoding: .utf8)
    }

    @Test func aLineAfterTheIdleTimeAsksThePasswordFirstThenDoesWhatItSaid() throws {
        let out = try run(["ana", Ana.password, "3", "not-the-password", Ana.password, "q", Ana.password], lockAfter: 0)
        let locked = "Locked after 15 minutes idle. ana, type your password."
        #expect(out.components(separatedBy: locked).count == 3)
        #expect(out.contains("Error: The user name or the password is wrong."))
        #expect(out.components(separatedBy: "Unlocked.").count == 3)
        // Where it was: the third row opened once unlocked.
        #expect(out.contains("Comités Ciudadanos de Control y Vigilancia\nJurisdiction: Tlalnepantla de Baz"))
        #expect(LinePipe.isPlain(out))
    }

    @Test func withinTheIdleTimeNothingLocks() throws {
        let out = try run(["ana", Ana.password, "3", "q"], lockAfter: 15 * 60)
        #expect(!out.contains("Locked after"))
        #expect(out.contains("Jurisdiction: Tlalnepantla de Baz"))
    }
}
