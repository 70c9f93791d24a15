import CabildoText
import Foundation
import GRDB

/// Every text field Cabildo stores, declared once: key, label, limits.
/// Forms render these; intents clean every value through them.
public enum Fields {
    public static let username = FieldRule("username", Message("User name"), .line(40, required: true))
    public static let displayName = FieldRule("displayName", Message("Full name"), .line(120, required: true))
    public static let password = FieldRule("password", Message("Password"), .line(200, required: true))
    public static let jurisdiction = FieldRule("jurisdiction", Message("Jurisdiction"), .line(5))

    public static let mechanismName = FieldRule("name", Message("Name"), .line(200, required: true))
    public static let acronym = FieldRule("acronym", Message("Acronym"), .line(30))
    public static let established = FieldRule("established", Message("Established"), .line(10))
    public static let legalBasis = FieldRule("legalBasis", Message("Legal basis"), .paragraphs(2_000))
    public static let purpose = FieldRule("purpose", Message("Purpose"), .paragraphs(4_000))
    public static let budgetProgramme = FieldRule("budgetProgramme", Message("Budget programme"), .line(200))
    public static let officialName = FieldRule("officialName", Message("Responsible official"), .line(120))
    public static let officialPost = FieldRule("officialPost", Message("Official's post"), .line(200))
    public static let officialEmail = FieldRule("officialEmail", Message("Official's e-mail"), .line(254))
    public static let officialPhone = FieldRule("officialPhone", Message("Official's telephone"), .line(30))

    public static let personName = FieldRule("personName", Message("Name"), .line(120, required: true))
    public static let post = FieldRule("post", Message("Post"), .line(200, required: true))
    public static let startDate = FieldRule("startDate", Message("Start date"), .line(10))
    public static let endDate = FieldRule("endDate", Message("End date"), .line(10))

    public static let sessionDate = FieldRule("date", Message("Date"), .line(10, required: true))
    public static let place = FieldRule("place", Message("Place"), .line(200))
    public static let requiredPlace = FieldRule("place", Message("Place"), .line(200, required: true))
    public static let minutes = FieldRule("minutes", Message("Minutes"), .paragraphs(20_000))
    public static let agendaItem = FieldRule("agenda", Message("Agenda item"), .line(500, required: true))

    public static let agreementText = FieldRule("text", Message("Agreement"), .paragraphs(4_000, required: true))
    public static let responsible = FieldRule("responsible", Message("Responsible"), .line(200))
    public static let dueDate = FieldRule("dueDate", Message("Due date"), .line(10))
    public static let followUpNote = FieldRule("note", Message("Follow-up"), .paragraphs(4_000, required: true))

    public static let title = FieldRule("title", Message("Title"), .line(300, required: true))
    public static let description = FieldRule("description", Message("Description"), .paragraphs(10_000))
    public static let body = FieldRule("body", Message("Text"), .paragraphs(20_000, required: true))

    public static let contactMessage = FieldRule("message", Message("Message"), .paragraphs(4_000, required: true))
    public static let contactName = FieldRule("contactName", Message("Your name"), .line(120))
    public static let contactEmail = FieldRule("contactEmail", Message("Your e-mail"), .line(254))
    public static let contactPhone = FieldRule("contactPhone", Message("Your telephone"), .line(30))

    public static let problem = FieldRule("problem", Message("Problem"), .paragraphs(10_000))
    public static let solution = FieldRule("solution", Message("Solution"), .paragraphs(10_000))
    public static let milestone = FieldRule("milestone", Message("Milestone"), .paragraphs(2_000, required: true))
    public static let summary = FieldRule("summary", Message("Progress"), .paragraphs(10_000, required: true))
    public static let evidenceReference = FieldRule("evidence", Message("Evidence"), .line(1_000, required: true))
    public static let rationale = FieldRule("rationale", Message("Rationale"), .paragraphs(10_000, required: true))
    public static let theme = FieldRule("theme", Message("Theme"), .line(40, required: true))

    public static let question = FieldRule("prompt", Message("Question"), .paragraphs(1_000, required: true))
    public static let choice = FieldRule("choice", Message("Choice"), .line(200, required: true))
    /// The most options a citizen may pick in a multiple-choice question (empty: all of them).
    public static let maxChoices = FieldRule("maxChoices", Message("Most a citizen may pick"), .line(3))
    public static let rejectionReason = FieldRule("reason", Message("Reason for rejecting"),
                                                  .paragraphs(2_000, required: true))
    public static let response = FieldRule("response", Message("Public response"), .paragraphs(10_000, required: true))

    public static let commitmentNumber = FieldRule("number", Message("Number"), .line(4))
    public static let attendees = FieldRule("attendees", Message("People present"), .line(6))

    /// A whole number typed by a person ("12"), or nil when left empty; the
    /// one place digits typed into a form become a number.
    public static func wholeNumber(_ value: String?, _ rule: FieldRule, atLeast minimum: Int = 0)
        throws(CabildoError) -> Int? {
        guard let text = try rule.clean(value) else { return nil }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), number >= minimum else {
            throw CabildoError.invalid(rule, Message("write a whole number of {n} or more, in digits",
                                                     ["n": .text(String(minimum))]))
        }
        return number
    }

    /// A calendar day as YYYY-MM-DD.
    public static func day(_ value: String?, _ rule: FieldRule) throws(CabildoError) -> String? {
        guard let text = try rule.clean(value) else { return nil }
        guard isDay(text) else {
            throw CabildoError.invalid(rule, Message("write the date as YYYY-MM-DD, for example 2021-10-15"))
        }
        return text
    }

    public static func isDay(_ text: String) -> Bool { CalendarDay.isValid(text) }

    /// A year, year-month or full date, as the source documents give them.
    public static func partialDay(_ value: String?, _ rule: FieldRule) throws(CabildoError) -> String? {
        guard let text = try rule.clean(value) else { return nil }
        let ok = (text.count == 4 && Int(text) != nil)
            || (text.count == 7 && isDay(text + "-01"))
            || isDay(text)
        guard ok else {
            throw CabildoError.invalid(rule, Message("write a year, a year and month, or a date: 2016, 2016-12 or 2016-12-01"))
        }
        return text
    }

    /// An address as RFC 5322's dot-atom writes it (the local part's atoms of
    /// letters, digits and `!#$%&'*+/=?^_`{|}~-`), not starting like a
    /// spreadsheet formula (`=2+5+cmd|x@evil.mx`), at a domain of LDH labels
    /// with at least one dot.
    public static func email(_ value: String?, _ rule: FieldRule) throws(CabildoError) -> String? {
        guard let text = try rule.clean(value) else { return nil }
        guard isEmailAddress(text) else {
            throw CabildoError.invalid(rule, Message("this does not look like an e-mail address (name@example.mx)"))
        }
        return text
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].unicodeScalars.first,
              !CSV.formulaStarts.contains(first) else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        let atoms = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard parts[0].unicodeScalars.count <= 64,
              atoms.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(atext.contains) }) else { return false }
        let ldh = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.unicodeScalars.allSatisfy(ldh.contains)
                && !label.hasPrefix("-") && !label.hasSuffix("-")
        }
    }

    public static func phone(_ value: String?, _ rule: FieldRule) throws(CabildoError) -> String? {
        guard let text = try rule.clean(value) else { return nil }
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        guard digits >= 7, text.allSatisfy({ ($0.isASCII && $0.isNumber) || " +-().".contains($0) }) else {
            throw CabildoError.invalid(rule, Message("write a telephone number with at least 7 digits"))
        }
        return text
    }
}

/// A citizen's optional contact data, given only with consent to a privacy notice.
public struct ContactDetails: Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var phone: String?
    public init(name: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name; self.email = email; self.phone = phone
    }

    /// Contact data as it is kept: each field cleaned, an e-mail and a phone
    /// checked, empty ones nil. Front ends call it before their review so an
    /// error lands beside its field; storing calls it again.
    public func cleaned() throws(CabildoError) -> ContactDetails {
        ContactDetails(name: try Fields.contactName.clean(name),
                       email: try Fields.email(email, Fields.contactEmail),
                       phone: try Fields.phone(phone, Fields.contactPhone))
    }

    public var isEmpty: Bool { name == nil && email == nil && phone == nil }
}

extension AppDatabase {
    /// The notice version consented to must exist when contact data is given.
    static func requireNotice(_ version: String?, for contact: ContactDetails, _ db: Database) throws {
        guard !contact.isEmpty else { return }
        guard let version,
              try Bool.fetchOne(db, sql: "SELECT 1 FROM privacyNotice WHERE version = ?", arguments: [version]) == true
        else {
            throw CabildoError(.validation,
                               Message("Contact data can be kept only with consent to the privacy notice in force."),
                               field: "privacyNotice")
        }
    }

    static func fetch<R: CabildoRecord>(_ type: R.Type, _ id: Int64, _ db: Database, _ what: Message) throws -> R {
        guard let record = try R.fetchOne(db, key: id) else {
            throw CabildoError.notFound(Message("{what} number {id} does not exist",
                                                ["what": .message(what), "id": .text(String(id))]))
        }
        return record
    }

    /// Inserts a record and audits it, in the caller's transaction.
    static func insert<R: CabildoRecord>(_ record: R, _ db: Database, _ actor: Actor, _ at: String,
                                         action: String) throws -> R {
        var record = record
        try record.insert(db)
        try Audit.record(db, actor: actor, at: at, action: action, table: R.databaseTableName,
                         id: record.id, before: nil, after: record)
        return record
    }

    /// Saves a changed record and audits before and after.
    static func update<R: CabildoRecord>(_ before: R, to after: R, _ db: Database, _ actor: Actor, _ at: String,
                                         action: String) throws -> R {
        try after.update(db)
        try Audit.record(db, actor: actor, at: at, action: action, table: R.databaseTableName,
                         id: after.id, before: before, after: after)
        return after
    }
}
