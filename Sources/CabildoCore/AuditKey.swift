import CabildoText
import Foundation
import GRDB

/// The key of the audit chain's HMAC: 32 random bytes kept outside the
/// database, in `<database>.audit-key` beside it, readable only by its owner.
/// Whoever can write the database but cannot read this file cannot forge,
/// rehash or append entries that `check` accepts.
public struct AuditKey: Sendable {
    /// Nil when the key file is missing: the chain can be read, not written.
    let bytes: [UInt8]?
    /// Where the key lives (nil for an in-memory database's random key).
    public let path: String?

    public var isAvailable: Bool { bytes != nil }

    /// The SQL function through which a connection computes entries' MACs,
    /// so every write path reaches the key without passing it around.
    static let functionName = "cabildo_audit_mac"
    /// The error that function raises without a key; mapped to words in `CabildoError.storage`.
    static let missingMarker = "cabildo: the audit key is missing"

    public static func path(forDatabase path: String) -> String { path + ".audit-key" }

    /// A fresh key held in memory only (tests, throwaway databases).
    static func random() -> AuditKey {
        AuditKey(bytes: Crypto.randomBytes(32), path: nil)
    }

    func mac(_ text: String) -> String? {
        bytes.map { Crypto.hmacSHA256Hex(text, key: $0) }
    }

    var sqlFunction: DatabaseFunction {
        let bytes = bytes
        return DatabaseFunction(Self.functionName, argumentCount: 1, pure: true) { values in
            guard let bytes else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: Self.missingMarker) }
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            return Crypto.hmacSHA256Hex(text, key: bytes)
        }
    }

    /// The key of the database at `databasePath`; created (0600) when
    /// `create` is true and there is none yet; a missing key otherwise.
    static func forDatabase(at databasePath: String, create: Bool) throws -> AuditKey {
        let keyPath = path(forDatabase: databasePath)
        if let key = try load(keyPath) { return key }
        guard create else { return AuditKey(bytes: nil, path: keyPath) }
        return try make(keyPath)
    }

    /// Reads a key file without following a symbolic link, and refuses one
    /// that anyone but its owner can read. Nil when there is no file.
    static func load(_ path: String) throws -> AuditKey? {
        let text: String
        switch OwnerOnlyFile.read(path) {
        case .missing: return nil
        case .link:
            throw CabildoError(.storage, Message(
                "The audit key {path} is a symbolic link; Cabildo does not follow it. Put the key file itself there.",
                ["path": .text(path)]))
        case .failed(let code):
            throw CabildoError(.storage, Message("Cannot read the audit key {path}: {reason}",
                                                 ["path": .text(path), "reason": .text(String(cString: strerror(code)))]))
        case .notRegular:
            throw CabildoError(.storage, Message("The audit key {path} is not a regular file.", ["path": .text(path)]))
        case .readableByOthers(let mode):
            throw CabildoError(.storage, Message(
                "The audit key {path} can be read by other users (permissions {mode}); it must be readable only by its owner. Run: chmod 600 {path}",
                ["path": .text(path), "mode": .text(mode)]))
        case .text(let found): text = found
        }
        guard let bytes = Self.bytes(hex: text), bytes.count == 32 else {
            throw CabildoError(.storage, Message(
                "The audit key {path} is damaged (it must hold 64 hexadecimal digits); restore it from the backup kept with the database.",
                ["path": .text(path)]))
        }
        return AuditKey(bytes: bytes, path: path)
    }

    /// Creates a new key file, never replacing one, readable only by its owner.
    static func make(_ path: String) throws -> AuditKey {
        let key = AuditKey(bytes: Crypto.randomBytes(32), path: path)
        try key.write(to: path)
        return key
    }

    /// Copies the key beside a copy of the database (a backup), so the copy can be checked.
    func copy(besideDatabase databasePath: String) throws {
        guard bytes != nil else { return }
        try write(to: Self.path(forDatabase: databasePath))
    }

    /// Writes the key as hex to a new file (0600, no symlink followed, never replacing one).
    private func write(to path: String) throws {
        guard let bytes else { return }
        if let code = OwnerOnlyFile.create(path, text: Crypto.hex(bytes) + "\n") {
            throw CabildoError(.storage, Message("Cannot create the audit key {path}: {reason}",
                                                 ["path": .text(path), "reason": .text(String(cString: strerror(code)))]))
        }
    }

    private static func bytes(hex: String) -> [UInt8]? { Crypto.bytes(hex: hex) }
}

/// A small secret kept in a file of its own beside the database (the audit
/// key, a caravan's keys): made new only (never replacing one), 0600, no
/// symbolic link followed, and refused when anyone but its owner can read it.
enum OwnerOnlyFile {
    enum Reading: Equatable {
        case missing, link, notRegular
        case readableByOthers(mode: String)
        case failed(Int32)
        case text(String)
    }

    static func read(_ path: String, limit: Int = 4096) -> Reading {
        let fd = Foundation.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            if code == ELOOP { return .link }
            return .failed(code)
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .notRegular }
        guard status.st_mode & 0o077 == 0 else {
            return .readableByOthers(mode: String(status.st_mode & 0o777, radix: 8))
        }
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = Foundation.read(fd, &buffer, buffer.count)
        guard count >= 0 else { return .failed(errno) }
        return .text(String(decoding: buffer.prefix(count), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Nil when written; else the errno of the failure (nothing is left behind).
    static func create(_ path: String, text: String) -> Int32? {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard fchmod(fd, 0o600) == 0, Foundation.write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            let code = errno
            unlink(path)
            return code
        }
        return nil
    }
}
