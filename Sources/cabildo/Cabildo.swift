import ArgumentParser
import CabildoCore
import CabildoText
import CabildoUI
import Foundation

@main
struct Cabildo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cabildo",
        abstract: "Open government in the terminal: participation mechanisms, action-plan commitments, consultations.",
        discussion: """
            Exit status: 0 done; 1 check found problems; 2 refused (permission or sign-in); \
            3 invalid input or unknown record; 4 the database cannot be opened or written; 64 usage error.
            """,
        version: """
            cabildo \(CabildoVersion.release)
            schema: \(CabildoVersion.schema)
            data: \(Resources.root().path)
            """,
        subcommands: [Overview.self, Kiosk.self, DemoData.self, User.self, Check.self, AuditTrail.self, Backup.self,
                      Export.self, Publish.self, Import.self, Notify.self, Search.self, Jurisdictions.self, Arco.self,
                      Caravan.self, Keys.self],
        defaultSubcommand: Overview.self)
}

/// Options every command takes.
struct Common: ParsableArguments {
    @Option(help: ArgumentHelp("The database file (default: $CABILDO_DATABASE, else $XDG_DATA_HOME/cabildo/cabildo.sqlite).",
                               valueName: "path"))
    var database: String?

    @Option(help: ArgumentHelp("Language of messages: es or en (default: from LANG).", valueName: "code"))
    var lang: String?

    var path: String {
        database ?? ProcessInfo.processInfo.environment["CABILDO_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? AppDatabase.defaultPath()
    }

    func console() -> Console {
        let language = Localizer.requestedLanguage(explicit: lang, environment: ProcessInfo.processInfo.environment)
        do {
            Localizer.current = try Localizer.load(language: language, localesDirectory: Resources.locales)
        } catch {
            // No catalogue could be read: the error in the source language.
            let text = Localizer(catalogue: nil).render(.error(.text("\(error)")))
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
        return Console(localizer: Localizer.current)
    }

    /// Sets up the language, opens the database and runs the command body.
    /// Only the commands that start Cabildo (`open`, `kiosk`, `user add`) may
    /// create a missing database; for the others a missing file is a typo.
    func run(creating: Bool = false, _ body: (AppDatabase, Console) throws -> ExitStatus) throws {
        let console = console()
        let status = console.run { try body(try AppDatabase.open(path: path, creating: creating), console) }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Like `run`, for commands that open the file themselves, read-only.
    func runOnFile(_ body: (String, Console) throws -> ExitStatus) throws {
        let console = console()
        let status = console.run { try body(path, console) }
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}


extension Role: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension ExportKind: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension SearchKind: ExpressibleByArgument {}
extension SearchOrder: ExpressibleByArgument {}
extension ArcoRight: ExpressibleByArgument {}
extension ArcoChannel: ExpressibleByArgument {}

struct Overview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open Cabildo on the database (created and filled with the seed data on first run).")
    @OptionGroup var common: Common
    @Option(help: "Colour theme: default, light, high-contrast, monochrome (files in Themes/).") var theme = "default"
    @Flag(help: "Draw borders without box-drawing characters (for braille displays).") var ascii = false
    @Flag(help: "Numbered menus and prompts in plain lines, no full screen (automatic when TERM=dumb or not on a terminal).")
    var plain = false

    func run() throws {
        try common.run(creating: true) { database, console in
            guard !LineMode.isChosen(plain: plain) else {
                return try MainActor.assumeIsolated { try LineMode.run(database: database) }
            }
            try MainActor.assumeIsolated {
                try FullScreen.run(database: database, themeName: theme, ascii: ascii)
            }
        }
    }
}

struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage officials' and kiosks' accounts (as the server's operator).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self, Unlock.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")
        @OptionGroup var common: Common
        @Argument(help: "User name: letters a–z, digits, '.', '_' or '-'.") var name: String
        @Option(help: "administrator, editor, monitor or kiosk.") var role: Role
        @Option(help: "INEGI code of the jurisdiction (required for an editor; optional for a kiosk).")
        var jurisdiction: String?
        @Option(help: "The person's full name (default: the user name).") var displayName: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func validate() throws {
            guard passwordStdin else { throw ValidationError("Give the password on standard input with --password-stdin.") }
        }

        func run() throws {
            try common.run(creating: true) { database, console in
                let password = try SecretInput.read(prompt: Message("Password of the new account:"),
                                                    confirm: Message("The same password again:"),
                                                    localizer: console.localizer)
                return try Commands.addUser(database, username: name, displayName: displayName, role: role,
                                            jurisdiction: jurisdiction, password: password, console: console)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts: name, role, jurisdiction, full name.")
        @OptionGroup var common: Common
        func run() throws { try common.run { try Commands.listUsers($0, console: $1) } }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; it stays in the records.")
        @OptionGroup var common: Common
        @Argument(help: "User name.") var name: String
        func run() throws { try common.run { try Commands.disableUser($0, username: name, console: $1) } }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @OptionGroup var common: Common
        @Argument(help: "User name.") var name: String
        func run() throws { try common.run { try Commands.enableUser($0, username: name, console: $1) } }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an account a new password, read from standard input (asked twice, unechoed, at a terminal).")
        @OptionGroup var common: Common
        @Argument(help: "User name.") var name: String
        @Flag(help: "Read the new password from the first line of standard input.") var passwordStdin = false

        func validate() throws {
            guard passwordStdin else { throw ValidationError("Give the password on standard input with --password-stdin.") }
        }

        func run() throws {
            try common.run { database, console in
                let password = try SecretInput.read(prompt: Message("New password for {name}:", ["name": .text(name)]),
                                                    confirm: Message("The same password again:"),
                                                    localizer: console.localizer)
                return try Commands.changePassword(database, username: name, password: password, console: console)
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift the lock that repeated failed sign-ins put on an account.")
        @OptionGroup var common: Common
        @Argument(help: "User name.") var name: String
        func run() throws { try common.run { try Commands.unlockUser($0, username: name, console: $1) } }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the database: SQLite integrity, foreign keys, the audit chain, every record against its audit trail. Exit 1 on any problem.",
        discussion: "Read-only: the file is never changed, not even when it is damaged.")
    @OptionGroup var common: Common
    @Option(help: ArgumentHelp("A head printed earlier by 'cabildo audit head' (ID:HASH or HASH): fail unless that entry is still in the trail at its place.",
                               valueName: "head"))
    var expectHead: String?

    func validate() throws {
        if let expectHead, ExpectedHead(expectHead) == nil {
            throw ValidationError("--expect-head: give ID:HASH or HASH (64 hexadecimal digits), as 'cabildo audit head' prints it.")
        }
    }

    func run() throws {
        try common.runOnFile { path, console in
            try Commands.check(path: path, expecting: expectHead.flatMap(ExpectedHead.init), console: console)
        }
    }
}

struct AuditTrail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit trail.", subcommands: [Head.self])

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the audit trail's head (entries, last id and hash), to write down or send elsewhere.",
            discussion: "Give it back later to 'cabildo check --expect-head ID:HASH' to prove nothing was cut from the trail since.")
        @OptionGroup var common: Common
        func run() throws { try common.runOnFile { try Commands.auditHead(path: $0, console: $1) } }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file, consistently, while others keep working.")
    @OptionGroup var common: Common
    @Argument(help: "The new file to write.") var destination: String
    @Flag(help: "Replace the file if it exists (never the database in use).") var force = false
    func run() throws { try common.run { try Commands.backup($0, to: destination, force: force, console: $1) } }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export mechanisms, commitments, submissions or a consultation's results as CSV or JSON.",
        discussion: """
            Open data: only published submissions (and their public responses), without citizens' \
            contact data. 'results --consultation ID' writes one consultation's results per question: a \
            row per option (count, percentage of the question's respondents, mean position for a ranking) \
            or per free-text answer, for all submissions, then by channel and by municipality. --internal adds pending and rejected submissions and --include-personal-data \
            the contact data, only for an administrator's account (--admin NAME, password on standard \
            input); such an export is recorded in the audit trail.
            """)
    @OptionGroup var common: Common
    @Argument(help: "mechanisms, commitments, submissions or results.") var kind: ExportKind
    @Option(help: ArgumentHelp("The consultation whose results to export (results only).", valueName: "id"))
    var consultation: Int64?
    @Option(help: "csv or json.") var format: ExportFormat = .csv
    @Option(help: ArgumentHelp("Write to this file instead of standard output (a new file, owner-only).", valueName: "path"))
    var output: String?
    @Flag(help: "Replace the --output file if it exists (never the database in use).") var force = false
    @Flag(help: "Include citizens' contact data (administrators only).") var includePersonalData = false
    @Flag(help: "An internal export: submissions pending and rejected too, not only published (administrators only).")
    var `internal` = false
    @Option(help: "The administrator account that authorises --include-personal-data or --internal.") var admin: String?
    @Flag(help: "Read the administrator's password from standard input.") var passwordStdin = false

    func validate() throws {
        if includePersonalData && (admin == nil || !passwordStdin) {
            throw ValidationError("--include-personal-data needs --admin NAME and --password-stdin.")
        }
        if `internal` && (admin == nil || !passwordStdin) {
            throw ValidationError("--internal needs --admin NAME and --password-stdin.")
        }
        if `internal` && kind != .submissions && kind != .results {
            throw ValidationError("--internal applies to submissions and results only.")
        }
        if (kind == .results) != (consultation != nil) {
            throw ValidationError(kind == .results ? "results needs --consultation ID."
                                  : "--consultation applies to results only.")
        }
        if kind == .results && includePersonalData {
            throw ValidationError("--include-personal-data does not apply to results: they hold none.")
        }
    }

    func run() throws {
        try common.run { database, console in
            var actor = Actor.operator()
            if includePersonalData || `internal`, let admin {
                let password = try SecretInput.read(prompt: Message("Password of {name}:", ["name": .text(admin)]),
                                                    localizer: console.localizer)
                actor = Actor(account: try database.signIn(username: admin, password: password,
                                                           at: SignInTerminal.current(), for: .administrator))
            }
            return try Commands.export(database, kind: kind, format: format, output: output, force: force,
                                       includePersonalData: includePersonalData, includeUnpublished: `internal`,
                                       consultation: consultation, actor: actor, console: console)
        }
    }
}

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the public website (Spanish, and English under en/) and open data into a folder.",
        discussion: """
            Plain HTML and one CSS file, no JavaScript, nothing loaded from elsewhere; a ZIP of CSV files with \
            their data dictionary, and Popolo JSON. Nothing personal is published. The same records give the \
            same bytes; files that did not change are left as they were.
            """)
    @OptionGroup var common: Common
    @Argument(help: "The folder to write (new, empty, or published before).") var directory: String
    @Option(help: "INEGI code: publish only this jurisdiction (and a state's municipalities).") var jurisdiction: String?
    @Option(help: ArgumentHelp("The address the site will be served from (for canonical links).", valueName: "url"))
    var baseUrl: String?

    func run() throws {
        try common.run { database, console in
            try Commands.publish(database, to: directory, jurisdiction: jurisdiction, baseURL: baseUrl, console: console)
        }
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search mechanisms, commitments and submissions; accents and case are ignored.")
    @OptionGroup var common: Common
    @Argument(help: "Words to find, each a whole word; end one with * to match the words it starts (agua* finds aguacate).")
    var text: String
    @Option(help: "Search only mechanisms, commitments or submissions.") var kind: SearchKind?
    @Option(help: "relevance (best first, among the newest \(SearchLimits.rankedMatches) matches) or newest (every match, newest first).")
    var order: SearchOrder = .relevance
    @Option(help: "Results per kind.") var limit = 20
    @Option(help: "Results to skip (for the next page).") var offset = 0

    func run() throws {
        try common.run { database, console in
            try Commands.search(database, text: text, kinds: kind.map { [$0] } ?? SearchKind.allCases, order: order,
                                limit: max(1, min(limit, 500)), offset: max(0, offset), console: console)
        }
    }
}

struct Kiosk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a citizens' kiosk: take part in consultations, check a folio, contact a mechanism.",
        discussion: """
            Meant as a terminal's only program (see the README). Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing; \
            F10 asks for an administrator's name and password to leave.
            """)
    @OptionGroup var common: Common
    @Option(help: "Where the kiosk stands; stamped on every submission.") var place: String
    @Option(help: "The kiosk account that signs it in.") var account: String
    @Option(help: ArgumentHelp("A file whose first line is the kiosk account's password.", valueName: "path"))
    var passwordFile: String
    @Option(help: "INEGI code of the place's jurisdiction (default: the kiosk account's).") var jurisdiction: String?
    @Option(help: "kiosk or caravan.") var channel: Channel = .kiosk
    @Option(help: "Seconds without a key before the warning.") var idle = 90
    @Option(help: "Seconds the warning counts down before the form is wiped.") var countdown = 15
    @Option(help: ArgumentHelp("Submissions this kiosk may send in a minute; more are refused, the answers kept.",
                               valueName: "n"))
    var maxPerMinute = AppDatabase.kioskSubmissionsPerMinute
    @Option(help: "Colour theme.") var theme = "default"
    @Flag(help: "Borders without box-drawing characters.") var ascii = false
    @Flag(help: "Say each step, each choice and each answer aloud through espeak-ng (F5 repeats).") var speak = false
    @Flag(help: "Numbered menus and prompts in plain lines, no full screen (automatic when TERM=dumb or not on a terminal).")
    var plain = false

    func validate() throws {
        guard channel == .kiosk || channel == .caravan else { throw ValidationError("--channel: kiosk or caravan.") }
        guard idle > 0, countdown > 0 else { throw ValidationError("--idle and --countdown must be positive.") }
        guard (1...600).contains(maxPerMinute) else { throw ValidationError("--max-per-minute: from 1 to 600.") }
    }

    func run() throws {
        try common.run(creating: true) { database, console in
            let setup = try KioskSetups.make(database: database, place: place, account: account,
                                             passwordFile: passwordFile, jurisdiction: jurisdiction, channel: channel,
                                             idle: idle, countdown: countdown, perMinute: maxPerMinute)
            guard !LineMode.isChosen(plain: plain) else {
                return try MainActor.assumeIsolated { try LineMode.runKiosk(database: database, setup: setup) }
            }
            try MainActor.assumeIsolated {
                try FullScreen.runKiosk(database: database, setup: setup, themeName: theme, ascii: ascii, speak: speak)
            }
        }
    }
}

struct DemoData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Fill the database with synthetic submissions (deterministic: the same seed, the same data).",
        discussion: "For trying Cabildo at scale and for the benchmark; never on a database in real use.")
    @OptionGroup var common: Common
    @Option(help: "How many submissions to add.") var submissions: Int
    @Option(help: "The random seed.") var seed: UInt64 = 1

    func validate() throws {
        guard submissions > 0 else { throw ValidationError("--submissions must be positive.") }
    }

    func run() throws {
        try common.run { database, console in
            try Commands.demoData(database, submissions: submissions, seed: seed, console: console)
        }
    }
}

struct Jurisdictions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List Mexico's states and municipalities with their INEGI codes, or those whose name holds the words.",
        discussion: "Accents and capitals are ignored: 'benito juarez' finds every Benito Juárez, each with its state.")
    @OptionGroup var common: Common
    @Argument(help: "Words of the name, of the state's name, or the code.") var words: [String] = []

    func run() throws {
        try common.run { try Commands.jurisdictions($0, matching: words.joined(separator: " "), console: $1) }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import results from outside Cabildo: a caravan's bundle (cabildo import BUNDLE) or an online form's results.",
        subcommands: [ImportBundle.self, ImportConsultation.self], defaultSubcommand: ImportBundle.self)

    struct ImportBundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Merge a caravan jornada's bundle (cabildo caravan close made it on the laptop).",
            discussion: """
                The whole bundle is checked first: its hash chain, the jornada's signature, and that this \
                server prepared its kit. An altered, cut-off or foreign bundle is refused (exit 3) with \
                nothing written. Then it is merged in one transaction: a bundle imported twice adds \
                nothing; a folio that already names another record here is given a new one and reported.
                """)
        @OptionGroup var common: Common
        @Argument(help: "The bundle file.") var file: String

        func run() throws {
            try common.run { database, console in
                try Commands.importBundle(database, databasePath: common.path, file: file, console: console)
            }
        }
    }

    struct ImportConsultation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consultation",
            abstract: "Import an online form's results (CSV) into a consultation, each row a submission of the online channel with its own folio.",
            discussion: """
                The first line names the columns: one per question, by the question's text or its number \
                (P1, Pregunta 1, Q1, 1); a timestamp (timestamp, marca temporal); optionally id, name, e-mail, \
                telephone, consent (sí/yes, needed with contact data) and municipality (INEGI code). Every bad \
                row is reported as FILE:LINE: column 'X': reason, and nothing is written unless every row is \
                good (--skip-bad writes the good ones). A row imported before (same id, or without an id \
                column the same content) is skipped, so importing a file twice adds nothing.
                """)
        @OptionGroup var common: Common
        @Argument(help: "The consultation's number.") var consultationId: Int64
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Flag(help: "Check the file and say what would be imported; write nothing.") var dryRun = false
        @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.") var skipBad = false
        @Option(help: "Where the submissions were taken, stamped on each.") var place = "En línea"

        func run() throws {
            try common.run { database, console in
                try Commands.importConsultation(database, consultationId: consultationId, file: file,
                                                options: ImportOptions(dryRun: dryRun, skipBad: skipBad, place: place),
                                                console: console)
            }
        }
    }
}

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Notices to citizens who left contact data: responses to their participation, answers to their messages.",
        subcommands: [Send.self, List.self, Mark.self])

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send every queued e-mail notice through sendmail (in Spanish); each is sent once.",
            discussion: "A notice sendmail refuses stays queued with its error. Exit status 1 when some could not be sent.")
        @OptionGroup var common: Common
        @Option(help: ArgumentHelp("The sendmail program (default: $CABILDO_SENDMAIL, else \(Sendmail.defaultPath)).",
                                   valueName: "path"))
        var sendmail: String?
        @Option(help: ArgumentHelp("The sender's address for the From header.", valueName: "address")) var from: String?

        func run() throws {
            let path = sendmail ?? ProcessInfo.processInfo.environment["CABILDO_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 }
                ?? Sendmail.defaultPath
            try common.run { database, console in
                try Commands.sendNotices(database, sendmail: Sendmail(path: path), from: from, console: console)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the waiting notices for people who gave only a telephone, to call them.")
        @OptionGroup var common: Common
        @Option(help: "INEGI code of the municipality (or state) whose notices to list.") var municipality: String?
        func run() throws {
            try common.run { try Commands.listNotices($0, municipality: municipality, console: $1) }
        }
    }

    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a notice as delivered (after calling the person).")
        @OptionGroup var common: Common
        @Argument(help: "The notice's number, as 'notify list' shows it.") var id: Int64
        @Flag(help: "The notice was given by telephone or in person.") var deliveredByHand = false

        func validate() throws {
            guard deliveredByHand else { throw ValidationError("Say how it was delivered: --delivered-by-hand.") }
        }

        func run() throws {
            try common.run { try Commands.markNoticeDelivered($0, id: id, console: $1) }
        }
    }
}

/// The administrator's own account that every `arco` command acts as.
struct AdminSignIn: ParsableArguments {
    @Option(help: "The administrator account that handles the request.") var admin: String?
    @Flag(help: "Read the administrator's password from standard input.") var passwordStdin = false

    func validate() throws {
        guard admin != nil, passwordStdin else {
            throw ValidationError("Data-rights requests need --admin NAME and --password-stdin.")
        }
    }

    func actor(_ database: AppDatabase, _ console: Console) throws -> Actor {
        let name = admin ?? ""
        let password = try SecretInput.read(prompt: Message("Password of {name}:", ["name": .text(name)]),
                                            localizer: console.localizer)
        return Actor(account: try database.signIn(username: name, password: password, at: SignInTerminal.current(),
                                                  for: .administrator))
    }
}

struct Arco: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Data-rights (ARCO) requests: the register, their legal deadlines, and giving effect to each right.",
        discussion: """
            Only an administrator's own account (--admin NAME, password on standard input); every action is \
            recorded in the audit trail. Deadlines are counted in business days by the rules in \
            Data/reference/arco-deadlines.csv and the holidays in Data/reference/holidays.csv.
            """,
        subcommands: [Add.self, List.self, Access.self, Rectify.self, Cancel.self, Oppose.self, Extend.self,
                      Close.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a request, with its legal deadline.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Option(help: "Who asks: the data's owner or their representative.") var requester: String
        @Option(help: "How to answer them (an address, a telephone, an e-mail).") var contact: String?
        @Option(help: "access, rectification, cancellation, opposition or portability.") var right: ArcoRight
        @Option(help: "A folio the request is about (repeat for several).") var folio: [String] = []
        @Option(help: "office, email, post or platform.") var channel: ArcoChannel
        @Option(help: ArgumentHelp("The day it was received, YYYY-MM-DD (default: today).", valueName: "date"))
        var receivedOn: String?
        @Option(help: "What is asked, in the requester's words.") var details: String?

        func run() throws {
            try common.run { database, console in
                try ArcoCommands.add(database, ArcoRequestDraft(
                    requesterName: requester, requesterContact: contact, kind: right, folios: folio,
                    receivedOn: receivedOn, channel: channel, details: details),
                    actor: try signIn.actor(database, console), console: console)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the requests: open ones by deadline, overdue ones said so; then the closed ones.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.list(database, actor: try signIn.actor(database, console), console: console)
            }
        }
    }

    struct Access: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a copy of the person's data (access or portability) to a new file, owner-only, as JSON.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        @Option(help: ArgumentHelp("The file to write.", valueName: "path")) var output: String
        @Flag(help: "Replace the file if it exists (never the database in use).") var force = false
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.access(database, request: request, output: output, force: force,
                                        actor: try signIn.actor(database, console), console: console)
            }
        }
    }

    struct Rectify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct the contact data of a folio of the request (what is not given stays).")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        @Option(help: "The folio to correct (needed when the request names several).") var folio: String?
        @Option(help: "The corrected name.") var name: String?
        @Option(help: "The corrected e-mail.") var email: String?
        @Option(help: "The corrected telephone.") var phone: String?
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.rectify(database, request: request, folio: folio,
                                         contact: ContactDetails(name: name, email: email, phone: phone),
                                         actor: try signIn.actor(database, console), console: console)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase the contact data of the request's folios; the submissions and their responses stay.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.cancel(database, request: request, actor: try signIn.actor(database, console),
                                        console: console)
            }
        }
    }

    struct Oppose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the person wants no notices about the request's folios.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.oppose(database, request: request, actor: try signIn.actor(database, console),
                                        console: console)
            }
        }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extend the request's deadline once, by the extension its rule allows.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.extend(database, request: request, actor: try signIn.actor(database, console),
                                        console: console)
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the request once it has been answered.")
        @OptionGroup var common: Common
        @OptionGroup var signIn: AdminSignIn
        @Argument(help: "The request's number.") var request: Int64
        @Option(help: "What was answered.") var outcome: String?
        func run() throws {
            try common.run { database, console in
                try ArcoCommands.close(database, request: request, outcome: outcome,
                                       actor: try signIn.actor(database, console), console: console)
            }
        }
    }
}

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create (if missing) and show this server's caravan public key.",
        discussion: "The private key stays beside the database (DATABASE.caravan-key), readable only by its owner.")
    @OptionGroup var common: Common

    func run() throws {
        try common.run { _, console in try Commands.keys(databasePath: common.path, console: console) }
    }
}

struct Caravan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A consultation day (jornada) on a laptop with no connection: prepare the kit, open, close.",
        subcommands: [Prepare.self, Open.self, Close.self])

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At the server: write the kit for a jornada (nothing personal; signed by the server).")
        @OptionGroup var common: Common
        @Option(help: "INEGI code of the municipality.") var municipality: String
        @Option(help: ArgumentHelp("The jornada's day.", valueName: "YYYY-MM-DD")) var date: String
        @Option(help: ArgumentHelp("The kit file to write (a new file, owner-only).", valueName: "path")) var output: String
        @Flag(help: "Replace the --output file if it exists.") var force = false

        func run() throws {
            try common.run { database, console in
                try Commands.caravanPrepare(database, databasePath: common.path, municipality: municipality, day: date,
                                           output: output, force: force, console: console)
            }
        }
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On the laptop: start (or resume) the jornada from its kit and run the kiosk on the caravan channel.",
            discussion: """
                --database names the laptop's own file (new the first time). The first time, the accounts \
                caravana (staff: leave the kiosk with F10, type paper forms in the full-screen app) and \
                caravana-kiosco are made with the password in --password-file.
                """)
        @OptionGroup var common: Common
        @Argument(help: "The kit file.") var kit: String
        @Option(help: "Where the jornada takes place.") var place: String
        @Option(help: "The staff on duty.") var staff: String
        @Option(help: ArgumentHelp("A file whose first line is the staff's password.", valueName: "path"))
        var passwordFile: String
        @Option(help: "Seconds without a key before the warning.") var idle = 90
        @Option(help: "Seconds the warning counts down before the form is wiped.") var countdown = 15
        @Option(help: "Colour theme.") var theme = "default"
        @Flag(help: "Borders without box-drawing characters.") var ascii = false
        @Flag(help: "Record the jornada and stop, without running the kiosk.") var noKiosk = false

        func run() throws {
            try common.runOnFile { path, console in
                let (database, setup) = try Commands.caravanOpen(kitFile: kit, databasePath: path, place: place,
                                                                 staff: staff, passwordFile: passwordFile, idle: idle,
                                                                 countdown: countdown, console: console)
                if noKiosk { return .ok }
                guard FullScreen.isPossible() else {
                    throw CabildoError(.validation, Message("The kiosk needs a terminal."))
                }
                try MainActor.assumeIsolated {
                    try FullScreen.runKiosk(database: database, setup: setup, themeName: theme, ascii: ascii)
                }
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On the laptop: close the jornada and write its signed bundle for the server.")
        @OptionGroup var common: Common
        @Option(help: ArgumentHelp("The bundle file to write (a new file, owner-only).", valueName: "path")) var output: String
        @Option(help: ArgumentHelp("Paper forms collected during the jornada.", valueName: "n")) var paperCollected: Int?
        @Flag(help: "Replace the --output file if it exists.") var force = false

        func run() throws {
            try common.run { database, console in
                try Commands.caravanClose(database, databasePath: common.path, output: output, force: force,
                                          paperCollected: paperCollected, console: console)
            }
        }
    }
}
