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
