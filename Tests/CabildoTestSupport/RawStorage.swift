import GRDB
@_spi(Testing) import CabildoCore

// The tests' one way around AppDatabase's intents. The application reaches
// storage only through intents and read models; a test that must plant a
// damaged row, rewrite the audit chain, insert rows in bulk or count rows
// directly does it here, by name, so a reader sees the rules are bypassed.
extension AppDatabase {
    /// Writes straight into SQLite: no validation, no permission check, no
    /// audit entry (the triggers still run).
    public var rawStorage: any DatabaseWriter { storageForTesting }

    /// Reads straight from SQLite, to check what an intent stored.
    public var reader: any DatabaseReader { storageForTesting }
}

extension AppDatabase {
    /// Read transactions begun on this database so far: a reload's are counted by their difference.
    public var readTransactions: Int { readTransactionsForTesting }
}

extension AppDatabase {
    /// The SQL statements `work` runs on the writer's connection: all of an
    /// in-memory database's, and a file database's writes (with what they
    /// read). The tests count a read's or a write's statements with it.
    public func statements<T>(during work: () throws -> T) throws -> (result: T, statements: [String]) {
        let seen = SeenStatements()
        try rawStorage.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { seen.statements.append(statement.sql) }
            }
        }
        defer { try? rawStorage.writeWithoutTransaction { $0.trace(options: []) } }
        let result = try work()
        return (result, seen.statements)
    }
}

/// The statements a trace saw (the trace runs on the connection's queue, while `work` waits for it).
private final class SeenStatements: @unchecked Sendable {
    var statements: [String] = []
}
