import CabildoText
import Foundation
import GRDB

/// A day's consultation in a community with no network (a jornada of the
/// Caravanas por la Justicia Cotidiana): taken on a laptop from a kit the
/// server prepared, then merged at the server from a signed bundle.
public struct Jornada: CabildoRecord, Equatable {
    public var id: Int64?
    /// The same on the laptop and at the server: what a bundle is known by.
    public var uid: String
    public var kitId: String
    public var jurisdictionId: Int64
    public var day: String
    public var place: String
    public var staff: String
    /// The public half of the laptop's jornada key (hex), which signs its bundle.
    public var signingKey: String
    public var paperCollected: Int
    public var openedAt: String
    public var closedAt: String?
    public var mergedAt: String?
}

/// What a kit carries (nothing personal), as its first line holds it.
struct CaravanKit: Codable {
    struct Notice: Codable {
        let version: String
        let publishedOn: String
        let texts: [String: String]
    }
    /// An earlier submission's folio and its public status, for "check my folio" offline.
    struct EarlierFolio: Codable {
        let folio: String
        let consultationTitle: String
        let receivedAt: String
        let moderation: Moderation
        let response: String?
        let respondedAt: String?
    }
    static let format = "cabildo-caravan-kit/1"
    var format = CaravanKit.format
    let id: String
    let preparedAt: String
    let day: String
    let municipality: String
    let server: String
    let jurisdictions: [Jurisdiction]
    let consultations: [Consultation]
    let questions: [ConsultationQuestion]
    let notice: Notice?
    let mechanisms: [Mechanism]
    let folios: [EarlierFolio]
}

/// What `caravan prepare` made.
public struct KitSummary: Sendable {
    public let kitId: String
    public let municipality: String
    public let day: String
    public let consultations: Int
    public let mechanisms: Int
    public let folios: Int
    /// The kit file's whole text: its content, then its signature.
    public let text: String
}

extension AppDatabase {
    static let caravanLaptopKey = "caravanKit"

    // MARK: - The kit, at the server

    /// A kit for a jornada in a municipality on a day: the consultations open
    /// that day for the municipality and its state with their questions, the
    /// privacy notice in force, the mechanisms of both, the folios and public
    /// responses of the municipality's earlier submissions, the server's
    /// public key and a new kit id; signed with the server's key. The kit is
    /// remembered (audited), so only its bundles are accepted later.
    public func prepareCaravanKit(municipality code: String, day: String, keys: CaravanServerKeys,
                                  by actor: Actor) throws -> KitSummary {
        guard Fields.isDay(day) else {
            throw CabildoError(.validation, Message("--date: write the date as YYYY-MM-DD, for example 2021-10-15"),
                               field: "date")
        }
        return try perform { db, now in
            try actor.require(.manageAccounts, db)
            guard let municipality = try Jurisdiction.filter(Column("inegiCode") == code).fetchOne(db),
                  municipality.kind == .municipality else {
                throw CabildoError(.validation, Message("--municipality: no municipality has the INEGI code {code}.",
                                                        ["code": .text(code)]), field: "municipality")
            }
            var jurisdictions = [municipality]
            if let parentId = municipality.parentId, let state = try Jurisdiction.fetchOne(db, key: parentId) {
                jurisdictions.insert(state, at: 0)
            }
            let ids = jurisdictions.compactMap(\.id)
            let consultations = try Consultation.filter(ids.contains(Column("jurisdictionId"))
                                                        && Column("opensOn") <= day && Column("closesOn") >= day)
                .order(Column("id")).fetchAll(db)
            let questions = try ConsultationQuestion.filter(consultations.compactMap(\.id).contains(Column("consultationId")))
                .order(Column("id")).fetchAll(db)
            var notice: CaravanKit.Notice?
            if let row = try Row.fetchOne(db, sql: """
                SELECT version, publishedOn FROM privacyNotice WHERE publishedOn <= ? ORDER BY publishedOn DESC, version DESC LIMIT 1
                """, arguments: [day]) {
                let version: String = row[0]
                let texts = try Row.fetchAll(db, sql: "SELECT language, body FROM privacyNoticeText WHERE version = ?",
                                             arguments: [version])
                notice = .init(version: version, publishedOn: row[1],
                               texts: Dictionary(texts.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a }))
            }
            let mechanisms = try Mechanism.filter(ids.contains(Column("jurisdictionId"))).order(Column("id")).fetchAll(db)
            let folios = try Row.fetchAll(db, sql: """
                SELECT s.folio, c.title, s.receivedAt, s.moderation, r.body, r.respondedAt
                FROM submission s JOIN consultation c ON c.id = s.consultationId
                LEFT JOIN response r ON r.submissionId = s.id
                WHERE s.jurisdictionId = ? ORDER BY s.id
                """, arguments: [municipality.id]).map { row in
                CaravanKit.EarlierFolio(folio: row[0], consultationTitle: row[1], receivedAt: row[2],
                                        moderation: Moderation(rawValue: row[3]) ?? .pending, response: row[4],
                                        respondedAt: row[5])
            }
            let kit = CaravanKit(id: Crypto.hex(Crypto.randomBytes(16)), preparedAt: now, day: day,
                                 municipality: municipality.inegiCode, server: keys.publicKey,
                                 jurisdictions: jurisdictions, consultations: consultations, questions: questions,
                                 notice: notice, mechanisms: mechanisms, folios: folios)
            let encoder = Audit.jsonEncoder()
            let body = String(decoding: try encoder.encode(kit), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO caravanKit (id, jurisdictionId, day, preparedAt, serverKey) VALUES (?, ?, ?, ?, ?)
                """, arguments: [kit.id, municipality.id, day, now, keys.publicKey])
            try Audit.append(db, actor: actor, at: now, action: "caravan.prepare", table: "caravanKit", id: nil,
                             before: nil, after: """
                                {"kit":"\(kit.id)","municipality":\(JSONText.quote(municipality.inegiCode)),\
                                "day":"\(day)","consultations":\(consultations.count),"folios":\(folios.count)}
                                """)
            return KitSummary(kitId: kit.id, municipality: municipality.inegiCode, day: day,
                              consultations: consultations.count, mechanisms: mechanisms.count, folios: folios.count,
                              text: body + "\n" + keys.sign(Self.kitSigned(body)) + "\n")
        }
    }

    static func kitSigned(_ body: String) -> String { "cabildo-caravan-kit:" + body }

    /// Reads and checks a kit file: its form and its server's signature.
    static func readKit(_ text: String, file: String) throws -> CaravanKit {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2, let kit = try? JSONDecoder().decode(CaravanKit.self, from: Data(lines[0].utf8)),
              kit.format == CaravanKit.format else {
            throw CabildoError(.dataFile, Message("{file} is not a caravan kit (cabildo caravan prepare makes one).",
                                                  ["file": .text(file)]))
        }
        guard let server = CaravanPublicKey(kit.server),
              Crypto.verify(kitSigned(lines[0]), signature: lines[1], publicKey: server.signHex) else {
            throw CabildoError(.dataFile, Message("{file}: the kit's signature does not match; it was altered or cut off. Ask the server for a new kit.",
                                                  ["file": .text(file)]))
        }
        return kit
    }

    // MARK: - The jornada, on the laptop

    /// The laptop's database for a jornada: a new file filled from the kit
    /// alone (no seed: its records keep the server's numbers), or the one a
    /// jornada of the same kit already uses. Another kit's database is refused.
    public static func openCaravanLaptop(path: String, kitText: String, kitFile: String,
                                         clock: Clock = Clock()) throws -> AppDatabase {
        let kit = try readKit(kitText, file: kitFile)
        let database = try open(path: path, creating: true, seedDirectory: nil, clock: clock)
        let held = try database.read { db in
            try Self.caravanKitId(db)
        }
        if let held {
            guard held == kit.id else {
                throw CabildoError(.conflict, Message("{path} holds the jornada of another kit ({kit}); use a new database file for this kit.",
                                                      ["path": .text(path), "kit": .text(held)]))
            }
            return database
        }
        try database.perform { db, now in
            if try Account.fetchCount(db) > 0 || Jurisdiction.fetchCount(db) > 0 {
                throw CabildoError(.conflict, Message("{path} is a database in use, not a caravan laptop's; give a new file with --database.",
                                                      ["path": .text(path)]))
            }
            let audit = try Audit.Batch(db)
            let actor = Actor.system
            for jurisdiction in kit.jurisdictions.sorted(by: { ($0.parentId == nil ? 0 : 1) < ($1.parentId == nil ? 0 : 1) }) {
                try audit.insert(jurisdiction, actor: actor, at: now, action: "caravan.kit")
            }
            if let notice = kit.notice {
                try db.execute(sql: "INSERT INTO privacyNotice (version, publishedOn) VALUES (?, ?)",
                               arguments: [notice.version, notice.publishedOn])
                for (language, body) in notice.texts.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO privacyNoticeText (version, language, body) VALUES (?, ?, ?)",
                                   arguments: [notice.version, language, try TextRules.clean(body, policy: .paragraphs(20_000))])
                }
                try audit.append(actor: actor, at: now, action: "privacyNotice.publish", table: "privacyNotice", id: nil,
                                 before: nil, after: "{\"version\":\(JSONText.quote(notice.version))}")
            }
            for consultation in kit.consultations {
                try audit.insert(consultation, actor: actor, at: now, action: "caravan.kit")
            }
            for var question in kit.questions { try question.insert(db) }
            for mechanism in kit.mechanisms { try audit.insert(mechanism, actor: actor, at: now, action: "caravan.kit") }
            for folio in kit.folios {
                try db.execute(sql: """
                    INSERT INTO caravanFolio (folio, consultationTitle, receivedAt, moderation, response, respondedAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [folio.folio, folio.consultationTitle, folio.receivedAt, folio.moderation.rawValue,
                                     folio.response, folio.respondedAt])
            }
            guard let municipality = kit.jurisdictions.first(where: { $0.inegiCode == kit.municipality }) else {
                throw CabildoError(.dataFile, Message("{file} is not a caravan kit (cabildo caravan prepare makes one).",
                                                      ["file": .text(kitFile)]))
            }
            try db.execute(sql: """
                INSERT INTO caravanKit (id, jurisdictionId, day, preparedAt, serverKey) VALUES (?, ?, ?, ?, ?)
                """, arguments: [kit.id, municipality.id, kit.day, kit.preparedAt, kit.server])
            // Marked as filled, so no later start seeds it with the server's sample data.
            try db.execute(sql: "INSERT INTO cabildoMeta (key, value) VALUES ('seededAt', ?), (?, ?)",
                           arguments: [now, caravanLaptopKey, kit.id])
            try audit.append(actor: actor, at: now, action: "caravan.kit", table: "caravanKit", id: nil, before: nil,
                             after: "{\"kit\":\"\(kit.id)\",\"consultations\":\(kit.consultations.count),\"folios\":\(kit.folios.count)}")
            try audit.finish()
        }
        return database
    }

    /// Starts the laptop's jornada, or resumes it (a closed one opens again):
    /// where, who is on duty, and the key that will sign its bundle. The first
    /// time, it makes the laptop's two accounts with the staff's password: the
    /// kiosk's (`kioskAccount`) and the staff's administrator (`staffAccount`),
    /// who leaves the kiosk and types in paper forms.
    public func startJornada(place: String, staff: String, password: String, databasePath: String,
                             kioskAccount: String = "caravana-kiosco",
                             staffAccount: String = "caravana") throws -> Jornada {
        let place = try Fields.requiredPlace.clean(place)
        let staff = try Fields.staff.clean(staff)
        let (kitId, jurisdictionId, day, municipality) = try read { db -> (String, Int64, String, String) in
            guard let kitId = try Self.caravanKitId(db),
                  let row = try Row.fetchOne(db, sql: """
                    SELECT k.jurisdictionId, k.day, j.inegiCode FROM caravanKit k JOIN jurisdiction j ON j.id = k.jurisdictionId
                    WHERE k.id = ?
                    """, arguments: [kitId]) else {
                throw CabildoError(.validation, Message("This database holds no caravan kit; run cabildo caravan open KIT first."))
            }
            return (kitId, row[0], row[1], row[2])
        }
        if try read({ try Account.fetchCount($0) }) == 0 {
            _ = try createAccount(username: staffAccount, displayName: staff, role: .administrator,
                                  jurisdictionCode: nil, password: password, by: .system)
            _ = try createAccount(username: kioskAccount, displayName: kioskAccount, role: .kiosk,
                                  jurisdictionCode: municipality, password: password, by: .system)
        }
        let key = try JornadaKey.forDatabase(at: databasePath, create: true)!
        return try perform { db, now in
            if let before = try Jornada.fetchOne(db) {
                guard before.signingKey == Crypto.hex(key.publicKey) else {
                    throw CabildoError(.storage, Message("The jornada key {path} is not the one this jornada opened with; the jornada cannot be signed.",
                                                         ["path": .text(JornadaKey.path(forDatabase: databasePath))]))
                }
                var after = before
                after.closedAt = nil
                after.place = place
                after.staff = staff
                return before == after ? before : try Self.update(before, to: after, db, .system, now, action: "jornada.resume")
            }
            let jornada = Jornada(id: nil, uid: Crypto.hex(Crypto.randomBytes(16)), kitId: kitId,
                                  jurisdictionId: jurisdictionId, day: day, place: place, staff: staff,
                                  signingKey: Crypto.hex(key.publicKey), paperCollected: 0, openedAt: now, closedAt: nil,
                                  mergedAt: nil)
            return try Self.insert(jornada, db, .system, now, action: "jornada.open")
        }
    }

    /// A record taken on a caravan laptop: the open jornada and, when the
    /// citizen left contact data, that data sealed to the server's key.
    struct JornadaCapture {
        let jornadaId: Int64
        let uid: String
        let sealedContact: [UInt8]?
    }

    /// On a caravan laptop, contact data is sealed at capture and never stored
    /// readable; with no open jornada there, nothing is taken. Elsewhere, nil.
    static func jornadaCapture(_ contact: ContactDetails, _ db: Database) throws -> JornadaCapture? {
        guard let kitId = try Self.caravanKitId(db) else { return nil }
        guard let row = try Row.fetchOne(db, sql: """
            SELECT j.id, j.uid, k.serverKey FROM jornada j JOIN caravanKit k ON k.id = j.kitId
            WHERE j.kitId = ? AND j.closedAt IS NULL
            """, arguments: [kitId]), let server = CaravanPublicKey(row[2]) else {
            throw CabildoError(.validation, Message("The jornada is closed; open it again with cabildo caravan open to take part."))
        }
        var sealed: [UInt8]?
        if !contact.isEmpty {
            var fields: [String: String] = [:]
            fields["name"] = contact.name; fields["email"] = contact.email; fields["phone"] = contact.phone
            let json = try Audit.jsonEncoder().encode(fields)
            sealed = Crypto.seal(Array(json), to: server.box)
        }
        return JornadaCapture(jornadaId: row[0], uid: row[1], sealedContact: sealed)
    }

    /// Files a record under its jornada (audited in the same transaction).
    static func keep(_ capture: JornadaCapture, submissionId: Int64? = nil, contactRequestId: Int64? = nil,
                     typedFromPaper: Bool, _ db: Database, _ actor: Actor, _ now: String) throws {
        let key = submissionId.map { "s:\($0)" } ?? "c:\(contactRequestId ?? 0)"
        try db.execute(sql: """
            INSERT INTO jornadaRecord (jornadaId, localKey, submissionId, contactRequestId, typedFromPaper, sealedContact)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [capture.jornadaId, key, submissionId, contactRequestId, typedFromPaper,
                             capture.sealedContact.map { Data($0) }])
        try Audit.append(db, actor: actor, at: now, action: "jornada.capture", table: "jornadaRecord", id: nil,
                         before: nil, after: """
                            {"jornada":"\(capture.uid)","key":"\(key)","typedFromPaper":\(typedFromPaper),\
                            "sealedContact":\(capture.sealedContact != nil)}
                            """)
    }

    /// The jornada this laptop database holds, if any.
    public func laptopJornada() throws -> Jornada? {
        try read { db in
            guard let kitId = try Self.caravanKitId(db) else { return nil }
            return try Jornada.filter(Column("kitId") == kitId).fetchOne(db)
        }
    }
}

extension Fields {
    public static let staff = FieldRule("staff", Message("Staff on duty"), .line(500, required: true))
}
