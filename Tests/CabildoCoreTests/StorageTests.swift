import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct StorageTests {
    @Test func seedIsLoadedExactlyOnceOverTwoStarts() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("cabildo.sqlite").path
        let first = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        let counts = try first.summary()
        let second = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        #expect(try second.summary().map(\.count) == counts.map(\.count))
        let byTable = Dictionary(uniqueKeysWithValues: counts.map { ($0.table, $0.count) })
        #expect(byTable["jurisdiction"] == 2_510)   // the seed's 12 and every other state and municipality
        #expect(byTable["mechanism"] == 12)
        #expect(try second.mechanisms(jurisdictionId: try second.jurisdiction(inegiCode: "15104")!.id).count == 8)
        #expect(try second.check().isHealthy)
    }

    @Test func twoProcessesStartingTogetherSeedOnce() async throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try AppDatabase.open(path: path, seedDirectory: seedDirectory) } }
            try await group.waitForAll()
        }
        let db = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        #expect(try db.mechanisms(limit: 100).count == 12)
    }

    @Test func thePrivacyNoticeComesFromDataOnceAndInEachLanguage() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        _ = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        let db = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
        let spanish = try #require(try db.privacyNotice(language: "es"))
        let english = try #require(try db.privacyNotice(language: "en"))
        #expect(spanish.version == "2026-01" && english.version == "2026-01")
        #expect(spanish.body.contains("ARCO") && spanish.body.contains("Unidad de Transparencia"))
        #expect(english.body.hasPrefix("SIMPLIFIED PRIVACY NOTICE"))
        #expect(try db.privacyNotice(language: "nah")?.language == "es")
        #expect(try db.reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM privacyNotice") } == 1)
    }

    @Test func everyWriteIsFullySynchronous() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        let db = try AppDatabase.open(path: path, seedDirectory: nil)
        let (synchronous, journal) = try db.rawStorage.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous")!, try String.fetchOne(db, sql: "PRAGMA journal_mode")!)
        }
        #expect(synchronous == 2)   // FULL
        #expect(journal == "wal")
    }

    @Test func aNewerSchemaIsRefusedAndLeftUnchanged() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        do {
            let db = try AppDatabase.open(path: path, seedDirectory: seedDirectory)
            try db.rawStorage.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
            }
            _ = try db.rawStorage.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try (db.rawStorage as! DatabasePool).close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = cabildoError { try AppDatabase.open(path: path, seedDirectory: seedDirectory) }
        #expect(error?.kind == .schema)
        #expect(error?.message.arguments["changes"] == .text("v9-from-the-future"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aForeignSQLiteFileIsNotTouched() throws {
        let path = try temporaryDirectory().appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        let error = cabildoError { try AppDatabase.open(path: path, seedDirectory: seedDirectory) }
        #expect(error?.kind == .schema)
        let tables = try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["invoices"])
    }

    @Test func schemaRefusesWhatTheDomainForbids() throws {
        let world = try World()
        try world.db.rawStorage.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE mechanism SET theme = 'astrology' WHERE id = 1")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE mechanism SET established = '2016-13' WHERE id = 1")
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM membership WHERE id = 1") }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO mechanism (jurisdictionId, name, theme, status, updatedAt) VALUES (999999, 'x', 'other', 'active', 'now')")
            }
        }
    }

    @Test func aBadSeedRowIsReportedAsFileLineAndColumn() throws {
        let dir = try temporaryDirectory()
        for file in try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path) {
            try FileManager.default.copyItem(at: seedDirectory.appendingPathComponent(file),
                                             to: dir.appendingPathComponent(file))
        }
        let file = dir.appendingPathComponent("organisations.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        lines[3] = "Borde Político Dos,,guild,,edomex-letter-2020"
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let error = cabildoError { try AppDatabase.inMemory(seedDirectory: dir) }
        #expect(error?.kind == .dataFile)
        let text = Localizer(catalogue: nil).render(error!.message)
        #expect(text.hasPrefix("Data/seed/organisations.csv:4: column 'sector': 'guild' is not one of"))
    }

    @Test func backupIsACompleteConsistentCopy() throws {
        let dir = try temporaryDirectory()
        let db = try AppDatabase.open(path: dir.appendingPathComponent("a.sqlite").path, seedDirectory: seedDirectory)
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try db.backup(to: copy)
        let restored = try AppDatabase.open(path: copy, seedDirectory: seedDirectory)
        #expect(try restored.summary().map(\.count) == db.summary().map(\.count))
        #expect(try restored.check().isHealthy)
        #expect(cabildoError { try db.backup(to: copy) }?.kind == .conflict)
    }
}
