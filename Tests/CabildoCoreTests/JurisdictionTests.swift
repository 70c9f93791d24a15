import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Every state and municipality of Mexico is a jurisdiction, whatever the
/// seed holds; names repeat across states, so people pick them with the state.
@Suite struct EveryMunicipalityTests {
    @Test func aNewDatabaseHoldsEveryStateAndMunicipalityAndTheSeedsNames() throws {
        let world = try World()
        let entries = try world.db.jurisdictionEntries()
        #expect(entries.filter { $0.jurisdiction.kind == .state }.count == 32)
        #expect(entries.filter { $0.jurisdiction.kind == .municipality }.count == 2_478)
        #expect(try world.db.jurisdiction(inegiCode: "15")?.name == "Estado de México")
        #expect(try world.db.jurisdiction(inegiCode: "09014")?.name == "Benito Juárez")
        #expect(try world.db.jurisdiction(inegiCode: "23008")?.name == "Solidaridad")
        let edomex = try world.jurisdictionId("15")
        #expect(entries.filter { $0.jurisdiction.parentId == edomex }.count == 125)
        let benito = try world.db.jurisdictionEntries(matching: "benito juarez").map(\.displayName)
        #expect(benito.contains("Benito Juárez (Quintana Roo)") && benito.contains("Benito Juárez (Ciudad de México)"))
        #expect(try world.db.check().isHealthy)   // every record loaded is audited
    }

    @Test func anExistingDatabaseGetsThemOnceOnItsNextOpenAndNothingAfter() throws {
        // A data folder as an earlier version had it: a seed, no reference file.
        let old = try temporaryDirectory()
        try FileManager.default.copyItem(at: seedDirectory, to: old.appendingPathComponent("seed"))
        try FileManager.default.copyItem(at: Resources.data.appendingPathComponent("privacy"),
                                         to: old.appendingPathComponent("privacy"))
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        let before = try AppDatabase.open(path: path, seedDirectory: old.appendingPathComponent("seed"))
        #expect(try before.jurisdictions().count == 12)
        // Without the file there is nothing to load: a start does not take the lock for it every time.
        #expect(try !before.needsPreparation(seedDirectory: old.appendingPathComponent("seed")))
        let upgraded = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        #expect(try upgraded.jurisdictions().count == 2_510)
        let entries = try upgraded.reader.read { try AuditEntry.fetchCount($0) }
        let again = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        #expect(try again.reader.read { try AuditEntry.fetchCount($0) } == entries)
        #expect(try again.check().isHealthy)
    }

    @Test func anEditorChoosesAmongTheirOwnJurisdictionsOnly() throws {
        let world = try World()
        let chimalhuacan = Actor(account: try world.db.createAccount(
            username: "editor.chimal", displayName: "Editora", role: .editor, jurisdictionCode: "15031",
            password: World.password, by: .operator("tests")))
        #expect(try world.db.jurisdictionEntries(editableBy: chimalhuacan).map(\.jurisdiction.inegiCode) == ["15031"])
        let state = try world.db.jurisdictionEntries(editableBy: world.stateEditor)
        #expect(state.count == 126)   // the state and its 125 municipalities
        #expect(try world.db.jurisdictionEntries(editableBy: world.monitor).isEmpty)
        // Kiosks and editors can be set up anywhere in the country.
        for code in ["15069", "23008"] {
            #expect(throws: Never.self) {
                try world.db.createAccount(username: "kiosco-\(code)", displayName: "Quiosco", role: .kiosk,
                                           jurisdictionCode: code, password: World.password, by: .operator("tests"))
            }
        }
    }

    @Test func aBadReferenceRowIsReportedAsFileLineAndColumn() throws {
        let data = try temporaryDirectory()
        let reference = data.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        try "inegi_code,name,kind,parent_code\n15,México,state,\n15999,Nuevo,town,15\n"
            .write(to: reference.appendingPathComponent("inegi-municipalities.csv"), atomically: true, encoding: .utf8)
        let error = cabildoError { try ReferenceJurisdictions.rows(in: reference) }
        #expect(error?.kind == .dataFile)
        let text = Localizer(catalogue: nil).render(error!.message)
        #expect(text == "Data/reference/inegi-municipalities.csv:3: column 'kind': 'town' is not state or municipality")
    }
}
