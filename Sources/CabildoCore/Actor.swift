import CabildoText
import Foundation
import GRDB

/// Who is acting: a signed-in account, or the operator at the server's shell
/// (the command line's account-less administration), or Cabildo itself (seeding).
public struct Actor: Sendable, Equatable {
    public let accountId: Int64?
    public let name: String
    public let role: Role
    public let jurisdictionId: Int64?

    public init(account: Account) {
        accountId = account.id
        name = account.username
        role = account.role
        jurisdictionId = account.jurisdictionId
    }

    /// Someone with shell access to the database file on the server, by
    /// default the real Unix user running this process.
    public static func `operator`(_ systemUser: String = realUser()) -> Actor {
        Actor(name: "operator:\(systemUser)", role: .administrator)
    }

    /// The real user id's name and number ("ana (uid 1000)"): unlike $USER,
    /// not something the caller can set.
    public static func realUser() -> String {
        let uid = getuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return "\(String(cString: name)) (uid \(uid))"
    }

    static let system = Actor(name: "system", role: .administrator)

    /// No one: a screen before anyone has signed in. It may do nothing at all
    /// (not even what a monitor may), whatever a screen offers by mistake.
    public static let nobody = Actor(name: "nobody", role: .monitor)

    init(name: String, role: Role) {
        accountId = nil
        self.name = name
        self.role = role
        jurisdictionId = nil
    }
}

/// What an actor may do. Every intent on `AppDatabase` asks one of these first.
enum Permission {
    case manageAccounts
    case editJurisdiction(Int64)          // mechanisms and what hangs under them
    case editPlan(Int64)                  // an action plan and its commitments
    case assess
    case recordSubmission(jurisdictionId: Int64)
    case moderate(jurisdictionId: Int64)
    case sendContactRequest
    case readPersonalData(jurisdictionId: Int64?)
    case readAudit
    /// Data-rights (ARCO) requests: the register and what is done under each.
    case handleDataRights

    var refusal: Message {
        switch self {
        case .manageAccounts: Message("only an administrator manages accounts")
        case .editJurisdiction: Message("this account cannot change records of that jurisdiction")
        case .editPlan: Message("this account cannot change that action plan")
        case .assess: Message("only the monitoring body writes assessments")
        case .recordSubmission: Message("this account cannot record submissions for that jurisdiction")
        case .moderate: Message("this account cannot moderate or answer submissions of that jurisdiction")
        case .sendContactRequest: Message("this account cannot send contact requests")
        case .readPersonalData: Message("this account cannot see citizens' personal data")
        case .readAudit: Message("only an administrator reads the audit trail")
        case .handleDataRights: Message("only an administrator handles data-rights requests")
        }
    }
}

extension Actor {
    /// Throws the permission's localized refusal unless the actor may do it,
    /// and refuses an account disabled (or gone) since it signed in: read in
    /// the intent's own write transaction, so no open session outlives it.
    func require(_ permission: Permission, _ db: Database) throws {
        if let accountId {
            let enabled = try Bool.fetchOne(db, sql: "SELECT NOT disabled FROM account WHERE id = ?",
                                            arguments: [accountId])
            guard enabled == true else { throw CabildoError.accountDisabled }
        }
        guard try allows(permission, db) else { throw CabildoError.refused(permission.refusal) }
    }

    func allows(_ permission: Permission, _ db: Database) throws -> Bool {
        guard self != .nobody else { return false }
        switch (role, permission) {
        case (.administrator, .assess): return false   // the monitoring body is independent
        case (.administrator, _): return true
        case (.monitor, .assess): return true
        case (_, .readAudit), (_, .handleDataRights): return false
        case (.monitor, _): return false
        case (.kiosk, .recordSubmission), (.kiosk, .sendContactRequest): return true
        case (.kiosk, _): return false
        case (.editor, .manageAccounts), (.editor, .assess): return false
        case (.editor, .sendContactRequest): return true
        case (.editor, .editJurisdiction(let id)),
             (.editor, .recordSubmission(let id)),
             (.editor, .moderate(let id)):
            return try covers(id, db)
        case (.editor, .readPersonalData(let id)):
            guard let id else { return false }
            return try covers(id, db)
        case (.editor, .editPlan(let planId)):
            let ids = try Int64.fetchAll(db, sql: "SELECT jurisdictionId FROM actionPlanJurisdiction WHERE planId = ?",
                                         arguments: [planId])
            guard !ids.isEmpty else { return false }
            for id in ids where try !covers(id, db) { return false }
            return true
        }
    }

    /// An editor's scope is their jurisdiction and, for a state, its municipalities.
    func covers(_ jurisdictionId: Int64, _ db: Database) throws -> Bool {
        guard let scope = self.jurisdictionId else { return false }
        if scope == jurisdictionId { return true }
        let parent = try Int64.fetchOne(db, sql: "SELECT parentId FROM jurisdiction WHERE id = ?",
                                        arguments: [jurisdictionId])
        return parent == scope
    }
}

extension AppDatabase {
    /// What the screens ask before offering an action; the intents check again.
    public func may(_ actor: Actor, editJurisdiction id: Int64) -> Bool {
        (try? read { try actor.allows(.editJurisdiction(id), $0) }) ?? false
    }

    public func may(_ actor: Actor, editPlan id: Int64) -> Bool {
        (try? read { try actor.allows(.editPlan(id), $0) }) ?? false
    }

    public func mayAssess(_ actor: Actor) -> Bool {
        (try? read { try actor.allows(.assess, $0) }) ?? false
    }

    /// Whether the account may change the records of some jurisdiction (and
    /// so create one there): without reading the 2,510 jurisdictions.
    public func mayEditSomeJurisdiction(_ actor: Actor) -> Bool {
        guard actor != .nobody else { return false }
        return actor.role == .administrator || (actor.role == .editor && actor.jurisdictionId != nil)
    }

    public func mayReadAudit(_ actor: Actor) -> Bool { (try? read { try actor.allows(.readAudit, $0) }) ?? false }

    public func may(_ actor: Actor, moderateIn jurisdictionId: Int64) -> Bool {
        (try? read { try actor.allows(.moderate(jurisdictionId: jurisdictionId), $0) }) ?? false
    }
}

extension AppDatabase {
    /// Whether the account may see the notices outbox (it holds contact data):
    /// an administrator all of it, an editor their jurisdiction's.
    public func mayReadNotices(_ actor: Actor) -> Bool {
        (try? read { try actor.allows(.readPersonalData(jurisdictionId: Self.noticeScope(of: actor)), $0) }) ?? false
    }

    /// Whose notices an account sees by default: all (nil) for an
    /// administrator, their own jurisdiction's for anyone else.
    public static func noticeScope(of actor: Actor) -> Int64? {
        actor.role == .administrator ? nil : actor.jurisdictionId
    }

    /// Whether the account handles data-rights (ARCO) requests.
    public func mayHandleDataRights(_ actor: Actor) -> Bool {
        (try? read { try actor.allows(.handleDataRights, $0) }) ?? false
    }
}
