import CabildoTestSupport
import CabildoText
import Foundation
import GRDB
import Testing
@testable import CabildoCore

/// Issue 10, item 12: "NSCocoaErrorDomain Code=640", "not an error", "SQLite
/// error 13" and "grdb_issue_102" reached people; now every failure says
/// what happened and what to do.
@Suite struct ErrorsInWordsTests {
    static let raw = ["NSCocoaErrorDomain", "Code=", "640", "SQLite error", "not an error", "grdb_issue_102", "POSIX",
                      "Domain"]

    func expectInWords(_ error: CabildoError, _ start: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = error.message.description
        #expect(text.hasPrefix(start), "\(text)", sourceLocation: sourceLocation)
        for raw in Self.raw { #expect(!text.contains(raw), "\(text)", sourceLocation: sourceLocation) }
    }

    @Test func sqliteFailuresAreNamedByWhatHappened() {
        // SQLite's own text is not what a person reads, nor is GRDB's.
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_FULL, message: "not an error",
                                             sql: "CREATE TABLE grdb_issue_102 (id INTEGER PRIMARY KEY)")),
                      "The disk is full; nothing was saved. Free space on the disk")
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_READONLY)), "The database cannot be written (permission denied")
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_CANTOPEN)), "The database file cannot be opened")
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_IOERR_WRITE)), "The disk failed while reading or writing")
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_CORRUPT)), "The database file is damaged.")
        expectInWords(.storage(DatabaseError(resultCode: .SQLITE_NOTADB)), "The database file is damaged.")
        let other = CabildoError.storage(DatabaseError(resultCode: .SQLITE_PROTOCOL, message: "not an error"))
        #expect(other.message.description
            == "The database failed (SQLite code 15); nothing was saved. Try again; if it happens again, run 'cabildo check' and tell whoever runs the server.")
    }

    @Test func fileFailuresSayWhatHappenedToWhichFile() {
        let path = "/srv/cabildo/export.csv"
        let outOfSpace = CocoaError(.fileWriteOutOfSpace, userInfo: [
            NSFilePathErrorKey: path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)),
        ])
        expectInWords(.file(outOfSpace, path: nil), "The disk is full: \(path) could not be written.")
        expectInWords(.explaining(outOfSpace), "The disk is full: \(path) could not be written.")
        // Standard output when no file is named (an export piped to a full disk).
        expectInWords(.file(CocoaError(.fileWriteOutOfSpace), path: nil), "The disk is full: standard output could not")
        expectInWords(.file(POSIXError(.ENOSPC), path: path), "The disk is full: \(path)")
        expectInWords(.file(POSIXError(.EACCES), path: path), "Cannot write \(path) (permission denied).")
        expectInWords(.file(CocoaError(.fileWriteNoPermission), path: path), "Cannot write \(path) (permission denied).")
        expectInWords(.file(CocoaError(.fileReadNoPermission), path: path), "Cannot read \(path) (permission denied).")
        expectInWords(.file(POSIXError(.EROFS), path: path), "Cannot write \(path): the disk is read-only.")
        expectInWords(.file(CocoaError(.fileNoSuchFile), path: path), "\(path) cannot be reached")
        expectInWords(.file(POSIXError(.EISDIR), path: path), "\(path) is a folder")
        expectInWords(.file(POSIXError(.EIO), path: path), "Cannot use \(path): Input/output error")
        // In Spanish too.
        let spanish = try! Localizer.load(language: "es", localesDirectory: Resources.locales)
        #expect(spanish.render(CabildoError.file(POSIXError(.ENOSPC), path: nil).message)
            == "El disco está lleno: no se pudo escribir la salida estándar. Libere espacio en el disco, o elija otro lugar, y vuelva a intentarlo.")
        #expect(spanish.render(CabildoError.file(POSIXError(.EACCES), path: path).message)
            .hasPrefix("No se puede escribir \(path) (permiso denegado)."))
    }

    /// A real SQLITE_FULL: the file may not grow (SQLite's max_page_count, as
    /// a full disk would stop it), and a write through an intent says so in words.
    @Test func aDatabaseThatCannotGrowSaysTheDiskIsFull() throws {
        let world = try World()
        let (consultation, questions) = try world.consultation()
        try world.db.rawStorage.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        var failure: CabildoError?
        for n in 0..<200 where failure == nil {
            failure = cabildoError {
                try world.submit(String(repeating: "Banquetas anchas \(n) ", count: 9), consultation: consultation,
                                 questions: questions, by: world.tlalnepantlaEditor)
            }
        }
        let error = try #require(failure)
        #expect(error.kind == .storage)
        expectInWords(error, "The disk is full; nothing was saved.")
    }
}
