import CabildoText
import Foundation
import GRDB

/// Which submissions a consultation's results count.
public enum ResultsScope: String, Sendable {
    /// Open data and the public site: published submissions only.
    case published
    /// Officials: every submission not rejected (published and pending).
    case received

    var sql: String { self == .published ? "s.moderation = 'published'" : "s.moderation <> 'rejected'" }
}

/// One option's figures in a question's results.
public struct OptionResult: Sendable, Equatable {
    public let option: String
    /// Choice and multiple choice: respondents who picked it (a multiple
    /// choice counted per option, never per combination). Ranking: respondents
    /// who put it first.
    public let count: Int
    /// `count` as a percentage of the question's respondents (0 when none).
    public let percent: Double
    /// Ranking only: its mean position over the respondents (1 is first).
    public let meanPosition: Double?
}

/// A free-text answer and how many gave it, word for word.
public struct TextCount: Sendable, Equatable {
    public let text: String
    public let count: Int
}

/// One question's results over a group of submissions.
public struct QuestionResult: Sendable, Equatable {
    public let question: ConsultationQuestion
    /// Submissions of the group that answered this question.
    public let respondents: Int
    /// Choice and multiple choice: every option in the question's order,
    /// zeros too. Ranking: every option, the best mean position first.
    public let options: [OptionResult]
    /// Free text: the answers, the most given first.
    public let texts: [TextCount]
}

/// Results of one group of a consultation's submissions: all of them, a channel's, or a municipality's.
public struct ResultGroup: Sendable, Equatable {
    public enum Kind: String, Sendable { case all, channel, municipality }
    public let kind: Kind
    /// "" for all; the channel's code; the municipality's INEGI code.
    public let code: String
    /// The municipality's name (empty otherwise).
    public let name: String
    public let submissions: Int
    public let questions: [QuestionResult]
}

/// A consultation's results per question: counts and percentages per
/// option, rankings by mean position, free text listed; for all the
/// submissions of the scope, then by channel and by municipality. The one
/// read model of results: the officials' tallies, `cabildo export results`
/// and the public site show this.
public struct ConsultationResults: Sendable, Equatable {
    public let consultation: Consultation
    public let scope: ResultsScope
    /// All first, then each channel, then each municipality (by INEGI code).
    public let groups: [ResultGroup]

    public var overall: ResultGroup { groups[0] }
    public var byChannel: [ResultGroup] { groups.filter { $0.kind == .channel } }
    public var byMunicipality: [ResultGroup] { groups.filter { $0.kind == .municipality } }
}

extension AppDatabase {
    /// A consultation's results per question. Counted in SQL by distinct
    /// answer (a multiple choice's combinations, a ranking's orders, a free
    /// text's wordings) and per channel and municipality, so a consultation's
    /// submissions are never read into memory one by one.
    public func consultationResults(_ consultationId: Int64, scope: ResultsScope) throws -> ConsultationResults {
        try read { db in try Self.consultationResults(consultationId, scope: scope, db) }
    }

    /// Without `listingTexts` free-text questions are counted, their answers not read.
    static func consultationResults(_ consultationId: Int64, scope: ResultsScope, listingTexts: Bool = true,
                                    _ db: Database) throws -> ConsultationResults {
        let consultation = try fetch(Consultation.self, consultationId, db, Message("Consultation"))
        let questions = try ConsultationQuestion.filter(Column("consultationId") == consultationId)
            .order(Column("position")).fetchAll(db)
        struct Cell: Hashable { let channel: String; let jurisdictionId: Int64 }
        var submissions: [Cell: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.channel, s.jurisdictionId, count(*) FROM submission s
            WHERE s.consultationId = ? AND \(scope.sql) GROUP BY 1, 2
            """, arguments: [consultationId]) {
            submissions[Cell(channel: row[0], jurisdictionId: row[1])] = row[2]
        }
        // Distinct answers per question, channel and municipality, with how many gave each.
        var answers: [Int64: [(cell: Cell, text: String, count: Int)]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT a.questionId, s.channel, s.jurisdictionId,
                   \(listingTexts ? "a.text" : "CASE WHEN q.kind IN ('text', 'short_text') THEN '' ELSE a.text END"),
                   count(*)
            FROM submission s JOIN answer a ON a.submissionId = s.id JOIN consultationQuestion q ON q.id = a.questionId
            WHERE s.consultationId = ? AND \(scope.sql) GROUP BY 1, 2, 3, 4
            """, arguments: [consultationId]) {
            answers[row[0], default: []].append((Cell(channel: row[1], jurisdictionId: row[2]), row[3], row[4]))
        }
        let places = Dictionary(uniqueKeysWithValues: try Jurisdiction.filter(
            Set(submissions.keys.map(\.jurisdictionId)).contains(Column("id"))).fetchAll(db).map { ($0.id!, $0) })

        // Each question's answers bucketed once per channel and per municipality:
        // a group reads only its own (a state's consultation spans hundreds of municipalities).
        typealias Given = [(text: String, count: Int)]
        var byChannel: [String: [Int64: Given]] = [:], byPlace: [Int64: [Int64: Given]] = [:]
        var all: [Int64: Given] = [:]
        for (questionId, rows) in answers {
            for row in rows {
                all[questionId, default: []].append((row.text, row.count))
                byChannel[row.cell.channel, default: [:]][questionId, default: []].append((row.text, row.count))
                byPlace[row.cell.jurisdictionId, default: [:]][questionId, default: []].append((row.text, row.count))
            }
        }
        func group(_ kind: ResultGroup.Kind, _ code: String, _ name: String, submissions: Int,
                   _ given: [Int64: Given]) -> ResultGroup {
            ResultGroup(kind: kind, code: code, name: name, submissions: submissions,
                        questions: questions.map { result($0, given[$0.id!] ?? []) })
        }
        var groups = [group(.all, "", "", submissions: submissions.values.reduce(0, +), all)]
        for channel in Channel.allCases where submissions.keys.contains(where: { $0.channel == channel.rawValue }) {
            groups.append(group(.channel, channel.rawValue, "",
                                submissions: submissions.filter { $0.key.channel == channel.rawValue }.map(\.value).reduce(0, +),
                                byChannel[channel.rawValue] ?? [:]))
        }
        var perPlace: [Int64: Int] = [:]
        for (cell, count) in submissions { perPlace[cell.jurisdictionId, default: 0] += count }
        for place in places.values.sorted(by: { $0.inegiCode < $1.inegiCode }) {
            groups.append(group(.municipality, place.inegiCode, place.name, submissions: perPlace[place.id!] ?? 0,
                                byPlace[place.id!] ?? [:]))
        }
        return ConsultationResults(consultation: consultation, scope: scope, groups: groups)
    }

    /// One question's figures from its distinct answers and how many gave each.
    static func result(_ question: ConsultationQuestion, _ answers: [(text: String, count: Int)]) -> QuestionResult {
        // The same wording from several channels or places is one wording here.
        let respondents = answers.map(\.count).reduce(0, +)
        func percent(_ count: Int) -> Double { respondents == 0 ? 0 : Double(count) * 100 / Double(respondents) }
        let options = question.choiceList
        switch question.kind {
        case .text, .shortText:
            var texts: [String: Int] = [:]
            for answer in answers { texts[answer.text, default: 0] += answer.count }
            texts[""] = nil   // not listed
            return QuestionResult(question: question, respondents: respondents, options: [],
                                  texts: texts.map { TextCount(text: $0.key, count: $0.value) }
                                      .sorted { ($0.count, $1.text) > ($1.count, $0.text) })
        case .choice, .multiple:
            var counts: [String: Int] = [:]
            for answer in answers {
                for option in question.answerOptions(answer.text) { counts[option, default: 0] += answer.count }
            }
            return QuestionResult(question: question, respondents: respondents, options: options.map {
                OptionResult(option: $0, count: counts[$0] ?? 0, percent: percent(counts[$0] ?? 0), meanPosition: nil)
            }, texts: [])
        case .ranking:
            var positions: [String: Int] = [:], first: [String: Int] = [:]
            for answer in answers {
                for (index, option) in question.answerOptions(answer.text).enumerated() {
                    positions[option, default: 0] += (index + 1) * answer.count
                    if index == 0 { first[option, default: 0] += answer.count }
                }
            }
            let ranked = options.enumerated().map { index, option in
                (index, OptionResult(option: option, count: first[option] ?? 0, percent: percent(first[option] ?? 0),
                                     meanPosition: respondents == 0 ? nil
                                         : Double(positions[option] ?? 0) / Double(respondents)))
            }.sorted { ($0.1.meanPosition ?? 0, $0.0) < ($1.1.meanPosition ?? 0, $1.0) }.map(\.1)
            return QuestionResult(question: question, respondents: respondents, options: ranked, texts: [])
        }
    }
}

extension OptionResult {
    /// The percentage as shown and exported: one decimal.
    public var percentText: String { String(format: "%.1f", percent) }
    /// The mean position as shown and exported: two decimals.
    public var meanPositionText: String? { meanPosition.map { String(format: "%.2f", $0) } }
}
