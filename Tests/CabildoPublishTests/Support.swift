import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
@testable import CabildoPublish

/// 2026-03-02T12:00:00Z, as the Core tests' clock.
let fixedClock = Clock(now: { Date(timeIntervalSince1970: 1_772_452_800) })
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// Personal or internal text planted in the database; none of it may reach the site.
enum Planted {
    static let citizenName = "Zacarías Plantado Quintanilla"
    static let citizenEmail = "zacarias.plantado@example.org"
    static let citizenPhone = "+52 55 9911 2233"
    static let pendingText = "PENDIENTE-SECRETO-7781 una propuesta aún sin moderar"
    static let rejectedText = "RECHAZADO-SECRETO-4410 una propuesta rechazada"
    static let rejectionReason = "RAZON-INTERNA-9902 de moderación"
    static let accountName = "cuenta.plantada"
    static let accountDisplayName = "Funcionaria Plantada Oculta"
    static let contactMessage = "MENSAJE-CIUDADANO-5521 quiero hablar con el comité"
    static let contactName = "Remitente Plantado Ruiz"
    static let contactEmail = "remitente.plantado@example.org"
    static let memberEmail = "integrante.privado@example.org"
    static let memberPhone = "+52 55 4477 6600"
    static let privateMinutes = "ACTA-PRIVADA-3310 de una sesión no pública"
    static let placeTyped = "Casa de Zacarías, calle Plantada 12"

    static var all: [String] {
        [citizenName, citizenEmail, citizenPhone, pendingText, rejectedText, rejectionReason, accountName,
         accountDisplayName, contactMessage, contactName, contactEmail, memberEmail, memberPhone, privateMinutes,
         placeTyped]
    }

    /// Text that must be published, so a search that finds nothing is not a search that cannot find.
    static let publishedText = "PUBLICADA-4242 más alumbrado en la colonia"
    static let responseText = "Respuesta pública: se turnó a Obras Públicas."
    static let memberName = "Integrante Pública Hernández"
    static let agreementText = "Acuerdo público: revisar las luminarias de la avenida."
}

/// The seed data, a demo consultation of `demo` synthetic submissions, and
/// records of every kind, planted personal data among them.
struct PublishWorld {
    let db: AppDatabase
    let consultationId: Int64
    let mechanismId: Int64
    let messageFolio: String
    static let messageAnswer = "Sesionamos el primer lunes de cada mes."

    init(demo: Int = 1_500) throws {
        let db = try AppDatabase.inMemory(seedDirectory: Resources.data.appendingPathComponent("seed"), clock: fixedClock)
        self.db = db
        let op = Actor.operator("tests")
        let admin = Actor(account: try db.createAccount(username: Planted.accountName,
                                                        displayName: Planted.accountDisplayName,
                                                        role: .administrator, jurisdictionCode: nil,
                                                        password: "contraseña-segura", by: op))
        let monitor = Actor(account: try db.createAccount(username: "monitor", displayName: "monitor", role: .monitor,
                                                          jurisdictionCode: nil, password: "contraseña-segura", by: op))
        _ = try db.loadDemoData(submissions: demo, seed: 7, by: op)
        let tlalnepantla = try db.jurisdiction(inegiCode: "15104")!.id!

        // A mechanism's members (one with private contact data), a public and a private session, an agreement.
        let mechanism = try db.mechanisms(jurisdictionId: tlalnepantla).first!
        mechanismId = mechanism.id!
        let member = try db.addMember(to: mechanismId, .person(name: Planted.memberName, email: Planted.memberEmail,
                                                               phone: Planted.memberPhone),
                                      post: "Vocal", sector: .civilSociety, startDate: "2025-01-15", by: admin)
        let past = try db.addMember(to: mechanismId, .person(name: "Integrante Anterior López"), post: "Secretaria técnica",
                                    sector: .government, startDate: "2024-01-01", by: admin)
        _ = try db.endMembership(past.id!, on: "2025-12-31", by: admin)
        let session = try db.recordSession(SessionDraft(
            mechanismId: mechanismId, date: "2026-02-10", place: "Sala de Cabildo", minutes: "Se revisó el alumbrado.",
            agenda: ["Lista de asistencia", "Alumbrado público"], attendance: [member.id!],
            agreements: [(Planted.agreementText, "Dirección de Obras Públicas", "2026-04-30")]), by: admin)
        _ = try db.recordSession(SessionDraft(mechanismId: mechanismId, date: "2026-02-20", place: "Oficina",
                                              isPublic: false, minutes: Planted.privateMinutes), by: admin)
        let agreement = try db.agreements(of: mechanismId).first { $0.sessionId == session.id }!
        _ = try db.followUpAgreement(agreement.id!, status: .inProgress, note: "Se levantó el inventario.", by: admin)
        _ = try db.addActivity(mechanismId: mechanismId, date: "2026-02-15", title: "Recorrido nocturno",
                               description: "Revisión de luminarias.", by: admin)
        _ = try db.publishNews(mechanismId: mechanismId, title: "Nuevo comité", body: "Se instaló el comité.", by: admin)
        let request = try db.sendContactRequest(mechanismId: mechanismId, message: Planted.contactMessage,
                                                contact: ContactDetails(name: Planted.contactName, email: Planted.contactEmail),
                                                privacyNoticeVersion: "2026-01", place: "Kiosco", by: op)
        // Its answer is published under its folio; the message and its sender never are.
        messageFolio = try db.answerContactRequest(request.id!, answer: PublishWorld.messageAnswer, by: admin).folio!

        // A commitment's progress and an assessment.
        let (commitment, _) = try db.commitmentsWithProgress().first!
        let milestone = try db.addMilestone(to: commitment.id!, description: "Diagnóstico publicado", dueDate: "2026-02-01",
                                            by: admin)
        _ = try db.addMilestone(to: commitment.id!, description: "Mesas de trabajo", dueDate: "2026-06-01", by: admin)
        _ = try db.completeMilestone(milestone.id!, on: "2026-01-30", by: admin)
        _ = try db.recordProgressUpdate(commitmentId: commitment.id!, milestoneId: milestone.id!,
                                        summary: "Se publicó el diagnóstico.",
                                        evidence: [(.link, "https://example.gob.mx/diagnostico")], by: admin)
        _ = try db.recordAssessment(commitmentId: commitment.id!, AssessmentDraft(
            verifiable: true, potentialForResults: .modest, completion: .limited, openedGovernment: nil,
            rationale: "Avance verificable."), by: monitor)

        // A consultation with a choice question: one published, one pending, one rejected contribution.
        let consultation = try db.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Alumbrado en Tlalnepantla", theme: .publicWorks,
            opensOn: "2026-03-01", closesOn: "2026-03-31",
            questions: [QuestionDraft(prompt: "¿Qué propone?", maxLength: 300),
                        QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, required: false,
                                      choices: ["A pie", "Transporte público", "Automóvil"])]), by: admin)
        consultationId = consultation.id!
        let questions = try db.questions(of: consultationId)
        func submit(_ text: String, choice: String?, contact: ContactDetails = ContactDetails()) throws -> Submission {
            var answers = [questions[0].id!: text]
            if let choice { answers[questions[1].id!] = choice }
            return try db.recordSubmission(SubmissionDraft(
                consultationId: consultationId, channel: .kiosk, place: Planted.placeTyped, jurisdictionId: tlalnepantla,
                answers: answers, contact: contact,
                privacyNoticeVersion: contact == ContactDetails() ? nil : "2026-01"), by: admin)
        }
        let published = try submit(Planted.publishedText, choice: "A pie",
                                   contact: ContactDetails(name: Planted.citizenName, email: Planted.citizenEmail,
                                                           phone: Planted.citizenPhone))
        _ = try db.moderateSubmission(published.id!, .publish, by: admin)
        _ = try db.respondToSubmission(published.id!, body: Planted.responseText, by: admin)
        _ = try submit(Planted.pendingText, choice: "Automóvil")
        let rejected = try submit(Planted.rejectedText, choice: "Transporte público")
        _ = try db.moderateSubmission(rejected.id!, .reject(reason: Planted.rejectionReason), by: admin)
    }

    func publish(to directory: URL, jurisdiction: String? = nil, baseURL: String? = nil) throws -> Site.Report {
        try Site(database: db, jurisdiction: jurisdiction, baseURL: baseURL, localizers: try Site.languages())
            .publish(to: directory.path)
    }
}

/// Every file under a folder, by path relative to it, sorted.
func files(under root: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
    for case let url as URL in walk where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        out[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
    }
    return out
}

struct ToolResult {
    let status: Int32
    let out: String
    let err: String
}

/// Runs a program found on $PATH (or nil when it is not installed).
func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> ToolResult? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    guard let executable = paths.map({ "\($0)/\(tool)" }).first(where: FileManager.default.isExecutableFile) else {
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Both pipes read while it runs: a full pipe would stop the program.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    return ToolResult(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
}

/// A file of a ZIP written without compression (the open data), by name: its
/// local headers are walked one after the other.
func storedEntry(_ name: String, in zip: Data) -> Data? {
    let bytes = [UInt8](zip)
    func number(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    var at = 0
    while at + 30 <= bytes.count, number(at, 4) == 0x0403_4b50 {
        let size = number(at + 18, 4), nameLength = number(at + 26, 2), extra = number(at + 28, 2)
        let start = at + 30 + nameLength + extra
        if String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self) == name {
            return Data(bytes[start..<(start + size)])
        }
        at = start + size
    }
    return nil
}
