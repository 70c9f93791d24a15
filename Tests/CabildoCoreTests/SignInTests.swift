import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// A clock that tests move, and a sleeper that records the waits instead of waiting.
final class TestTime: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date(timeIntervalSince1970: 1_772_452_800)
    private var waits: [TimeInterval] = []

    var clock: Clock {
        Clock(now: { [self] in lock.withLock { date } }, timeZone: TimeZone(identifier: "America/Mexico_City")!,
              sleep: { [self] seconds in lock.withLock { waits.append(seconds) } })
    }

    func advance(_ seconds: TimeInterval) { lock.withLock { date += seconds } }

    /// The waits recorded since the last call.
    func takeWaits() -> [TimeInterval] { lock.withLock { defer { waits = [] }; return waits } }
}

@Suite struct SignInTests {
    let time = TestTime()
    let world: World

    init() throws { world = try World(clock: time.clock) }

    func fails(_ name: String, _ password: String, at terminal: String = "/dev/pts/7",
               for purpose: SignInPurpose = .officialsApp) -> CabildoError? {
        cabildoError { try world.db.signIn(username: name, password: password, at: terminal, for: purpose) }
    }

    @Test func everyFailureGetsTheSameAnswer() throws {
        _ = try world.db.disableAccount(username: "monitor", by: world.admin)
        let failures = [
            fails("nadie", World.password),                                         // unknown name
            fails("admin", "otra-contraseña"),                                      // wrong password
            fails("monitor", World.password),                                       // disabled account
            fails("kiosk1", World.password),                                        // a kiosk at the officials' app
            fails("editor.tlalne", World.password, at: "kiosk k at P", for: .administrator),  // F10 by an editor
            fails("admin", World.password, for: .kiosk),                            // the kiosk's own account
        ]
        for failure in failures { #expect(failure == .signInFailed) }
        let spanish = try Localizer.load(language: "es", localesDirectory: Resources.locales)
        #expect(spanish.render(failures[3]!.message) == "El nombre de usuario o la contraseña son incorrectos.")
        #expect(try world.db.signIn(username: "ADMIN", password: World.password, at: "x", for: .administrator)
            .username == "admin")
    }

    @Test func eachFailureIsRecordedAndAuditedWithoutThePassword() throws {
        _ = fails("Admin", "mi-clave-secreta", at: "/dev/pts/3")
        let entry = try world.db.reader.read {
            try AuditEntry.filter(Column("action") == "signin.failed").fetchOne($0)
        }
        let after = try #require(entry?.after)
        #expect(after.contains("\"username\":\"Admin\""))
        #expect(after.contains("\"terminal\":\"\\/dev\\/pts\\/3\"") || after.contains("\"terminal\":\"/dev/pts/3\""))
        #expect(!after.contains("mi-clave-secreta"))
        #expect(entry?.recordTable == "signInFailure")
        let rows = try world.db.reader.read { try SignInFailure.fetchAll($0) }
        #expect(rows.count == 1 && rows[0].accountId != nil && rows[0].terminal == "/dev/pts/3")
        #expect(try world.db.check().isHealthy)
    }

    @Test func repeatedFailuresWaitLongerPerNameAndPerTerminal() throws {
        // One name from ever-new terminals: 0, 0, then 1 s doubling.
        for n in 0..<7 { _ = fails("admin", "equivocada", at: "/dev/pts/\(n)") }
        #expect(time.takeWaits() == [0, 0, 1, 2, 4, 8, 16])
        // One terminal, ever-new names (unknown ones too): the same growth.
        for n in 0..<4 { _ = fails("nadie\(n)", "equivocada", at: "/dev/tty9") }
        #expect(time.takeWaits() == [0, 0, 1, 2])
        // The right password waits as long, then starts the name's count again.
        _ = try world.db.signIn(username: "admin", password: World.password, at: "/dev/pts/40", for: .anyRole)
        #expect(time.takeWaits() == [SignInLimits.maximumDelay])
        _ = fails("admin", "equivocada", at: "/dev/pts/41")
        #expect(time.takeWaits() == [0])
        // The cap holds, and an old failure no longer counts.
        #expect(SignInLimits.delay(after: 40) == SignInLimits.maximumDelay)
        time.advance(SignInLimits.window + 1)
        _ = fails("nadie0", "equivocada", at: "/dev/tty9")
        #expect(time.takeWaits() == [0])
    }

    @Test func tooManyFailuresLockTheAccountUntilAnAdministratorLiftsIt() throws {
        for n in 0..<SignInLimits.lockAfter { _ = fails("editor.tlalne", "intento-\(n)", at: "/dev/pts/\(n)") }
        // Locked: the right password gets the same answer, and administrators see the lock.
        #expect(fails("editor.tlalne", World.password, at: "/dev/pts/99") == .signInFailed)
        #expect(try world.db.signInLocks()["editor.tlalne"] != nil)
        #expect(try world.db.reader.read {
            try AuditEntry.filter(Column("action") == "signin.lock").fetchCount($0) } == 1)
        #expect(cabildoError { try world.db.unlockAccount(username: "editor.tlalne", by: world.monitor) }?.kind
            == .permission)
        _ = try world.db.unlockAccount(username: "editor.tlalne", by: world.admin)
        #expect(try world.db.signInLocks().isEmpty)
        _ = time.takeWaits()
        #expect(try world.db.signIn(username: "editor.tlalne", password: World.password, at: "/dev/pts/100",
                                    for: .officialsApp).username == "editor.tlalne")
        #expect(time.takeWaits() == [0])     // the count started again
        #expect(try world.db.reader.read {
            try AuditEntry.filter(Column("action") == "account.unlock").fetchCount($0) } == 1)
        #expect(cabildoError { try world.db.unlockAccount(username: "nadie", by: world.admin) }?.kind == .notFound)
    }

    /// Anyone can reach a kiosk's F10 screen: guesses there slow that kiosk,
    /// and never lock the administrator out of every other terminal.
    @Test func guessesAtAKioskSlowTheKioskAndLockNoOne() throws {
        let kiosk = SignInTerminal.kiosk(account: "kiosk1", place: "Palacio Municipal")
        for n in 0..<(SignInLimits.lockAfter + 2) { _ = fails("admin", "intento-\(n)", at: kiosk, for: .administrator) }
        let waits = time.takeWaits()
        #expect(waits.last! > waits.first!)   // the kiosk's own count grows
        #expect(try world.db.signInLocks().isEmpty)
        #expect(try world.db.signIn(username: "admin", password: World.password, at: "/dev/pts/4",
                                    for: .officialsApp).username == "admin")
        #expect(time.takeWaits() == [0])   // no wait at the official's own terminal
    }

    @Test func aLockEndsByItself() throws {
        for n in 0..<SignInLimits.lockAfter { _ = fails("admin", "intento-\(n)", at: "/dev/pts/\(n)") }
        #expect(fails("admin", World.password, at: "/dev/pts/50") == .signInFailed)
        time.advance(SignInLimits.lockFor + 1)
        #expect(try world.db.signInLocks().isEmpty)
        #expect(try world.db.signIn(username: "admin", password: World.password, at: "/dev/pts/51",
                                    for: .anyRole).username == "admin")
    }

    /// An unknown name runs one Argon2id verification too, so it costs what a known one does.
    @Test func anUnknownNameCostsWhatAKnownOneDoes() throws {
        func cost(_ name: String) -> Double {
            let times = (0..<3).map { n -> Double in
                let start = Date()
                _ = fails(name, "equivocada", at: "/dev/pts/time-\(name)-\(n)")
                return Date().timeIntervalSince(start)
            }
            return times.sorted()[1]
        }
        let known = cost("admin"), unknown = cost("nadie")
        #expect(unknown > known * 0.5, "unknown \(unknown) s, known \(known) s")
        // The dummy hash has the parameters of a real one (algorithm, version, memory, passes).
        func parameters(_ hash: String) -> [Substring] { Array(hash.split(separator: "$").prefix(3)) }
        #expect(parameters(AppDatabase.unknownAccountHash) == parameters(try Crypto.hashPassword("x")))
    }

    @Test func anIntentOfADisabledAccountIsRefusedEvenWithAnActorBuiltBefore() throws {
        let (consultation, questions) = try world.consultation()
        let kiosk = world.kiosk                 // built at sign-in, before the account is disabled
        _ = try world.submit("Más rutas", consultation: consultation, questions: questions, by: kiosk)
        _ = try world.db.disableAccount(username: "kiosk1", by: world.admin)
        let before = try world.auditCount()
        #expect(cabildoError { try world.submit("Otra", consultation: consultation, questions: questions, by: kiosk) }
            == .accountDisabled)
        #expect(try world.auditCount() == before)
        #expect(!world.db.accountIsEnabled(kiosk.accountId!))
        _ = try world.db.enableAccount(username: "kiosk1", by: world.admin)
        #expect(world.db.accountIsEnabled(kiosk.accountId!))
        _ = try world.submit("Otra", consultation: consultation, questions: questions, by: kiosk)
    }

    @Test func aNewPasswordFollowsTheRulesAndIsAuditedWithoutItsHash() throws {
        #expect(cabildoError { try world.db.changePassword(username: "admin", to: "corta", by: world.admin) }?.field
            == "password")
        _ = try world.db.changePassword(username: "admin", to: "una-clave-nueva-larga", by: .operator("tests"))
        #expect(fails("admin", World.password, for: .anyRole) == .signInFailed)
        #expect(try world.db.signIn(username: "admin", password: "una-clave-nueva-larga", at: "t", for: .anyRole)
            .username == "admin")
        let entry = try world.db.reader.read {
            try AuditEntry.filter(Column("action") == "account.password").fetchOne($0)
        }
        #expect(entry != nil && !(entry!.after ?? "").contains("argon2") && !(entry!.before ?? "").contains("argon2"))
    }

    @Test func theOperatorIsTheRealUserNotDollarUser() {
        let name = Actor.operator().name
        #expect(name.hasPrefix("operator:") && name.contains("(uid \(getuid()))"))
    }
}

/// Guesses made in parallel: a lock that another process sets while this
/// one waits before answering still holds, even for the right password.
@Suite struct ParallelSignInTests {
    final class Elsewhere: @unchecked Sendable { var db: AppDatabase? }

    @Test func aLockSetDuringTheWaitHoldsForTheRightPasswordToo() throws {
        let elsewhere = Elsewhere()
        let clock = Clock(now: { Date(timeIntervalSince1970: 1_772_452_800) }, sleep: { _ in
            // Another process's tenth failure locks the name while this one waits.
            try? elsewhere.db?.rawStorage.write { db in
                try db.execute(sql: "INSERT INTO signInState (username, countedAfter, lockedUntil) VALUES ('admin', 0, '2099-01-01T00:00:00Z')")
            }
        })
        let world = try World(clock: clock)
        elsewhere.db = world.db
        #expect(cabildoError { try world.db.signIn(username: "admin", password: World.password, at: "/dev/pts/1",
                                                   for: .officialsApp) } == .signInFailed)
    }
}
