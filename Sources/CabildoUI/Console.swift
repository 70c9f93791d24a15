import CabildoCore
import CabildoText
import Foundation

/// Exit statuses that scripts can trust.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case problemsFound = 1      // `check` found damage
    case refused = 2            // permission or sign-in refused
    case invalidInput = 3       // bad value, unknown record, conflict
    case storageFailure = 4     // the file cannot be opened, written or is from a newer Cabildo

    public static func `for`(_ error: CabildoError) -> ExitStatus {
        switch error.kind {
        case .permission, .authentication: .refused
        case .validation, .notFound, .conflict, .dataFile: .invalidInput
        case .storage, .schema: .storageFailure
        }
    }
}

/// Line output for the operational commands. Everything printed passes
/// through `TextRules.displaySafe`: database content never reaches the
/// terminal as control sequences.
public struct Console: Sendable {
    public let localizer: Localizer

    public init(localizer: Localizer) { self.localizer = localizer }

    public func tr(_ msgid: String, _ arguments: [String: Message.Argument] = [:]) -> String {
        localizer.tr(msgid, arguments)
    }

    public func say(_ text: String) {
        print(TextRules.displaySafe(text, keepNewlines: true))
    }

    public func say(_ message: Message) { say(localizer.render(message)) }

    /// "Error: …" on standard error, in the user's language.
    public func fail(_ error: CabildoError) -> ExitStatus {
        let text = localizer.render(.error(.message(error.message)))
        FileHandle.standardError.write(Data((TextRules.displaySafe(text, keepNewlines: true) + "\n").utf8))
        return ExitStatus.for(error)
    }

    /// Runs a command body, turning every Cabildo error into its message and status.
    public func run(_ body: () throws -> ExitStatus) -> ExitStatus {
        do {
            return try body()
        } catch let error as CabildoError {
            return fail(error)
        } catch {
            return fail(CabildoError.explaining(error))
        }
    }
}
