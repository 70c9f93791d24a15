import CabildoTestSupport
import Foundation
import Testing

/// Issue 10, item 12: an export to a full disk crashed with "NSCocoaErrorDomain Code=640".
extension EndToEnd { @Suite struct FullDiskTests {
    @Test func anExportToAFullDiskSaysSoInWordsAndExitsFour() throws {
        let cli = try CLI()
        #expect(try cli.run([]).status == 0)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["export", "mechanisms"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8", "HOME": cli.directory.path,
                           "SWIFT_BACKTRACE": "enable=no"]) { $1 }
        environment.removeValue(forKey: "LC_ALL")
        process.environment = environment
        process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))   // every write: ENOSPC
        let err = Pipe()
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 4)
        #expect(text == "Error: El disco está lleno: no se pudo escribir la salida estándar. Libere espacio en el disco, o elija otro lugar, y vuelva a intentarlo.\n")
    }
}
}
