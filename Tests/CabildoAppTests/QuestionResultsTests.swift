import CabildoTestSupport
import CabildoApp
import CabildoCore
import CabildoText
import Foundation
import Testing

/// Issue 14's done-when: a consultation with one question of each type,
/// answered at the kiosk (its flow), typed on paper (its form) and imported
/// from a CSV of 1,000 online rows; the per-question results are the same
/// in the app's read model and pane, in the results export, and in a hand
/// count made here from the fixtures.
@MainActor @Suite struct QuestionResultsTests {
    /// One submission as the fixtures give it: its channel, municipality and
    /// answers by question index — text, option indexes (a multiple choice's
    /// in any order, a ranking's in its order), or nil when left empty.
    struct Given {
        let channel: Channel
        let municipality: String
        let texts: [Int: String]
        let picks: [Int: [Int]]
    }

    static let options: [Int: [String]] = [2: ["A pie", "Autobús", "Automóvil"],
                                           3: ["Agua", "Seguridad", "Transporte", "Basura"],
                                           4: ["Banquetas", "Alumbrado", "Parques"]]

    static func drafts() -> [QuestionDraft] {
        [QuestionDraft(prompt: "¿Qué propone?", kind: .text, maxLength: 500),
         QuestionDraft(prompt: "¿En qué colonia vive?", kind: .shortText, required: false, maxLength: 80),
         QuestionDraft(prompt: "¿Cómo se mueve?", kind: .choice, choices: options[2]!),
         QuestionDraft(prompt: "¿Qué le preocupa?", kind: .multiple, required: false, choices: options[3]!,
                       maxChoices: 2),
         QuestionDraft(prompt: "Ordene las obras", kind: .ranking, choices: options[4]!)]
    }

    /// The 1,000 online rows: a deterministic mix, options named by text
    /// (in any case) or by number, separated by ";".
    static func onlineRows() -> [Given] {
        let combos: [[Int]] = [[], [0], [1, 3], [2], [3, 0], [1]]
        let orders: [[Int]] = [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0], [0, 2, 1], [1, 0, 2]]
        return (0..<1_000).map { i in
            var texts: [Int: String] = [0: "Propuesta \(i % 7)"]
            if i % 3 != 0 { texts[1] = "Colonia \(i % 5)" }
            var picks: [Int: [Int]] = [2: [i % 3], 4: orders[(i / 2) % 6]]
            if !combos[i % 6].isEmpty { picks[3] = combos[i % 6] }
            return Given(channel: .online, municipality: i % 4 == 0 ? "15057" : "15104", texts: texts, picks: picks)
        }
    }

    static func csv(_ rows: [Given]) -> String {
        var lines = ["id,marca temporal,municipio,P1,P2,P3,P4,P5"]
        for (i, row) in rows.enumerated() {
            func cell(_ question: Int) -> String {
                guard let picks = row.picks[question] else { return "" }
                // Alternately by number and by text in capitals.
                return picks.map { i % 2 == 0 ? String($0 + 1) : options[question]![$0].uppercased() }
                    .joined(separator: i % 3 == 0 ? "; " : ";")
            }
            lines.append(["r\(i)", "2026-03-01 10:\(String(format: "%02d", i % 60))", row.municipality,
                          row.texts[0] ?? "", row.texts[1] ?? "", cell(2), cell(3), cell(4)]
                .map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The hand count of one group of fixtures, as the export's rows say it:
    /// "question|option" → count, percent, mean position; "question|text" → count; "question" → respondents.
    static func handCount(_ rows: [Given]) -> [String: String] {
        var out: [String: String] = [:]
        for question in 0..<5 {
            let answering = rows.filter { $0.texts[question] != nil || $0.picks[question] != nil }
            out["\(question + 1)"] = String(answering.count)
            func percent(_ n: Int) -> String {
                String(format: "%.1f", answering.isEmpty ? 0 : Double(n) * 100 / Double(answering.count))
            }
            switch question {
            case 0, 1:
                var counts: [String: Int] = [:]
                for row in answering { counts[row.texts[question]!, default: 0] += 1 }
                for (text, count) in counts { out["\(question + 1)|\(text)"] = String(count) }
            case 2, 3:
                for (index, option) in options[question]!.enumerated() {
                    let n = answering.filter { $0.picks[question]!.contains(index) }.count
                    out["\(question + 1)|\(option)"] = "\(n) \(percent(n))"
                }
            default:
                for (index, option) in options[question]!.enumerated() {
                    let first = answering.filter { $0.picks[question]!.first == index }.count
                    let positions = answering.map { $0.picks[question]!.firstIndex(of: index)! + 1 }.reduce(0, +)
                    let mean = String(format: "%.2f", Double(positions) / Double(answering.count))
                    out["\(question + 1)|\(option)"] = "\(first) \(percent(first)) \(mean)"
                }
            }
        }
        return out
    }

    /// The same shape from the read model.
    static func counted(_ group: ResultGroup) -> [String: String] {
        var out: [String: String] = [:]
        for result in group.questions {
            let n = result.question.position
            out["\(n)"] = String(result.respondents)
            for option in result.options {
                out["\(n)|\(option.option)"] = ([String(option.count), option.percentText] + (option.meanPositionText.map { [$0] } ?? []))
                    .joined(separator: " ")
            }
            for text in result.texts { out["\(n)|\(text.text)"] = String(text.count) }
        }
        return out
    }

    /// The same shape from the export's CSV rows of one group.
    static func exported(_ records: [CSV.Record], kind: String, code: String) -> [String: String] {
        let header = records[0].fields
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var out: [String: String] = [:]
        for record in records.dropFirst() {
            let f = record.fields
            guard f[column("group")] == kind, f[column("group_code")] == code else { continue }
            let n = f[column("question")]
            out[n] = f[column("respondents")]
            if !f[column("option")].isEmpty {
                out["\(n)|\(f[column("option")])"] = ([f[column("count")], f[column("percent")]]
                    + (f[column("mean_position")].isEmpty ? [] : [f[column("mean_position")]])).joined(separator: " ")
            } else if !f[column("text")].isEmpty {
                out["\(n)|\(f[column("text")])"] = f[column("count")]
            }
        }
        return out
    }

    @Test func kioskPaperAndAThousandOnlineRowsGiveTheSameResultsInTheAppTheExportAndAHandCount() throws {
        let world = try FlowWorld()
        let database = world.database
        let consultation = try database.createConsultation(ConsultationDraft(
            jurisdictionId: world.tlalnepantla, title: "Tipos de pregunta", theme: .mobility, opensOn: "2026-03-01",
            closesOn: "2026-03-31", questions: Self.drafts()), by: world.admin)
        let questions = try database.questions(of: consultation.id!)
        var given: [Given] = []

        // At the kiosk, through its flow: picks and rankings given as the kiosk's field holds them.
        let kioskAnswers: [Given] = [
            Given(channel: .kiosk, municipality: "15104", texts: [0: "Más rutas", 1: "Centro"],
                  picks: [2: [1], 3: [0, 3], 4: [2, 0, 1]]),
            Given(channel: .kiosk, municipality: "15104", texts: [0: "Propuesta 1"],
                  picks: [2: [0], 4: [0, 1, 2]]),
            Given(channel: .kiosk, municipality: "15104", texts: [0: "Más rutas", 1: "Norte"],
                  picks: [2: [1], 3: [2], 4: [1, 2, 0]]),
        ]
        for answers in kioskAnswers {
            let flow = world.kioskFlow()
            try give(flow, .choose(1), .choose(1))
            let n = try #require(flow.view.options.firstIndex(of: consultation.title)) + 1
            try give(flow, .choose(n), .choose(2))   // declines to leave contact data
            for (index, question) in questions.enumerated() {
                if question.kind == .choice {
                    try give(flow, .choose(answers.picks[index]![0] + 1))
                    continue
                }
                let value = answers.texts[index]
                    ?? answers.picks[index].map { $0.map { Self.options[index]![$0] }.joined(separator: "\n") } ?? ""
                // A ranking first tried with one option missing is refused beside its field, and kept.
                if question.kind == .ranking {
                    try give(flow, .text(value.split(separator: "\n").dropLast().joined(separator: "\n")))
                    #expect(cabildoError { try flow.handle(.next) }?.field == question.answerRule.key)
                }
                try give(flow, .text(value), .next)
            }
            #expect(flow.step == .takePart(.review))
            #expect(flow.view.review[4].value.hasPrefix("1. "))
            try give(flow, .choose(questions.count + 1))
            guard case .takePart(.receipt) = flow.step else { Issue.record("no receipt: \(flow.step)"); return }
            given.append(answers)
        }

        // On paper, through the officials' form.
        let adminAccount = try database.reader.read { try Account.fetchOne($0, key: world.admin.accountId!)! }
        let officials = AppSession(database: database, account: adminAccount, localizer: world.spanish, terminal: "tests")
        let naucalpan = try database.jurisdiction(inegiCode: "15057")!.id!
        let paperAnswers: [Given] = [
            Given(channel: .paper, municipality: "15057", texts: [0: "Propuesta 2"], picks: [2: [2], 3: [1], 4: [1, 0, 2]]),
            Given(channel: .roundtable, municipality: "15104", texts: [0: "Más rutas", 1: "Centro"],
                  picks: [2: [0], 3: [3, 1], 4: [2, 1, 0]]),
        ]
        for answers in paperAnswers {
            let form = try PaperForm.spec(consultation.id!, officials)
            var values = form.startingValues
            values["channel"] = answers.channel.rawValue
            values["place"] = "Mesa 1"
            values["jurisdiction"] = String(answers.municipality == "15057" ? naucalpan : world.tlalnepantla)
            for (index, question) in questions.enumerated() {
                values[question.answerRule.key] = answers.texts[index]
                    ?? answers.picks[index].map { $0.map { Self.options[index]![$0] }.joined(separator: "\n") } ?? ""
            }
            _ = try form.save(values, officials)
            given.append(answers)
        }
        // The paper form declares each question's own field kind.
        let paperFields = try PaperForm.spec(consultation.id!, officials).fields.suffix(5).map(\.kind)
        guard case .picks(let picks, let most) = paperFields[3], case .ranking(let ranked) = paperFields[4] else {
            Issue.record("paper fields: \(paperFields)"); return
        }
        #expect(most == 2 && picks.map(\.id) == Self.options[3]! && ranked.count == 3)

        // 1,000 online rows from a generated CSV.
        let online = Self.onlineRows()
        let report = try database.importConsultation(consultation.id!, csv: Self.csv(online), file: "en-linea.csv",
                                                     options: ImportOptions(), by: world.admin)
        #expect(report.problems.isEmpty && report.written == 1_000)
        given += online

        // The hand count, for all, each channel and each municipality.
        var expected: [String: [String: String]] = ["all|": Self.handCount(given)]
        for channel in Set(given.map(\.channel)) {
            expected["channel|\(channel.rawValue)"] = Self.handCount(given.filter { $0.channel == channel })
        }
        for code in Set(given.map(\.municipality)) {
            expected["municipality|\(code)"] = Self.handCount(given.filter { $0.municipality == code })
        }

        // The app's read model.
        let results = try database.consultationResults(consultation.id!, scope: .received)
        #expect(results.groups.count == expected.count)
        for group in results.groups {
            #expect(Self.counted(group) == expected["\(group.kind.rawValue)|\(group.code)"], "\(group.kind) \(group.code)")
        }
        #expect(results.overall.submissions == 1_005)
        // A multiple choice is counted per option: its counts add up to more than its respondents.
        let multiple = results.overall.questions[3]
        #expect(multiple.options.map(\.count).reduce(0, +) > multiple.respondents)

        // The export file, written by the export every front end uses.
        var text = ""
        _ = try database.export(.results, format: .csv, includeUnpublished: true, consultation: consultation.id!,
                                by: world.admin) { text += $0 }
        let records = try CSV.parse(text)
        for (key, counts) in expected {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(Self.exported(records, kind: parts[0], code: parts[1]) == counts, "\(key)")
        }

        // The app's pane shows the same figures.
        let pane = TalliesPane(consultation.id!, title: "Resultados")
        try pane.load(officials)
        let lines = (0..<pane.rows.count).map { pane.rows.row($0).text.trimmingCharacters(in: .whitespaces) }
        for result in results.overall.questions where result.question.kind == .multiple || result.question.kind == .choice {
            for option in result.options {
                #expect(lines.contains("\(option.option): \(option.count) (\(option.percentText) por ciento)"), "\(lines)")
            }
        }
        let ranking = results.overall.questions[4]
        for option in ranking.options {
            #expect(lines.contains("\(option.option): lugar promedio \(option.meanPositionText!); primera para \(option.count) (\(option.percentText) por ciento)"))
        }
        #expect(lines.contains("“Más rutas” ×\(expected["all|"]!["1|Más rutas"]!)"))
    }

    /// The pane lists the 50 most given wordings of a free-text question per
    /// group and says how many more the export holds.
    @Test func thePaneListsTheMostGivenWordingsAndSaysHowManyMore() throws {
        let world = try FlowWorld()
        let database = world.database
        let consultation = try database.createConsultation(ConsultationDraft(
            jurisdictionId: world.tlalnepantla, title: "Muchas ideas", theme: .mobility, opensOn: "2026-03-01",
            closesOn: "2026-03-31", questions: [QuestionDraft(prompt: "¿Qué propone?")]), by: world.admin)
        let question = try database.questions(of: consultation.id!)[0]
        for n in 0..<60 {
            _ = try database.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .paper, place: "Mesa", jurisdictionId: world.tlalnepantla,
                answers: [question.id!: n < 3 ? "Más rutas" : "Idea \(n)"]), by: world.admin)
        }
        let account = try database.reader.read { try Account.fetchOne($0, key: world.admin.accountId!)! }
        let session = AppSession(database: database, account: account, localizer: world.english, terminal: "tests")
        let pane = TalliesPane(consultation.id!, title: "Resultados")
        try pane.load(session)
        let lines = (0..<pane.rows.count).map { pane.rows.row($0).text.trimmingCharacters(in: .whitespaces) }
        #expect(lines.filter { $0.hasPrefix("“") }.count == 50 * 3)   // all, paper, Tlalnepantla
        #expect(lines.contains("“Más rutas” ×3"))
        #expect(lines.contains("… and 8 more wordings: 'cabildo export results --consultation \(consultation.id!)' lists them all."))
    }
}
