import CabildoText
import Foundation
import GRDB

/// What a person fills in to create or edit a participation mechanism.
public struct MechanismDraft: Sendable, Equatable {
    public var jurisdictionId: Int64
    public var name: String
    public var acronym: String?
    public var theme: Theme
    public var status: MechanismStatus
    public var established: String?
    public var legalBasis: String?
    public var purpose: String?
    public var budgetProgramme: String?
    public var officialName: String?
    public var officialPost: String?
    public var officialEmail: String?
    public var officialPhone: String?

    public init(jurisdictionId: Int64, name: String, acronym: String? = nil, theme: Theme,
                status: MechanismStatus = .active, established: String? = nil, legalBasis: String? = nil,
                purpose: String? = nil, budgetProgramme: String? = nil, officialName: String? = nil,
                officialPost: String? = nil, officialEmail: String? = nil, officialPhone: String? = nil) {
        self.jurisdictionId = jurisdictionId; self.name = name; self.acronym = acronym; self.theme = theme
        self.status = status; self.established = established; self.legalBasis = legalBasis
        self.purpose = purpose; self.budgetProgramme = budgetProgramme; self.officialName = officialName
        self.officialPost = officialPost; self.officialEmail = officialEmail; self.officialPhone = officialPhone
    }

    func record(id: Int64?, at: String) throws(CabildoError) -> Mechanism {
        Mechanism(id: id, jurisdictionId: jurisdictionId, name: try Fields.mechanismName.clean(name),
                  acronym: try Fields.acronym.clean(acronym), theme: theme, status: status,
                  established: try Fields.partialDay(established, Fields.established),
                  legalBasis: try Fields.legalBasis.clean(legalBasis), purpose: try Fields.purpose.clean(purpose),
                  budgetProgramme: try Fields.budgetProgramme.clean(budgetProgramme),
                  officialName: try Fields.officialName.clean(officialName),
                  officialPost: try Fields.officialPost.clean(officialPost),
                  officialEmail: try Fields.email(officialEmail, Fields.officialEmail),
                  officialPhone: try Fields.phone(officialPhone, Fields.officialPhone), updatedAt: at)
    }
}

/// A new member: a person (by name and contact) or an organisation already known.
public enum MemberIdentity: Sendable, Equatable {
    case person(name: String, email: String? = nil, phone: String? = nil)
    case organisation(id: Int64)
}

public struct SessionDraft: Sendable, Equatable {
    public var mechanismId: Int64
    public var date: String
    public var place: String?
    public var isOnline: Bool
    public var kind: SessionKind
    public var isPublic: Bool
    public var minutes: String?
    public var agenda: [String]
    public var attendance: [Int64]   // membership ids present
    /// Agreements taken in the session: text, who is responsible, due date.
    public var agreements: [(text: String, responsible: String?, dueDate: String?)]

    public init(mechanismId: Int64, date: String, place: String? = nil, isOnline: Bool = false,
                kind: SessionKind = .ordinary, isPublic: Bool = true, minutes: String? = nil,
                agenda: [String] = [], attendance: [Int64] = [],
                agreements: [(text: String, responsible: String?, dueDate: String?)] = []) {
        self.mechanismId = mechanismId; self.date = date; self.place = place; self.isOnline = isOnline
        self.kind = kind; self.isPublic = isPublic; self.minutes = minutes; self.agenda = agenda
        self.attendance = attendance; self.agreements = agreements
    }

    public static func == (a: SessionDraft, b: SessionDraft) -> Bool {
        a.mechanismId == b.mechanismId && a.date == b.date && a.place == b.place && a.isOnline == b.isOnline
            && a.kind == b.kind && a.isPublic == b.isPublic && a.minutes == b.minutes && a.agenda == b.agenda
            && a.attendance == b.attendance && a.agreements.map(\.text) == b.agreements.map(\.text)
    }
}

extension AppDatabase {
    public func createMechanism(_ draft: MechanismDraft, by actor: Actor) throws -> Mechanism {
        try perform { db, now in
            try actor.require(.editJurisdiction(draft.jurisdictionId), db)
            _ = try Self.fetch(Jurisdiction.self, draft.jurisdictionId, db, Message("Jurisdiction"))
            let record = try draft.record(id: nil, at: now)
            try Self.requireUniqueName(record, db)
            return try Self.insert(record, db, actor, now, action: "mechanism.create")
        }
    }

    public func updateMechanism(_ id: Int64, _ draft: MechanismDraft, by actor: Actor) throws -> Mechanism {
        try perform { db, now in
            let before = try Self.fetch(Mechanism.self, id, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(before.jurisdictionId), db)
            try actor.require(.editJurisdiction(draft.jurisdictionId), db)
            let after = try draft.record(id: id, at: now)
            try Self.requireUniqueName(after, db)
            return try Self.update(before, to: after, db, actor, now, action: "mechanism.update")
        }
    }

    static func requireUniqueName(_ mechanism: Mechanism, _ db: Database) throws {
        let clash = try Mechanism.filter(Column("jurisdictionId") == mechanism.jurisdictionId)
            .filter(Column("name") == mechanism.name)
            .filter(Column("id") != mechanism.id ?? -1).fetchCount(db)
        if clash > 0 {
            throw CabildoError(.conflict, Message("{field}: this jurisdiction already has a mechanism with that name",
                                                  ["field": .message(Fields.mechanismName.label)]),
                               field: Fields.mechanismName.key)
        }
    }

    public func addMember(to mechanismId: Int64, _ identity: MemberIdentity, post: String, sector: Sector,
                          startDate: String?, by actor: Actor) throws -> Membership {
        try perform { db, now in
            let mechanism = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            let post = try Fields.post.clean(post)
            let start = try Fields.day(startDate, Fields.startDate)
            var personId: Int64?, organisationId: Int64?
            switch identity {
            case .person(let name, let email, let phone):
                let person = Person(id: nil, name: try Fields.personName.clean(name),
                                    email: try Fields.email(email, Fields.contactEmail),
                                    phone: try Fields.phone(phone, Fields.contactPhone))
                personId = try Self.insert(person, db, actor, now, action: "person.create").id
            case .organisation(let id):
                organisationId = try Self.fetch(Organisation.self, id, db, Message("Organisation")).id
            }
            let membership = Membership(id: nil, mechanismId: mechanismId, personId: personId,
                                        organisationId: organisationId, post: post, sector: sector,
                                        startDate: start, endDate: nil)
            return try Self.insert(membership, db, actor, now, action: "membership.start")
        }
    }

    /// A membership ends; it is kept as history, never deleted.
    public func endMembership(_ id: Int64, on endDate: String, by actor: Actor) throws -> Membership {
        try perform { db, now in
            let before = try Self.fetch(Membership.self, id, db, Message("Membership"))
            let mechanism = try Self.fetch(Mechanism.self, before.mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            guard before.endDate == nil else {
                throw CabildoError(.conflict, Message("This membership has already ended."))
            }
            guard let end = try Fields.day(endDate, FieldRule(Fields.endDate.key, Fields.endDate.label,
                                                               .line(10, required: true))) else { return before }
            if let start = before.startDate, end < start {
                throw CabildoError.invalid(Fields.endDate, Message("the end cannot come before the start ({start})",
                                                                   ["start": .text(start)]))
            }
            var after = before
            after.endDate = end
            return try Self.update(before, to: after, db, actor, now, action: "membership.end")
        }
    }

    /// Records a session with its agenda and who attended.
    public func recordSession(_ draft: SessionDraft, by actor: Actor) throws -> MechanismSession {
        try perform { db, now in
            let mechanism = try Self.fetch(Mechanism.self, draft.mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            let date = try Fields.day(draft.date, Fields.sessionDate)!
            let place = draft.isOnline ? try Fields.place.clean(draft.place) : try Fields.requiredPlace.clean(draft.place)
            let session = MechanismSession(id: nil, mechanismId: draft.mechanismId, date: date, place: place,
                                           isOnline: draft.isOnline, kind: draft.kind, isPublic: draft.isPublic,
                                           minutes: try Fields.minutes.clean(draft.minutes))
            let saved = try Self.insert(session, db, actor, now, action: "session.record")
            for (index, text) in draft.agenda.enumerated() {
                var item = AgendaItem(id: nil, sessionId: saved.id!, position: index + 1,
                                      text: try Fields.agendaItem.clean(text))
                try item.insert(db)
            }
            for membershipId in Set(draft.attendance) {
                let member = try Self.fetch(Membership.self, membershipId, db, Message("Membership"))
                guard member.mechanismId == draft.mechanismId else {
                    throw CabildoError(.validation, Message("Only members of this mechanism can be marked as present."),
                                       field: "attendance")
                }
                try db.execute(sql: "INSERT INTO sessionAttendance (sessionId, membershipId) VALUES (?, ?)",
                               arguments: [saved.id, membershipId])
            }
            for item in draft.agreements {
                let agreement = Agreement(id: nil, mechanismId: draft.mechanismId, sessionId: saved.id,
                                          text: try Fields.agreementText.clean(item.text),
                                          responsible: try Fields.responsible.clean(item.responsible),
                                          dueDate: try Fields.day(item.dueDate, Fields.dueDate), status: .pending)
                _ = try Self.insert(agreement, db, actor, now, action: "agreement.record")
            }
            return saved
        }
    }

    public func recordAgreement(mechanismId: Int64, sessionId: Int64?, text: String, responsible: String?,
                                dueDate: String?, by actor: Actor) throws -> Agreement {
        try perform { db, now in
            let mechanism = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            if let sessionId {
                let session = try Self.fetch(MechanismSession.self, sessionId, db, Message("Session"))
                guard session.mechanismId == mechanismId else {
                    throw CabildoError(.validation, Message("That session belongs to another mechanism."),
                                       field: "session")
                }
            }
            let agreement = Agreement(id: nil, mechanismId: mechanismId, sessionId: sessionId,
                                      text: try Fields.agreementText.clean(text),
                                      responsible: try Fields.responsible.clean(responsible),
                                      dueDate: try Fields.day(dueDate, Fields.dueDate), status: .pending)
            return try Self.insert(agreement, db, actor, now, action: "agreement.record")
        }
    }

    /// A follow-up note on an agreement, moving it to a new status.
    public func followUpAgreement(_ agreementId: Int64, status: AgreementStatus, note: String,
                                  by actor: Actor) throws -> AgreementFollowUp {
        try perform { db, now in
            let before = try Self.fetch(Agreement.self, agreementId, db, Message("Agreement"))
            let mechanism = try Self.fetch(Mechanism.self, before.mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            let followUp = AgreementFollowUp(id: nil, agreementId: agreementId, date: clock.today(), status: status,
                                             note: try Fields.followUpNote.clean(note), accountId: actor.accountId)
            let saved = try Self.insert(followUp, db, actor, now, action: "agreement.followUp")
            var after = before
            after.status = status
            if after != before { _ = try Self.update(before, to: after, db, actor, now, action: "agreement.status") }
            return saved
        }
    }

    public func addActivity(mechanismId: Int64, date: String, title: String, description: String?,
                            by actor: Actor) throws -> Activity {
        try perform { db, now in
            let mechanism = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            let activity = Activity(id: nil, mechanismId: mechanismId, date: try Fields.day(date, Fields.sessionDate)!,
                                    title: try Fields.title.clean(title),
                                    description: try Fields.description.clean(description))
            return try Self.insert(activity, db, actor, now, action: "activity.add")
        }
    }

    public func publishNews(mechanismId: Int64, title: String, body: String, by actor: Actor) throws -> News {
        try perform { db, now in
            let mechanism = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            try actor.require(.editJurisdiction(mechanism.jurisdictionId), db)
            let news = News(id: nil, mechanismId: mechanismId, publishedOn: clock.today(),
                            title: try Fields.title.clean(title), body: try Fields.body.clean(body))
            return try Self.insert(news, db, actor, now, action: "news.publish")
        }
    }

    /// A citizen's message to a mechanism's responsible official.
    public func sendContactRequest(mechanismId: Int64, message: String, contact: ContactDetails,
                                   privacyNoticeVersion: String?, place: String?,
                                   by actor: Actor) throws -> ContactRequest {
        try perform { db, now in
            try actor.require(.sendContactRequest, db)
            _ = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            let contact = try contact.cleaned()
            try Self.requireNotice(privacyNoticeVersion, for: contact, db)
            // On a caravan laptop the contact data is sealed, never stored readable.
            let capture = try Self.jornadaCapture(contact, db)
            let kept = capture == nil ? contact : ContactDetails()
            let request = ContactRequest(id: nil, mechanismId: mechanismId, createdAt: now,
                                         place: try Fields.place.clean(place),
                                         message: try Fields.contactMessage.clean(message),
                                         contactName: kept.name, contactEmail: kept.email,
                                         contactPhone: kept.phone,
                                         privacyNoticeVersion: contact.isEmpty ? nil : privacyNoticeVersion,
                                         status: .new, folio: try Self.uniqueFolio(db))
            let saved = try Self.insert(request, db, actor, now, action: "contactRequest.send")
            if let capture {
                try Self.keep(capture, contactRequestId: saved.id, typedFromPaper: actor.role != .kiosk, db, actor, now)
            }
            return saved
        }
    }

    /// Mechanisms of a jurisdiction (or all), by name, one page at a time.
    public func mechanisms(jurisdictionId: Int64? = nil, limit: Int = 50, offset: Int = 0) throws -> [Mechanism] {
        try read { db in
            var request = Mechanism.order(Column("name"))
            if let jurisdictionId { request = request.filter(Column("jurisdictionId") == jurisdictionId) }
            return try request.limit(limit, offset: offset).fetchAll(db)
        }
    }

    public func jurisdiction(inegiCode: String) throws -> Jurisdiction? {
        try read { db in try Jurisdiction.filter(Column("inegiCode") == inegiCode).fetchOne(db) }
    }

    public func memberships(of mechanismId: Int64) throws -> [Membership] {
        try read { db in
            try Membership.filter(Column("mechanismId") == mechanismId).order(Column("id")).fetchAll(db)
        }
    }
}

/// A member as a list shows it: who (person or organisation), post, term.
public struct MemberSummary: Sendable, Equatable {
    public let membershipId: Int64
    public let name: String
    public let post: String
    public let startDate: String?
    public let endDate: String?
    public var isCurrent: Bool { endDate == nil }
}

extension AppDatabase {
    /// Current members first, then past ones; both kept.
    public func members(of mechanismId: Int64) throws -> [MemberSummary] {
        try read { try Self.members(of: mechanismId, $0) }
    }

    static func members(of mechanismId: Int64, _ db: Database) throws -> [MemberSummary] {
        try Row.fetchAll(db, sql: """
            SELECT ms.id, coalesce(p.name, o.name), ms.post, ms.startDate, ms.endDate
            FROM membership ms LEFT JOIN person p ON p.id = ms.personId
            LEFT JOIN organisation o ON o.id = ms.organisationId
            WHERE ms.mechanismId = ? ORDER BY ms.endDate IS NOT NULL, 2
            """, arguments: [mechanismId]).map {
            MemberSummary(membershipId: $0[0], name: $0[1], post: $0[2], startDate: $0[3], endDate: $0[4])
        }
    }

    public func jurisdictionNames() throws -> [Int64: String] {
        try read { db in
            try Dictionary(uniqueKeysWithValues: Jurisdiction.fetchAll(db).map { ($0.id!, $0.name) })
        }
    }

    /// Mechanisms whose text matches, best first, by the rules of `search`
    /// (whole words, `*` for a prefix, accents and case ignored).
    public func mechanisms(matching query: String, limit: Int = 200) throws -> SearchResults<Mechanism> {
        let results = try search(query, in: .mechanisms, limit: limit)
        let ids = results.map(\.id)
        let found = try read { db in try Mechanism.fetchAll(db, keys: ids) }
        let byId = Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0) })
        return SearchResults(hits: ids.compactMap { byId[$0] }, rankedAmongNewest: results.rankedAmongNewest)
    }
}

extension AppDatabase {
    public func agreements(of mechanismId: Int64) throws -> [Agreement] {
        try read { db in try Agreement.filter(Column("mechanismId") == mechanismId).order(Column("id")).fetchAll(db) }
    }

    /// A mechanism's activities and news, newest first.
    public func activities(of mechanismId: Int64) throws -> [Activity] {
        try read { db in
            try Activity.filter(Column("mechanismId") == mechanismId).order(Column("date").desc, Column("id").desc).fetchAll(db)
        }
    }

    public func news(of mechanismId: Int64) throws -> [News] {
        try read { db in
            try News.filter(Column("mechanismId") == mechanismId).order(Column("publishedOn").desc, Column("id").desc)
                .fetchAll(db)
        }
    }

    /// Organisations that can be members of a mechanism, by name.
    public func organisations() throws -> [Organisation] {
        try read { db in try Organisation.order(Column("name")).fetchAll(db) }
    }

    /// A mechanism's sessions, newest first, each with its agenda and how many
    /// attended: three queries from one snapshot, however many sessions it has.
    public func sessionSummaries(of mechanismId: Int64) throws -> [SessionSummary] {
        try read { try Self.sessionSummaries(of: mechanismId, $0) }
    }

    static func sessionSummaries(of mechanismId: Int64, _ db: Database) throws -> [SessionSummary] {
        let sessions = try MechanismSession.filter(Column("mechanismId") == mechanismId)
            .order(Column("date").desc).fetchAll(db)
        let agenda = Dictionary(grouping: try AgendaItem.fetchAll(db, sql: """
            SELECT a.* FROM agendaItem a JOIN mechanismSession s ON s.id = a.sessionId
            WHERE s.mechanismId = ? ORDER BY a.sessionId, a.position
            """, arguments: [mechanismId]), by: \.sessionId)
        let attendance = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
            SELECT t.sessionId, count(*) FROM sessionAttendance t JOIN mechanismSession s ON s.id = t.sessionId
            WHERE s.mechanismId = ? GROUP BY t.sessionId
            """, arguments: [mechanismId]).map { ($0[0] as Int64, $0[1] as Int) })
        return sessions.map { session in
            SessionSummary(session: session, agenda: (agenda[session.id!] ?? []).map(\.text),
                           attendance: attendance[session.id!] ?? 0)
        }
    }

    public func jurisdictions() throws -> [Jurisdiction] {
        try read { db in try Jurisdiction.order(Column("inegiCode")).fetchAll(db) }
    }

}

extension AppDatabase {
    /// Citizens' messages to a mechanism's official, newest first; contact
    /// data only for those allowed to see it.
    public func contactRequests(of mechanismId: Int64, for actor: Actor) throws -> [ContactRequest] {
        try read { db in
            let mechanism = try Self.fetch(Mechanism.self, mechanismId, db, Message("Mechanism"))
            let personal = try actor.allows(.readPersonalData(jurisdictionId: mechanism.jurisdictionId), db)
            return try ContactRequest.filter(Column("mechanismId") == mechanismId)
                .order(Column("createdAt").desc).fetchAll(db)
                .map { personal ? $0 : $0.withoutPersonalData() }
        }
    }
}

extension AppDatabase {
    public func mechanism(_ id: Int64) throws -> Mechanism {
        try read { try Self.fetch(Mechanism.self, id, $0, Message("Mechanism")) }
    }

    public func commitment(_ id: Int64) throws -> Commitment {
        try read { try Self.fetch(Commitment.self, id, $0, Message("Commitment")) }
    }

    public func consultation(_ id: Int64) throws -> Consultation {
        try read { db in
            // Kept prepared: a submissions list reads its consultation at every reload.
            guard let consultation = try Consultation.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM consultation WHERE id = ?"), arguments: [id]) else {
                return try Self.fetch(Consultation.self, id, db, Message("Consultation"))   // says it does not exist
            }
            return consultation
        }
    }
}

/// A session as a mechanism's detail lists it.
public struct SessionSummary: Sendable {
    public let session: MechanismSession
    public let agenda: [String]
    public let attendance: Int
}
