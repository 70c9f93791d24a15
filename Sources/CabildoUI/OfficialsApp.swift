import CabildoCore
import CabildoText
import Foundation
import TerminalKit

/// The officials' full-screen application. So far: the participation
/// mechanisms, with search and a detail view.
@MainActor
public final class OfficialsApp: Application {
    enum Mode { case list, search, detail, help }

    let database: AppDatabase
    let keymap: Keymap
    var mode = Mode.list
    var previousMode = Mode.list
    var tabs = TabBar([Message("Mechanisms").description])
    var status = StatusLine()
    var searchField = TextField(maxLength: 100)
    var list = ListView()
    var rows: [MechanismRow] = []
    var detailLines: [String] = []
    var detailList = ListView()
    var helpOverlay = HelpOverlay(context: AppCommands.list)

    struct MechanismRow {
        let mechanism: Mechanism
        let jurisdiction: String
        var text: String {
            let acronym = mechanism.acronym.map { " (\($0))" } ?? ""
            return "\(mechanism.name)\(acronym) — \(jurisdiction) — \(mechanism.status.label)"
        }
    }

    struct Rows: ListSource {
        let rows: [MechanismRow]
        var count: Int { rows.count }
        func row(_ index: Int) -> String { rows[index].text }
    }

    public init(database: AppDatabase, keymap: Keymap) throws {
        self.database = database
        self.keymap = keymap
        try reload()
    }

    var context: String {
        switch mode {
        case .list: AppCommands.list
        case .search: AppCommands.search
        case .detail: AppCommands.detail
        case .help: AppCommands.help
        }
    }

    func reload() throws {
        let names = try database.jurisdictionNames()
        let query = searchField.text.trimmingCharacters(in: .whitespaces)
        let mechanisms = query.isEmpty ? try database.mechanisms(limit: 10_000)
            : try database.mechanisms(matching: query)
        rows = mechanisms.map { MechanismRow(mechanism: $0, jurisdiction: names[$0.jurisdictionId] ?? "") }
        list.clamp(count: rows.count)
    }

    public func handle(_ key: Key) -> Bool {
        status.clear()
        let command = keymap.command(for: key, in: context)
        do {
            switch (mode, command) {
            case (_, "quit"): return false
            case (_, "help"), (_, "help.search"):
                previousMode = mode
                helpOverlay = HelpOverlay(context: context)
                mode = .help
            case (.help, "back"): mode = previousMode
            case (.help, _): _ = helpOverlay.list.handle(key, count: helpOverlay.lines(keymap).count)
            case (.list, "search"): mode = .search
            case (.list, "open"):
                guard !rows.isEmpty else { break }
                try openDetail(rows[list.selected])
            case (.list, _):
                if !list.handle(key, count: rows.count) { status.show(Message("That key does nothing here; press ? for help.").description, announce: false) }
            case (.search, "search.done"): mode = .list
            case (.search, "back"):
                searchField.text = ""
                try reload()
                mode = .list
            case (.search, _):
                let before = searchField.text
                if searchField.handle(key), searchField.text != before {
                    list.selected = 0
                    try reload()
                }
            case (.detail, "back"): mode = .list
            case (.detail, _): _ = detailList.handle(key, count: detailLines.count)
            }
        } catch let error as CabildoError {
            status.show(error.message.description, error: true)
        } catch {
            status.show("\(error)", error: true)
        }
        return true
    }

    func openDetail(_ row: MechanismRow) throws {
        let m = row.mechanism
        let members = try database.members(of: m.id!)
        var lines: [(Message, String?)] = [
            (Message("Name"), m.name), (Message("Acronym"), m.acronym), (Message("Jurisdiction"), row.jurisdiction),
            (Message("Theme"), m.theme.label.description), (Message("Status"), m.status.label.description),
            (Message("Established"), m.established), (Message("Legal basis"), m.legalBasis),
            (Message("Purpose"), m.purpose), (Message("Budget programme"), m.budgetProgramme),
            (Message("Responsible official"), m.officialName), (Message("Official's e-mail"), m.officialEmail),
            (Message("Official's telephone"), m.officialPhone),
        ]
        lines = lines.filter { $0.1 != nil }
        detailLines = lines.flatMap { label, value in
            TextWrap.lines("\(label.description): \(value!)", width: 76)
        }
        detailLines.append("")
        detailLines.append(Message("Members ({count})", ["count": .text(String(members.count))]).description)
        for member in members {
            let period = member.endDate.map { Message("ended {date}", ["date": .text($0)]).description }
                ?? Message("current").description
            detailLines.append("  \(member.name) — \(member.post) — \(period)")
        }
        detailList = ListView()
        mode = .detail
    }

    public func draw(into screen: inout Screen) {
        guard screen.width >= Layout.minimumWidth, screen.height >= Layout.minimumHeight else {
            Layout.drawTooSmall(into: &screen)
            return
        }
        tabs.draw(into: &screen, row: 0)
        let body = Rect(row: 2, column: 0, width: screen.width, height: screen.height - 3)
        switch mode {
        case .list, .search:
            let label = Message("Search").description + ": "
            let labelWidth = screen.put(label, row: 1, column: 0, role: mode == .search ? .focus : .normal)
            searchField.draw(into: &screen, row: 1, column: labelWidth, width: screen.width - labelWidth,
                             focused: mode == .search)
            if rows.isEmpty {
                screen.put(Message("Nothing found.").description, row: body.row, column: 2)
                if mode == .list { screen.setCursor(row: body.row, column: 0) }
            } else {
                list.draw(Rows(rows: rows), into: &screen, in: body, focused: mode == .list)
            }
        case .detail:
            detailList.draw(ArraySource(detailLines), into: &screen, in: body, focused: true)
        case .help:
            helpOverlay.draw(keymap, into: &screen, in: body)
        }
        status.draw(into: &screen, row: screen.height - 1, hints: keymap.hints(in: context))
    }
}
