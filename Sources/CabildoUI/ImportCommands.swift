import CabildoCore
import CabildoText
import Foundation

extension Commands {
    /// `cabildo import consultation`: says which column holds each question,
    /// lists every bad row as FILE:LINE: column 'X': reason, and what was written.
    public static func importConsultation(_ database: AppDatabase, consultationId: Int64, file: String,
                                          options: ImportOptions, console: Console) throws -> ExitStatus {
        let data = try InputFile.read(file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CabildoError(.dataFile, Message("{file} is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”.",
                                                  ["file": .text(file)]))
        }
        let report = try database.importConsultation(consultationId, csv: text, file: file, options: options,
                                                     by: .operator())
        console.say(Message("Columns of {file}:", ["file": .text(file)]))
        for question in report.questions {
            let how = question.by == .text ? Message("by its text") : Message("by its number")
            console.say("  " + console.tr("question {n} ← column '{column}' ({how})",
                                          ["n": .text(String(question.position)), "column": .text(question.column),
                                           "how": .message(how)]))
        }
        for (role, column) in report.otherColumns {
            console.say("  " + console.tr("{what} ← column '{column}'", ["what": .message(role), "column": .text(column)]))
        }
        for problem in report.problems {
            let reason = problem.column.map {
                Message("{file}:{line}: column '{column}': {reason}",
                        ["file": .text(file), "line": .text(String(problem.line)), "column": .text($0),
                         "reason": .message(problem.reason)])
            } ?? Message("{file}:{line}: {reason}", ["file": .text(file), "line": .text(String(problem.line)),
                                                     "reason": .message(problem.reason)])
            console.say(reason)
        }
        let counts: [String: Message.Argument] = [
            "good": .text(String(report.good)), "before": .text(String(report.alreadyImported)),
            "bad": .text(String(report.problems.count)), "written": .text(String(report.written)),
            "id": .text(String(consultationId)),
        ]
        if options.dryRun {
            console.say(Message("Dry run: {good} rows would be imported, {before} were imported before, {bad} have problems. Nothing was written.", counts))
            return .ok
        }
        if !report.problems.isEmpty && !options.skipBad {
            throw CabildoError(.validation, Message("Nothing was imported: {bad} rows have problems (listed above). Correct them and import again, or add --skip-bad to import the {good} good rows.", counts))
        }
        console.say(Message("{written} rows imported as online submissions of consultation {id}, each with its own folio; {before} were imported before.", counts))
        if !report.problems.isEmpty {
            console.say(Message("{bad} rows with problems were left out (listed above).", counts))
        }
        return .ok
    }
}
