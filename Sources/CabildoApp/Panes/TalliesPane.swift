import CabildoCore
import CabildoText

/// Submissions counted by theme, channel, municipality and status, for one
/// consultation or all; for one, its results per question too (Core's
/// `consultationResults` over the submissions not rejected), for all its
/// submissions, then by channel and by municipality. Counted when opened, not
/// at each new submission: one consultation's results over 100,000
/// submissions take about 2.7 s, and a pane left open on a busy consultation
/// recounted them at every look, a core kept busy. The header says when.
@MainActor
public final class TalliesPane: Pane {
    public let context = Context.report
    public let title: String
    public private(set) var header: [String] = []
    public private(set) var rows: any RowSource = HeldRows()
    public let shows: Shows?
    let consultationId: Int64?

    public init(_ consultationId: Int64?, title: String) {
        self.consultationId = consultationId
        self.title = title
        shows = .countedOnDemand
    }

    public func load(_ session: AppSession) throws {
        let tally = try session.database.tally(consultationId: consultationId)
        header = [session.text(Message("Counted on {moment}; new submissions are not added here. To count again, go back and open it again.",
                                        ["moment": .text(Wording.moment(session.database.clock.instant(), session))]))]
        var rows: [PaneRow] = []
        func section(_ heading: Message, _ items: [(String, Int)]) {
            rows.append(PaneRow(text: session.text(heading), kind: .tally))
            rows += items.map { PaneRow(text: "    \($0.0): \($0.1)", kind: .tally) }
        }
        section(Message("By theme"), tally.byTheme.map { (Wording.label($0.0, session), $0.1) })
        section(Message("By channel"), tally.byChannel.map { (Wording.label($0.0, session), $0.1) })
        section(Message("By municipality"), tally.byMunicipality)
        section(Message("By status"), tally.byStatus.map { (Wording.label($0.0, session), $0.1) })
        if !tally.byJornada.isEmpty { section(Message("By caravan jornada"), tally.byJornada) }
        if let consultationId {
            rows += Self.resultRows(try session.database.consultationResults(consultationId, scope: .received), session)
        }
        self.rows = HeldRows(rows)
    }

    /// Free-text wordings listed per question and group, the most given first.
    static let wordingsShown = 50

    /// The results per question as the pane's lines.
    static func resultRows(_ results: ConsultationResults, _ session: AppSession) -> [PaneRow] {
        var rows = [PaneRow(text: session.text(Message("Results per question (submissions not rejected)")), kind: .tally)]
        func line(_ text: String, _ indent: Int) { rows.append(PaneRow(text: String(repeating: " ", count: indent) + text, kind: .tally)) }
        for group in results.groups {
            let name: Message
            switch group.kind {
            case .all: name = Message("All submissions")
            case .channel:
                name = Message("Channel: {channel}", ["channel": .text(Channel(rawValue: group.code)
                    .map { Wording.label($0, session) } ?? group.code)])
            case .municipality:
                name = Message("Municipality: {name} ({code})", ["name": .text(group.name), "code": .text(group.code)])
            }
            line(session.text(Message("{group} — {count} submissions", ["group": .message(name),
                                                                         "count": .text(String(group.submissions))])), 2)
            for result in group.questions {
                let question = result.question
                line(session.text(Message("{n}. {prompt} — {kind}; answered by {count}",
                                          ["n": .text(String(question.position)), "prompt": .text(question.prompt),
                                           "kind": .message(question.kind.label),
                                           "count": .text(String(result.respondents))])), 4)
                for option in result.options {
                    if let mean = option.meanPositionText {
                        line(session.text(Message("{option}: mean position {mean}; first for {count} ({percent} percent)",
                                                  ["option": .text(option.option), "mean": .text(mean),
                                                   "count": .text(String(option.count)),
                                                   "percent": .text(option.percentText)])), 6)
                    } else {
                        line(session.text(Message("{option}: {count} ({percent} percent)",
                                                  ["option": .text(option.option), "count": .text(String(option.count)),
                                                   "percent": .text(option.percentText)])), 6)
                    }
                }
                // The most given wordings; a consultation of many thousands lists them all in the export.
                for text in result.texts.prefix(Self.wordingsShown) {
                    let flat = text.text.split(whereSeparator: \.isNewline).joined(separator: " ")
                    line(text.count > 1 ? "“\(flat)” ×\(text.count)" : "“\(flat)”", 6)
                }
                if result.texts.count > Self.wordingsShown {
                    line(session.text(Message("… and {count} more wordings: 'cabildo export results --consultation {id}' lists them all.",
                                              ["count": .text(String(result.texts.count - Self.wordingsShown)),
                                               "id": .text(String(results.consultation.id!))])), 6)
                }
            }
        }
        return rows
    }

    public func availability(of command: Command, row: PaneRow?, in session: AppSession) -> Availability { .notHere }
    public func perform(_ command: Command, row: PaneRow?, in session: AppSession) throws -> Outcome { .stay }
}
