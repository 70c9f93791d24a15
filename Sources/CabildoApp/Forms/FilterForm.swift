import CabildoCore
import CabildoText

/// A form of choices whose ids become a list's filters; the list says
/// which are in force by the chosen options' labels.
@MainActor
public enum FilterForm {
    public typealias Choice = (key: FieldKey, label: Message, options: [Option])

    public static func spec(_ pane: any Filtered, _ choices: [Choice], _ session: AppSession) -> FormSpec {
        let all = Wording.option(nil, session.text(Message("(all)")))
        return FormSpec(title: Message("Filter"),
                        fields: choices.map { FieldSpec($0.key, $0.label, .choice([all] + $0.options)) },
                        values: FormValues(pane.filters.chosen)) { values, session in
            let chosen = values.values.filter { !$0.value.isEmpty }
            let labels = Dictionary(uniqueKeysWithValues: choices.compactMap { choice in
                chosen[choice.key].flatMap { id in choice.options.first { $0.id == id } }.map { (choice.key, $0.label) }
            })
            pane.filters = Filters(chosen, labels: labels)
            return pane.filters.isEmpty ? Message("Showing everything.") : pane.filters.summary
        }
    }
}
