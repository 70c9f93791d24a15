import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct ReviewFixesTests {
    @Test func todayIsTheServersDayNotUTCs() {
        // 03:00 UTC on 1 April is still 31 March in Mexico City.
        let instant = Date(timeIntervalSince1970: 1_775_012_400)
        let mexico = Clock(now: { instant }, timeZone: TimeZone(identifier: "America/Mexico_City")!)
        let utc = Clock(now: { instant }, timeZone: TimeZone(identifier: "UTC")!)
        #expect(mexico.today() == "2026-03-31")
        #expect(utc.today() == "2026-04-01")
    }

    @Test func neitherPasswordHashesNorMembersContactsEnterTheTrail() throws {
        let world = try World()
        let mechanism = try world.db.createMechanism(
            MechanismDraft(jurisdictionId: try world.jurisdictionId("15104"), name: "Consejo", theme: .other), by: world.admin)
        _ = try world.db.addMember(to: mechanism.id!, .person(name: "Rosa", email: "rosa@example.mx", phone: "5555555555"),
                                   post: "Vocal", sector: .civilSociety, startDate: nil, by: world.admin)
        let trail = try world.db.reader.read { try String.fetchAll($0, sql: "SELECT coalesce(after, '') FROM auditEntry") }
            .joined()
        #expect(!trail.contains("$argon2id"))
        #expect(!trail.contains("rosa@example.mx") && !trail.contains("5555555555"))
        #expect(trail.contains("Rosa"))
    }

    @Test func theFirstAdministratorOnlyOnAnEmptyDatabaseAndKiosksStayOut() throws {
        let db = try AppDatabase.inMemory(seedDirectory: seedDirectory, clock: fixedClock)
        _ = try db.createFirstAdministrator(username: "ana", displayName: "Ana", password: World.password)
        #expect(cabildoError { try db.createFirstAdministrator(username: "otra", displayName: "Otra",
                                                                password: World.password) }?.kind == .conflict)
        _ = try db.createAccount(username: "kiosco", displayName: "K", role: .kiosk, jurisdictionCode: "15104",
                                 password: World.password, by: .operator("tests"))
        #expect(cabildoError { try db.signInOfficial(username: "kiosco", password: World.password) } == .signInFailed)
        #expect(try db.signInOfficial(username: "ana", password: World.password).role == .administrator)
    }

    @Test func anEmptyEndDateIsAnErrorNotACrash() throws {
        let world = try World()
        let membership = try world.db.reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM membership")! }
        #expect(cabildoError { try world.db.endMembership(membership, on: "", by: world.admin) }?.field == "endDate")
    }
}
