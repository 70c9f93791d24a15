import CabildoText
import Foundation
import GRDB
import CabildoCore

// What the test suites share: the seed, a fixed day, a seeded in-memory
// world with one account of each kind, and the accounts the officials'
// screens are tried with. One copy here, for every test target.

public let seedDirectory = Resources.data.appendingPathComponent("seed")
/// 2026-03-02T12:00:00Z: a fixed day, so consultations' windows are stable.
public let fixedClock = Clock(now: { Date(timeIntervalSince1970: 1_772_452_800) })

public func temporaryDirectory(prefix: String = "cabildo-tests") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    TemporaryFolders.removeAtExit(url)
    return url
}

/// The folders the tests made, removed when the test process ends: a whole
/// run used to leave about a gigabyte of databases in /tmp, every run.
/// Not sooner, since a test may hand a folder's path to a process that outlives its value.
enum TemporaryFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [URL] = []
    private static let hook: Void = { atexit { TemporaryFolders.removeAll() } }()

    static func removeAtExit(_ url: URL) {
        _ = hook
        lock.withLock { made.append(url) }
    }

    static func removeAll() {
        for url in lock.withLock({ made }) { try? FileManager.default.removeItem(at: url) }
    }
}

/// A seeded in-memory database with one account of each kind.
public struct World {
    public let db: AppDatabase
    public let admin: Actor
    public let tlalnepantlaEditor: Actor
    public let stateEditor: Actor
    public let monitor: Actor
    public let kiosk: Actor

    public static let password = "contraseña-segura"

    public init(clock: Clock = fixedClock) throws {
        let db = try AppDatabase.inMemory(seedDirectory: seedDirectory, clock: clock)
        self.db = db
        let op = Actor.operator("tests")
        func make(_ name: String, _ role: Role, _ code: String?) throws -> Actor {
            Actor(account: try db.createAccount(username: name, displayName: name, role: role, jurisdictionCode: code,
                                                password: World.password, by: op))
        }
        admin = try make("admin", .administrator, nil)
        tlalnepantlaEditor = try make("editor.tlalne", .editor, "15104")
        stateEditor = try make("editor.edomex", .editor, "15")
        monitor = try make("monitor", .monitor, nil)
        kiosk = try make("kiosk1", .kiosk, "15104")
    }

    public func jurisdictionId(_ code: String) throws -> Int64 { try db.jurisdiction(inegiCode: code)!.id! }

    public func planId() throws -> Int64 { try db.actionPlans().first!.id! }

    public func auditCount() throws -> Int { try db.reader.read { try AuditEntry.fetchCount($0) } }

    /// An open consultation of Tlalnepantla with a required text question and a choice question.
    public func consultation() throws -> (Consultation, [ConsultationQuestion]) {
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try jurisdictionId("15104"), title: "Movilidad en Tlalnepantla", theme: .mobility,
            opensOn: "2026-03-01", closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Qué cambiaría del transporte?", maxLength: 200),
                        QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, required: false,
                                      choices: ["A pie", "Transporte público", "Automóvil"])]),
            by: tlalnepantlaEditor)
        return (consultation, try db.questions(of: consultation.id!))
    }

    public func submit(_ text: String, consultation: Consultation, questions: [ConsultationQuestion],
                       contact: ContactDetails = ContactDetails(), notice: String? = nil, by actor: Actor? = nil) throws
        -> Submission {
        try db.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .kiosk, place: "Palacio Municipal",
            jurisdictionId: try jurisdictionId("15104"), answers: [questions[0].id!: text], contact: contact,
            privacyNoticeVersion: notice), by: actor ?? kiosk)
    }

}

public func cabildoError(_ body: () throws -> Any) -> CabildoError? {
    do { _ = try body(); return nil } catch { return error as? CabildoError }
}

/// The officials' screens are tried as Ana, an administrator of a seeded
/// in-memory database.
public enum Ana {
    public static let username = "ana"
    public static let password = "clave-de-ana-1"

    /// A seeded in-memory database where Ana is the administrator.
    public static func database() throws -> AppDatabase {
        let database = try AppDatabase.inMemory(seedDirectory: seedDirectory)
        _ = try database.createAccount(username: username, displayName: "Ana", role: .administrator,
                                       jurisdictionCode: nil, password: password, by: .operator("tests"))
        return database
    }
}

/// A calendar day (AAAA-MM-DD, UTC) some days from today: consultations
/// that must be open whenever the test runs.
public func day(fromToday days: Double) -> String {
    Date().addingTimeInterval(days * 86_400).formatted(Date.ISO8601FormatStyle().year().month().day())
}
