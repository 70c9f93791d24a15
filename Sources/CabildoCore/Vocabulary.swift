import CabildoText
import GRDB

/// Enumerations of the domain. Their raw values are what the schema's CHECK
/// constraints list; `Schema` builds those lists from `allCases`.
public protocol DomainEnum: RawRepresentable, CaseIterable, Codable, Sendable, Hashable,
    DatabaseValueConvertible where RawValue == String {
    var label: Message { get }
}

extension DomainEnum {
    static var sqlList: String { allCases.map { "'\($0.rawValue)'" }.joined(separator: ",") }

    /// Parses a value typed by a person or read from a file.
    public static func parse(_ text: String) -> Self? {
        Self(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

public enum Role: String, DomainEnum {
    case administrator, editor, monitor, kiosk
    public var label: Message {
        switch self {
        case .administrator: Message("administrator")
        case .editor: Message("editor")
        case .monitor: Message("monitor")
        case .kiosk: Message("kiosk")
        }
    }
}

public enum JurisdictionKind: String, DomainEnum {
    case state, municipality
    public var label: Message { self == .state ? Message("state") : Message("municipality") }
}

public enum Sector: String, DomainEnum {
    case government, civilSociety = "civil_society", academia, privateSector = "private", autonomous
    public var label: Message {
        switch self {
        case .government: Message("government")
        case .civilSociety: Message("civil society")
        case .academia: Message("academia")
        case .privateSector: Message("private sector")
        case .autonomous: Message("autonomous body")
        }
    }
}

public enum Theme: String, DomainEnum {
    case publicWorks = "public_works", security, health, education
    case socialDevelopment = "social_development", transparency, planning
    case justice, mobility, environment, openGovernment = "open_government", other
    public var label: Message {
        switch self {
        case .publicWorks: Message("public works")
        case .security: Message("public security")
        case .health: Message("health")
        case .education: Message("education")
        case .socialDevelopment: Message("social development")
        case .transparency: Message("transparency and anti-corruption")
        case .planning: Message("planning")
        case .justice: Message("justice and culture of peace")
        case .mobility: Message("mobility")
        case .environment: Message("environment")
        case .openGovernment: Message("open government")
        case .other: Message("other")
        }
    }
}

public enum MechanismStatus: String, DomainEnum {
    case planned, active, inactive
    public var label: Message {
        switch self {
        case .planned: Message("planned")
        case .active: Message("active")
        case .inactive: Message("inactive")
        }
    }
}

public enum SessionKind: String, DomainEnum {
    case ordinary, extraordinary, solemn, open, working
    public var label: Message {
        switch self {
        case .ordinary: Message("ordinary")
        case .extraordinary: Message("extraordinary")
        case .solemn: Message("solemn")
        case .open: Message("open")
        case .working: Message("working meeting")
        }
    }
}

public enum AgreementStatus: String, DomainEnum {
    case pending, inProgress = "in_progress", fulfilled, cancelled
    public var label: Message {
        switch self {
        case .pending: Message("pending")
        case .inProgress: Message("in progress")
        case .fulfilled: Message("fulfilled")
        case .cancelled: Message("cancelled")
        }
    }
}

public enum ContactRequestStatus: String, DomainEnum {
    case new, answered, closed
    public var label: Message {
        switch self {
        case .new: Message("new")
        case .answered: Message("answered")
        case .closed: Message("closed")
        }
    }
}

public enum PlanInstitutionRole: String, DomainEnum {
    case lead, endorsing, monitoring, advisory
    public var label: Message {
        switch self {
        case .lead: Message("lead institution")
        case .endorsing: Message("endorsing organisation")
        case .monitoring: Message("monitoring body")
        case .advisory: Message("advisory")
        }
    }
}

public enum CoCreationKind: String, DomainEnum {
    case onlineConsultation = "online_consultation", thematicRoundtable = "thematic_roundtable"
    case openDialogue = "open_dialogue", forum, other
    public var label: Message {
        switch self {
        case .onlineConsultation: Message("online consultation")
        case .thematicRoundtable: Message("thematic round-table")
        case .openDialogue: Message("open dialogue")
        case .forum: Message("forum")
        case .other: Message("other")
        }
    }
}

public enum OGPValue: String, DomainEnum {
    case accessToInformation = "access_to_information", civicParticipation = "civic_participation"
    case publicAccountability = "public_accountability", technologyAndInnovation = "technology_innovation"
    public var label: Message {
        switch self {
        case .accessToInformation: Message("access to information")
        case .civicParticipation: Message("civic participation")
        case .publicAccountability: Message("public accountability")
        case .technologyAndInnovation: Message("technology and innovation")
        }
    }
}

public enum CommitmentInstitutionRole: String, DomainEnum {
    case lead, supporting, governmentCoOwner = "government_coowner", civilSocietyCoOwner = "civil_society_coowner"
    public var label: Message {
        switch self {
        case .lead: Message("lead institution")
        case .supporting: Message("supporting institution")
        case .governmentCoOwner: Message("government co-owner")
        case .civilSocietyCoOwner: Message("civil society co-owner")
        }
    }
}

public enum EvidenceKind: String, DomainEnum {
    case link, document
    public var label: Message { self == .link ? Message("link") : Message("document") }
}

/// IRM scales.
public enum PotentialForResults: String, DomainEnum {
    case unclear, modest, substantial
    public var label: Message {
        switch self {
        case .unclear: Message("unclear")
        case .modest: Message("modest")
        case .substantial: Message("substantial")
        }
    }
}

public enum Completion: String, DomainEnum {
    case noEvidence = "no_evidence", notStarted = "not_started", limited, substantial, complete
    public var label: Message {
        switch self {
        case .noEvidence: Message("no evidence available")
        case .notStarted: Message("not started")
        case .limited: Message("limited")
        case .substantial: Message("substantial")
        case .complete: Message("complete")
        }
    }
}

public enum OpenedGovernment: String, DomainEnum {
    case worsened, didNotChange = "did_not_change", marginal, major, outstanding
    public var label: Message {
        switch self {
        case .worsened: Message("worsened")
        case .didNotChange: Message("did not change")
        case .marginal: Message("marginal")
        case .major: Message("major")
        case .outstanding: Message("outstanding")
        }
    }
}

public enum NoticeKind: String, DomainEnum {
    case submissionResponse, contactAnswer
    public var label: Message {
        self == .submissionResponse ? Message("response to a participation") : Message("answer to a message")
    }
}

public enum NoticeStatus: String, DomainEnum {
    /// `sending` is held while sendmail runs: a notice claimed is never handed over twice.
    case queued, sending, sent, deliveredByHand
    public var label: Message {
        switch self {
        case .queued: Message("waiting")
        case .sending: Message("being sent")
        case .sent: Message("sent by e-mail")
        case .deliveredByHand: Message("delivered by hand")
        }
    }
}

public enum NoticeMedium: String, Sendable {
    case email, telephone
}

/// How a question is answered. What an answer stores (`Answer.text`):
/// free text as typed; one choice as the option's text; multiple choice as
/// the chosen options' texts, one per line, in the question's order;
/// ranking as every option's text, one per line, the first the most preferred.
public enum QuestionKind: String, DomainEnum {
    /// Free text of several lines (the first kind Cabildo had).
    case text
    /// Free text of one line.
    case shortText = "short_text"
    case choice
    /// Several options, at most the question's `maxChoices`.
    case multiple
    /// Every option put in order.
    case ranking
    public var label: Message {
        switch self {
        case .text: Message("free text (long)")
        case .shortText: Message("free text (short)")
        case .choice: Message("one choice")
        case .multiple: Message("multiple choice")
        case .ranking: Message("ranking")
        }
    }
    /// Whether the question offers options.
    public var hasOptions: Bool { self == .choice || self == .multiple || self == .ranking }
}

public enum Channel: String, DomainEnum {
    case kiosk, caravan, roundtable, online, paper
    public var label: Message {
        switch self {
        case .kiosk: Message("kiosk")
        case .caravan: Message("caravan")
        case .roundtable: Message("round-table")
        case .online: Message("online")
        case .paper: Message("paper")
        }
    }
}

public enum Moderation: String, DomainEnum {
    case pending, published, rejected
    public var label: Message {
        switch self {
        case .pending: Message("pending moderation")
        case .published: Message("published")
        case .rejected: Message("rejected")
        }
    }
}
