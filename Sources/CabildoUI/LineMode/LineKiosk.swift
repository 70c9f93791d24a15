import CabildoApp
import CabildoCore
import CabildoText
import Foundation

/// The citizens' kiosk in lines: `KioskFlow`'s steps as the full-screen
/// kiosk shows them (heading, text, numbered choices, the field to fill,
/// the instruction), each answered on one line. It holds no rules; the idle
/// policy is the flows' one.
@MainActor
final class LineKiosk {
    let flow: KioskFlow
    let io: LineIO
    var session: AppSession { flow.session }

    /// The idle policy wiped what the citizen entered.
    struct Wiped: Error {}

    init(flow: KioskFlow, io: LineIO) { self.flow = flow; self.io = io }

    func text(_ message: Message) -> String { session.text(message) }

    /// Until an administrator leaves kiosk mode or the input ends (a hang-up:
    /// what was half filled is discarded).
    func run() throws {
        do {
            while !flow.leaving {
                do {
                    try step()
                } catch is Wiped {
                    io.say(text(Message("The screen was cleared and what was entered was deleted.")))
                } catch let error as CabildoError where error == .accountDisabled {
                    io.say(text(Message("Kiosk disabled; your answers are kept here. Please tell the staff.")))
                } catch let error as CabildoError {
                    say(error)
                }
            }
        } catch is LineIO.Ended {
            flow.wipe()
        }
    }

    /// An error, naming the field it is about when there is one.
    func say(_ error: CabildoError) {
        let view = flow.view
        let fields = (view.field.map { [$0] } ?? []) + view.fields
        let errors = flow.errors
        if let field = fields.first(where: { errors[$0.key] != nil || $0.key == error.field }) {
            io.say(LineForm.error(errors[field.key] ?? error.message, field: text(field.label), session))
        } else {
            io.say(text(.error(.message(error.message))))
        }
    }

    /// Shows the step on show and hands the flow what the citizen answers.
    func step() throws {
        let view = flow.view
        io.blank()
        io.say(view.heading)
        for line in view.lines { io.say(line) }
        for (index, option) in view.options.enumerated() { io.say("\(index + 1). " + option) }
        if let field = view.field {
            io.say(view.instruction)
            var typed = try ask(LineForm.prompt(field, label: text(field.label), current: flow.currentText, session))
            if typed == LineForm.back { return reply(try flow.handle(.back)) }
            if field.kind.isParagraphs, !typed.isEmpty, typed != LineForm.empty {
                while case let more = try ask("…"), !more.isEmpty { typed += "\n" + more }
            }
            _ = try flow.handle(.text(typed.isEmpty ? flow.currentText : typed == LineForm.empty ? "" : typed))
            return reply(try flow.handle(.next))
        }
        if !view.fields.isEmpty {
            // The declaration's instruction is the full screen's (Tab, Esc); in lines, this.
            io.say(text(Message("One field a line; Enter keeps what is in brackets; < goes back.")))
            var values = flow.currentValues
            for field in view.fields {
                let current = values[field.key] ?? ""
                let prompt = LineForm.prompt(field, label: text(field.label),
                                             current: field.kind.isSecret ? "" : current, session)
                let typed = field.kind.isSecret ? try io.askSecret(prompt) : try ask(prompt)
                if typed == LineForm.back { return reply(try flow.handle(.back)) }
                if !typed.isEmpty { values[field.key] = typed == LineForm.empty ? "" : typed }
            }
            _ = try flow.handle(.values(values))
            return reply(try flow.handle(.next))
        }
        io.say(view.instruction)
        let typed = try ask(view.options.isEmpty ? ">" : text(Message("Number:")))
        switch typed.trimmingCharacters(in: .whitespaces) {
        case LineForm.back: return reply(try flow.handle(.back))
        case "?": return help(choosing: !view.options.isEmpty)
        case let word where Typed.same(word, "F10"): flow.openStaff(); return
        case let number where !view.options.isEmpty:
            guard let n = Int(number), view.options.indices.contains(n - 1) else {
                if !number.isEmpty { io.say(text(Message("Type the number of your choice and press Enter."))) }
                return
            }
            reply(try flow.handle(.choose(n)))
        default:
            reply(try flow.handle(.next))
        }
    }

    func reply(_ reply: FlowReply) {
        if case .say(let message) = reply { io.say(text(message)) }
    }

    func help(choosing: Bool) {
        if choosing { io.say(text(Message("A number and Enter choose that option."))) }
        io.say(text(Message("< and Enter go back one step; F10 and Enter let staff leave kiosk mode.")))
    }

    /// One line, under the flows' idle policy: after the idle time a warning,
    /// said once, then the countdown; then everything is wiped. A line during
    /// the warning keeps it all and asks again.
    func ask(_ prompt: String) throws -> String {
        io.prompt(prompt)
        var idle = 0
        while true {
            switch flow.idle.decide(idle: idle, nothingToLose: flow.step == .language) {
            case .wait(let seconds):
                if let line = try io.waitForLine(seconds: seconds) { return line }
                idle += seconds
            case .warn(let left):
                io.blank()
                io.say(text(Message("Are you still there? Press any key to continue. In {seconds} seconds this screen will be cleared and what you entered will be deleted.",
                                    ["seconds": .text(String(left))])))
                if try io.waitForLine(seconds: left) != nil {
                    io.say(text(Message("Welcome back; nothing was lost.")))
                    idle = 0
                    io.prompt(prompt)
                    continue
                }
                idle += left
            case .wipe:
                flow.wipe()
                throw Wiped()
            }
        }
    }
}

extension FieldKind {
    var isSecret: Bool { if case .secret = self { true } else { false } }
    var isParagraphs: Bool { if case .paragraphs = self { true } else { false } }
    var isList: Bool { if case .picks = self { true } else if case .ranking = self { true } else { false } }
}
