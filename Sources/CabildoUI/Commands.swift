import CabildoCore
import CabildoPublish
import CabildoText
import Foundation

/// What each operational command does, beneath the argument parsing.
public enum Commands {
    public static func addUser(_ database: AppDatabase, username: String, displayName: String?, role: Role,
                               jurisdiction: String?, password: String, console: Console) throws -> ExitStatus {
        let account = try database.createAccount(username: username, displayName: displayName ?? username, role: role,
                                                  jurisdictionCode: jurisdiction, password: password,
                                                  by: .operator())
        console.say(Message("Account '{name}' created with the role {role}.",
                            ["name": .text(account.username), "role": .message(account.role.label)]))
        return .ok
    }

    public static func listUsers(_ database: AppDatabase, console: Console) throws -> ExitStatus {
        let accounts = try database.accounts()
        if accounts.isEmpty {
            console.say(Message("There are no accounts yet. Create the first administrator with 'cabildo user add NAME --role administrator --password-stdin'."))
            return .ok
        }
        let codes = Dictionary(uniqueKeysWithValues: try database.jurisdictions().map { ($0.id!, $0.inegiCode) })
        let locks = try database.signInLocks()
        for account in accounts {
            var line = account.username.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
            line += console.localizer.render(account.role.label).padding(toLength: 15, withPad: " ", startingAt: 0)
            line += " " + (account.jurisdictionId.flatMap { codes[$0] } ?? "-").padding(toLength: 6, withPad: " ",
                                                                                       startingAt: 0)
            line += " " + account.displayName
            if account.disabled { line += " " + console.tr("[disabled]") }
            if let until = locks[account.username.lowercased()] {
                line += " " + console.tr("[locked until {time}: too many failed sign-ins]", ["time": .text(until)])
            }
            console.say(line)
        }
        return .ok
    }

    public static func disableUser(_ database: AppDatabase, username: String, console: Console) throws -> ExitStatus {
        let account = try database.disableAccount(username: username, by: .operator())
        console.say(Message("Account '{name}' is disabled; its history is kept.", ["name": .text(account.username)]))
        return .ok
    }

    public static func enableUser(_ database: AppDatabase, username: String, console: Console) throws -> ExitStatus {
        let account = try database.enableAccount(username: username, by: .operator())
        console.say(Message("Account '{name}' is enabled.", ["name": .text(account.username)]))
        return .ok
    }

    public static func changePassword(_ database: AppDatabase, username: String, password: String,
                                      console: Console) throws -> ExitStatus {
        let account = try database.changePassword(username: username, to: password, by: .operator())
        console.say(Message("The password of '{name}' has been changed.", ["name": .text(account.username)]))
        return .ok
    }

    public static func unlockUser(_ database: AppDatabase, username: String, console: Console) throws -> ExitStatus {
        let account = try database.unlockAccount(username: username, by: .operator())
        console.say(Message("Account '{name}' can sign in again; its failed sign-ins no longer count.",
                            ["name": .text(account.username)]))
        return .ok
    }

    /// Checks the file read-only (never writing to it, even when damaged) and prints the audit head.
    public static func check(path: String, expecting expected: ExpectedHead? = nil,
                             console: Console) throws -> ExitStatus {
        let report = try AppDatabase.checkFile(path: path, expecting: expected)
        if let head = report.head { sayHead(head, console: console) }
        if let boundary = report.plainUntil {
            console.say(Message("Entries up to #{id} were written before the chain was keyed and are verified by their plain hash; later entries by the audit key.",
                                ["id": .text(String(boundary))]))
        }
        if report.notKeyedYet && report.head != nil {
            console.say(Message("The audit chain of this file is not keyed yet and its records are not yet compared with the trail; opening it once with this version of Cabildo does both."))
        }
        if report.isHealthy {
            console.say(Message("Check passed: integrity ok, foreign keys ok, {count} audit entries in an unbroken chain.",
                                ["count": .text(String(report.auditEntries))]))
            return .ok
        }
        for problem in report.problems {
            console.say(Message.error(.message(problem)))
        }
        console.say(Message("Check failed: {count} problems found.", ["count": .text(String(report.problems.count))]))
        return .problemsFound
    }

    public static func auditHead(path: String, console: Console) throws -> ExitStatus {
        let head = try AppDatabase.openForChecking(path: path).auditHead()
        sayHead(head, console: console)
        console.say(Message("Keep it elsewhere; 'cabildo check --expect-head {head}' later proves that nothing up to it was cut.",
                            ["head": .text(head.reference)]))
        return .ok
    }

    static func sayHead(_ head: Audit.Head, console: Console) {
        console.say(Message("Audit head: {count} entries; last entry #{id}, hash {hash}",
                            ["count": .text(String(head.entries)), "id": .text(String(head.lastId)),
                             "hash": .text(head.hash)]))
    }

    public static func backup(_ database: AppDatabase, to path: String, force: Bool, console: Console) throws -> ExitStatus {
        try database.backup(to: path, force: force)
        console.say(Message("Backup written to {path}.", ["path": .text(path)]))
        return .ok
    }

    /// Streams an export to standard output, or to a file written whole (owner-only) and then moved into place.
    public static func export(_ database: AppDatabase, kind: ExportKind, format: ExportFormat,
                              output: String?, force: Bool = false, includePersonalData: Bool, includeUnpublished: Bool = false,
                              consultation: Int64? = nil, actor: Actor,
                              console: Console) throws -> ExitStatus {
        guard let output else {
            let out = FileHandle.standardOutput
            // On a terminal the export is shown, so it passes the one display
            // sanitiser (a pasted escape sequence in an answer stays text); a
            // pipe or file gets the bytes as they are.
            let shown = isatty(STDOUT_FILENO) == 1
            do {
                try database.export(kind, format: format, includePersonalData: includePersonalData,
                                    includeUnpublished: includeUnpublished, consultation: consultation,
                                    by: actor) { chunk in
                    guard shown else { return try out.write(contentsOf: Data(chunk.utf8)) }
                    // A record ends in "\r\n" (one Character): a terminal needs only the "\n".
                    let line = chunk.hasSuffix("\r\n") ? String(chunk.dropLast()) + "\n" : chunk
                    try out.write(contentsOf: Data(TextRules.displaySafe(line, keepNewlines: true).utf8))
                }
            } catch let error as CabildoError {
                throw error
            } catch {
                throw CabildoError.file(error, path: nil)   // a full disk or a closed pipe, in words
            }
            return .ok
        }
        let count: Int
        do {
            count = try database.outputFile(output, force: force).writeText { emit in
                try database.export(kind, format: format, includePersonalData: includePersonalData,
                                    includeUnpublished: includeUnpublished, consultation: consultation, by: actor,
                                    to: emit)
            }
        } catch {
            throw (error as? CabildoError) ?? CabildoError.file(error, path: output)
        }
        console.say(Message("{count} records written to {path}.",
                            ["count": .text(String(count)), "path": .text(output)]))
        return .ok
    }

    /// Writes the public website and open data into a folder and says what it wrote.
    public static func publish(_ database: AppDatabase, to directory: String, jurisdiction: String?, baseURL: String?,
                               console: Console) throws -> ExitStatus {
        let started = Date()
        let site = try Site(database: database, jurisdiction: jurisdiction, baseURL: baseURL,
                            localizers: try Site.languages())
        let report = try site.publish(to: directory)
        console.say(Message("Published in {path}: {pages} pages and {files} files in all, {bytes} bytes ({changed} files changed, {removed} removed) in {seconds} s.",
                            ["path": .text(directory), "pages": .text(String(report.pages)),
                             "files": .text(String(report.files)), "bytes": .text(String(report.bytes)),
                             "changed": .text(String(report.changed)), "removed": .text(String(report.removed)),
                             "seconds": .text(String(format: "%.1f", Date().timeIntervalSince(started)))]))
        return .ok
    }

    public static func search(_ database: AppDatabase, text: String, kinds: [SearchKind], order: SearchOrder = .relevance,
                              limit: Int, offset: Int, console: Console) throws -> ExitStatus {
        var found = 0
        for kind in kinds {
            let hits = try database.search(text, in: kind, order: order, limit: limit, offset: offset)
            guard !hits.isEmpty else { continue }
            let title: Message = switch kind {
            case .mechanisms: Message("Participation mechanisms:")
            case .commitments: Message("Commitments:")
            case .submissions: Message("Submissions:")
            }
            console.say(title)
            for hit in hits {
                let name = kind == .submissions ? Folio.display(hit.title) : hit.title
                console.say("  #\(hit.id) \(name) — \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
            }
            if let bound = hits.bound { console.say(bound) }
            found += hits.count
        }
        if found == 0 { console.say(Message("Nothing found for '{text}'.", ["text": .text(text)])) }
        return .ok
    }

    /// One line a jurisdiction: its INEGI code, its name and its state.
    public static func jurisdictions(_ database: AppDatabase, matching words: String, console: Console) throws
        -> ExitStatus {
        let entries = try database.jurisdictionEntries(matching: words)
        guard !entries.isEmpty else {
            console.say(Message("No jurisdiction matches '{text}'.", ["text": .text(words)]))
            return .ok
        }
        for entry in entries.sorted(by: { $0.jurisdiction.inegiCode < $1.jurisdiction.inegiCode }) {
            console.say(entry.jurisdiction.inegiCode.padding(toLength: 6, withPad: " ", startingAt: 0) + entry.displayName)
        }
        return .ok
    }

    public static func demoData(_ database: AppDatabase, submissions: Int, seed: UInt64,
                                console: Console) throws -> ExitStatus {
        let report = try database.loadDemoData(submissions: submissions, seed: seed, by: .operator())
        console.say(Message("{count} synthetic submissions added in {seconds} s.",
                            ["count": .text(String(report.submissions)),
                             "seconds": .text(String(format: "%.1f", report.seconds))]))
        return .ok
    }
}
