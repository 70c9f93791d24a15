import CabildoText
import Foundation
import GRDB

/// Every state and municipality of Mexico, from `Data/reference/` (INEGI's
/// codes), so that any municipality can have editors, kiosks and
/// consultations. Loaded once into each database; a jurisdiction already
/// there keeps its name ("Estado de México").
enum ReferenceJurisdictions {
    /// Changes when the file does: a database holding an older version gets what is new.
    static let version = "inegi-2020"
    static let metaKey = "referenceJurisdictions"
    static let fileName = "inegi-municipalities.csv"

    static func directory(besideSeed seedDirectory: URL) -> URL {
        seedDirectory.deletingLastPathComponent().appendingPathComponent("reference")
    }

    struct Row {
        let code: String
        let name: String
        let kind: JurisdictionKind
        let parentCode: String?
    }

    /// INEGI writes a state with two digits and a municipality with five.
    static func padded(_ code: String, _ kind: JurisdictionKind) -> String {
        let width = kind == .state ? 2 : 5
        return String(repeating: "0", count: max(0, width - code.count)) + code
    }

    /// The file's rows, states first; a bad row is a file:line error.
    static func rows(in directory: URL) throws -> [Row] {
        let shown = "Data/reference/" + fileName
        guard let text = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8) else {
            return []
        }
        func failure(_ line: Int, _ reason: Message) -> CabildoError { failure(line, .message(reason)) }
        func failure(_ line: Int, _ reason: Message.Argument) -> CabildoError {
            CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                            ["file": .text(shown), "line": .text(String(line)), "reason": reason]))
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw failure(error.line, .text(error.reason)) }
        guard let header = records.first?.fields else { return [] }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        guard let code = column["inegi_code"], let name = column["name"], let kind = column["kind"],
              let parent = column["parent_code"] else {
            throw failure(1, Message("the header needs inegi_code, name, kind and parent_code"))
        }
        let rows = try records.dropFirst().map { record in
            let fields = record.fields
            guard fields.count == header.count else {
                throw failure(record.line, Message("expected {n} columns", ["n": .text(String(header.count))]))
            }
            guard let kindValue = JurisdictionKind.parse(fields[kind]) else {
                throw failure(record.line, Message("column '{column}': '{value}' is not state or municipality",
                                                   ["column": .text("kind"), "value": .text(fields[kind])]))
            }
            let digits = fields[code]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  digits.count <= (kindValue == .state ? 2 : 5) else {
                throw failure(record.line, Message("column '{column}': '{value}' is not an INEGI code",
                                                   ["column": .text("inegi_code"), "value": .text(digits)]))
            }
            let parentCode = fields[parent].isEmpty ? nil : padded(fields[parent], .state)
            guard (kindValue == .state) == (parentCode == nil) else {
                throw failure(record.line, Message("column '{column}': a municipality needs its state, a state has none",
                                                   ["column": .text("parent_code")]))
            }
            guard let cleanName = try? TextRules.clean(fields[name], policy: .line(200, required: true)) else {
                throw failure(record.line, Message("column '{column}': '{value}' is not a usable name",
                                                   ["column": .text("name"), "value": .text(fields[name])]))
            }
            return Row(code: padded(digits, kindValue), name: cleanName, kind: kindValue, parentCode: parentCode)
        }
        return rows.filter { $0.kind == .state } + rows.filter { $0.kind == .municipality }
    }
}

extension AppDatabase {
    /// Whether the reference jurisdictions of this version are not loaded yet (read only).
    func referenceJurisdictionsMissing(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM cabildoMeta WHERE key = ?",
                            arguments: [ReferenceJurisdictions.metaKey]) != ReferenceJurisdictions.version
    }

    /// Adds the states and municipalities the database does not hold yet, each
    /// audited as any record is; writes nothing when they are all there.
    func syncReferenceJurisdictions(from directory: URL, at now: String) throws {
        guard try writer.read({ try referenceJurisdictionsMissing($0) }) else { return }
        let rows = try ReferenceJurisdictions.rows(in: directory)
        guard !rows.isEmpty else { return }
        try writer.write { db in
            guard try referenceJurisdictionsMissing(db) else { return }
            var ids = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT inegiCode, id FROM jurisdiction")
                .map { ($0[0] as String, $0[1] as Int64) })
            let audit = try Audit.Batch(db)
            for row in rows where ids[row.code] == nil {
                guard let parentId = row.parentCode.map({ ids[$0] }) ?? Optional<Int64?>.some(nil) else {
                    throw CabildoError(.dataFile, Message("Data/reference/{file}: the state {code} is missing",
                                                          ["file": .text(ReferenceJurisdictions.fileName),
                                                           "code": .text(row.parentCode ?? "")]))
                }
                // 2,510 rows: one cached statement rather than a record's own insert.
                try db.cachedStatement(sql: "INSERT INTO jurisdiction (inegiCode, name, kind, parentId) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [row.code, row.name, row.kind, parentId])
                let record = Jurisdiction(id: db.lastInsertedRowID, inegiCode: row.code, name: row.name, kind: row.kind,
                                          parentId: parentId)
                try audit.append(actor: .system, at: now, action: "reference.jurisdiction", table: "jurisdiction",
                                 id: record.id, before: nil, after: try audit.json(record))
                ids[row.code] = record.id
            }
            try audit.finish()
            try db.execute(sql: "INSERT OR REPLACE INTO cabildoMeta (key, value) VALUES (?, ?)",
                           arguments: [ReferenceJurisdictions.metaKey, ReferenceJurisdictions.version])
        }
    }
}

/// A jurisdiction with its state's name, as people pick one: "Benito Juárez
/// (Quintana Roo)", since a name alone is not unique in Mexico.
public struct JurisdictionEntry: Sendable, Equatable {
    public let jurisdiction: Jurisdiction
    public let stateName: String?
    public var id: Int64 { jurisdiction.id! }
    public var displayName: String { stateName.map { "\(jurisdiction.name) (\($0))" } ?? jurisdiction.name }
}

extension AppDatabase {
    /// Every jurisdiction with its state, those already in use first (with
    /// mechanisms, consultations, plans or accounts), then by INEGI code.
    /// With `editableBy`, only those the account may change (one query).
    public func jurisdictionEntries(matching words: String = "", editableBy actor: Actor? = nil) throws
        -> [JurisdictionEntry] {
        let entries = try read { db -> [JurisdictionEntry] in
            var scope = ""
            var arguments: StatementArguments = []
            if let actor {
                switch actor.role {
                case .administrator: break
                case .editor:
                    scope = "WHERE j.id = ? OR j.parentId = ?"
                    arguments = [actor.jurisdictionId, actor.jurisdictionId]
                case .monitor, .kiosk: return []
                }
            }
            return try Row.fetchAll(db, sql: """
                SELECT j.*, s.name AS stateName FROM jurisdiction j LEFT JOIN jurisdiction s ON s.id = j.parentId
                \(scope)
                ORDER BY (EXISTS (SELECT 1 FROM mechanism m WHERE m.jurisdictionId = j.id)
                          OR EXISTS (SELECT 1 FROM consultation c WHERE c.jurisdictionId = j.id)
                          OR EXISTS (SELECT 1 FROM actionPlanJurisdiction p WHERE p.jurisdictionId = j.id)
                          OR EXISTS (SELECT 1 FROM account a WHERE a.jurisdictionId = j.id)) DESC, j.inegiCode
                """, arguments: arguments).map { row in
                JurisdictionEntry(jurisdiction: try Jurisdiction(row: row), stateName: row["stateName"])
            }
        }
        let wanted = TextRules.folded(words).split(separator: " ")
        guard !wanted.isEmpty else { return entries }
        return entries.filter { entry in
            let text = TextRules.folded(entry.displayName + " " + entry.jurisdiction.inegiCode)
            return wanted.allSatisfy { text.contains($0) }
        }
    }
}
