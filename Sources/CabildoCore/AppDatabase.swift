import CabildoText
import Foundation
import GRDB

/// The clock intents stamp records with; tests pass a fixed one.
public struct Clock: Sendable {
    public let now: @Sendable () -> Date
    public let timeZone: TimeZone
    public init(now: @escaping @Sendable () -> Date = { Date() }, timeZone: TimeZone = .current) {
        self.now = now
        self.timeZone = timeZone
    }

    public func instant() -> String { now().formatted(.iso8601) }
    /// The calendar day where the server is (its time zone, e.g. America/Mexico_City),
    /// not UTC: a consultation closing today is open until local midnight.
    public func today() -> String {
        now().formatted(Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day())
    }
}

/// Cabildo's storage: one SQLite file shared by every terminal on a server.
/// Writes are intent-named methods (in the `AppDatabase+…` files); each one
/// validates, checks the actor's permission and audits, in one transaction.
public struct AppDatabase: Sendable {
    public let writer: any DatabaseWriter
    public let clock: Clock
    /// The audit chain's key; its connections compute entries' MACs with it.
    public let auditKey: AuditKey

    /// Marks the file as Cabildo's ("CBLD") so a foreign SQLite file is never migrated.
    static let applicationId: Int32 = 0x4342_4C44

    init(writer: any DatabaseWriter, clock: Clock, auditKey: AuditKey) {
        self.writer = writer
        self.clock = clock
        self.auditKey = auditKey
    }

    public var reader: any DatabaseReader { writer }

    /// The default file: `$XDG_DATA_HOME/cabildo/cabildo.sqlite` (or ~/.local/share/…).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return base + "/cabildo/cabildo.sqlite"
    }

    static func configuration(auditKey: AuditKey? = nil) -> Configuration {
        var config = Configuration()
        if let function = auditKey?.sqlFunction {
            config.prepareDatabase { db in db.add(function: function) }
        }
        config.foreignKeysEnabled = true
        // Several processes share the file: wait for a writer rather than fail.
        config.busyMode = .timeout(15)
        config.label = "cabildo"
        return config
    }

    /// Opens (creating if needed) the file, migrates it, and fills a new one
    /// from the seed directory. Opening, migrating and seeding hold an
    /// exclusive lock file, so two processes starting together do it once.
    public static func open(path: String, seedDirectory: URL? = Resources.data.appendingPathComponent("seed"),
                            clock: Clock = Clock()) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
        } catch {
            throw CabildoError(.storage, Message("Cannot create the folder for the database {path}: {reason}",
                                                 ["path": .text(path), "reason": .text(error.localizedDescription)]))
        }
        return try FileLock.exclusively(path + ".lock") {
            try inspectExistingFile(path)
            // A new file, or one from before the keyed chain, gets its key now;
            // a keyed file whose key is missing opens, but cannot audit (write).
            let auditKey = try AuditKey.forDatabase(at: path, create: !(try hasKeyedChain(path)))
            let pool: DatabasePool
            do {
                pool = try DatabasePool(path: path, configuration: configuration(auditKey: auditKey))
            } catch {
                throw CabildoError(.storage, Message("Cannot open the database {path}: {reason}",
                                                     ["path": .text(path), "reason": .text("\(error)")]))
            }
            // GRDB opens WAL pools with synchronous=NORMAL; a citizen's folio is
            // shown only after a durable commit, so every write is FULL.
            try pool.barrierWriteWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            let database = AppDatabase(writer: pool, clock: clock, auditKey: auditKey)
            try database.prepare(seedDirectory: seedDirectory)
            return database
        }
    }

    /// A private in-memory database, for tests and throwaway work.
    public static func inMemory(seedDirectory: URL? = nil, clock: Clock = Clock()) throws -> AppDatabase {
        let auditKey = AuditKey.random()
        let queue = try DatabaseQueue(configuration: configuration(auditKey: auditKey))
        let database = AppDatabase(writer: queue, clock: clock, auditKey: auditKey)
        try database.prepare(seedDirectory: seedDirectory)
        return database
    }

    private func prepare(seedDirectory: URL?) throws {
        let migrator = Schema.migrator
        try writer.barrierWriteWithoutTransaction { db in
            if try Self.refuseUnknownFile(db, migrator: migrator) {
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationId)")
            }
        }
        try migrator.migrate(writer)
        if let seedDirectory {
            try syncPrivacyNotices(from: seedDirectory.deletingLastPathComponent().appendingPathComponent("privacy"),
                                   at: clock.instant())
            try writer.write { db in
                guard try String.fetchOne(db, sql: "SELECT value FROM cabildoMeta WHERE key = 'seededAt'") == nil
                else { return }
                try SeedLoader(directory: seedDirectory).load(into: db, at: clock.instant())
                try db.execute(sql: "INSERT INTO cabildoMeta (key, value) VALUES ('seededAt', ?)",
                               arguments: [clock.instant()])
            }
        }
    }

    /// Refuses a file that is not Cabildo's or that a newer Cabildo migrated.
    /// Returns true when the file is new (empty) and still needs its mark.
    static func refuseUnknownFile(_ db: Database, migrator: DatabaseMigrator) throws -> Bool {
        let appId = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        let isCabildo = appId == applicationId
        if !isCabildo && (appId != 0 || tables > 0) {
            throw CabildoError(.schema, Message("This file is not a Cabildo database; it has been left unchanged."))
        }
        if try migrator.hasBeenSuperseded(db) {
            let known = Set(migrator.migrations)
            let unknown = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                .filter { !known.contains($0) }
            throw CabildoError(.schema, Message(
                "This database was written by a newer version of Cabildo (it has changes this version does not know: {changes}). Update Cabildo; the file has not been changed.",
                ["changes": .text(unknown.joined(separator: ", "))]))
        }
        return !isCabildo
    }

    /// Looks at an existing file read-only before a pool is opened on it: a
    /// WAL pool writes on open, and a refused file must stay byte-for-byte.
    static func inspectExistingFile(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return }
        var config = configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            _ = try queue.read { try refuseUnknownFile($0, migrator: Schema.migrator) }
        } catch let error as CabildoError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CabildoError(.schema, Message("This file is not a Cabildo database; it has been left unchanged."))
        }
    }

    /// Whether an existing file's audit chain is already keyed (so its key
    /// must exist, not be made anew). False for a missing or empty file.
    static func hasKeyedChain(_ path: String) throws -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return false }
        var config = configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { try $0.tableExists("auditHead") }
    }

    /// Opens an existing file only to look at it (`check`, `audit head`):
    /// read-only, no migration, no seeding, no lock taken; its key is read
    /// if present, never created. A missing file is refused.
    public static func openForChecking(path: String, clock: Clock = Clock()) throws -> AppDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CabildoError(.storage, Message("There is no database at {path}; nothing was created.",
                                                 ["path": .text(path)]))
        }
        let auditKey = try AuditKey.forDatabase(at: path, create: false)
        var config = configuration(auditKey: auditKey)
        config.readonly = true
        // A read-only connection to a WAL file that no one has open would
        // create -wal and -shm files and leave them behind; with none there,
        // the file is read as immutable instead (no side file, no lock).
        let fileManager = FileManager.default
        let inUse = fileManager.fileExists(atPath: path + "-wal") || fileManager.fileExists(atPath: path + "-shm")
        let location = inUse ? path
            : "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
        do {
            let queue = try DatabaseQueue(path: location, configuration: config)
            _ = try queue.read { try refuseUnknownFile($0, migrator: Schema.migrator) }
            return AppDatabase(writer: queue, clock: clock, auditKey: auditKey)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CabildoError(.schema, Message("This file is not a Cabildo database; it has been left unchanged."))
        }
    }

    /// Runs one intent: a single IMMEDIATE transaction, storage errors made plain.
    func perform<T>(_ work: (Database, String) throws -> T) throws -> T {
        let now = clock.instant()
        do {
            return try writer.write { db in try work(db, now) }
        } catch let error as CabildoError {
            throw error
        } catch let error as DatabaseError {
            throw CabildoError.storage(error)
        }
    }

    func read<T>(_ work: (Database) throws -> T) throws -> T {
        do {
            return try reader.read(work)
        } catch let error as CabildoError {
            throw error
        } catch let error as DatabaseError {
            throw CabildoError.storage(error)
        }
    }
}

extension CabildoError {
    static func storage(_ error: DatabaseError) -> CabildoError {
        if error.message == AuditKey.missingMarker {
            return CabildoError(.storage, Message("This database's audit key (the .audit-key file beside it) is missing, so no change can be recorded; nothing was saved. Restore the key from where the database's backups are kept."))
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CabildoError(.storage, Message("The database is busy with other terminals; nothing was saved. Try again."))
        case .SQLITE_CONSTRAINT:
            return CabildoError(.conflict, Message("The change breaks a rule of the database and was not saved: {detail}",
                                                   ["detail": .text(error.message ?? "")]))
        case .SQLITE_FULL:
            return CabildoError(.storage, Message("The disk is full; nothing was saved."))
        case .SQLITE_READONLY:
            return CabildoError(.storage, Message("The database file is read-only; nothing was saved."))
        default:
            return CabildoError(.storage, Message("The database reported an error; nothing was saved: {detail}",
                                                  ["detail": .text(error.message ?? "\(error.resultCode)")]))
        }
    }
}

/// An advisory lock on a file (flock), held while `body` runs.
enum FileLock {
    static func exclusively<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CabildoError(.storage, Message("Cannot open the lock file {path}", ["path": .text(path)]))
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw CabildoError(.storage, Message("Cannot lock {path}", ["path": .text(path)]))
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
