import CabildoText
import Foundation
import GRDB

/// Deterministic synthetic submissions for trying Cabildo at scale: the same
/// seed gives the same data. Loaded in large transactions; every record gets
/// its audit entry (so `check` can compare it), and each transaction ends with
/// an entry saying how many submissions it stored.
extension AppDatabase {
    public struct DemoDataReport: Sendable {
        public let submissions: Int
        public let consultations: Int
        public let seconds: Double
    }

    static let demoWords = [
        "alumbrado", "banquetas", "baches", "agua", "potable", "drenaje", "transporte", "público", "seguridad",
        "iluminación", "parques", "áreas", "verdes", "mercado", "escuela", "clínica", "participación", "vecinos",
        "calle", "avenida", "colonia", "caravana", "justicia", "cotidiana", "trámites", "licencias", "basura",
        "recolección", "rutas", "nocturnas", "mujeres", "jóvenes", "personas", "mayores", "accesibilidad", "rampas",
        "semáforos", "cruceros", "policía", "cuadrante", "transparencia", "cuentas", "presupuesto", "obra",
        "pública", "información", "módulo", "atención", "ciudadana", "más", "mejor", "urgente", "necesitamos",
        "pedimos", "solicitamos", "gracias", "por", "favor", "en", "la", "el", "de", "del", "para", "con", "sin",
    ]

    /// The demo consultations' choice question's options: words the free
    /// answers never use, so searching those finds what it found before.
    static let demoTopics = ["Empleo", "Salud", "Vivienda", "Medio ambiente", "Cultura y deporte"]

    /// Adds `count` submissions spread over a few open consultations (created
    /// if missing), several municipalities, every channel and status.
    public func loadDemoData(submissions count: Int, seed: UInt64, by actor: Actor,
                             progress: ((Int) -> Void)? = nil) throws -> DemoDataReport {
        let started = Date()
        var random = SeededRandom(seed: seed)
        let today = clock.today()
        let (consultationIds, municipalities, existing): ([Int64], [Int64], Set<String>) = try perform { db, now in
            try actor.require(.manageAccounts, db)
            var ids = try Int64.fetchAll(db, sql: "SELECT id FROM consultation WHERE title LIKE 'Demostración:%'")
            if ids.isEmpty {
                for (code, title, theme) in [("15104", "Demostración: movilidad en Tlalnepantla", Theme.mobility),
                                             ("15031", "Demostración: agua en Chimalhuacán", .publicWorks),
                                             ("15", "Demostración: justicia cotidiana en el Estado de México", .justice)] {
                    guard let place = try Int64.fetchOne(db, sql: "SELECT id FROM jurisdiction WHERE inegiCode = ?",
                                                         arguments: [code]) else {
                        throw CabildoError.notFound(Message("No jurisdiction has the INEGI code {code}.",
                                                            ["code": .text(code)]))
                    }
                    let id = try Self.insert(Consultation(id: nil, jurisdictionId: place, title: title, theme: theme,
                                                          opensOn: "2026-01-01", closesOn: max(today, "2030-12-31")),
                                             db, actor, now, action: "demoData.consultation").id!
                    try db.execute(sql: """
                        INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength)
                        VALUES (?, 1, '¿Qué propone para su colonia?', 'text', 1, 2000)
                        """, arguments: [id])
                    // A choice too, so the tallies have options to count.
                    try db.execute(sql: """
                        INSERT INTO consultationQuestion (consultationId, position, prompt, kind, required, maxLength, choices)
                        VALUES (?, 2, '¿Qué tema le importa más?', 'choice', 0, 200, ?)
                        """, arguments: [id, String(decoding: try JSONEncoder().encode(Self.demoTopics), as: UTF8.self)])
                    ids.append(id)
                }
            }
            let places = try Int64.fetchAll(db, sql: "SELECT id FROM jurisdiction WHERE kind = 'municipality' ORDER BY id")
            return (ids, places, Set(try String.fetchAll(db, sql: "SELECT folio FROM submission")))
        }
        var used = existing
        let channels = Channel.allCases
        let batch = 20_000
        var written = 0, stored = 0
        while written < count {
            let n = min(batch, count - written)
            stored += try perform { db, now in
                let firstId = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM submission") ?? 0
                let audit = try Audit.Batch(db)
                let answer = try db.makeStatement(sql: """
                    INSERT INTO answer (submissionId, questionId, text)
                    VALUES (?, (SELECT id FROM consultationQuestion WHERE consultationId = ? AND position = 1), ?)
                    """)
                // Demo consultations made before the choice question have none: nothing inserted.
                let topic = try db.makeStatement(sql: """
                    INSERT INTO answer (submissionId, questionId, text)
                    SELECT ?, id, ? FROM consultationQuestion WHERE consultationId = ? AND position = 2 AND kind = 'choice'
                    """)
                for _ in 0..<n {
                    var folio = Folio.random(using: &random)
                    while used.contains(folio) { folio = Folio.random(using: &random) }
                    used.insert(folio)
                    let consultation = consultationIds.randomElement(using: &random)!
                    let place = municipalities.randomElement(using: &random)!
                    let roll = Int.random(in: 0..<100, using: &random)
                    let moderation: Moderation = roll < 70 ? .pending : roll < 95 ? .published : .rejected
                    let day = 1 + Int.random(in: 0..<300, using: &random)
                    let received = String(format: "2026-%02d-%02dT%02d:%02d:00Z", 1 + day / 28 % 12, 1 + day % 28,
                                          Int.random(in: 8...19, using: &random), Int.random(in: 0...59, using: &random))
                    let words = (0..<Int.random(in: 5...16, using: &random)).map { _ in
                        Self.demoWords.randomElement(using: &random)!
                    }.joined(separator: " ")
                    let id = try audit.insert(Submission(
                        id: nil, folio: folio, consultationId: consultation, channel: channels.randomElement(using: &random)!,
                        place: "Módulo \(place)", jurisdictionId: place, receivedAt: received, moderation: moderation,
                        rejectionReason: moderation == .rejected ? "Contenido ajeno a la consulta." : nil,
                        commitmentId: nil, recordedBy: nil), actor: actor, at: now, action: "demoData.submission").id!
                    try answer.execute(arguments: [id, consultation, words.prefix(1).uppercased() + words.dropFirst()])
                    if roll % 5 != 4 {   // one in five leaves it unanswered
                        // From what was drawn already: the same seed keeps giving the same submissions.
                        try topic.execute(arguments: [id, Self.demoTopics[day % Self.demoTopics.count], consultation])
                    }
                    if moderation == .published && roll % 3 == 0 {
                        try audit.insert(Response(id: nil, submissionId: id,
                                                  body: "Gracias; su propuesta se turnó al área responsable.",
                                                  respondedAt: received, accountId: actor.accountId),
                                         actor: actor, at: now, action: "demoData.response")
                    }
                }
                // Written last, in the same transaction: what this batch stored, not what was asked.
                let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE id > ?",
                                              arguments: [firstId]) ?? 0
                try audit.append(actor: actor, at: now, action: "demoData.load", table: "submission", id: nil,
                                 before: nil, after: "{\"seed\":\(seed),\"submissions\":\(stored)}")
                try audit.finish()
                return stored
            }
            written += n
            progress?(stored)
        }
        return DemoDataReport(submissions: stored, consultations: consultationIds.count,
                              seconds: Date().timeIntervalSince(started))
    }
}
