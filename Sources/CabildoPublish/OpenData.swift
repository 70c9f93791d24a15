import CabildoCore
import CabildoText
import Foundation

/// The open data: one CSV file per kind of published record (UTF-8, RFC
/// 4180, written by `CSV` with its formula guard), a data dictionary naming
/// every column's meaning and type in Spanish and English, and the licence,
/// in one ZIP. Coded values are the stable codes the dictionary lists.
struct OpenData {
    static let zipName = "open-data.zip"

    struct Column {
        let name: String
        let type: Message
        let meaning: Message
    }

    struct Table {
        let name: String
        let meaning: Message
        let columns: [Column]
        var bytes: [UInt8] = []
        var rows = 0

        init(_ name: String, _ meaning: Message, _ columns: [Column]) {
            self.name = name; self.meaning = meaning; self.columns = columns
            CSV.appendLine(columns.map(\.name), to: &bytes)
        }

        mutating func add(_ fields: [String?]) {
            precondition(fields.count == columns.count, "\(name): \(fields.count) fields for \(columns.count) columns")
            CSV.appendLine(fields.map { $0 ?? "" }, to: &bytes)
            rows += 1
        }
    }

    static let text = Message("text"), integer = Message("whole number"), day = Message("date (YYYY-MM-DD)")
    static let yesNo = Message("1 for yes, 0 for no")
    static let decimal = Message("decimal number, point-separated")
    static let list = Message("list, items separated by '; '")
    static func code<E: DomainEnum>(_: E.Type) -> Message {
        Message("code, one of: {codes}", ["codes": .text(E.allCases.map(\.rawValue).joined(separator: ", "))])
    }
    static func column(_ name: String, _ type: Message, _ meaning: Message) -> Column {
        Column(name: name, type: type, meaning: meaning)
    }

    var jurisdictions = Table("jurisdictions.csv", Message("Jurisdictions (states and municipalities) named in the other files."), [
        column("jurisdiction_code", text, Message("INEGI code of the jurisdiction: 2 digits for a state, 5 for a municipality")),
        column("name", text, Message("Name of the jurisdiction")),
    ])
    var mechanisms = Table("mechanisms.csv", Message("Participation mechanisms (the catalogue)."), [
        column("mechanism_id", integer, Message("Identifier of the mechanism in this data")),
        column("jurisdiction_code", text, Message("INEGI code of the jurisdiction it belongs to")),
        column("name", text, Message("Name of the mechanism")),
        column("acronym", text, Message("Acronym, if any")),
        column("theme", code(Theme.self), Message("Theme of the mechanism")),
        column("status", code(MechanismStatus.self), Message("Whether it is planned, active or inactive")),
        column("established", text, Message("When it was established: a year, a year and month (YYYY-MM) or a date")),
        column("legal_basis", text, Message("The law or rule it rests on")),
        column("purpose", text, Message("What it is for")),
        column("budget_programme", text, Message("Budget programme that funds it")),
        column("official_name", text, Message("Name of the responsible official")),
        column("official_post", text, Message("Post of the responsible official")),
        column("official_email", text, Message("Office e-mail of the responsible official")),
        column("official_phone", text, Message("Office telephone of the responsible official")),
    ])
    var members = Table("members.csv", Message("Members of the mechanisms, current and past: a membership ends, it is never deleted."), [
        column("membership_id", integer, Message("Identifier of the membership")),
        column("mechanism_id", integer, Message("The mechanism (see mechanisms.csv)")),
        column("member_kind", Message("person or organisation"), Message("Whether the member is a person or an organisation")),
        column("name", text, Message("Name of the person or organisation")),
        column("post", text, Message("Post held in the mechanism")),
        column("sector", code(Sector.self), Message("Sector the member represents")),
        column("start_date", day, Message("First day of the term, if recorded")),
        column("end_date", day, Message("Last day of the term; empty while the member is current")),
    ])
    var sessions = Table("sessions.csv", Message("Public sessions of the mechanisms."), [
        column("session_id", integer, Message("Identifier of the session")),
        column("mechanism_id", integer, Message("The mechanism (see mechanisms.csv)")),
        column("date", day, Message("Day of the session")),
        column("kind", code(SessionKind.self), Message("Kind of session")),
        column("place", text, Message("Where it was held")),
        column("online", yesNo, Message("Whether it was held online")),
        column("agenda", list, Message("Agenda items, in order")),
        column("attendance", list, Message("Members who attended")),
    ])
    var agreements = Table("agreements.csv", Message("Agreements (acuerdos) of the mechanisms and their follow-up."), [
        column("agreement_id", integer, Message("Identifier of the agreement")),
        column("mechanism_id", integer, Message("The mechanism (see mechanisms.csv)")),
        column("session_id", integer, Message("The session where it was agreed, if recorded (see sessions.csv)")),
        column("text", text, Message("What was agreed")),
        column("responsible", text, Message("Who is responsible for it")),
        column("due_date", day, Message("When it is due")),
        column("status", code(AgreementStatus.self), Message("Where it stands")),
        column("follow_up", list, Message("Follow-up notes, oldest first, each as 'date status: note'")),
    ])
    var activities = Table("activities.csv", Message("Activities of the mechanisms."), [
        column("mechanism_id", integer, Message("The mechanism (see mechanisms.csv)")),
        column("date", day, Message("Day of the activity")),
        column("title", text, Message("Title")),
        column("description", text, Message("Description")),
    ])
    var news = Table("news.csv", Message("News published by the mechanisms."), [
        column("mechanism_id", integer, Message("The mechanism (see mechanisms.csv)")),
        column("published_on", day, Message("Day it was published")),
        column("title", text, Message("Title")),
        column("body", text, Message("Text of the news")),
    ])
    var commitments = Table("commitments.csv", Message("Commitments of the action plans, with their progress counted from their milestones."), [
        column("commitment_id", integer, Message("Identifier of the commitment")),
        column("plan", text, Message("Title of the action plan")),
        column("number", integer, Message("Number of the commitment in its plan, if it has one")),
        column("title", text, Message("Title")),
        column("axis", text, Message("Thematic axis")),
        column("ogp_values", list, Message("OGP values, as codes: {codes}",
                                           ["codes": .text(OGPValue.allCases.map(\.rawValue).joined(separator: ", "))])),
        column("institutions", list, Message("Institutions, each as 'name (role)'")),
        column("start_date", day, Message("Start")),
        column("end_date", day, Message("End")),
        column("problem", text, Message("The problem it addresses")),
        column("solution", text, Message("The solution it proposes")),
        column("milestones", integer, Message("Number of milestones")),
        column("milestones_completed", integer, Message("Number of milestones completed")),
        column("progress_percent", integer, Message("Milestones completed as a percentage of all (0 to 100)")),
    ])
    var milestones = Table("milestones.csv", Message("Milestones of the commitments."), [
        column("commitment_id", integer, Message("The commitment (see commitments.csv)")),
        column("position", integer, Message("Number of the milestone within its commitment")),
        column("description", text, Message("What the milestone is")),
        column("due_date", day, Message("When it is due")),
        column("completed_on", day, Message("When it was completed; empty if not yet")),
    ])
    var progressReports = Table("progress_reports.csv", Message("Progress reports of the commitments, with their evidence."), [
        column("commitment_id", integer, Message("The commitment (see commitments.csv)")),
        column("date", day, Message("Day of the report")),
        column("milestone_position", integer, Message("The milestone it reports on, if any")),
        column("summary", text, Message("What was done")),
        column("evidence", list, Message("Links or documents that back it")),
    ])
    var assessments = Table("assessments.csv", Message("Assessments of the commitments by the independent monitoring body, on the IRM scales."), [
        column("commitment_id", integer, Message("The commitment (see commitments.csv)")),
        column("assessed_on", day, Message("Day of the assessment")),
        column("verifiable", yesNo, Message("Whether the commitment is verifiable")),
        column("potential_for_results", code(PotentialForResults.self), Message("Potential for results")),
        column("completion", code(Completion.self), Message("Completion")),
        column("opened_government", code(OpenedGovernment.self), Message("Did it open government")),
        column("rationale", text, Message("The reasons given")),
    ])
    var consultations = Table("consultations.csv", Message("Consultations, with how many contributions they received and published."), [
        column("consultation_id", integer, Message("Identifier of the consultation")),
        column("jurisdiction_code", text, Message("INEGI code of the jurisdiction it belongs to")),
        column("title", text, Message("Title")),
        column("theme", code(Theme.self), Message("Theme of the consultation")),
        column("description", text, Message("Description")),
        column("opens_on", day, Message("First day it takes contributions")),
        column("closes_on", day, Message("Last day it takes contributions")),
        column("received", integer, Message("Contributions received, published or not")),
        column("published", integer, Message("Contributions published after moderation")),
    ])
    var results = Table("results.csv", Message("Results of each question, counted over the published contributions."), [
        column("consultation_id", integer, Message("The consultation (see consultations.csv)")),
        column("question_position", integer, Message("Number of the question")),
        column("question", text, Message("The question")),
        column("choice", text, Message("A choice of the question; empty for the row that counts all answers")),
        column("answers", integer, Message("Published contributions that answered it (with that choice; for a ranking, that put the choice first)")),
        column("mean_position", decimal, Message("Ranking questions: the choice's mean position over the contributions that answered (1 is first); empty otherwise")),
    ])
    var submissions = Table("submissions.csv", Message("Contributions published after moderation, with their public response; no contact data."), [
        column("folio", text, Message("The folio the citizen keeps (9 characters)")),
        column("consultation_id", integer, Message("The consultation (see consultations.csv)")),
        column("received_on", day, Message("Day it was received")),
        column("channel", code(Channel.self), Message("How it was taken")),
        column("municipality_code", text, Message("INEGI code of the municipality where it was taken")),
        column("answers", text, Message("The answers, one line each, as 'question number: answer'")),
        column("response", text, Message("The public response, if given")),
        column("responded_on", day, Message("Day of the response")),
    ])

    var tables: [Table] {
        [jurisdictions, mechanisms, members, sessions, agreements, activities, news, commitments, milestones,
         progressReports, assessments, consultations, results, submissions]
    }

    mutating func add(_ jurisdictionsList: [Publication.Jurisdiction]) {
        for j in jurisdictionsList { jurisdictions.add([j.code, j.name]) }
    }

    mutating func add(_ m: Publication.Mechanism) {
        let id = String(m.id)
        mechanisms.add([id, m.jurisdictionCode, m.name, m.acronym, m.theme.rawValue, m.status.rawValue, m.established,
                        m.legalBasis, m.purpose, m.budgetProgramme, m.officialName, m.officialPost, m.officialEmail,
                        m.officialPhone])
        for member in m.members.sorted(by: { $0.membershipId < $1.membershipId }) {
            members.add([String(member.membershipId), id, member.personId != nil ? "person" : "organisation", member.name,
                         member.post, member.sector.rawValue, member.startDate, member.endDate])
        }
        for s in m.sessions.sorted(by: { $0.id < $1.id }) {
            sessions.add([String(s.id), id, s.date, s.kind.rawValue, s.place, s.isOnline ? "1" : "0",
                          s.agenda.joined(separator: "; "), s.attendees.joined(separator: "; ")])
        }
        for a in m.agreements {
            agreements.add([String(a.id), id, a.sessionId.map(String.init), a.text, a.responsible, a.dueDate,
                            a.status.rawValue,
                            a.followUps.map { "\($0.date) \($0.status.rawValue): \($0.note)" }.joined(separator: "; ")])
        }
        for a in m.activities.sorted(by: { ($0.date, $0.id ?? 0) < ($1.date, $1.id ?? 0) }) {
            activities.add([id, a.date, a.title, a.description])
        }
        for n in m.news.sorted(by: { ($0.publishedOn, $0.id ?? 0) < ($1.publishedOn, $1.id ?? 0) }) {
            news.add([id, n.publishedOn, n.title, n.body])
        }
    }

    mutating func add(_ plan: Publication.Plan) {
        for c in plan.commitments {
            let commitment = c.commitment, id = String(commitment.id!)
            commitments.add([id, plan.plan.title, commitment.number.map(String.init), commitment.title, c.axis,
                             c.values.map(\.rawValue).joined(separator: "; "),
                             c.institutions.map { "\($0.name) (\($0.role))" }.joined(separator: "; "),
                             commitment.startDate, commitment.endDate, commitment.problem, commitment.solution,
                             String(c.progress.total), String(c.progress.completed), String(c.progress.percent)])
            for m in c.milestones {
                milestones.add([id, String(m.position), m.description, m.dueDate, m.completedOn])
            }
            for r in c.reports.reversed() {
                progressReports.add([id, r.date, r.milestonePosition.map(String.init), r.summary,
                                     r.evidence.map(\.reference).joined(separator: "; ")])
            }
            for a in c.assessments.reversed() {
                assessments.add([id, a.assessedOn, a.verifiable ? "1" : "0", a.potentialForResults.rawValue,
                                 a.completion?.rawValue, a.openedGovernment?.rawValue, a.rationale])
            }
        }
    }

    mutating func add(_ c: Publication.Consultation) {
        let id = String(c.consultation.id!)
        consultations.add([id, c.jurisdictionCode, c.consultation.title, c.consultation.theme.rawValue,
                           c.consultation.description, c.consultation.opensOn, c.consultation.closesOn,
                           String(c.received), String(c.published)])
        // Core's results read model, as `cabildo export results` has it: choices
        // counted per option (a multiple choice's too), a ranking's options by
        // mean position, the best first, each with its first places.
        for r in c.results {
            results.add([id, String(r.question.position), r.question.prompt, nil, String(r.respondents), nil])
            for option in r.options {
                results.add([id, String(r.question.position), r.question.prompt, option.option, String(option.count),
                             option.meanPositionText])
            }
        }
    }

    mutating func add(_ s: Publication.Submission, consultationId: Int64) {
        submissions.add([s.folio, String(consultationId), s.receivedOn, s.channel.rawValue, s.municipalityCode,
                         s.answers.map { "\($0.position): \($0.text)" }.joined(separator: "\n"), s.response, s.respondedOn])
    }

    /// The data dictionary, in Spanish and then in English.
    func dictionary(_ localizers: [Localizer], publishedOn: String) -> String {
        localizers.map { l in
            var out = l.tr("Open data of Cabildo, published on {date}.", ["date": .text(publishedOn)]) + "\n\n"
            out += l.tr("Every file is CSV (RFC 4180): UTF-8, comma-separated, one header row, lines ending in CR LF. A cell that would start with =, +, -, @ or a tab starts with an apostrophe (') so that no spreadsheet runs it as a formula. An empty cell means no value was recorded. Nothing personal is included: no citizen's contact data, no unpublished contribution, no account or audit trail.") + "\n\n"
            for table in tables {
                out += table.name + " — " + l.render(table.meaning) + " "
                    + l.tr("(rows: {count})", ["count": .text(String(table.rows))]) + "\n"
                for column in table.columns {
                    out += "  " + column.name + " (" + l.render(column.type) + "): " + l.render(column.meaning) + "\n"
                }
                out += "\n"
            }
            return out
        }.joined(separator: "----\n\n")
    }

    func licence(_ localizers: [Localizer]) -> String {
        localizers.map { l in
            l.tr("You may copy, share and adapt this data for any purpose, commercial included, if you say where it comes from: Creative Commons Attribution 4.0 International (CC BY 4.0).")
                + "\nhttps://creativecommons.org/licenses/by/4.0/legalcode\n"
        }.joined(separator: "\n")
    }

    /// The ZIP: the dictionary and licence first, then the tables by name.
    func archive(_ localizers: [Localizer], publishedOn: String) throws -> [UInt8] {
        var zip = StoredZip()
        try zip.add("README.txt", Array(dictionary(localizers, publishedOn: publishedOn).utf8))
        try zip.add("LICENCE.txt", Array(licence(localizers).utf8))
        for table in tables.sorted(by: { $0.name < $1.name }) { try zip.add(table.name, table.bytes) }
        return zip.finish()
    }
}
