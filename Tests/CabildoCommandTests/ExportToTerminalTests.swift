import CabildoTestSupport
import Foundation
import Testing

/// Issue 10, item 5: CSV written to a terminal passes the display sanitiser
/// like everything else shown there; written to a pipe or file it stays as stored.
extension EndToEnd { @Suite struct ExportToTerminalTests {
    @Test func anExportShownOnATerminalCarriesNoControlSequence() throws {
        let world = try KioskWorld()
        try InjectionTests.recordsOfEveryKind(world)
        #expect(try InjectionTests.plant(world) > 40)
        // script(1) runs the export on a pseudo-terminal and copies what it wrote there.
        let shown = try CLI.exec(URL(fileURLWithPath: "/usr/bin/script"),
                                 ["-q", "-e", "-c", "'\(CLI.binary.path)' export mechanisms", "/dev/null"], stdin: nil,
                                 environment: ["CABILDO_DATABASE": world.cli.database, "LANG": "es_MX.UTF-8",
                                               "HOME": world.cli.directory.path])
        #expect(shown.status == 0)
        #expect(shown.out.contains("Cabildo Abierto\(InjectionTests.drawn)"))
        let file = world.cli.directory.appendingPathComponent("shown.out")
        try Data(shown.out.utf8).write(to: file)
        try InjectionTests.assertClean(file)
        // Through a pipe, the open data is the data: the payload is there byte for byte.
        let piped = try world.cli.run(["export", "mechanisms"])
        #expect(piped.status == 0 && piped.out.contains("Cabildo Abierto" + InjectionTests.payload))
    }
}
}
