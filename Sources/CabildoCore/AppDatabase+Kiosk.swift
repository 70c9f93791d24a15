import CabildoText
import Foundation
import GRDB

/// The privacy notice in force, in one language.
public struct PrivacyNoticeText: Sendable, Equatable {
    public let version: String
    public let language: String
    public let body: String
}

extension AppDatabase {
    /// Loads the notice versions in `Data/privacy/` that the database does not
    /// have yet; a published version is never changed.
    /// The notices listed in `Data/privacy/notices.csv`, checked: (version, published on).
    private func privacyNotices(in directory: URL) throws -> [(version: String, publishedOn: String)] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("notices.csv"), encoding: .utf8)
        else { return [] }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            throw CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                                  ["file": .text("Data/privacy/notices.csv"),
                                                   "line": .text(String(error.line)), "reason": .text(error.reason)]))
        }
        return try records.dropFirst().filter { $0.fields.count >= 2 }.map { record in
            let version = record.fields[0], published = record.fields[1]
            guard Fields.isDay(published) else {
                throw CabildoError(.dataFile, Message("{file}:{line}: column '{column}': {reason}",
                                                      ["file": .text("Data/privacy/notices.csv"),
                                                       "line": .text(String(record.line)),
                                                       "column": .text("published_on"),
                                                       "reason": .message(Message("write the date as YYYY-MM-DD, for example 2021-10-15"))]))
            }
            return (version, published)
        }
    }

    /// The notices of the data folder that the database does not hold yet.
    func missingPrivacyNotices(in directory: URL, _ db: Database) throws -> [(version: String, publishedOn: String)] {
        try privacyNotices(in: directory).filter { notice in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM privacyNotice WHERE version = ?", arguments: [notice.version]) != true
        }
    }

    /// Adds the notices the database does not hold yet; when it holds them
    /// all, nothing is written (no write lock is taken).
    func syncPrivacyNotices(from directory: URL, at now: String) throws {
        guard try !writer.read({ try missingPrivacyNotices(in: directory, $0) }).isEmpty else { return }
        try writer.write { db in
            for (version, published) in try missingPrivacyNotices(in: directory, db) {
                try db.execute(sql: "INSERT INTO privacyNotice (version, publishedOn) VALUES (?, ?)",
                               arguments: [version, published])
                for language in ["es", "en"] {
                    let file = directory.appendingPathComponent("\(version).\(language).txt")
                    guard let body = try? String(contentsOf: file, encoding: .utf8) else { continue }
                    try db.execute(sql: "INSERT INTO privacyNoticeText (version, language, body) VALUES (?, ?, ?)",
                                   arguments: [version, language, try TextRules.clean(body, policy: .paragraphs(20_000))])
                }
                try Audit.append(db, actor: .system, at: now, action: "privacyNotice.publish", table: "privacyNotice",
                                 id: nil, before: nil, after: "{\"version\":\(JSONText.quote(version))}")
            }
        }
    }

    /// The latest notice, in the language asked for (Spanish if there is none in it).
    public func privacyNotice(language: String) throws -> PrivacyNoticeText? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT t.version, t.language, t.body FROM privacyNotice n JOIN privacyNoticeText t ON t.version = n.version
                WHERE t.language IN (?, 'es')
                ORDER BY n.publishedOn DESC, n.version DESC, t.language = ? DESC LIMIT 1
                """, arguments: [language, language]) else { return nil }
            return PrivacyNoticeText(version: row[0], language: row[1], body: row[2])
        }
    }

    /// Consultations taking submissions today.
    public func openConsultations() throws -> [Consultation] {
        let today = clock.today()
        return try read { db in
            try Consultation.filter(Column("opensOn") <= today && Column("closesOn") >= today)
                .order(Column("closesOn"), Column("title")).fetchAll(db)
        }
    }
}

/// Where a kiosk stands, once its own account has signed in.
public struct KioskStation: Sendable, Equatable {
    public let account: Account
    public let place: String
    public let jurisdictionId: Int64
    /// Where its sign-ins come from, for counting failures: its account and place.
    public var terminal: String { SignInTerminal.kiosk(account: account.username, place: place) }
}

extension AppDatabase {
    /// Starts a kiosk: it runs on a kiosk account only (any other role fails
    /// like a wrong password), at a place, for the jurisdiction given by its
    /// INEGI code or else the account's own.
    public func startKiosk(account: String, password: String, place: String,
                           jurisdictionCode: String?) throws -> KioskStation {
        let place = try Fields.requiredPlace.clean(place)
        let signedIn = try signIn(username: account, password: password,
                                  at: SignInTerminal.kiosk(account: account, place: place), for: .kiosk)
        let jurisdictionId: Int64
        if let jurisdictionCode {
            guard let found = try jurisdiction(inegiCode: jurisdictionCode) else {
                throw CabildoError(.validation, Message("No jurisdiction has the INEGI code {code}.",
                                                        ["code": .text(jurisdictionCode)]))
            }
            jurisdictionId = found.id!
        } else if let own = signedIn.jurisdictionId {
            jurisdictionId = own
        } else {
            throw CabildoError(.validation, Message("Give the kiosk's jurisdiction with --jurisdiction CODE."))
        }
        return KioskStation(account: signedIn, place: place, jurisdictionId: jurisdictionId)
    }

    /// Leaving a kiosk: only an administrator may, from that kiosk's own
    /// terminal (its failures slow that kiosk and lock no one elsewhere).
    public func leaveKiosk(username: String, password: String, kioskAccount: String, place: String) throws -> Account {
        try signIn(username: username, password: password, at: SignInTerminal.kiosk(account: kioskAccount, place: place),
                   for: .administrator)
    }
}
