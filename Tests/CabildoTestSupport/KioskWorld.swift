import CabildoCore
import Foundation
import Testing

/// A kiosk's own account (kiosco1, of Tlalnepantla) and the administrator
/// who may leave the kiosk: what every kiosk test starts with.
public enum KioskAccounts {
    public static let kioskPassword = "clave-del-kiosco"
    public static let adminPassword = "clave-de-admin-1"

    public static func add(to db: AppDatabase, kioskName: String = "Quiosco") throws -> (kiosk: Account, admin: Actor) {
        let op = Actor.operator("tests")
        let kiosk = try db.createAccount(username: "kiosco1", displayName: kioskName, role: .kiosk,
                                         jurisdictionCode: "15104", password: kioskPassword, by: op)
        let admin = Actor(account: try db.createAccount(username: "admin", displayName: "Admin", role: .administrator,
                                                        jurisdictionCode: nil, password: adminPassword, by: op))
        return (kiosk, admin)
    }
}

/// A database with a kiosk account, an administrator and an open consultation.
public struct KioskWorld {
    public let cli: CLI
    public let passwordFile: String
    public static let adminPassword = KioskAccounts.adminPassword

    public init() throws {
        cli = try CLI()
        let db = try AppDatabase.open(path: cli.database)
        let admin = try KioskAccounts.add(to: db, kioskName: "Quiosco 1").admin
        _ = try db.createConsultation(ConsultationDraft(
            jurisdictionId: try db.jurisdiction(inegiCode: "15104")!.id!, title: "Movilidad en Tlalnepantla",
            theme: .mobility, opensOn: day(fromToday: -10), closesOn: day(fromToday: 30),
            questions: [QuestionDraft(prompt: "¿Qué cambiaría del transporte público?", maxLength: 40),
                        QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, required: false,
                                      choices: ["A pie", "Transporte público", "Automóvil"])]), by: admin)
        passwordFile = cli.directory.appendingPathComponent("kiosk-password").path
        try (KioskAccounts.kioskPassword + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
    }

    public func database() throws -> AppDatabase { try AppDatabase.open(path: cli.database) }

    public func start(_ extra: [String] = [], env: [String: String] = [:]) throws -> Tmux {
        var environment = ["CABILDO_DATABASE": cli.database, "LANG": "es_MX.UTF-8", "HOME": cli.directory.path,
                           "TERM": "screen"]
        environment.merge(env) { $1 }
        let tmux = try Tmux(["kiosk", "--place", "Palacio Municipal", "--account", "kiosco1",
                             "--password-file", passwordFile] + extra, environment: environment)
        try tmux.keepPaneOnExit()
        tmux.waitFor("the welcome") { $0.contains("Bienvenida · Welcome") }
        return tmux
    }

    /// Language, menu, consultation, the anonymous choice: the first question.
    public func toFirstQuestion(_ tmux: Tmux, contact: Bool = false) throws {
        try tmux.type("1")
        tmux.waitFor("the menu") { $0.contains("1. Participar en una consulta") }
        try tmux.type("1")
        tmux.waitFor("the consultations") { $0.contains("1. Movilidad en Tlalnepantla") }
        try tmux.type("1")
        tmux.waitFor("the notice") { $0.contains("Aviso de privacidad") }
        try tmux.type(contact ? "1" : "2")
        tmux.waitFor("question 1") { $0.contains("Pregunta 1 de 2") }
    }

    /// The folio on a receipt screen, as the citizen reads it.
    public static func folio(on screen: String) -> String? {
        screen.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 11 && $0.filter { $0 == "-" }.count == 2 && !$0.contains(" ") }
    }
}
