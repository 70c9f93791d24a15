import CabildoText
import Foundation
import GRDB

// Record types. Each mirrors one table of `Schema`; column names are the
// property names. Dates are ISO-8601 text: a day as YYYY-MM-DD, an instant
// as YYYY-MM-DDTHH:MM:SSZ.

public protocol CabildoRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord, Identifiable {
    var id: Int64? { get set }
}

extension CabildoRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Records that carry citizens' personal data: the audit trail and public
/// reads keep only what is left after `withoutPersonalData()`.
public protocol HoldsPersonalData: Encodable {
    func withoutPersonalData() -> Self
}

public struct Jurisdiction: CabildoRecord, Equatable {
    public static let databaseTableName = "jurisdiction"
    public var id: Int64?
    public var inegiCode: String
    public var name: String
    public var kind: JurisdictionKind
    public var parentId: Int64?
}

public struct Organisation: CabildoRecord, Equatable {
    public static let databaseTableName = "organisation"
    public var id: Int64?
    public var name: String
    public var acronym: String?
    public var sector: Sector
    public var jurisdictionId: Int64?
}

public struct Person: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "person"
    public var id: Int64?
    public var name: String
    public var email: String?
    public var phone: String?

    public func withoutPersonalData() -> Person {
        var copy = self
        copy.email = nil; copy.phone = nil
        return copy
    }
}

public struct Account: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "account"
    public var id: Int64?
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdictionId: Int64?
    public var passwordHash: String
    public var disabled: Bool
    public var createdAt: String

    /// The password hash never goes into the audit trail.
    public func withoutPersonalData() -> Account {
        var copy = self
        copy.passwordHash = ""
        return copy
    }
}

public struct Mechanism: CabildoRecord, Equatable {
    public static let databaseTableName = "mechanism"
    public var id: Int64?
    public var jurisdictionId: Int64
    public var name: String
    public var acronym: String?
    public var theme: Theme
    public var status: MechanismStatus
    public var established: String?
    public var legalBasis: String?
    public var purpose: String?
    public var budgetProgramme: String?
    public var officialName: String?
    public var officialPost: String?
    public var officialEmail: String?
    public var officialPhone: String?
    public var updatedAt: String

    public init(id: Int64? = nil, jurisdictionId: Int64, name: String, acronym: String? = nil,
                theme: Theme, status: MechanismStatus, established: String? = nil,
                legalBasis: String? = nil, purpose: String? = nil, budgetProgramme: String? = nil,
                officialName: String? = nil, officialPost: String? = nil,
                officialEmail: String? = nil, officialPhone: String? = nil, updatedAt: String = "") {
        self.id = id; self.jurisdictionId = jurisdictionId; self.name = name; self.acronym = acronym
        self.theme = theme; self.status = status; self.established = established
        self.legalBasis = legalBasis; self.purpose = purpose; self.budgetProgramme = budgetProgramme
        self.officialName = officialName; self.officialPost = officialPost
        self.officialEmail = officialEmail; self.officialPhone = officialPhone; self.updatedAt = updatedAt
    }
}

public struct Membership: CabildoRecord, Equatable {
    public static let databaseTableName = "membership"
    public var id: Int64?
    public var mechanismId: Int64
    public var personId: Int64?
    public var organisationId: Int64?
    public var post: String
    public var sector: Sector
    public var startDate: String?
    public var endDate: String?
}

public struct MechanismSession: CabildoRecord, Equatable {
    public static let databaseTableName = "mechanismSession"
    public var id: Int64?
    public var mechanismId: Int64
    public var date: String
    public var place: String?
    public var isOnline: Bool
    public var kind: SessionKind
    public var isPublic: Bool
    public var minutes: String?
}

public struct AgendaItem: CabildoRecord, Equatable {
    public static let databaseTableName = "agendaItem"
    public var id: Int64?
    public var sessionId: Int64
    public var position: Int
    public var text: String
}

public struct Agreement: CabildoRecord, Equatable {
    public static let databaseTableName = "agreement"
    public var id: Int64?
    public var mechanismId: Int64
    public var sessionId: Int64?
    public var text: String
    public var responsible: String?
    public var dueDate: String?
    public var status: AgreementStatus
}

public struct AgreementFollowUp: CabildoRecord, Equatable {
    public static let databaseTableName = "agreementFollowUp"
    public var id: Int64?
    public var agreementId: Int64
    public var date: String
    public var status: AgreementStatus
    public var note: String
    public var accountId: Int64?
}

public struct Activity: CabildoRecord, Equatable {
    public static let databaseTableName = "activity"
    public var id: Int64?
    public var mechanismId: Int64
    public var date: String
    public var title: String
    public var description: String?
}

public struct News: CabildoRecord, Equatable {
    public static let databaseTableName = "news"
    public var id: Int64?
    public var mechanismId: Int64
    public var publishedOn: String
    public var title: String
    public var body: String
}

public struct ContactRequest: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "contactRequest"
    public var id: Int64?
    public var mechanismId: Int64
    public var createdAt: String
    public var place: String?
    public var message: String
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var privacyNoticeVersion: String?
    public var status: ContactRequestStatus
    /// The citizen's tracking code (requests sent before folios were given have none).
    public var folio: String?
    /// The official's answer, or the reason the request was closed without one.
    public var answer: String?
    public var answeredAt: String?
    public var answeredBy: Int64?

    public func withoutPersonalData() -> ContactRequest {
        var copy = self
        copy.contactName = nil; copy.contactEmail = nil; copy.contactPhone = nil
        return copy
    }
}

public struct ActionPlan: CabildoRecord, Equatable {
    public static let databaseTableName = "actionPlan"
    public var id: Int64?
    public var title: String
    public var periodStart: String?
    public var periodEnd: String?
    public var submittedOn: String?
    public var coordination: String?
    public var monitoringBody: String?
}

public struct ThematicAxis: CabildoRecord, Equatable {
    public static let databaseTableName = "thematicAxis"
    public var id: Int64?
    public var planId: Int64
    public var position: Int
    public var name: String
}

public struct CoCreationSpace: CabildoRecord, Equatable {
    public static let databaseTableName = "coCreationSpace"
    public var id: Int64?
    public var planId: Int64
    public var kind: CoCreationKind
    public var name: String
    public var description: String?
    public var opensOn: String?
    public var closesOn: String?
}

/// One meeting held in a co-creation space, with the organisations that took part.
public struct CoCreationMeeting: CabildoRecord, Equatable {
    public static let databaseTableName = "coCreationMeeting"
    public var id: Int64?
    public var spaceId: Int64
    public var date: String
    public var place: String?
    public var isPublic: Bool
    public var attendees: Int?
}

public struct Commitment: CabildoRecord, Equatable {
    public static let databaseTableName = "commitment"
    public var id: Int64?
    public var planId: Int64
    public var number: Int?
    public var title: String
    public var problem: String?
    public var solution: String?
    public var axisId: Int64?
    public var startDate: String?
    public var endDate: String?

    public init(id: Int64? = nil, planId: Int64, number: Int? = nil, title: String, problem: String? = nil,
                solution: String? = nil, axisId: Int64? = nil, startDate: String? = nil, endDate: String? = nil) {
        self.id = id; self.planId = planId; self.number = number; self.title = title
        self.problem = problem; self.solution = solution; self.axisId = axisId
        self.startDate = startDate; self.endDate = endDate
    }
}

public struct Milestone: CabildoRecord, Equatable {
    public static let databaseTableName = "milestone"
    public var id: Int64?
    public var commitmentId: Int64
    public var position: Int
    public var description: String
    public var dueDate: String?
    public var completedOn: String?
}

public struct ProgressUpdate: CabildoRecord, Equatable {
    public static let databaseTableName = "progressUpdate"
    public var id: Int64?
    public var commitmentId: Int64
    public var milestoneId: Int64?
    public var date: String
    public var summary: String
    public var accountId: Int64?
}

public struct Evidence: CabildoRecord, Equatable {
    public static let databaseTableName = "evidence"
    public var id: Int64?
    public var progressUpdateId: Int64
    public var kind: EvidenceKind
    public var reference: String
    public var description: String?
}

public struct Assessment: CabildoRecord, Equatable {
    public static let databaseTableName = "assessment"
    public var id: Int64?
    public var commitmentId: Int64
    public var assessedOn: String
    public var verifiable: Bool
    public var potentialForResults: PotentialForResults
    public var completion: Completion?
    public var openedGovernment: OpenedGovernment?
    public var rationale: String
    public var accountId: Int64?
}

public struct Consultation: CabildoRecord, Equatable {
    public static let databaseTableName = "consultation"
    public var id: Int64?
    public var jurisdictionId: Int64
    public var title: String
    public var theme: Theme
    public var description: String?
    public var opensOn: String
    public var closesOn: String
}

public struct ConsultationQuestion: CabildoRecord, Equatable {
    public static let databaseTableName = "consultationQuestion"
    public var id: Int64?
    public var consultationId: Int64
    public var position: Int
    public var prompt: String
    public var kind: QuestionKind
    public var required: Bool
    public var maxLength: Int
    /// The options of a question that has them (`kind.hasOptions`), stored as a JSON array.
    public var choices: String?
    /// For multiple choice: the most options a citizen may pick.
    public var maxChoices: Int?

    public init(id: Int64? = nil, consultationId: Int64, position: Int, prompt: String, kind: QuestionKind,
                required: Bool, maxLength: Int, choices: String?, maxChoices: Int? = nil) {
        self.id = id; self.consultationId = consultationId; self.position = position; self.prompt = prompt
        self.kind = kind; self.required = required; self.maxLength = maxLength; self.choices = choices
        self.maxChoices = maxChoices
    }

    public var choiceList: [String] {
        guard let choices, let data = choices.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    /// The rule of this question's answer, keyed as errors name it ("answer-N").
    public var answerRule: FieldRule {
        FieldRule(FieldKey("answer-\(position)"), Message("Question {n}", ["n": .text(String(position))]),
                  kind == .shortText ? .line(maxLength, required: required) : .paragraphs(maxLength, required: required))
    }

    /// The one check of a submission's answers, whichever way it came in (a
    /// kiosk, paper, a caravan's bundle): none to a question the consultation
    /// lacks, each by its question's rules (a required one must be answered),
    /// and at least one. Returns them in the questions' order.
    public static func checkedAnswers(_ given: [Int64: String], of questions: [ConsultationQuestion])
        throws(CabildoError) -> [(questionId: Int64, text: String)] {
        let known = Set(questions.compactMap(\.id))
        if let stray = given.keys.first(where: { !known.contains($0) }) {
            throw CabildoError(.validation, Message("Question number {id} is not part of this consultation.",
                                                    ["id": .text(String(stray))]))
        }
        var answers: [(questionId: Int64, text: String)] = []
        for question in questions.sorted(by: { $0.position < $1.position }) {
            guard let text = try question.checkedAnswer(given[question.id!]) else { continue }
            answers.append((question.id!, text))
        }
        guard !answers.isEmpty else { throw CabildoError(.validation, Message("Answer at least one question.")) }
        return answers
    }

    /// A citizen's answer, cleaned, or nil when left empty: the one check a
    /// submission gets when stored and a front end makes before its review,
    /// so the citizen can fix an answer where it was typed.
    ///
    /// Multiple choice and ranking take their options one per line or
    /// separated by ";", each by its text (accents and capitals aside) or its
    /// number (1 for the first option); they are stored one per line — a
    /// multiple choice in the question's order, a ranking in the order given.
    public func checkedAnswer(_ text: String?) throws(CabildoError) -> String? {
        let rule = answerRule
        guard let answer = try rule.clean(text) else { return nil }
        switch kind {
        case .text, .shortText:
            return answer
        case .choice:
            // One option whole (its text may hold a ";"), by its text or its number.
            let options = choiceList
            if let index = options.map(TextRules.folded).firstIndex(of: TextRules.folded(answer))
                ?? Int(answer).map({ $0 - 1 }).flatMap({ options.indices.contains($0) ? $0 : nil }) {
                return options[index]
            }
            throw CabildoError.invalid(rule, Message("choose one of the options offered"))
        case .multiple:
            let picked = try picks(answer, rule)
            // Only separators: no answer, as if left empty.
            if picked.isEmpty { return try rule.clean("") }
            let most = maxChoices ?? choiceList.count
            if picked.count > most {
                throw CabildoError.invalid(rule, Message("choose at most {n} options; {count} are chosen",
                                                         ["n": .text(String(most)), "count": .text(String(picked.count))]))
            }
            return picked.sorted().map { choiceList[$0] }.joined(separator: "\n")
        case .ranking:
            let ranked = try picks(answer, rule)
            if ranked.isEmpty { return try rule.clean("") }
            if ranked.count != choiceList.count {
                throw CabildoError.invalid(rule, Message("put every option in order: {count} of {total} are ranked",
                                                         ["count": .text(String(ranked.count)),
                                                          "total": .text(String(choiceList.count))]))
            }
            return ranked.map { choiceList[$0] }.joined(separator: "\n")
        }
    }

    /// The options an answer names, as indexes into `choiceList` in the
    /// order named; an unknown or repeated option is refused by name.
    private func picks(_ answer: String, _ rule: FieldRule) throws(CabildoError) -> [Int] {
        let options = choiceList
        let folded = options.map(TextRules.folded)
        let items = answer.split(whereSeparator: { $0 == "\n" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var picked: [Int] = []
        for item in items {
            let index: Int
            if let byText = folded.firstIndex(of: TextRules.folded(item)) {
                index = byText
            } else if let number = Int(item), options.indices.contains(number - 1) {
                index = number - 1
            } else {
                throw CabildoError.invalid(rule, Message("'{option}' is not one of the options: {options}",
                                                         ["option": .text(item),
                                                          "options": .text(Self.numbered(options))]))
            }
            if picked.contains(index) {
                throw CabildoError.invalid(rule, Message("'{option}' is chosen twice", ["option": .text(options[index])]))
            }
            picked.append(index)
        }
        return picked
    }

    static func numbered(_ options: [String]) -> String {
        options.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ")
    }

    /// A stored answer's options (multiple choice, ranking), in their stored order.
    public func answerOptions(_ stored: String) -> [String] {
        kind == .multiple || kind == .ranking ? stored.split(separator: "\n").map(String.init) : [stored]
    }

    /// A stored answer as people read it: options separated by "; ", a ranking numbered.
    public func displayAnswer(_ stored: String) -> String {
        switch kind {
        case .multiple: answerOptions(stored).joined(separator: "; ")
        case .ranking: Self.numbered(answerOptions(stored))
        default: stored
        }
    }
}

public struct Submission: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "submission"
    public var id: Int64?
    public var folio: String
    public var consultationId: Int64
    public var channel: Channel
    public var place: String
    public var jurisdictionId: Int64
    public var receivedAt: String
    public var moderation: Moderation
    public var rejectionReason: String?
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var privacyNoticeVersion: String?
    public var commitmentId: Int64?
    public var recordedBy: Int64?

    public func withoutPersonalData() -> Submission {
        var copy = self
        copy.contactName = nil; copy.contactEmail = nil; copy.contactPhone = nil
        return copy
    }
}

public struct Answer: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "answer"
    public var submissionId: Int64
    public var questionId: Int64
    public var text: String
}

public struct Response: CabildoRecord, Equatable {
    public static let databaseTableName = "response"
    public var id: Int64?
    public var submissionId: Int64
    public var body: String
    public var respondedAt: String
    public var accountId: Int64?
}

/// A notice to a citizen who left contact data with consent: a response to
/// their submission or an answer to their contact request, waiting in the
/// outbox until it is sent by e-mail or delivered by hand (a telephone call).
public struct Notice: CabildoRecord, Equatable, HoldsPersonalData {
    public static let databaseTableName = "notice"
    public var id: Int64?
    public var createdAt: String
    public var kind: NoticeKind
    public var submissionId: Int64?
    public var contactRequestId: Int64?
    /// Where the citizen took part, for the caravan or office that calls them.
    public var jurisdictionId: Int64
    public var folio: String
    /// The consultation's title or the mechanism's name.
    public var about: String
    /// The response or the answer, as it was when the notice was queued.
    public var body: String
    public var recipientName: String?
    public var email: String?
    public var phone: String?
    public var status: NoticeStatus
    public var attempts: Int
    public var lastError: String?
    public var doneAt: String?

    /// E-mail when the citizen gave an address; otherwise someone calls.
    public var medium: NoticeMedium { email != nil ? .email : .telephone }

    public func withoutPersonalData() -> Notice {
        var copy = self
        copy.recipientName = nil; copy.email = nil; copy.phone = nil
        return copy
    }
}

public struct AuditEntry: CabildoRecord, Equatable {
    public static let databaseTableName = "auditEntry"
    public var id: Int64?
    public var at: String
    public var accountId: Int64?
    public var actor: String
    public var action: String
    public var recordTable: String
    public var recordId: Int64?
    public var before: String?
    public var after: String?
    public var previousHash: String
    public var hash: String
}
