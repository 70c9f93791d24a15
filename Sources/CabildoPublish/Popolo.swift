import CabildoCore
import Foundation

/// The mechanisms as Popolo data (popoloproject.com): each mechanism and
/// each member organisation an organization, members who are people a
/// person (by name only: officials' and representatives' posts, never
/// citizens), memberships with their start and end, posts, public sessions
/// as events and agreements as motions. Keys sorted, so the same records
/// give the same bytes.
enum Popolo {
    static let fileName = "popolo.json"

    struct ContactDetail: Encodable {
        let type: String
        let value: String
        let label: String?
    }

    struct Organization: Encodable {
        let id: String
        let name: String
        let classification: String
        var founding_date: String?
        var description: String?
        var area_id: String?
        var contact_details: [ContactDetail]?
    }

    struct Person: Encodable {
        let id: String
        let name: String
    }

    struct Member: Encodable {
        let type: String
        let id: String
        enum CodingKeys: String, CodingKey { case type = "@type", id }
    }

    struct Membership: Encodable {
        let id: String
        let organization_id: String
        let person_id: String?
        let member: Member?
        let post_id: String
        let role: String
        let start_date: String?
        let end_date: String?
    }

    struct Post: Encodable {
        let id: String
        let label: String
        let organization_id: String
    }

    struct Event: Encodable {
        let id: String
        let name: String
        let classification: String
        let start_date: String
        let location: String?
        let organization_id: String
    }

    struct Motion: Encodable {
        let id: String
        let organization_id: String
        let legislative_session_id: String?
        let text: String
        let classification: String
        let date: String?
        let result: String
        let requirement: String?
    }

    struct Document: Encodable {
        var organizations: [Organization] = []
        var persons: [Person] = []
        var memberships: [Membership] = []
        var posts: [Post] = []
        var events: [Event] = []
        var motions: [Motion] = []
    }

    static func document(_ mechanisms: [Publication.Mechanism]) -> Document {
        var document = Document()
        var memberOrganisations: [Int64: String] = [:], persons: [Int64: String] = [:]
        for m in mechanisms {
            let organization = "mechanism-\(m.id)"
            let contacts = [m.officialEmail.map { ContactDetail(type: "email", value: $0, label: m.officialPost) },
                            m.officialPhone.map { ContactDetail(type: "voice", value: $0, label: m.officialPost) }]
                .compactMap { $0 }
            document.organizations.append(Organization(
                id: organization, name: m.name, classification: "participation mechanism",
                founding_date: m.established, description: m.purpose, area_id: "inegi-\(m.jurisdictionCode)",
                contact_details: contacts.isEmpty ? nil : contacts))
            // One post per distinct post name in the mechanism, numbered in name order.
            let postNames = Array(Set(m.members.map(\.post))).sorted()
            let postIds = Dictionary(uniqueKeysWithValues: postNames.enumerated().map {
                ($1, "post-\(m.id)-\($0 + 1)")
            })
            for name in postNames {
                document.posts.append(Post(id: postIds[name]!, label: name, organization_id: organization))
            }
            for member in m.members.sorted(by: { $0.membershipId < $1.membershipId }) {
                var personId: String?, other: Member?
                if let id = member.personId {
                    personId = "person-\(id)"
                    persons[id] = member.name
                } else if let id = member.organisationId {
                    other = Member(type: "Organization", id: "organisation-\(id)")
                    memberOrganisations[id] = member.name
                }
                document.memberships.append(Membership(
                    id: "membership-\(member.membershipId)", organization_id: organization, person_id: personId,
                    member: other, post_id: postIds[member.post]!, role: member.post, start_date: member.startDate,
                    end_date: member.endDate))
            }
            for session in m.sessions.sorted(by: { $0.id < $1.id }) {
                document.events.append(Event(
                    id: "session-\(session.id)", name: "\(m.name), \(session.date)",
                    classification: session.kind.rawValue, start_date: session.date,
                    location: session.isOnline ? "online" : session.place, organization_id: organization))
            }
            for agreement in m.agreements {
                document.motions.append(Motion(
                    id: "agreement-\(agreement.id)", organization_id: organization,
                    legislative_session_id: agreement.sessionId.map { "session-\($0)" }, text: agreement.text,
                    classification: "agreement", date: agreement.sessionDate.map { $0 + "T00:00:00Z" },
                    result: agreement.status.rawValue, requirement: agreement.dueDate.map { "due \($0)" }))
            }
        }
        document.organizations += memberOrganisations.sorted { $0.key < $1.key }.map {
            Organization(id: "organisation-\($0.key)", name: $0.value, classification: "organisation")
        }
        document.persons = persons.sorted { $0.key < $1.key }.map { Person(id: "person-\($0.key)", name: $0.value) }
        return document
    }

    static func json(_ mechanisms: [Publication.Mechanism]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(document(mechanisms))) + [UInt8(ascii: "\n")]
    }
}
