import CabildoCore
import CabildoText

extension ConsultationQuestion {
    /// The field this question is answered in, declared once for every front
    /// end (the kiosk, the officials' paper entry, a line mode): keyed as
    /// Core names the answer's errors ("answer-N"). An option's id is its
    /// text, which `checkedAnswer` takes back, one per line.
    public var answerField: FieldSpec {
        let options = choiceList.map { Option(id: $0, label: $0) }
        let field: FieldKind
        switch kind {
        case .text, .shortText: field = .line(maxLength: maxLength)
        case .choice: field = .choice([Option(id: "", label: "")] + options)
        case .multiple: field = .picks(options, most: maxChoices ?? options.count)
        case .ranking: field = .ranking(options)
        }
        return FieldSpec(answerRule.key, .verbatim("\(position). \(prompt)"), field, required: required,
                         help: answerHelp)
    }

    /// How a list of options is answered with the keyboard, for the person answering.
    public var answerHelp: Message? {
        switch kind {
        case .multiple:
            Message("Choose up to {n}: move with the arrows and press Space, or press an option's number. Again to undo it.",
                    ["n": .text(String(maxChoices ?? choiceList.count))])
        case .ranking:
            Message("Put every option in order: press Space on the most important first, then the next (or press their numbers). Again to take one out.")
        default: nil
        }
    }
}
