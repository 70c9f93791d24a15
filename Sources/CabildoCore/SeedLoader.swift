import CabildoText
import Foundation
import GRDB

/// Loads `Data/seed/*.csv` into a new database, once. Every row carries the
/// `source` it comes from; every value passes the same text rules as a
/// person's input, and a bad one is reported as file:line and column.
struct SeedLoader {
    let directory: URL

    /// One CSV file as rows keyed by column name.
    struct Table {
        let file: String
        let rows: [Row]

        struct Row {
            let file: String
            let line: Int
            let values: [String: String]

            func error(_ column: String, _ reason: Message) -> CabildoError {
                CabildoError(.dataFile, Message("{file}:{line}: column '{column}': {reason}",
                                                ["file": .text(file), "line": .text(String(line)),
                                                 "column": .text(column), "reason": .message(reason)]))
            }

            func text(_ column: String, _ policy: TextPolicy = .line(300)) throws -> String? {
                do { return try TextRules.cleanOptional(values[column] ?? "", policy: policy) }
                catch { throw self.error(column, CabildoError.reason(for: error)) }
            }

            func required(_ column: String, _ policy: TextPolicy = .line(300)) throws -> String {
                var strict = policy
                strict.required = true
                return try text(column, strict)!
            }

            func value<E: DomainEnum>(_ column: String, _ type: E.Type) throws -> E {
                let raw = try required(column)
                guard let value = E.parse(raw) else {
                    throw error(column, Message("'{value}' is not one of: {allowed}",
                                                ["value": .text(raw),
                                                 "allowed": .text(E.allCases.map(\.rawValue).joined(separator: ", "))]))
                }
                return value
            }

            func day(_ column: String, partial: Bool = false) throws -> String? {
                let rule = FieldRule(FieldKey(column), Message(column), .line(10))
                do {
                    return partial ? try Fields.partialDay(values[column], rule) : try Fields.day(values[column], rule)
                } catch {
                    throw self.error(column, Message("write the date as YYYY-MM-DD, for example 2021-10-15"))
                }
            }

            func list(_ column: String) throws -> [String] {
                (try text(column) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            }
        }
    }

    func table(_ name: String, columns: [String]) throws -> Table {
        let url = directory.appendingPathComponent(name)
        let shown = "Data/seed/\(name)"
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CabildoError(.dataFile, Message("{file}: cannot read the seed file (looked in {path})",
                                                  ["file": .text(shown), "path": .text(url.path)]))
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            throw CabildoError(.dataFile, Message("{file}:{line}: {reason}",
                                                  ["file": .text(shown), "line": .text(String(error.line)),
                                                   "reason": .text(error.reason)]))
        }
        guard let header = records.first else {
            throw CabildoError(.dataFile, Message("{file}: the file is empty", ["file": .text(shown)]))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in columns + ["source"] where !names.contains(column) {
            throw CabildoError(.dataFile, Message("{file}:1: the column '{column}' is missing",
                                                  ["file": .text(shown), "column": .text(column)]))
        }
        var rows: [Table.Row] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw CabildoError(.dataFile, Message("{file}:{line}: {found} fields where the header has {expected}",
                                                      ["file": .text(shown), "line": .text(String(record.line)),
                                                       "found": .text(String(record.fields.count)),
                                                       "expected": .text(String(names.count))]))
            }
            let row = Table.Row(file: shown, line: record.line,
                                values: Dictionary(uniqueKeysWithValues: zip(names, record.fields)))
            _ = try row.required("source")
            rows.append(row)
        }
        return Table(file: shown, rows: rows)
    }

    func load(into db: Database, at now: String) throws {
        let audit = try Audit.Batch(db)
        var jurisdictions: [String: Int64] = [:]
        var organisations: [String: Int64] = [:]
        var plans: [String: Int64] = [:]
        var counts: [String: Int] = [:]

        func lookup(_ map: [String: Int64], _ row: Table.Row, _ column: String, _ what: String) throws -> Int64 {
            let key = try row.required(column)
            guard let id = map[key] else {
                throw row.error(column, Message("'{value}' is not in {file}", ["value": .text(key), "file": .text(what)]))
            }
            return id
        }

        func insert<R: CabildoRecord>(_ record: R, _ row: Table.Row) throws -> Int64 {
            var record = record
            do { try record.insert(db) } catch let error as DatabaseError {
                throw row.error("-", Message("the database refused this row: {detail}",
                                             ["detail": .text(error.message ?? "\(error.resultCode)")]))
            }
            // Each seeded record gets its entry, so `check` can compare it with the record.
            try audit.append(actor: .system, at: now, action: "seed.record", table: R.databaseTableName,
                             id: record.id, before: nil, after: try audit.json(record))
            counts[R.databaseTableName, default: 0] += 1
            return record.id!
        }

        for row in try table("jurisdictions.csv", columns: ["inegi_code", "name", "kind", "parent_code"]).rows {
            let code = try row.required("inegi_code", .line(5))
            let record = Jurisdiction(id: nil, inegiCode: code, name: try row.required("name"),
                                      kind: try row.value("kind", JurisdictionKind.self),
                                      parentId: try row.text("parent_code").map { _ in
                                          try lookup(jurisdictions, row, "parent_code", "jurisdictions.csv") })
            jurisdictions[code] = try insert(record, row)
        }

        for row in try table("organisations.csv", columns: ["name", "acronym", "sector", "jurisdiction_code"]).rows {
            let name = try row.required("name")
            let record = Organisation(id: nil, name: name, acronym: try row.text("acronym", .line(30)),
                                      sector: try row.value("sector", Sector.self),
                                      jurisdictionId: try row.text("jurisdiction_code").map { _ in
                                          try lookup(jurisdictions, row, "jurisdiction_code", "jurisdictions.csv") })
            organisations[name] = try insert(record, row)
        }

        var mechanisms: [String: Int64] = [:]
        for row in try table("mechanisms.csv", columns: ["jurisdiction_code", "name", "acronym", "theme", "status",
                                                         "established", "legal_basis", "purpose"]).rows {
            let name = try row.required("name")
            let record = Mechanism(jurisdictionId: try lookup(jurisdictions, row, "jurisdiction_code", "jurisdictions.csv"),
                                   name: name, acronym: try row.text("acronym", .line(30)),
                                   theme: try row.value("theme", Theme.self),
                                   status: try row.value("status", MechanismStatus.self),
                                   established: try row.day("established", partial: true),
                                   legalBasis: try row.text("legal_basis", .paragraphs(2_000)),
                                   purpose: try row.text("purpose", .paragraphs(4_000)), updatedAt: now)
            mechanisms[name] = try insert(record, row)
        }

        for row in try table("memberships.csv", columns: ["mechanism", "organisation", "post", "sector",
                                                          "start_date", "end_date"]).rows {
            let record = Membership(id: nil, mechanismId: try lookup(mechanisms, row, "mechanism", "mechanisms.csv"),
                                    personId: nil,
                                    organisationId: try lookup(organisations, row, "organisation", "organisations.csv"),
                                    post: try row.required("post"), sector: try row.value("sector", Sector.self),
                                    startDate: try row.day("start_date"), endDate: try row.day("end_date"))
            _ = try insert(record, row)
        }

        for row in try table("action_plans.csv", columns: ["title", "period_start", "period_end", "submitted_on",
                                                           "jurisdictions", "coordination", "monitoring_body"]).rows {
            let title = try row.required("title")
            let record = ActionPlan(id: nil, title: title, periodStart: try row.day("period_start", partial: true),
                                    periodEnd: try row.day("period_end", partial: true),
                                    submittedOn: try row.day("submitted_on"),
                                    coordination: try row.text("coordination", .paragraphs(2_000)),
                                    monitoringBody: try row.text("monitoring_body", .paragraphs(4_000)))
            let planId = try insert(record, row)
            plans[title] = planId
            for code in try row.list("jurisdictions") {
                guard let id = jurisdictions[code] else {
                    throw row.error("jurisdictions", Message("'{value}' is not in {file}",
                                                             ["value": .text(code), "file": .text("jurisdictions.csv")]))
                }
                try db.execute(sql: "INSERT INTO actionPlanJurisdiction (planId, jurisdictionId) VALUES (?, ?)",
                               arguments: [planId, id])
            }
        }

        for row in try table("action_plan_institutions.csv", columns: ["plan", "organisation", "role"]).rows {
            try db.execute(sql: "INSERT INTO actionPlanInstitution (planId, organisationId, role) VALUES (?, ?, ?)",
                           arguments: [try lookup(plans, row, "plan", "action_plans.csv"),
                                       try lookup(organisations, row, "organisation", "organisations.csv"),
                                       try row.value("role", PlanInstitutionRole.self)])
            counts["actionPlanInstitution", default: 0] += 1
        }

        var axes: [String: Int64] = [:]
        for row in try table("thematic_axes.csv", columns: ["plan", "position", "name"]).rows {
            guard let position = Int(try row.required("position")), position > 0 else {
                throw row.error("position", Message("write a whole number from 1"))
            }
            let name = try row.required("name")
            axes[name] = try insert(ThematicAxis(id: nil, planId: try lookup(plans, row, "plan", "action_plans.csv"),
                                                 position: position, name: name), row)
        }

        for row in try table("co_creation_spaces.csv", columns: ["plan", "kind", "name", "description", "opens_on",
                                                                 "closes_on", "municipalities"]).rows {
            let record = CoCreationSpace(id: nil, planId: try lookup(plans, row, "plan", "action_plans.csv"),
                                         kind: try row.value("kind", CoCreationKind.self), name: try row.required("name"),
                                         description: try row.text("description", .paragraphs(4_000)),
                                         opensOn: try row.day("opens_on"), closesOn: try row.day("closes_on"))
            let spaceId = try insert(record, row)
            for code in try row.list("municipalities") {
                guard let id = jurisdictions[code] else {
                    throw row.error("municipalities", Message("'{value}' is not in {file}",
                                                              ["value": .text(code), "file": .text("jurisdictions.csv")]))
                }
                try db.execute(sql: "INSERT INTO coCreationSpaceJurisdiction (spaceId, jurisdictionId) VALUES (?, ?)",
                               arguments: [spaceId, id])
            }
        }

        for row in try table("commitments.csv", columns: ["plan", "number", "title", "axis", "problem", "solution",
                                                          "lead_organisation"]).rows {
            let number = try row.text("number").map { raw -> Int in
                guard let n = Int(raw), n > 0 else { throw row.error("number", Message("write a whole number from 1")) }
                return n
            }
            let record = Commitment(planId: try lookup(plans, row, "plan", "action_plans.csv"), number: number,
                                    title: try row.required("title"),
                                    problem: try row.text("problem", .paragraphs(10_000)),
                                    solution: try row.text("solution", .paragraphs(10_000)),
                                    axisId: try row.text("axis").map { _ in try lookup(axes, row, "axis", "thematic_axes.csv") })
            let commitmentId = try insert(record, row)
            if try row.text("lead_organisation") != nil {
                try db.execute(sql: "INSERT INTO commitmentInstitution (commitmentId, organisationId, role) VALUES (?, ?, 'lead')",
                               arguments: [commitmentId,
                                           try lookup(organisations, row, "lead_organisation", "organisations.csv")])
            }
        }

        let summary = counts.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        try audit.append(actor: .system, at: now, action: "seed.load", table: "cabildoMeta", id: nil,
                         before: nil, after: "{\(summary)}")
        try audit.finish()
    }
}
