import CabildoText
import Foundation
import GRDB

extension AppDatabase {
    public static let minimumPasswordLength = 10

    /// Creates an official's or a kiosk's account. Editors need a jurisdiction
    /// (their scope); kiosks may have one (where they stand); others none.
    public func createAccount(username: String, displayName: String, role: Role, jurisdictionCode: String?,
                              password: String, by actor: Actor) throws -> Account {
        try createAccount(username: username, displayName: displayName, role: role, jurisdictionCode: jurisdictionCode,
                          password: password, by: actor, onlyIfNoAccounts: false)
    }

    func createAccount(username: String, displayName: String, role: Role, jurisdictionCode: String?,
                       password: String, by actor: Actor, onlyIfNoAccounts: Bool) throws -> Account {
        let username = try Fields.username.clean(username)
        guard username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw CabildoError.invalid(Fields.username, Message("use only letters a–z, digits, '.', '_' and '-'"))
        }
        let displayName = try Fields.displayName.clean(displayName)
        // Hashing takes a moment and much memory: do it outside the write lock.
        let hash = try Self.hashNewPassword(password)
        return try perform { db, now in
            try actor.require(.manageAccounts, db)
            if onlyIfNoAccounts, try Account.fetchCount(db) > 0 {
                throw CabildoError(.conflict, Message("An administrator already exists; sign in instead."))
            }
            var jurisdictionId: Int64?
            if let code = try Fields.jurisdiction.clean(jurisdictionCode) {
                guard let found = try Jurisdiction.filter(Column("inegiCode") == code).fetchOne(db) else {
                    throw CabildoError.invalid(Fields.jurisdiction, Message("no jurisdiction has the INEGI code {code}",
                                                                            ["code": .text(code)]))
                }
                jurisdictionId = found.id
            }
            switch role {
            case .editor where jurisdictionId == nil:
                throw CabildoError.invalid(Fields.jurisdiction, Message("an editor works on one jurisdiction: give its INEGI code"))
            case .administrator where jurisdictionId != nil, .monitor where jurisdictionId != nil:
                throw CabildoError.invalid(Fields.jurisdiction, Message("this role is not limited to a jurisdiction"))
            default: break
            }
            if try Account.filter(sql: "username = ? COLLATE NOCASE", arguments: [username]).fetchCount(db) > 0 {
                throw CabildoError(.conflict, Message("{field}: '{name}' is already taken",
                                                      ["field": .message(Fields.username.label),
                                                       "name": .text(username)]), field: Fields.username.key)
            }
            let account = Account(id: nil, username: username, displayName: displayName, role: role,
                                  jurisdictionId: jurisdictionId, passwordHash: hash, disabled: false, createdAt: now)
            return try Self.insert(account, db, actor, now, action: "account.create")
        }
    }

    /// The rules every new password follows, then its Argon2id hash.
    static func hashNewPassword(_ password: String) throws -> String {
        guard password.count >= Self.minimumPasswordLength else {
            throw CabildoError.invalid(Fields.password, Message("use at least {n} characters",
                                                                ["n": .text(String(Self.minimumPasswordLength))]))
        }
        _ = try Fields.password.clean(password)
        return try Crypto.hashPassword(password)
    }

    static func account(named username: String, _ db: Database) throws -> Account {
        guard let account = try Account.filter(sql: "username = ? COLLATE NOCASE", arguments: [username])
            .fetchOne(db) else {
            throw CabildoError.notFound(Message("No account is called '{name}'.", ["name": .text(username)]))
        }
        return account
    }

    public func disableAccount(username: String, by actor: Actor) throws -> Account {
        try perform { db, now in
            try actor.require(.manageAccounts, db)
            let before = try Self.account(named: username, db)
            guard !before.disabled else { return before }
            if before.role == .administrator,
               try Account.filter(Column("role") == Role.administrator && Column("disabled") == false)
                .fetchCount(db) == 1 {
                throw CabildoError(.conflict, Message("This is the last active administrator; create another first."))
            }
            var after = before
            after.disabled = true
            return try Self.update(before, to: after, db, actor, now, action: "account.disable")
        }
    }

    public func enableAccount(username: String, by actor: Actor) throws -> Account {
        try perform { db, now in
            try actor.require(.manageAccounts, db)
            let before = try Self.account(named: username, db)
            guard before.disabled else { return before }
            var after = before
            after.disabled = false
            return try Self.update(before, to: after, db, actor, now, action: "account.enable")
        }
    }

    /// A new password, under the rules of a new account's; the audit entry
    /// says it changed, never the hash (`Account.withoutPersonalData`).
    public func changePassword(username: String, to password: String, by actor: Actor) throws -> Account {
        let hash = try Self.hashNewPassword(password)
        return try perform { db, now in
            try actor.require(.manageAccounts, db)
            let before = try Self.account(named: username, db)
            var after = before
            after.passwordHash = hash
            return try Self.update(before, to: after, db, actor, now, action: "account.password")
        }
    }

    /// Whether an account still exists and is enabled: an open session asks every second.
    public func accountIsEnabled(_ id: Int64) -> Bool {
        (try? read { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT NOT disabled FROM account WHERE id = ?"),
                                             arguments: [id]) }) == true
    }

    /// The first administrator, created from the first-run screen: allowed
    /// only while the database has no account at all, checked in the write.
    public func createFirstAdministrator(username: String, displayName: String, password: String) throws -> Account {
        try createAccount(username: username, displayName: displayName, role: .administrator,
                                 jurisdictionCode: nil, password: password, by: .operator("first-run"),
                                 onlyIfNoAccounts: true)
    }

    public func accounts() throws -> [Account] {
        try read { db in try Account.order(Column("username")).fetchAll(db) }
    }
}
