import CabildoCore
import CabildoText

/// The privacy notice in force and the citizen's answer to it, with the
/// contact data given under it: shared by taking part and by contacting a
/// mechanism. Contact data is asked only after consent.
@MainActor
public struct Consent {
    /// The notice shown, in the session's language (Spanish when there is none in it).
    public private(set) var notice: PrivacyNoticeText?
    public private(set) var wantsContact = false
    /// The version consented to, kept with the contact data.
    public private(set) var consentedVersion: String?
    public private(set) var contact = FormValues()
    /// Errors beside the contact fields.
    public private(set) var errors: [FieldKey: Message] = [:]

    public static let fields = [FieldSpec(Fields.contactName), FieldSpec(Fields.contactEmail),
                                FieldSpec(Fields.contactPhone)]

    public init() {}

    /// Reads the notice in the session's language, when it is not the one shown.
    mutating func show(in session: AppSession) throws {
        if notice?.language != session.localizer.language {
            notice = try session.database.privacyNotice(language: session.localizer.language)
        }
    }

    /// 1: consent, and give contact data; 2: take part without any data.
    mutating func answer(_ option: Int) {
        wantsContact = option == 1
        consentedVersion = wantsContact ? notice?.version : nil
        contact = FormValues()
        errors = [:]
    }

    mutating func fill(_ values: FormValues) { contact = values }

    /// The contact data as Core keeps it; an error lands beside its field.
    mutating func checkedContact() throws -> ContactDetails {
        errors = [:]
        do {
            return try details.cleaned()
        } catch {
            if let field = error.field { errors[field] = error.message }
            throw error
        }
    }

    /// What is sent: nothing without consent.
    var details: ContactDetails {
        guard wantsContact else { return ContactDetails() }
        return ContactDetails(name: contact[Fields.contactName.key], email: contact[Fields.contactEmail.key],
                              phone: contact[Fields.contactPhone.key])
    }
    var version: String? { wantsContact ? consentedVersion : nil }

    func noticeView(_ session: AppSession) -> FlowView {
        FlowView(heading: session.text(Message("Privacy notice")),
                 lines: (notice?.body ?? "").components(separatedBy: "\n"),
                 options: [session.text(Message("I agree, and I want to give my contact data")),
                           session.text(Message("I prefer to take part without giving any data"))],
                 instruction: session.text(Message("Press 1 or 2.")))
    }

    func contactView(_ session: AppSession) -> FlowView {
        FlowView(heading: session.text(Message("Your contact data (all optional)")), fields: Self.fields,
                 instruction: session.text(Message("Tab moves between fields; Enter continues.")))
    }
}
