import CabildoTestSupport
import CabildoText
import Foundation
import Testing
@testable import CabildoCore

/// Issue 11: the kiosk's rules are Core's, so no front end can bypass them.
@Suite struct KioskRulesTests {
    @Test func onlyAnAdministratorMayLeaveAKiosk() throws {
        let world = try World()
        let leave = { (name: String) in
            try world.db.leaveKiosk(username: name, password: World.password, kioskAccount: "kiosk1", place: "Palacio")
        }
        #expect(try leave("admin").username == "admin")
        for name in ["editor.tlalne", "monitor", "kiosk1"] {
            #expect(cabildoError { try leave(name) } == .signInFailed)
        }
    }

    @Test func aKioskRunsOnAKioskAccountOnly() throws {
        let world = try World()
        let station = try world.db.startKiosk(account: "kiosk1", password: World.password, place: " Palacio ",
                                              jurisdictionCode: nil)
        #expect(station.account.role == .kiosk)
        #expect(station.place == "Palacio")
        #expect(station.jurisdictionId == (try world.jurisdictionId("15104")))   // the account's own
        for name in ["admin", "editor.tlalne", "monitor"] {
            #expect(cabildoError {
                try world.db.startKiosk(account: name, password: World.password, place: "Palacio", jurisdictionCode: nil)
            } == .signInFailed)
        }
        let papalotla = try world.db.startKiosk(account: "kiosk1", password: World.password, place: "Plaza",
                                                jurisdictionCode: "15069")
        #expect(papalotla.jurisdictionId == (try world.jurisdictionId("15069")))
        #expect(cabildoError {
            try world.db.startKiosk(account: "kiosk1", password: World.password, place: "Plaza", jurisdictionCode: "99999")
        }?.kind == .validation)
        #expect(cabildoError {
            try world.db.startKiosk(account: "kiosk1", password: World.password, place: "  ", jurisdictionCode: nil)
        }?.field == "place")
    }

    @Test func anAnswerIsCheckedByItsQuestionBesideItsField() throws {
        let world = try World()
        let (_, questions) = try world.consultation()
        let text = questions[0], choice = questions[1]
        #expect(cabildoError { try text.checkedAnswer("  ") }?.field == "answer-1")
        #expect(try text.checkedAnswer(" Más rutas ") == "Más rutas")
        #expect(cabildoError { try text.checkedAnswer(String(repeating: "a", count: 201)) }?.field == "answer-1")
        #expect(try choice.checkedAnswer("") == nil)   // optional
        #expect(try choice.checkedAnswer("A pie") == "A pie")
        #expect(cabildoError { try choice.checkedAnswer("En cohete") }?.field == "answer-2")
    }

    @Test func contactDataIsCleanedBeforeItIsKept() throws {
        let cleaned = try ContactDetails(name: "  Ana  ", email: "", phone: nil).cleaned()
        #expect(cleaned == ContactDetails(name: "Ana"))
        #expect(try ContactDetails(name: " ", email: "").cleaned().isEmpty)
        #expect(cabildoError { try ContactDetails(email: "ana@").cleaned() }?.field == "contactEmail")
        #expect(cabildoError { try ContactDetails(phone: "llámeme").cleaned() }?.field == "contactPhone")
    }
}
