import CabildoText
import Foundation
import GRDB

/// How hard guessing passwords is made, after OWASP's authentication cheat
/// sheet: a growing wait before each answer once a name or a terminal has
/// failed a few times, then a lock of the name that expires or that an
/// administrator lifts (`cabildo user unlock`).
public enum SignInLimits {
    /// Failures answered at once; the next ones wait `firstDelay`, doubling.
    public static let freeFailures = 2
    public static let firstDelay: TimeInterval = 1
    public static let maximumDelay: TimeInterval = 30
    /// Failures counted are those of the last `window`.
    public static let window: TimeInterval = 15 * 60
    /// This many failures of one name within the window lock it for `lockFor`.
    public static let lockAfter = 10
    public static let lockFor: TimeInterval = 15 * 60

    /// The wait before answering an attempt that follows `failures` recent failures.
    public static func delay(after failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        return min(maximumDelay, firstDelay * pow(2, Double(min(failures - freeFailures, 16))))
    }
}

/// What a sign-in is for: an account of another role fails like a wrong password.
public enum SignInPurpose: Sendable {
    case officialsApp       // every role but kiosk
    case kiosk              // a kiosk's own account
    case administrator      // leaving kiosk mode, exporting personal data
    case anyRole

    func admits(_ role: Role) -> Bool {
        switch self {
        case .officialsApp: role != .kiosk
        case .kiosk: role == .kiosk
        case .administrator: role == .administrator
        case .anyRole: true
        }
    }
}

/// Where an attempt comes from; failures are also counted per terminal.
public enum SignInTerminal {
    /// The controlling terminal's device (standard input's), else the command
    /// line of the real Unix user.
    public static func current() -> String {
        if isatty(STDIN_FILENO) == 1, let name = ttyname(STDIN_FILENO) { return String(cString: name) }
        return "command line (\(Actor.realUser()))"
    }

    /// A kiosk: its account and the place it stands.
    public static func kiosk(account: String, place: String) -> String { kioskPrefix + "\(account) at \(place)" }
    static let kioskPrefix = "kiosk "
}

/// A failed sign-in: the name typed and the terminal, never the password.
public struct SignInFailure: CabildoRecord, Equatable {
    public static let databaseTableName = "signInFailure"
    public var id: Int64?
    public var at: String
    public var username: String
    public var accountId: Int64?
    public var terminal: String
}

/// Per user name: failures after `countedAfter` (a failure id) count; a lock until `lockedUntil`.
public struct SignInState: CabildoRecord, Equatable {
    public static let databaseTableName = "signInState"
    public var id: Int64?
    public var username: String
    public var countedAfter: Int64
    public var lockedUntil: String?
}

extension CabildoError {
    /// The one answer to every failed sign-in, whatever failed.
    public static let signInFailed = CabildoError(.authentication, Message("The user name or the password is wrong."))

    /// An intent of an account disabled after it signed in.
    public static let accountDisabled = CabildoError(.permission,
                                                     Message("This account has been disabled; nothing was saved."))
}

extension AppDatabase {
    /// An Argon2id hash of a random password nobody knows, with the same
    /// parameters as `Crypto.hashPassword`: verified for a name that has no
    /// account, so an unknown name costs what a known one does.
    static let unknownAccountHash = "$argon2id$v=19$m=65536,t=2,p=1$RVf1r1E/yHPb06kb2iCz4A$WvzufYaCXPrGxcEuSqPdhNSILjnftKlG4nulaTU3mPU"

    /// Signs in, the same way for every front end. Every failure (unknown
    /// name, wrong password, disabled or locked account, a role the purpose
    /// does not admit) gets the same error after the same work, and is
    /// recorded and audited; the answer waits longer as failures of the name
    /// or of the terminal add up, and too many lock the name for a while.
    public func signIn(username: String, password: String, at terminal: String,
                       for purpose: SignInPurpose) throws -> Account {
        let name = String(username.prefix(Fields.username.policy.maxLength))
        let (account, state, nameFailures, terminalFailures) = try read { db in
            let account = try Account.filter(sql: "username = ? COLLATE NOCASE", arguments: [name]).fetchOne(db)
            let state = try Self.signInState(name, db)
            return (account, state,
                    try Self.recentFailures(name: name, after: state?.countedAfter ?? 0, since: windowStart(), db),
                    try Self.recentFailures(terminal: terminal, since: windowStart(), db))
        }
        clock.sleep(SignInLimits.delay(after: max(nameFailures, terminalFailures)))
        let verified = Crypto.verifyPassword(password, hash: account?.passwordHash ?? Self.unknownAccountHash)
        let locked = state?.lockedUntil.map { $0 > clock.instant() } ?? false
        if let account, verified, !account.disabled, !locked, purpose.admits(account.role),
           // Read again after the wait: a lock that guesses made in parallel set meanwhile still holds.
           try !read({ db in try Self.signInState(name, db)?.lockedUntil.map { $0 > clock.instant() } ?? false }) {
            if nameFailures > 0 { try clearFailures(of: name) }
            return account
        }
        try recordFailure(name: name, accountId: account?.id, terminal: terminal)
        throw CabildoError.signInFailed
    }

    /// Checks a name and password for any role, from this process's terminal.
    public func authenticate(username: String, password: String) throws -> Account {
        try signIn(username: username, password: password, at: SignInTerminal.current(), for: .anyRole)
    }

    /// Signing in to the officials' application: kiosk accounts are for kiosks only.
    public func signInOfficial(username: String, password: String,
                               at terminal: String = SignInTerminal.current()) throws -> Account {
        try signIn(username: username, password: password, at: terminal, for: .officialsApp)
    }

    /// The accounts locked now, by lower-cased user name, with the end of their lock.
    public func signInLocks() throws -> [String: String] {
        let now = clock.instant()
        return try read { db in
            var locks: [String: String] = [:]
            for state in try SignInState.filter(sql: "lockedUntil > ?", arguments: [now]).fetchAll(db) {
                locks[state.username.lowercased()] = state.lockedUntil
            }
            return locks
        }
    }

    /// Lifts an account's lock and starts its count of failures again.
    public func unlockAccount(username: String, by actor: Actor) throws -> Account {
        try perform { db, now in
            try actor.require(.manageAccounts, db)
            let account = try Self.account(named: username, db)
            let lastFailure = try Int64.fetchOne(db, sql: "SELECT max(id) FROM signInFailure") ?? 0
            let before = try Self.signInState(account.username, db)
                ?? SignInState(id: nil, username: account.username, countedAfter: 0, lockedUntil: nil)
            var after = before
            after.countedAfter = lastFailure
            after.lockedUntil = nil
            if before.id == nil {
                _ = try Self.insert(after, db, actor, now, action: "account.unlock")
            } else {
                _ = try Self.update(before, to: after, db, actor, now, action: "account.unlock")
            }
            return account
        }
    }

    // MARK: - Counting

    func windowStart() -> String {
        clock.now().addingTimeInterval(-SignInLimits.window).formatted(.iso8601)
    }

    static func signInState(_ name: String, _ db: Database) throws -> SignInState? {
        try SignInState.filter(sql: "username = ? COLLATE NOCASE", arguments: [name]).fetchOne(db)
    }

    /// A name's recent failures, those at kiosks aside: anyone may walk up to a
    /// kiosk's F10 screen, and their guesses must not lock an administrator
    /// out everywhere (they slow that kiosk instead, through its own count).
    static func recentFailures(name: String, after id: Int64, since: String, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM signInFailure WHERE username = ? AND id > ? AND at >= ? AND substr(terminal, 1, ?) <> ?
            """, arguments: [name, id, since, SignInTerminal.kioskPrefix.count, SignInTerminal.kioskPrefix]) ?? 0
    }

    static func recentFailures(terminal: String, since: String, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM signInFailure WHERE terminal = ? AND at >= ?",
                         arguments: [terminal, since]) ?? 0
    }

    /// Who writes a failure in the audit trail: nobody has signed in.
    static let signInActor = Actor(name: "sign-in", role: .kiosk)

    private func recordFailure(name: String, accountId: Int64?, terminal: String) throws {
        let since = windowStart()
        let lockUntil = clock.now().addingTimeInterval(SignInLimits.lockFor).formatted(.iso8601)
        try perform { db, now in
            let failure = SignInFailure(id: nil, at: now, username: name, accountId: accountId, terminal: terminal)
            _ = try Self.insert(failure, db, Self.signInActor, now, action: "signin.failed")
            let before = try Self.signInState(name, db)
                ?? SignInState(id: nil, username: name, countedAfter: 0, lockedUntil: nil)
            let count = try Self.recentFailures(name: name, after: before.countedAfter, since: since, db)
            guard count >= SignInLimits.lockAfter, (before.lockedUntil ?? "") <= now else { return }
            var after = before
            after.lockedUntil = lockUntil
            if before.id == nil {
                _ = try Self.insert(after, db, Self.signInActor, now, action: "signin.lock")
            } else {
                _ = try Self.update(before, to: after, db, Self.signInActor, now, action: "signin.lock")
            }
        }
    }

    /// A success after failures: the name's count starts again (the failures stay on record).
    private func clearFailures(of name: String) throws {
        try perform { db, _ in
            let lastFailure = try Int64.fetchOne(db, sql: "SELECT max(id) FROM signInFailure") ?? 0
            if var state = try Self.signInState(name, db) {
                state.countedAfter = lastFailure
                try state.update(db)
            } else {
                var state = SignInState(id: nil, username: name, countedAfter: lastFailure, lockedUntil: nil)
                try state.insert(db)
            }
        }
    }
}
