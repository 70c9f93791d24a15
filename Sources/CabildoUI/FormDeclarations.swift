import CabildoCore
import CabildoText
import TerminalKit

/// Forms, declared once from Core's field rules (key, label, limit): the
/// officials' app and the kiosk render these same fields.
extension FormField {
    public init(_ rule: FieldRule, required: Bool? = nil, lines: Int = 3, secret: Bool = false) {
        let kind: Kind = rule.policy.multiline
            ? .paragraphs(maxLength: rule.policy.maxLength, lines: lines) : .text(maxLength: rule.policy.maxLength)
        self.init(key: rule.key.rawValue, label: rule.label.description, kind: kind, required: required ?? rule.policy.required,
                  secret: secret)
    }
}

public enum FormDeclarations {
    /// A citizen's optional contact data.
    public static func contact() -> [FormField] {
        [FormField(Fields.contactName), FormField(Fields.contactEmail), FormField(Fields.contactPhone)]
    }

    /// An official's name and password (to sign in, or to leave kiosk mode).
    public static func signIn() -> [FormField] {
        [FormField(Fields.username), FormField(Fields.password, secret: true)]
    }
}
