import CabildoCore
import CabildoText
import Foundation

/// How records are named in rows and choices, the same in every pane and form.
@MainActor
enum Wording {
    static func label<E: DomainEnum>(_ value: E, _ session: AppSession) -> String { session.text(value.label) }

    /// A domain enum's values as choices: each option's id is the value's code.
    static func options<E: DomainEnum>(_ type: E.Type, _ session: AppSession) -> [Option] {
        E.allCases.map { Option(id: $0.rawValue, label: session.text($0.label)) }
    }

    /// A stored moment ("2026-11-22T03:36:14Z", UTC) as people read it: in
    /// the server's time zone (the database clock's, as its "today" is), in
    /// the session's language ("21 de noviembre de 2026, 21:36"). Text that
    /// is not such a moment is shown as it is.
    static func moment(_ stored: String, _ session: AppSession, time: Bool = true, in zone: TimeZone? = nil) -> String {
        guard let date = try? Date(stored, strategy: .iso8601) else { return stored }
        let zone = zone ?? session.database.clock.timeZone
        let language = session.localizer.language == "en" ? "en_US" : "es_MX"
        let kind = "\(language) \(zone.identifier) \(time)"
        if let made = formatters[kind] { return made.string(from: date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language)
        formatter.timeZone = zone
        formatter.dateStyle = .long
        formatter.timeStyle = time ? .short : .none
        formatters[kind] = formatter
        return formatter.string(from: date)
    }

    /// A stored moment's calendar day (AAAA-MM-DD) where the server is, as
    /// lists show it: the day the record's detail names (see `Clock.day(of:)`).
    static func day(_ stored: String, _ session: AppSession) -> String { session.database.clock.day(of: stored) }

    /// Formatters made once per language, zone and style: making one costs
    /// more than using it, and a detail or the audit trail names many moments.
    private static var formatters: [String: DateFormatter] = [:]

    static func option(_ id: Int64?, _ label: String) -> Option { Option(id: id.map(String.init) ?? "", label: label) }

    /// Jurisdictions as people pick them: the state beside the name, the id behind it.
    static func options(_ places: [JurisdictionEntry]) -> [Option] { places.map { option($0.id, $0.displayName) } }

    /// "3. Title", or the title alone when the commitment has no number.
    static func numbered(_ c: Commitment) -> String { (c.number.map { "\($0). " } ?? "") + c.title }
    /// "Name (ACR)", as organisations are named everywhere.
    static func named(_ o: Organisation) -> String { o.name + (o.acronym.map { " (\($0))" } ?? "") }

    /// "[#####-----] 50 por ciento": the percentage is always written out, in
    /// words a screen reader says (it says no "%").
    static func bar(_ progress: CommitmentProgress, _ session: AppSession) -> String {
        let filled = progress.percent / 10
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 10 - filled) + "] "
            + session.text(Message("{percent} percent", ["percent": .text(String(progress.percent))]))
    }

    /// The start of a text on one line, at most `length` characters, ending
    /// in "…" when cut (a row names a submission by its first answer).
    static func excerpt(_ text: String, _ length: Int) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count <= length ? line : String(line.prefix(length - 1)) + "…"
    }

    /// "Label: value", in the session's language.
    static func labelled(_ label: Message, _ value: String, _ session: AppSession) -> String {
        session.text(label) + ": " + value
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
