import CabildoText
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The clock intents stamp records with, and the wait a slowed sign-in
/// takes; tests pass a fixed clock and a sleeper that only records.
public struct Clock: Sendable {
    public let now: @Sendable () -> Date
    public let timeZone: TimeZone
    public let sleep: @Sendable (TimeInterval) -> Void
    public init(now: @escaping @Sendable () -> Date = { Date() }, timeZone: TimeZone = .current,
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.now = now
        self.timeZone = timeZone
        self.sleep = sleep
    }

    public func instant() -> String { now().formatted(.iso8601) }
    /// The calendar day where the server is (its time zone, e.g. America/Mexico_City),
    /// not UTC: a consultation closing today is open until local midnight.
    public func today() -> String { day(now()) }

    /// The calendar day where the server is of a stored moment (UTC, as
    /// `instant()` writes it): "2026-03-02T03:30:00Z" was 2026-03-01 in
    /// Mexico City. What lists and the command line show beside a record, the
    /// day its detail names. Text that is not such a moment is given back.
    public func day(of stored: String) -> String {
        guard let date = try? Date(stored, strategy: .iso8601) else { return stored }
        return day(date)
    }

    private func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day())
    }
}

/// The read transaction `inOneRead` began, which the reads inside it join.
/// A task-local value: it is set and read synchronously on the connection's
/// own queue, inside that transaction, and ends with it.
struct SharedRead: @unchecked Sendable {
    let database: Database
    /// Which database's connection it is (two databases never share a read).
    let writer: ObjectIdentifier
    @TaskLocal static var current: SharedRead?
}

final class ReadTransactionCount: Sendable {
    let value = Mutex(0)
}

/// Cabildo's storage: one SQLite file shared by every terminal on a server.
/// Writes are intent-named methods (in the `AppDatabase+…` files); each one
/// validates, checks the actor's permission and audits, in one transaction.
public struct AppDatabase: Sendable {
    /// The connections. Not public: other modules reach storage only
    /// through the intents (writes that validate, check and audit) and the
    /// read models, so nothing outside this module depends on SQLite or can
    /// write around a rule. Tests get raw access through `storageForTesting`.
    let writer: any DatabaseWriter
    public let clock: Clock
    /// The audit chain's key; its connections compute entries' MACs with it.
    public let auditKey: AuditKey

    /// Marks the file as Cabildo's ("CBLD") so a foreign SQLite file is never migrated.
    static let applicationId: Int32 = 0x4342_4C44

    /// Read transactions begun (see `inOneRead`).
    let readTransactions = ReadTransactionCount()

    init(writer: any DatabaseWriter, clock: Clock, auditKey: AuditKey) {
        self.writer = writer
        self.clock = clock
        self.auditKey = auditKey
    }

    /// Raw storage, around every intent, rule and audit entry: only for the
    /// tests that must plant what no intent would write (a damaged row, a
    /// rewritten audit chain, rows inserted in bulk) or read rows directly.
    /// The test-support target (`CabildoTestSupport`) is its one importer and
    /// names it `rawStorage`; the application never imports this SPI.
    @_spi(Testing) public var storageForTesting: any DatabaseWriter { writer }

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
        // The WAL file stays when the last connection closes. GRDB writes a
        // table into a database whose WAL is missing or empty as it opens it
        // (its issue 102), which would make every start wait for any writer.
        config.prepareDatabase { db in
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
        }
        return config
    }

    /// Opens the file, migrating it and filling a new one from the seed
    /// directory only when that is needed: a start that finds the schema,
    /// seed and privacy notices current writes nothing and waits for no
    /// writer. Only `creating` callers (the app, the kiosk, `user add`) make
    /// a missing file; for every other command a missing or empty file is a
    /// mistyped path. Creating, migrating and seeding hold an exclusive lock
    /// file, so two processes starting together do it once.
    public static func open(path: String, creating: Bool = true,
                            seedDirectory: URL? = Resources.data.appendingPathComponent("seed"),
                            clock: Clock = Clock()) throws -> AppDatabase {
        do {
            return try openOrCreate(path: path, creating: creating, seedDirectory: seedDirectory, clock: clock)
        } catch let error as DatabaseError {
            // Migrating or seeding failed (a full disk, most often).
            throw CabildoError(.storage, Message("Cannot open the database {path}: {reason}",
                                                 ["path": .text(path), "reason": .message(CabildoError.storage(error).message)]))
        }
    }

    private static func openOrCreate(path: String, creating: Bool, seedDirectory: URL?, clock: Clock) throws -> AppDatabase {
        let lock = path + ".lock"
        if try (FilePermissions.size(ofDatabase: path) ?? 0) == 0 {
            guard creating else {
                throw CabildoError(.storage, Message(
                    "There is no Cabildo database at {path} (the file is missing or empty). Check the path; 'cabildo' creates a new database there.",
                    ["path": .text(path)]))
            }
            try FilePermissions.createDatabaseFile(path)
            return try FileLock.exclusively(lock) {
                try prepared(path, seedDirectory: seedDirectory, clock: clock)
            }
        }
        try inspectExistingFile(path)
        // A keyed file opens with its key and, when current, writes nothing;
        // a keyed file whose key is missing opens, but cannot audit (write).
        if try hasKeyedChain(path) {
            let database = try openPool(path, clock: clock, auditKey: try AuditKey.forDatabase(at: path, create: false))
            guard try database.needsPreparation(seedDirectory: seedDirectory) else { return database }
            return try FileLock.exclusively(lock) {
                try database.prepare(seedDirectory: seedDirectory)
                return database
            }
        }
        // A file from before the keyed chain gets its key as it is upgraded.
        return try FileLock.exclusively(lock) {
            try prepared(path, seedDirectory: seedDirectory, clock: clock)
        }
    }

    /// Under the lock: the key made if the chain is not keyed yet, then migrated and seeded.
    private static func prepared(_ path: String, seedDirectory: URL?, clock: Clock) throws -> AppDatabase {
        try inspectExistingFile(path)
        let auditKey = try AuditKey.forDatabase(at: path, create: !(try hasKeyedChain(path)))
        let database = try openPool(path, clock: clock, auditKey: auditKey)
        try database.prepare(seedDirectory: seedDirectory)
        return database
    }

    private static func openPool(_ path: String, clock: Clock, auditKey: AuditKey) throws -> AppDatabase {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration(auditKey: auditKey))
            // GRDB opens WAL pools with synchronous=NORMAL; a citizen's folio is
            // shown only after a durable commit, so every write is FULL (a
            // setting of the connection: it takes no lock).
            try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return AppDatabase(writer: pool, clock: clock, auditKey: auditKey)
        } catch {
            throw CabildoError(.storage, Message("Cannot open the database {path}: {reason}",
                                                 ["path": .text(path), "reason": .message(CabildoError.explaining(error).message)]))
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

    /// Read only: whether the schema, the seed or the privacy notices still need writing.
    func needsPreparation(seedDirectory: URL?) throws -> Bool {
        try writer.read { db in
            if try !Schema.migrator.hasCompletedMigrations(db) { return true }
            guard let seedDirectory, try !Self.isCaravanLaptop(db) else { return false }
            if try String.fetchOne(db, sql: "SELECT value FROM cabildoMeta WHERE key = 'seededAt'") == nil { return true }
            // Only when the data folder has the file: without it there is nothing to load, every time.
            if try referenceJurisdictionsMissing(db), FileManager.default.fileExists(
                atPath: ReferenceJurisdictions.directory(besideSeed: seedDirectory)
                    .appendingPathComponent(ReferenceJurisdictions.fileName).path) { return true }
            return try !missingPrivacyNotices(in: Self.privacyDirectory(seedDirectory), db).isEmpty
        }
    }

    /// A caravan laptop's database, filled from its kit (`openCaravanLaptop`).
    static func isCaravanLaptop(_ db: Database) throws -> Bool {
        try caravanKitId(db) != nil
    }

    /// The id of the kit a caravan laptop's database was filled from; nil elsewhere.
    static func caravanKitId(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM cabildoMeta WHERE key = ?", arguments: [caravanLaptopKey])
    }

    static func privacyDirectory(_ seedDirectory: URL) -> URL {
        seedDirectory.deletingLastPathComponent().appendingPathComponent("privacy")
    }

    private func prepare(seedDirectory: URL?) throws {
        let migrator = Schema.migrator
        try writer.barrierWriteWithoutTransaction { db in
            if try Self.refuseUnknownFile(db, migrator: migrator) {
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationId)")
            }
        }
        if try writer.read({ try !migrator.hasCompletedMigrations($0) }) {
            try migrator.migrate(writer)
        }
        // A caravan laptop holds what its kit brought and nothing from this machine's data folder.
        if let seedDirectory, try writer.read({ try !Self.isCaravanLaptop($0) }) {
            try syncPrivacyNotices(from: Self.privacyDirectory(seedDirectory), at: clock.instant())
            if try writer.read({ try String.fetchOne($0, sql: "SELECT value FROM cabildoMeta WHERE key = 'seededAt'") })
                == nil {
                try writer.write { db in
                    guard try String.fetchOne(db, sql: "SELECT value FROM cabildoMeta WHERE key = 'seededAt'") == nil
                    else { return }
                    try SeedLoader(directory: seedDirectory).load(into: db, at: clock.instant())
                    try db.execute(sql: "INSERT INTO cabildoMeta (key, value) VALUES ('seededAt', ?)",
                                   arguments: [clock.instant()])
                }
            }
            // After the seed, so the seed's names ("Estado de México") stay.
            try syncReferenceJurisdictions(from: ReferenceJurisdictions.directory(besideSeed: seedDirectory),
                                           at: clock.instant())
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
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              try (FilePermissions.size(ofDatabase: path) ?? 0) > 0 else {
            throw CabildoError(.storage, Message(
                "There is no Cabildo database at {path} (the file is missing or empty). Check the path; 'cabildo' creates a new database there.",
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

    /// Reads in one snapshot: inside `work`, every read of this database
    /// (each read model, each permission asked) joins this one transaction
    /// instead of beginning its own. A screen reloads this way, so what it
    /// shows is one moment's records, at the cost of one transaction.
    public func inOneRead<T>(_ work: () throws -> T) throws -> T {
        if let shared = SharedRead.current, shared.writer == ObjectIdentifier(writer) { return try work() }
        return try read { db in
            try SharedRead.$current.withValue(SharedRead(database: db, writer: ObjectIdentifier(writer))) { try work() }
        }
    }

    /// How many read transactions this database has begun: the tests count a reload's.
    @_spi(Testing) public var readTransactionsForTesting: Int { readTransactions.value.withLock { $0 } }

    func read<T>(_ work: (Database) throws -> T) throws -> T {
        // Inside `inOneRead`: the same transaction, on the same connection.
        if let shared = SharedRead.current, shared.writer == ObjectIdentifier(writer) {
            return try mappingStorageErrors { try work(shared.database) }
        }
        readTransactions.value.withLock { $0 += 1 }
        return try mappingStorageErrors { try writer.read(work) }
    }

    private func mappingStorageErrors<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as CabildoError {
            throw error
        } catch let error as DatabaseError {
            throw CabildoError.storage(error)
        }
    }
}

/// Failures in words: what happened and what to do. SQLite's and
/// Foundation's own texts ("SQLite error 13", "not an error", GRDB's
/// `grdb_issue_102`, "NSCocoaErrorDomain Code=640") never reach a person.
extension CabildoError {
    /// SQLite's failures, by result code.
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
            return CabildoError(.storage, Message("The disk is full; nothing was saved. Free space on the disk that holds the database, then try again."))
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return CabildoError(.storage, Message("The database cannot be written (permission denied, or a read-only disk); nothing was saved. Ask whoever runs the server to let this user write the database file and its folder."))
        case .SQLITE_CANTOPEN:
            return CabildoError(.storage, Message("The database file cannot be opened: its folder does not exist, or this user may not write in it. Check the path and its permissions."))
        case .SQLITE_IOERR:
            return CabildoError(.storage, Message("The disk failed while reading or writing the database; nothing was saved. Check that the disk is there and has space, then try again; 'cabildo check' says whether the database is intact."))
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return CabildoError(.storage, Message("The database file is damaged. Run 'cabildo check' to see what is wrong, and restore the latest backup."))
        case .SQLITE_INTERRUPT:
            return CabildoError(.storage, Message("The work was interrupted before it finished; nothing was saved. Try again."))
        default:
            return CabildoError(.storage, Message("The database failed (SQLite code {code}); nothing was saved. Try again; if it happens again, run 'cabildo check' and tell whoever runs the server.",
                                                  ["code": .text(String(error.extendedResultCode.rawValue))]))
        }
    }

    /// A file Cabildo writes or reads (an export, a backup, the database's
    /// folder), or standard output when `path` is nil: Foundation's and the
    /// system's errors in words.
    public static func file(_ error: any Error, path: String?) -> CabildoError {
        let ns = error as NSError
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let posix: Int32? = ns.domain == NSPOSIXErrorDomain ? Int32(ns.code)
            : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        let cocoa: CocoaError.Code? = ns.domain == NSCocoaErrorDomain ? CocoaError.Code(rawValue: ns.code) : nil
        let named = path ?? ns.userInfo[NSFilePathErrorKey] as? String
        let file: Message.Argument = named.map { .text($0) } ?? .message(Message("standard output"))
        func any(_ codes: [CocoaError.Code], _ errnos: [Int32]) -> Bool {
            cocoa.map(codes.contains) == true || posix.map(errnos.contains) == true
        }
        if any([.fileWriteOutOfSpace], [ENOSPC, EDQUOT]) {
            return CabildoError(.storage, Message("The disk is full: {file} could not be written. Free space on the disk, or choose another place, and try again.", ["file": file]))
        }
        if any([.fileWriteVolumeReadOnly], [EROFS]) {
            return CabildoError(.storage, Message("Cannot write {file}: the disk is read-only. Choose another place.", ["file": file]))
        }
        if any([.fileReadNoPermission], []) {
            return CabildoError(.storage, Message("Cannot read {file} (permission denied). Ask whoever runs the server for access.", ["file": file]))
        }
        if any([.fileWriteNoPermission], [EACCES, EPERM]) {
            return CabildoError(.storage, Message("Cannot write {file} (permission denied). Choose a place this user may write to, or ask whoever runs the server for access.", ["file": file]))
        }
        if any([.fileNoSuchFile, .fileReadNoSuchFile], [ENOENT, ENOTDIR]) {
            return CabildoError(.storage, Message("{file} cannot be reached: it, or the folder it should be in, does not exist. Check the path.", ["file": file]))
        }
        if any([.fileWriteFileExists], [EEXIST]) {
            return CabildoError(.conflict, Message("{file} already exists; choose another name.", ["file": file]))
        }
        if any([], [EISDIR]) {
            return CabildoError(.validation, Message("{file} is a folder; give the name of a file.", ["file": file]))
        }
        // Anything else: the system's own words for it, never the error's dump.
        let reason = posix.map { String(cString: strerror($0)) } ?? underlying?.localizedDescription ?? ns.localizedDescription
        return CabildoError(.storage, Message("Cannot use {file}: {reason}", ["file": file, "reason": .text(reason)]))
    }

    /// Any error as a person should read it.
    public static func explaining(_ error: any Error) -> CabildoError {
        switch error {
        case let error as CabildoError: return error
        case let error as DatabaseError: return storage(error)
        case let error as NSError where error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain:
            return file(error, path: nil)
        default:
            return CabildoError(.storage, Message("Unexpected failure: {detail}", ["detail": .text("\(error)")]))
        }
    }
}

/// An advisory lock on a file (flock), held while `body` runs.
enum FileLock {
    static func exclusively<T>(_ path: String, mode: mode_t = FilePermissions.ownerOnly,
                               _ body: () throws -> T) throws -> T {
        let fd = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)
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
