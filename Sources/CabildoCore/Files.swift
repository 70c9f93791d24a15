import CabildoText
import Foundation

/// Who may read the files Cabildo makes: the database, its WAL and shared
/// memory (SQLite gives them the database's mode), its lock, backups,
/// exports and keys are the owner's alone (0600). Every process that writes
/// the database must also read its audit key, so kiosks of other Unix users
/// run Cabildo as the database's owner (see the README's kiosk set-up), not
/// through a shared group.
public enum FilePermissions {
    public static let ownerOnly: mode_t = 0o600

    /// The size of the file at `path` (following a link), or nil when there is none.
    static func size(ofDatabase path: String) throws -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw fileError(path, errno) }
            return nil
        }
        return Int(info.st_size)
    }

    /// Makes the folders (0700) and an empty database file with the right mode,
    /// before SQLite opens it (SQLite would make it 0644).
    static func createDatabaseFile(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw CabildoError(.storage, Message("Cannot create the folder for the database {path}: {reason}",
                                                     ["path": .text(path),
                                                      "reason": .message(CabildoError.file(error, path: directory).message)]))
            }
        }
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, ownerOnly)
        guard fd >= 0 else {
            guard errno == EEXIST else { throw fileError(path, errno) }
            return   // an empty file someone made, or another process starting at the same moment
        }
        defer { close(fd) }
        fchmod(fd, ownerOnly)   // whatever the umask says
    }


    static func fileError(_ path: String, _ code: Int32) -> CabildoError {
        CabildoError.file(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO), path: path)
    }
}

/// A file Cabildo writes for someone (an export, a backup, later a published
/// site or a caravan bundle): written whole to a temporary file beside it
/// (owner-only), then renamed into place, so a reader never sees half a file
/// and a failure leaves nothing behind. An existing file is replaced only
/// with `force`, and never the database itself or the files that go with
/// it, whatever name leads to them.
public struct OutputFile {
    public let path: String
    public let force: Bool
    /// The database in use, whose files must never be replaced.
    public let database: String?

    public init(path: String, force: Bool = false, database: String?) {
        self.path = path
        self.force = force
        self.database = database
    }

    /// The database's own files: the file, its WAL, shared memory, journal, lock and keys.
    static func protectedFiles(of database: String) -> [String] {
        ["", "-wal", "-shm", "-journal", ".lock", ".audit-key", ".caravan-key", ".jornada-key"].map { database + $0 }
    }

    /// Refuses a path that is (or names, through a link, `..` or a hard link)
    /// one of the database's files, or that exists without `force`.
    public func checkTarget() throws {
        if let database {
            let target = Self.canonical(path)
            var targetInfo = stat()
            let targetExists = stat(path, &targetInfo) == 0
            for file in Self.protectedFiles(of: database) {
                var info = stat()
                let sameInode = targetExists && stat(file, &info) == 0
                    && info.st_dev == targetInfo.st_dev && info.st_ino == targetInfo.st_ino
                if sameInode || Self.canonical(file) == target {
                    throw CabildoError(.validation, Message(
                        "{path} is the database in use (or one of its files); choose another file to write.",
                        ["path": .text(path)]))
                }
            }
        }
        var info = stat()
        // lstat: a link, even a dangling one, is something that exists there.
        if lstat(path, &info) == 0, !force {
            throw CabildoError(.conflict, Message("{path} already exists; choose a new file name, or add --force to replace it.",
                                                  ["path": .text(path)]))
        }
    }

    /// An absolute path with links and `..` resolved as far as the path exists.
    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath()
        let name = url.lastPathComponent
        var resolved = directory.appendingPathComponent(name)
        var info = stat()
        if lstat(resolved.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { resolved = resolved.resolvingSymlinksInPath() }
        return resolved.path
    }

    /// A new, empty, owner-only temporary file beside the target.
    func temporaryPath() throws -> String {
        for _ in 0..<8 {
            let candidate = path + ".partial-" + String(UInt32.random(in: .min ... .max), radix: 36)
            let fd = Foundation.open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                     FilePermissions.ownerOnly)
            if fd >= 0 { close(fd); return candidate }
            guard errno == EEXIST else { throw FilePermissions.fileError(path, errno) }
        }
        throw FilePermissions.fileError(path, EEXIST)
    }

    /// Writes through `body` into a temporary file, then moves it into place.
    public func write<T>(_ body: (String) throws -> T) throws -> T {
        try checkTarget()
        let temporary = try temporaryPath()
        do {
            let result = try body(temporary)
            try checkTarget()   // the database's files are still not there (a link may have appeared)
            if force {
                guard rename(temporary, path) == 0 else { throw FilePermissions.fileError(path, errno) }
            } else {
                // link() fails if anything appeared there meanwhile: never replaced without --force.
                // A file system without hard links (a FAT memory stick) gets the checked rename.
                if link(temporary, path) == 0 {
                    unlink(temporary)
                } else if [EPERM, ENOTSUP, EOPNOTSUPP].contains(errno) {
                    guard rename(temporary, path) == 0 else { throw FilePermissions.fileError(path, errno) }
                } else {
                    throw FilePermissions.fileError(path, errno)
                }
            }
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes text produced piece by piece (`emit` is handed a writer).
    public func writeText<T>(_ body: (_ emit: (String) throws -> Void) throws -> T) throws -> T {
        try write { temporary in
            // Opened again without following a link, so a link put in its place is refused.
            let fd = Foundation.open(temporary, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw FilePermissions.fileError(temporary, errno) }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            defer { try? handle.close() }
            var buffer = ""
            let result = try body { text in
                buffer += text
                if buffer.utf8.count > 1 << 16 { try handle.write(contentsOf: Data(buffer.utf8)); buffer = "" }
            }
            try handle.write(contentsOf: Data(buffer.utf8))
            try handle.synchronize()
            return result
        }
    }
}
