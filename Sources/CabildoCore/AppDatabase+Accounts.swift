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
        guard password.count >= Self.minimumPasswordLength else {
            throw CabildoError.invalid(Fields.password, Message("use at least {n} characters",
                                                                ["n": .text(String(Self.minimumPasswordLength))]))
        }
        _ = try Fields.password.clean(password)
        // Hashing takes a moment and much memory: do it outside the write lock.
        let hash = try Crypto.hashPassword(password)
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

    public func disableAccount(username: String, by actor: Actor) throws -> Account {
        try perform { db, now in
            try actor.require(.manageAccounts, db)
            guard let before = try Account.filter(sql: "username = ? COLLATE NOCASE", arguments: [username])
                .fetchOne(db) else {
                throw CabildoError.notFound(Message("No account is called '{name}'.", ["name": .text(username)]))
            }
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

    /// The first administrator, created from the first-run screen: allowed
    /// only while the database has no account at all, checked in the write.
    public func createFirstAdministrator(username: String, displayName: String, password: String) throws -> Account {
        try createAccount(username: username, displayName: displayName, role: .administrator,
                                 jurisdictionCode: nil, password: password, by: .operator("first-run"),
                                 onlyIfNoAccounts: true)
    }

    /// Signing in to the officials' application: kiosk accounts are for kiosks only.
    public func signInOfficial(username: String, password: String) throws -> Account {
        let account = try authenticate(username: username, password: password)
        guard account.role != .kiosk else {
            throw CabildoError(.permission, Message("A kiosk account cannot open the officials' application."))
        }
        return account
    }

    /// Checks a name and password. The error never says which of the two was wrong.
    public func authenticate(username: String, password: String) throws -> Account {
        let account = try read { db in
            try Account.filter(sql: "username = ? COLLATE NOCASE", arguments: [username]).fetchOne(db)
        }
        guard let account, Crypto.verifyPassword(password, hash: account.passwordHash) else {
            throw CabildoError(.authentication, Message("The user name or the password is wrong."))
        }
        guard !account.disabled else {
            throw CabildoError(.authentication, Message("This account is disabled."))
        }
        return account
    }

    public func accounts() throws -> [Account] {
        try read { db in try Account.order(Column("username")).fetchAll(db) }
    }
}
