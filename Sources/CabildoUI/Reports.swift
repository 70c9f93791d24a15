import CabildoCore
import CabildoText
import TerminalKit

/// Filters, assessments, progress reports, the audit trail and tallies.
@MainActor
extension Panes {
    static var all: String { Message("(all)").description }

    /// A form of choices whose ids become the list's filters; the list says
    /// which are in force by their labels.
    static func filterForm(_ screen: ListScreen, _ fields: [(key: String, label: Message, options: [ChoiceOption])])
        -> FormScreen {
        FormScreen(title: Message("Filter").description,
                   fields: fields.map { FormField(key: $0.key, label: $0.label.description,
                                                  kind: .choice([option(nil, all)] + $0.options)) },
                   values: screen.filters) { values, app in
            screen.filters = values.filter { !$0.value.isEmpty }
            screen.filterLabels = Dictionary(uniqueKeysWithValues: fields.compactMap { field in
                screen.filters[field.key].flatMap { id in field.options.first { $0.id == id } }.map { (field.key, $0.label) }
            })
            try screen.reload(app: app)
            return screen.filters.isEmpty ? Message("Showing everything.") : Message("Showing only: {filters}",
                ["filters": .text(screen.filterLabels.values.sorted().joined(separator: ", "))])
        }
    }

    static func assessmentForm(_ commitmentId: Int64) -> FormScreen {
        let none = Message("(not assessed yet)").description
        return FormScreen(title: Message("Assessment on the IRM scales").description, fields: [
            FormField(key: "verifiable", label: Message("Verifiable").description, kind: .checkbox),
            FormField(key: "potential", label: Message("Potential for results").description,
                      kind: .choice(options(PotentialForResults.self))),
            FormField(key: "completion", label: Message("Completion").description,
                      kind: .choice([option(nil, none)] + options(Completion.self))),
            FormField(key: "opened", label: Message("Did it open government?").description,
                      kind: .choice([option(nil, none)] + options(OpenedGovernment.self))),
            FormField(Fields.rationale, lines: 4),
        ]) { v, app in
            _ = try app.database.recordAssessment(commitmentId: commitmentId, AssessmentDraft(
                verifiable: v["verifiable"] == "true",
                potentialForResults: value(PotentialForResults.self, v["potential"]) ?? .unclear,
                completion: value(Completion.self, v["completion"]), openedGovernment: value(OpenedGovernment.self, v["opened"]),
                rationale: v["rationale"] ?? ""), by: app.actor)
            return Message("Assessment recorded.")
        }
    }

    static func progressForm(_ commitmentId: Int64) -> FormScreen {
        FormScreen(title: Message("Report progress").description, fields: [
            FormField(Fields.summary, lines: 3),
            FormField(key: "links", label: Message("Links (one a line)").description, kind: .paragraphs(maxLength: 4_000, lines: 2)),
            FormField(key: "documents", label: Message("Documents (one a line)").description,
                      kind: .paragraphs(maxLength: 4_000, lines: 2)),
        ]) { v, app in
            let evidence = lines(v["links"]).map { (kind: EvidenceKind.link, reference: $0) }
                + lines(v["documents"]).map { (kind: EvidenceKind.document, reference: $0) }
            _ = try app.database.recordProgressUpdate(commitmentId: commitmentId, milestoneId: nil,
                                                      summary: v["summary"] ?? "", evidence: evidence, by: app.actor)
            return Message("Progress reported with {count} pieces of evidence.", ["count": .text(String(evidence.count))])
        }
    }

    /// The audit trail, for one record or all.
    static func audit(table: String? = nil, recordId: Int64? = nil, title: String) -> ListScreen {
        ListScreen(context: AppCommands.report, title: title, shows: nil) { screen, app in
            screen.rows = try app.database.auditEntries(table: table, recordId: recordId, for: app.actor).map { e in
                let record = e.recordId.map { "\(e.recordTable) #\($0)" } ?? e.recordTable
                return ListRow(text: "\(e.at.replacingOccurrences(of: "T", with: " ").prefix(16)) \(e.actor) — \(e.action) — \(record)")
            }
        }
    }

    static func tallies(_ consultationId: Int64?, title: String) -> ListScreen {
        ListScreen(context: AppCommands.report, title: title, shows: Shows(
            tables: consultationId == nil ? ["submission", "consultation", "jurisdiction"] : ["consultation", "jurisdiction"],
            consultation: consultationId)) { screen, app in
            let tally = try app.database.tally(consultationId: consultationId)
            var rows: [ListRow] = []
            func section(_ heading: Message, _ items: [(String, Int)]) {
                rows.append(ListRow(text: heading.description))
                rows += items.map { ListRow(text: "    \($0.0): \($0.1)") }
            }
            section(Message("By theme"), tally.byTheme.map { (label($0.0), $0.1) })
            section(Message("By channel"), tally.byChannel.map { (label($0.0), $0.1) })
            section(Message("By municipality"), tally.byMunicipality)
            section(Message("By status"), tally.byStatus.map { (label($0.0), $0.1) })
            screen.rows = rows
        }
    }
}
