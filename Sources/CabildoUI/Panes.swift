import CabildoCore
import CabildoText
import Foundation
import TerminalKit

/// The panes' screens and their forms. Labels and limits come from Core's
/// field rules; every save is one intent, which checks the rules again.
@MainActor
enum Panes {
    // MARK: - Helpers

    static func label<E: DomainEnum>(_ value: E) -> String { value.label.description }
    /// A choice's options carry ids (a record id, an enum's raw value): a
    /// chosen value is never matched back by the text shown.
    static func options<E: DomainEnum>(_ type: E.Type) -> [ChoiceOption] {
        E.allCases.map { ChoiceOption(id: $0.rawValue, label: $0.label.description) }
    }
    static func value<E: DomainEnum>(_ type: E.Type, _ id: String?) -> E? { id.flatMap(E.init(rawValue:)) }
    static func recordId(_ id: String?) -> Int64? { id.flatMap { Int64($0) } }
    static func option(_ id: Int64?, _ label: String) -> ChoiceOption {
        ChoiceOption(id: id.map(String.init) ?? "", label: label)
    }
    /// Jurisdictions as people pick them: the state beside the name.
    static func options(_ places: [JurisdictionEntry]) -> [ChoiceOption] { places.map { option($0.id, $0.displayName) } }
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    static func date(_ text: String?) -> String? { (text?.isEmpty ?? true) ? nil : text }
    /// "3. Title", or the title alone when the commitment has no number.
    static func numbered(_ c: Commitment) -> String { (c.number.map { "\($0). " } ?? "") + c.title }
    /// "Name (ACR)", as organisations are named everywhere.
    static func named(_ o: Organisation) -> String { o.name + (o.acronym.map { " (\($0))" } ?? "") }

    /// "[#####-----] 50 %": the percentage is always written out.
    static func bar(_ progress: CommitmentProgress) -> String {
        let filled = progress.percent / 10
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 10 - filled) + "] "
            + "\(progress.percent) %"
    }

    /// The jurisdictions this account may change, in one query.
    static func editableJurisdictions(_ app: OfficialsApp) throws -> [JurisdictionEntry] {
        try app.database.jurisdictionEntries(editableBy: app.actor)
    }

    // MARK: - Mechanisms

    static func mechanisms() -> ListScreen {
        ListScreen(context: AppCommands.mechanisms, title: Message("Participation mechanisms").description,
                   searchable: true, shows: Shows(tables: ["mechanism", "jurisdiction"])) { screen, app in
            let names = try app.database.jurisdictionNames()
            let query = screen.searchField?.text.trimmingCharacters(in: .whitespaces) ?? ""
            let matches = query.isEmpty ? nil : try app.database.mechanisms(matching: query)
            let found = (try matches.map(Array.init) ?? app.database.mechanisms(limit: 10_000)).filter { m in
                    (screen.filters["jurisdiction"].map { $0 == String(m.jurisdictionId) } ?? true)
                        && (screen.filters["theme"].map { $0 == m.theme.rawValue } ?? true)
                        && (screen.filters["status"].map { $0 == m.status.rawValue } ?? true)
                }
            screen.header = (screen.filters.isEmpty ? [] : [screen.filterSummary])
                + [matches?.bound?.description].compactMap { $0 }
            screen.rows = found.map { m in
                ListRow(text: "\(m.name)\(m.acronym.map { " (\($0))" } ?? "") — \(names[m.jurisdictionId] ?? "") — \(label(m.status))",
                        id: m.id)
            }
            screen.actions["open"] = { row, app in if let id = row?.id { try app.push(mechanism(id)) } }
            let canCreate = app.database.mayEditSomeJurisdiction(app.actor)
            screen.actions["new"] = canCreate ? { _, app in try app.push(mechanismForm(app)) } : nil
            screen.actions["filter"] = { _, app in
                try app.push(filterForm(screen, [("jurisdiction", Message("Jurisdiction"),
                                                  options(try app.database.jurisdictionEntries())),
                                                 ("theme", Message("Theme"), options(Theme.self)),
                                                 ("status", Message("Status"), options(MechanismStatus.self))]))
            }
            screen.actions["audit"] = auditAction(app)
        }
    }

    static func auditAction(_ app: OfficialsApp, table: String? = nil, recordId: Int64? = nil)
        -> ((ListRow?, OfficialsApp) throws -> Void)? {
        guard app.database.mayReadAudit(app.actor) else { return nil }
        return { _, app in
            try app.push(audit(table: table, recordId: recordId,
                               title: recordId == nil ? Message("Audit trail").description
                                   : Message("History of this record").description))
        }
    }

    static func mechanism(_ id: Int64) -> ListScreen {
        ListScreen(context: AppCommands.mechanism, title: "", shows: Shows(tables: [
            "mechanism", "jurisdiction", "membership", "person", "organisation", "mechanismSession", "agendaItem",
            "sessionAttendance", "agreement", "agreementFollowUp", "activity", "news", "contactRequest"])) { screen, app in
            let m = try app.database.mechanism(id)
            let names = try app.database.jurisdictionNames()
            screen.title = m.name
            let fields: [(Message, String?)] = [
                (Message("Jurisdiction"), names[m.jurisdictionId]), (Message("Theme"), label(m.theme)),
                (Message("Status"), label(m.status)), (Message("Established"), m.established),
                (Message("Purpose"), m.purpose), (Message("Legal basis"), m.legalBasis),
                (Message("Budget programme"), m.budgetProgramme),
                (Message("Responsible official"), [m.officialName, m.officialEmail, m.officialPhone]
                    .compactMap { $0 }.joined(separator: " · ").nilIfEmpty),
            ]
            screen.header = fields.compactMap { label, value in value.map { "\(label.description): \($0)" } }
                .flatMap { TextWrap.lines($0, width: 78) }.prefix(6).map { $0 }
            var rows: [ListRow] = []
            for member in try app.database.members(of: id) {
                let term = member.endDate.map { Message("ended {date}", ["date": .text($0)]).description }
                    ?? Message("current").description
                rows.append(ListRow(text: Message("Member").description + ": \(member.name) — \(member.post) — \(term)",
                                    id: member.membershipId, kind: "member"))
            }
            for summary in try app.database.sessionSummaries(of: id) {
                let session = summary.session
                let agenda = summary.agenda.joined(separator: "; ")
                let place = session.isOnline ? Message("online").description : (session.place ?? "")
                let openness = session.isPublic ? Message("public").description : Message("not public").description
                let present = Message("attendance: {count}", ["count": .text(String(summary.attendance))])
                rows.append(ListRow(text: Message("Session").description
                    + " \(session.date) — \(label(session.kind)) — \(place) — \(openness) — \(present) — \(agenda)",
                    kind: "session"))
            }
            for agreement in try app.database.agreements(of: id) {
                let due = agreement.dueDate.map { " — " + Message("due {date}", ["date": .text($0)]).description } ?? ""
                rows.append(ListRow(text: Message("Agreement").description
                    + ": \(agreement.text) — \(label(agreement.status))\(due)", id: agreement.id, kind: "agreement"))
            }
            for activity in try app.database.activities(of: id) {
                rows.append(ListRow(text: Message("Activity").description + " \(activity.date): \(activity.title)"
                    + (activity.description.map { " — \($0)" } ?? ""), kind: "activity"))
            }
            for item in try app.database.news(of: id) {
                rows.append(ListRow(text: Message("News").description + " \(item.publishedOn): \(item.title) — \(item.body)",
                                    kind: "news"))
            }
            for request in try app.database.contactRequests(of: id, for: app.actor) {
                let contact = [request.contactName, request.contactEmail, request.contactPhone].compactMap { $0 }
                    .joined(separator: ", ")
                rows.append(ListRow(text: Message("Citizen's message").description
                    + " \(request.createdAt.prefix(10)): \(request.message)"
                    + (contact.isEmpty ? "" : " — \(contact)"), id: request.id, kind: "contact"))
            }
            screen.rows = rows
            let canEdit = app.database.may(app.actor, editJurisdiction: m.jurisdictionId)
            screen.actions["member"] = canEdit ? { _, app in try app.push(try memberForm(id, app)) } : nil
            screen.actions["session"] = canEdit ? { _, app in try app.push(try sessionForm(id, app)) } : nil
            screen.actions["activity"] = canEdit ? { _, app in try app.push(activityForm(id)) } : nil
            screen.actions["news"] = canEdit ? { _, app in try app.push(newsForm(id)) } : nil
            screen.actions["end"] = canEdit ? { row, app in
                guard let row, row.kind == "member", let membership = row.id else {
                    throw CabildoError(.validation, Message("Select a member first."))
                }
                _ = try app.database.endMembership(membership, on: app.database.clock.today(), by: app.actor)
                try screen.reload(app: app)
                app.status.show(Message("The membership has ended; it stays in the history.").description)
            } : nil
            screen.actions["history"] = auditAction(app, table: "mechanism", recordId: id)
            screen.actions["edit"] = canEdit ? { _, app in try app.push(try mechanismForm(app, editing: m)) } : nil
            screen.actions["followup"] = canEdit ? { row, app in
                guard let row, row.kind == "agreement", let agreement = row.id else {
                    throw CabildoError(.validation, Message("Select an agreement first."))
                }
                try app.push(followUpForm(agreement))
            } : nil
        }
    }

    static func followUpForm(_ agreementId: Int64) -> FormScreen {
        FormScreen(title: Message("Follow up an agreement").description, fields: [
            FormField(key: "status", label: Message("Status").description, kind: .choice(options(AgreementStatus.self))),
            FormField(Fields.followUpNote, lines: 3),
        ], values: ["status": AgreementStatus.inProgress.rawValue]) { v, app in
            _ = try app.database.followUpAgreement(agreementId, status: value(AgreementStatus.self, v["status"]) ?? .inProgress,
                                                   note: v["note"] ?? "", by: app.actor)
            return Message("Follow-up recorded.")
        }
    }

    /// Creates a mechanism, or edits one: the same declared fields either way.
    static func mechanismForm(_ app: OfficialsApp, editing existing: Mechanism? = nil) throws -> FormScreen {
        let places = try editableJurisdictions(app)
        var values: [String: String] = ["status": MechanismStatus.active.rawValue]
        if let m = existing {
            values = ["jurisdiction": String(m.jurisdictionId), "name": m.name,
                      "acronym": m.acronym ?? "", "theme": m.theme.rawValue, "status": m.status.rawValue,
                      "established": m.established ?? "", "purpose": m.purpose ?? "", "legalBasis": m.legalBasis ?? "",
                      "budgetProgramme": m.budgetProgramme ?? "", "officialName": m.officialName ?? "",
                      "officialPost": m.officialPost ?? "",
                      "officialEmail": m.officialEmail ?? "", "officialPhone": m.officialPhone ?? ""]
        }
        let title = existing == nil ? Message("New participation mechanism") : Message("Edit participation mechanism")
        return FormScreen(title: title.description, fields: [
            FormField(key: "jurisdiction", label: Message("Jurisdiction").description, kind: .choice(options(places)),
                      required: true),
            FormField(Fields.mechanismName), FormField(Fields.acronym),
            FormField(key: "theme", label: Message("Theme").description, kind: .choice(options(Theme.self))),
            FormField(key: "status", label: Message("Status").description, kind: .choice(options(MechanismStatus.self))),
            FormField(key: Fields.established.key.rawValue, label: Fields.established.label.description, kind: .text(maxLength: 10)),
            FormField(Fields.purpose, lines: 2), FormField(Fields.legalBasis, lines: 1),
            FormField(Fields.budgetProgramme), FormField(Fields.officialName), FormField(Fields.officialPost),
            FormField(Fields.officialEmail),
            FormField(Fields.officialPhone),
        ], values: values) { v, app in
            guard let jurisdictionId = recordId(v["jurisdiction"]) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: "jurisdiction")
            }
            let draft = MechanismDraft(jurisdictionId: jurisdictionId, name: v["name"] ?? "", acronym: v["acronym"],
                                       theme: value(Theme.self, v["theme"]) ?? .other,
                                       status: value(MechanismStatus.self, v["status"]) ?? .active,
                                       established: v["established"], legalBasis: v["legalBasis"],
                                       purpose: v["purpose"], budgetProgramme: v["budgetProgramme"],
                                       officialName: v["officialName"], officialPost: v["officialPost"],
                                       officialEmail: v["officialEmail"],
                                       officialPhone: v["officialPhone"])
            if let existing {
                let saved = try app.database.updateMechanism(existing.id!, draft, by: app.actor)
                return Message("Mechanism '{name}' saved.", ["name": .text(saved.name)])
            }
            let created = try app.database.createMechanism(draft, by: app.actor)
            return Message("Mechanism '{name}' created.", ["name": .text(created.name)])
        }
    }

    /// A person, or one of the organisations on record: choosing an
    /// organisation leaves the person's fields unused.
    static func memberForm(_ mechanismId: Int64, _ app: OfficialsApp) throws -> FormScreen {
        let organisations = try app.database.organisations()
        let aPerson = Message("— a person (fill in the name) —").description
        return FormScreen(title: Message("New member").description, fields: [
            FormField(key: "organisation", label: Message("Organisation").description,
                      kind: .choice([option(nil, aPerson)] + organisations.map { option($0.id, named($0)) })),
            FormField(Fields.personName, required: false), FormField(Fields.post),
            FormField(key: "sector", label: Message("Sector").description, kind: .choice(options(Sector.self))),
            FormField(key: Fields.startDate.key.rawValue, label: Fields.startDate.label.description, kind: .date),
            FormField(Fields.contactEmail), FormField(Fields.contactPhone),
        ]) { v, app in
            let identity: MemberIdentity = recordId(v["organisation"]).map { .organisation(id: $0) }
                ?? .person(name: v["personName"] ?? "", email: v["contactEmail"], phone: v["contactPhone"])
            let member = try app.database.addMember(
                to: mechanismId, identity, post: v["post"] ?? "", sector: value(Sector.self, v["sector"]) ?? .civilSociety,
                startDate: date(v["startDate"]), by: app.actor)
            return Message("Member added as {post}.", ["post": .text(member.post)])
        }
    }

    /// A session with its agenda, the current members present (one box
    /// each) and the agreements taken: saved in one transaction.
    static func sessionForm(_ mechanismId: Int64, _ app: OfficialsApp) throws -> FormScreen {
        let members = try app.database.members(of: mechanismId).filter(\.isCurrent)
        var fields = [
            FormField(key: "date", label: Fields.sessionDate.label.description, kind: .date, required: true),
            FormField(Fields.place),
            FormField(key: "online", label: Message("Online").description, kind: .checkbox),
            FormField(key: "kind", label: Message("Kind").description, kind: .choice(options(SessionKind.self))),
            FormField(key: "public", label: Message("Public").description, kind: .checkbox),
            FormField(key: "agenda", label: Message("Agenda (one item a line)").description,
                      kind: .paragraphs(maxLength: 4_000, lines: 3)),
        ]
        fields += members.map { member in
            FormField(key: "present-\(member.membershipId)",
                      label: Message("{name} attended", ["name": .text(member.name)]).description, kind: .checkbox)
        }
        fields += [
            FormField(key: "agreements", label: Message("Agreements (one a line)").description,
                      kind: .paragraphs(maxLength: 8_000, lines: 3)),
            FormField(Fields.responsible),
            FormField(key: Fields.dueDate.key.rawValue, label: Fields.dueDate.label.description, kind: .date),
        ]
        return FormScreen(title: Message("Record a session").description, fields: fields,
                          values: ["public": "true"]) { v, app in
            let agreements = lines(v["agreements"]).map {
                (text: $0, responsible: v["responsible"], dueDate: date(v["dueDate"]))
            }
            let present = members.filter { v["present-\($0.membershipId)"] == "true" }.map(\.membershipId)
            _ = try app.database.recordSession(SessionDraft(
                mechanismId: mechanismId, date: v["date"] ?? "", place: v["place"], isOnline: v["online"] == "true",
                kind: value(SessionKind.self, v["kind"]) ?? .ordinary, isPublic: v["public"] == "true",
                agenda: lines(v["agenda"]), attendance: present, agreements: agreements), by: app.actor)
            return Message("Session recorded with {count} agreements.", ["count": .text(String(agreements.count))])
        }
    }

    static func activityForm(_ mechanismId: Int64) -> FormScreen {
        FormScreen(title: Message("Add activity").description, fields: [
            FormField(key: "date", label: Fields.sessionDate.label.description, kind: .date, required: true),
            FormField(Fields.title), FormField(Fields.description, lines: 3),
        ]) { v, app in
            let activity = try app.database.addActivity(mechanismId: mechanismId, date: v["date"] ?? "",
                                                        title: v["title"] ?? "", description: v["description"],
                                                        by: app.actor)
            return Message("Activity '{title}' recorded.", ["title": .text(activity.title)])
        }
    }

    static func newsForm(_ mechanismId: Int64) -> FormScreen {
        FormScreen(title: Message("Publish news").description, fields: [
            FormField(Fields.title), FormField(Fields.body, lines: 5),
        ]) { v, app in
            let item = try app.database.publishNews(mechanismId: mechanismId, title: v["title"] ?? "",
                                                    body: v["body"] ?? "", by: app.actor)
            return Message("News '{title}' published.", ["title": .text(item.title)])
        }
    }

    // MARK: - Commitments

    static func commitments() -> ListScreen {
        ListScreen(context: AppCommands.commitments, title: Message("Action plans and commitments").description,
                   shows: Shows(tables: ["actionPlan", "commitment", "milestone", "coCreationSpace", "coCreationMeeting"])) { screen, app in
            let plans = try app.database.actionPlans()
            let titles = Dictionary(uniqueKeysWithValues: plans.map { ($0.id!, $0.title) })
            // At most six lines, so the commitments keep the screen whatever the number of plans.
            screen.header = try plans.flatMap { plan in
                let figures = try app.database.coCreationFigures(planId: plan.id!)
                return TextWrap.lines(Message("Plan").description
                                      + ": \(plan.title) (\(plan.periodStart ?? "?")–\(plan.periodEnd ?? "?"))", width: 78)
                    + TextWrap.lines(Message("Co-creation — spaces: {spaces}; meetings: {meetings}, public-facing: {public}; groups that took part: {groups}; people counted: {people}",
                                       ["meetings": .text(String(figures.meetings)), "spaces": .text(String(figures.spaces)),
                                        "public": .text(String(figures.publicMeetings)),
                                        "groups": .text(String(figures.groups)),
                                        "people": .text(String(figures.attendees))]).description, width: 76).map { "  " + $0 }
            }.prefix(6).map { $0 }
            screen.rows = try app.database.commitmentsWithProgress().map { c, progress in
                let plan = plans.count > 1 ? " — \(titles[c.planId] ?? "")" : ""
                return ListRow(text: "\(numbered(c)) — \(bar(progress))\(plan)", id: c.id)
            }
            screen.actions["open"] = { row, app in if let id = row?.id { try app.push(commitment(id)) } }
            let editable = plans.filter { app.database.may(app.actor, editPlan: $0.id!) }
            screen.actions["new"] = editable.isEmpty ? nil : { _, app in try app.push(commitmentForm(editable)) }
            let spaces = try editable.flatMap { try app.database.coCreationSpaces(planId: $0.id!) }
            screen.actions["cocreation"] = spaces.isEmpty ? nil : { _, app in try app.push(try coCreationForm(spaces, app)) }
            screen.actions["audit"] = auditAction(app)
        }
    }

    static func commitment(_ id: Int64) -> ListScreen {
        ListScreen(context: AppCommands.commitment, title: "", shows: Shows(tables: [
            "commitment", "milestone", "progressUpdate", "evidence", "assessment"])) { screen, app in
            let c = try app.database.commitment(id)
            let progress = try app.database.progress(of: id)
            screen.title = numbered(c)
            screen.header = [Message("Progress").description + ": \(bar(progress)) — "
                + Message("{done} of {total} milestones complete", ["done": .text(String(progress.completed)),
                                                                    "total": .text(String(progress.total))]).description]
                + [c.problem.map { Message("Problem").description + ": \($0)" },
                   c.solution.map { Message("Solution").description + ": \($0)" }].compactMap { $0 }
                    .flatMap { TextWrap.lines($0, width: 78) }.prefix(3)
            if let latest = try app.database.assessments(of: id).first {
                screen.header.append(Message("Assessment {date}", ["date": .text(latest.assessedOn)]).description + ": "
                    + [latest.verifiable ? Message("verifiable").description : Message("not verifiable").description,
                       Message("potential").description + " " + label(latest.potentialForResults),
                       latest.completion.map { Message("completion").description + " " + label($0) },
                       latest.openedGovernment.map { Message("opened government").description + ": " + label($0) }]
                    .compactMap { $0 }.joined(separator: "; "))
            }
            if let (update, evidence) = try app.database.progressUpdates(of: id).first {
                screen.header.append(TextWidth.truncate(Message("Last report {date}", ["date": .text(update.date)]).description
                    + ": \(update.summary) (" + Message("{count} pieces of evidence",
                                                          ["count": .text(String(evidence.count))]).description + ")", to: 78))
            }
            screen.rows = try app.database.milestones(of: id).map { m in
                var text = "\(m.position). \(m.description)"
                if let due = m.dueDate { text += " — " + Message("due {date}", ["date": .text(due)]).description }
                if let done = m.completedOn {
                    text += " — " + Message("complete on {date}", ["date": .text(done)]).description
                } else if app.database.isOverdue(m) {
                    text += " — " + Message("OVERDUE").description
                }
                return ListRow(text: text, id: m.id, kind: "milestone")
            }
            let canEdit = app.database.may(app.actor, editPlan: c.planId)
            screen.actions["new"] = canEdit ? { _, app in try app.push(milestoneForm(id)) } : nil
            // Complete and reopen: change the selected milestone, then say the new progress.
            @MainActor func milestoneAction(_ change: @escaping (Int64, OfficialsApp) throws -> Void,
                                            _ done: @escaping (String) -> Message) -> (ListRow?, OfficialsApp) throws -> Void {
                { row, app in
                    guard let milestone = row?.id else { throw CabildoError(.validation, Message("Select a milestone first.")) }
                    try change(milestone, app)
                    try screen.reload(app: app)
                    app.status.show(done(String(try app.database.progress(of: id).percent)).description)
                }
            }
            screen.actions["complete"] = canEdit ? milestoneAction({ _ = try $1.database.completeMilestone($0, by: $1.actor) }) {
                Message("Milestone complete. Progress: {percent} %", ["percent": .text($0)])
            } : nil
            screen.actions["reopen"] = canEdit ? milestoneAction({ _ = try $1.database.reopenMilestone($0, by: $1.actor) }) {
                Message("Milestone reopened. Progress: {percent} %", ["percent": .text($0)])
            } : nil
            screen.actions["update"] = canEdit ? { _, app in try app.push(progressForm(id)) } : nil
            screen.actions["assess"] = app.database.mayAssess(app.actor) ? { _, app in try app.push(assessmentForm(id)) } : nil
            screen.actions["history"] = auditAction(app, table: "commitment", recordId: id)
            let plans = try app.database.actionPlans().filter { $0.id == c.planId }
            screen.actions["edit"] = canEdit ? { _, app in try app.push(commitmentForm(plans, editing: c)) } : nil
        }
    }

    /// Creates a commitment, or edits one: the same declared fields either way.
    static func commitmentForm(_ plans: [ActionPlan], editing existing: Commitment? = nil) -> FormScreen {
        var values: [String: String] = [:]
        if let c = existing {
            values = ["plan": String(c.planId), "number": c.number.map(String.init) ?? "",
                      "title": c.title, "problem": c.problem ?? "", "solution": c.solution ?? "",
                      Fields.startDate.key.rawValue: c.startDate ?? "", Fields.endDate.key.rawValue: c.endDate ?? ""]
        }
        let title = existing == nil ? Message("New commitment") : Message("Edit commitment")
        return FormScreen(title: title.description, fields: [
            FormField(key: "plan", label: Message("Action plan").description,
                      kind: .choice(plans.map { option($0.id, $0.title) }),
                      required: true),
            FormField(Fields.commitmentNumber),
            FormField(Fields.title), FormField(Fields.problem, lines: 2), FormField(Fields.solution, lines: 2),
            FormField(key: Fields.startDate.key.rawValue, label: Fields.startDate.label.description, kind: .date),
            FormField(key: Fields.endDate.key.rawValue, label: Fields.endDate.label.description, kind: .date),
        ], values: values) { v, app in
            guard let planId = recordId(v["plan"]) else {
                throw CabildoError(.validation, Message("Choose an action plan."), field: "plan")
            }
            let draft = CommitmentDraft(planId: planId, number: try Fields.wholeNumber(v["number"], Fields.commitmentNumber, atLeast: 1), title: v["title"] ?? "",
                                        problem: v["problem"], solution: v["solution"], axisId: existing?.axisId,
                                        startDate: date(v["startDate"]), endDate: date(v["endDate"]))
            if let existing {
                let saved = try app.database.updateCommitment(existing.id!, draft, by: app.actor)
                return Message("Commitment '{title}' saved.", ["title": .text(saved.title)])
            }
            let created = try app.database.createCommitment(draft, by: app.actor)
            return Message("Commitment '{title}' created.", ["title": .text(created.title)])
        }
    }

    /// A meeting of a co-creation space and the organisations that took
    /// part (one box each): the figures above the commitments count them.
    static func coCreationForm(_ spaces: [CoCreationSpace], _ app: OfficialsApp) throws -> FormScreen {
        let organisations = try app.database.organisations()
        return FormScreen(title: Message("Record a co-creation meeting").description, fields: [
            FormField(key: "space", label: Message("Co-creation space").description,
                      kind: .choice(spaces.map { option($0.id, $0.name) }),
                      required: true),
            FormField(key: "date", label: Fields.sessionDate.label.description, kind: .date, required: true),
            FormField(Fields.place),
            FormField(key: "public", label: Message("Open to the public").description, kind: .checkbox),
            FormField(Fields.attendees),
        ] + organisations.map { o in
            FormField(key: "org-\(o.id!)", label: Message("{name} took part", ["name": .text(named(o))]).description,
                      kind: .checkbox)
        }, values: ["public": "true"]) { v, app in
            guard let space = spaces.first(where: { $0.id == recordId(v["space"]) }) else {
                throw CabildoError(.validation, Message("Choose a co-creation space."), field: "space")
            }
            _ = try app.database.recordCoCreationMeeting(
                spaceId: space.id!, date: v["date"] ?? "", place: v["place"], isPublic: v["public"] == "true",
                attendees: try Fields.wholeNumber(v["attendees"], Fields.attendees), organisationIds: organisations.filter { v["org-\($0.id!)"] == "true" }.map { $0.id! },
                by: app.actor)
            return Message("Meeting of '{space}' recorded.", ["space": .text(space.name)])
        }
    }

    static func milestoneForm(_ commitmentId: Int64) -> FormScreen {
        FormScreen(title: Message("New milestone").description, fields: [
            FormField(Fields.milestone, lines: 2),
            FormField(key: Fields.dueDate.key.rawValue, label: Fields.dueDate.label.description, kind: .date),
        ]) { v, app in
            _ = try app.database.addMilestone(to: commitmentId, description: v["milestone"] ?? "",
                                              dueDate: date(v["dueDate"]), by: app.actor)
            return Message("Milestone added.")
        }
    }

    // MARK: - Consultations

    static func consultations() -> ListScreen {
        ListScreen(context: AppCommands.consultations, title: Message("Consultations").description,
                   shows: Shows(tables: ["consultation"])) { screen, app in
            screen.rows = try app.database.consultations().map { c in
                ListRow(text: "\(c.title) — \(c.opensOn) → \(c.closesOn) — \(label(c.theme))", id: c.id)
            }
            screen.actions["open"] = { row, app in if let id = row?.id { try app.push(submissions(id)) } }
            let canCreate = app.database.mayEditSomeJurisdiction(app.actor)
            screen.actions["new"] = canCreate ? { _, app in try app.push(consultationForm(app)) } : nil
            screen.actions["tally"] = { _, app in try app.push(tallies(nil, title: Message("Tallies of all consultations").description)) }
            screen.actions["audit"] = auditAction(app)
        }
    }

    static func consultationForm(_ app: OfficialsApp) throws -> FormScreen {
        let places = try editableJurisdictions(app)
        let commitments = try app.database.commitmentsWithProgress().map(\.0)
        return FormScreen(title: Message("New consultation").description, fields: [
            FormField(key: "jurisdiction", label: Message("Jurisdiction").description, kind: .choice(options(places)),
                      required: true),
            FormField(Fields.title),
            FormField(key: "theme", label: Message("Theme").description, kind: .choice(options(Theme.self))),
            FormField(key: "opensOn", label: Message("Opens on").description, kind: .date, required: true),
            FormField(key: "closesOn", label: Message("Closes on").description, kind: .date, required: true),
            FormField(key: "questions", label: Message("Questions (one a line)").description,
                      kind: .paragraphs(maxLength: 8_000, lines: 4), required: true),
        ] + commitments.map { c in
            FormField(key: "commitment-\(c.id!)",
                      label: Message("Linked to {commitment}", ["commitment": .text(numbered(c))])
                          .description, kind: .checkbox)
        }) { v, app in
            guard let jurisdictionId = recordId(v["jurisdiction"]) else {
                throw CabildoError(.validation, Message("Choose a jurisdiction."), field: "jurisdiction")
            }
            let created = try app.database.createConsultation(ConsultationDraft(
                jurisdictionId: jurisdictionId, title: v["title"] ?? "", theme: value(Theme.self, v["theme"]) ?? .other,
                opensOn: v["opensOn"] ?? "", closesOn: v["closesOn"] ?? "",
                questions: lines(v["questions"]).map { QuestionDraft(prompt: $0) },
                commitmentIds: commitments.filter { v["commitment-\($0.id!)"] == "true" }.map { $0.id! }), by: app.actor)
            return Message("Consultation '{title}' created.", ["title": .text(created.title)])
        }
    }

    static func submissions(_ consultationId: Int64) -> ListScreen {
        // Of all submissions, only this consultation's: kiosks elsewhere leave it alone.
        ListScreen(context: AppCommands.submissions, title: "", shows: Shows(
            tables: ["consultation", "consultationCommitment", "commitment", "jurisdiction"],
            consultation: consultationId)) { screen, app in
            let c = try app.database.consultation(consultationId)
            screen.title = c.title
            screen.header = [Message("Submissions").description + " — \(c.opensOn) → \(c.closesOn)"]
            let status = value(Moderation.self, screen.filters["moderation"])
            let channel = value(Channel.self, screen.filters["channel"])
            let place = recordId(screen.filters["municipality"])
            if !screen.filters.isEmpty { screen.header.append(screen.filterSummary) }
            let count = try app.database.submissionCount(of: consultationId, moderation: status, channel: channel,
                                                         jurisdictionId: place)
            screen.header[0] += " — " + Message("{count} in all", ["count": .text(String(count))]).description
            let linked = try app.database.commitments(linkedTo: consultationId)
            if !linked.isEmpty {
                screen.header.insert(contentsOf: TextWrap.lines(Message("Commitments").description + ": "
                    + linked.map(numbered).joined(separator: "; "), width: 78).prefix(2),
                    at: 1)
            }
            screen.paged = PagedRows(count: count, fetch: { position, limit in
                try app.database.submissions(of: consultationId, moderation: status, channel: channel,
                                             jurisdictionId: place, from: position, limit: limit)
            }, render: { s in
                let answered = s.responded ? Message("answered").description : Message("no response yet").description
                let words = TextWidth.truncate(s.firstAnswer.replacingOccurrences(of: "\n", with: " "), to: 24)
                return ListRow(text: "\(Folio.display(s.folio)) \(s.receivedAt.prefix(10)) — \(label(s.moderation)) — "
                    + "\(answered) — \(label(s.channel)), \(s.place): \(words)", id: s.id)
            }, locate: { s in
                try app.database.submissionIndex(of: s, in: consultationId, moderation: status, channel: channel,
                                                 jurisdictionId: place)
            })
            screen.actions["filter"] = { _, app in
                try app.push(filterForm(screen, [("moderation", Message("Status"), options(Moderation.self)),
                                                 ("channel", Message("Channel"), options(Channel.self)),
                                                 ("municipality", Message("Municipality"),
                                                  options(try app.database.jurisdictionEntries()))]))
            }
            screen.actions["tally"] = { _, app in try app.push(tallies(consultationId, title: c.title)) }
            screen.actions["open"] = { row, app in if let id = row?.id { try app.push(submission(id)) } }
            guard app.database.may(app.actor, moderateIn: c.jurisdictionId) else { return }
            screen.actions["new"] = { _, app in try app.push(try paperForm(consultationId, app)) }
            moderationActions(screen, selected: { row in
                guard let id = row?.id else { throw CabildoError(.validation, Message("Select a submission first.")) }
                return id
            })
        }
    }

    /// Publish, reject, respond and link: the same on the list and on one submission.
    static func moderationActions(_ screen: ListScreen, selected: @escaping (ListRow?) throws -> Int64) {
            screen.actions["link"] = { row, app in try app.push(try linkForm(try selected(row), screen, app)) }
            screen.actions["publish"] = { row, app in
                let s = try app.database.moderateSubmission(try selected(row), .publish, by: app.actor)
                try screen.reload(app: app)
                app.status.show(Message("{folio} published.", ["folio": .text(Folio.display(s.folio))]).description)
            }
            screen.actions["reject"] = { row, app in
                let id = try selected(row)
                try app.push(FormScreen(title: Message("Reject a submission").description,
                                        fields: [FormField(Fields.rejectionReason)]) { v, app in
                    _ = try app.database.moderateSubmission(id, .reject(reason: v["reason"] ?? ""), by: app.actor)
                    return Message("Submission rejected; the reason is kept.")
                })
            }
            screen.actions["respond"] = { row, app in
                let id = try selected(row)
                try app.push(FormScreen(title: Message("Public response").description,
                                        fields: [FormField(Fields.response, lines: 6)]) { v, app in
                    _ = try app.database.respondToSubmission(id, body: v["response"] ?? "", by: app.actor)
                    return Message("Response saved; the citizen sees it with the folio.")
                })
            }
    }

    /// Links a submission to a commitment (or unlinks it): what the
    /// citizen asked for, traced to what the plan promises.
    static func linkForm(_ submissionId: Int64, _ screen: ListScreen, _ app: OfficialsApp) throws -> FormScreen {
        let commitments = try app.database.commitmentsWithProgress().map(\.0)
        let none = Message("— no commitment —").description
        let current = try app.database.submission(submissionId, for: app.actor).commitmentId
        return FormScreen(title: Message("Link to commitment").description, fields: [
            FormField(key: "commitment", label: Message("Commitment").description,
                      kind: .choice([option(nil, none)] + commitments.map { option($0.id, numbered($0)) })),
        ], values: ["commitment": current.map(String.init) ?? ""]) { v, app in
            let chosen = commitments.first { $0.id == recordId(v["commitment"]) }
            let s = try app.database.linkSubmission(submissionId, toCommitment: chosen?.id, by: app.actor)
            try screen.reload(app: app)
            return chosen.map { Message("{folio} linked to '{title}'.", ["folio": .text(Folio.display(s.folio)),
                                                                        "title": .text($0.title)]) }
                ?? Message("{folio} is linked to no commitment.", ["folio": .text(Folio.display(s.folio))])
        }
    }

    /// One submission in full: every answer, the response, and contact data
    /// only for those allowed to see it (Core decides).
    static func submission(_ id: Int64) -> ListScreen {
        ListScreen(context: AppCommands.submission, title: "", shows: Shows(
            tables: ["consultation", "consultationQuestion", "commitment"], submission: id)) { screen, app in
            let s = try app.database.submission(id, for: app.actor)
            let consultation = try app.database.consultation(s.consultationId)
            let prompts = Dictionary(uniqueKeysWithValues: try app.database.questions(of: s.consultationId).map { ($0.id!, $0) })
            screen.title = Folio.display(s.folio) + " — " + consultation.title
            screen.header = [s.receivedAt.replacingOccurrences(of: "T", with: " ") + " — " + label(s.channel) + ", "
                + s.place + " — " + label(s.moderation)]
            if let reason = s.rejectionReason {
                screen.header.append(Message("Reason for rejecting").description + ": " + reason)
            }
            if let linked = s.commitmentId {
                let c = try app.database.commitment(linked)
                screen.header.append(Message("Commitment").description + ": " + numbered(c))
            }
            let contact = [s.contactName, s.contactEmail, s.contactPhone].compactMap { $0 }.joined(separator: ", ")
            if !contact.isEmpty { screen.header.append(Message("Contact").description + ": " + contact) }
            var rows: [ListRow] = []
            for answer in try app.database.answers(of: id) {
                let prompt = prompts[answer.questionId].map { "\($0.position). \($0.prompt)" } ?? ""
                rows += TextWrap.lines(prompt, width: 76).map { ListRow(text: $0) }
                rows += TextWrap.lines(answer.text, width: 74).map { ListRow(text: "  " + $0) }
            }
            if let response = try app.database.folioStatus(s.folio).response {
                rows += TextWrap.lines(Message("Public response").description + ": " + response, width: 76)
                    .map { ListRow(text: $0) }
            }
            screen.rows = rows.map { ListRow(text: $0.text, id: id) }
            if app.database.may(app.actor, moderateIn: consultation.jurisdictionId) {
                moderationActions(screen, selected: { _ in id })
            }
        }
    }

    /// A paper or round-table submission typed in by an official.
    static func paperForm(_ consultationId: Int64, _ app: OfficialsApp) throws -> FormScreen {
        let questions = try app.database.questions(of: consultationId)
        let places = try editableJurisdictions(app)
        var fields = [
            FormField(key: "channel", label: Message("Channel").description,
                      kind: .choice([Channel.paper, Channel.roundtable].map { ChoiceOption(id: $0.rawValue, label: label($0)) })),
            FormField(Fields.requiredPlace),
            FormField(key: "jurisdiction", label: Message("Jurisdiction").description, kind: .choice(options(places)),
                      required: true),
        ]
        // Keys as Core names them in its errors ("answer-N"), so an error shows beside its answer.
        fields += questions.map { q in
            FormField(key: "answer-\(q.position)", label: "\(q.position). \(q.prompt)",
                      kind: q.kind == .choice ? .choice(([""] + q.choiceList).map { ChoiceOption(id: $0, label: $0) })
                          : .text(maxLength: q.maxLength),
                      required: q.required)
        }
        return FormScreen(title: Message("Type in a paper submission").description, fields: fields) { v, app in
            var answers: [Int64: String] = [:]
            for q in questions { answers[q.id!] = v["answer-\(q.position)"] }
            let submission = try app.database.recordSubmission(SubmissionDraft(
                consultationId: consultationId, channel: value(Channel.self, v["channel"]) ?? .paper,
                place: v["place"] ?? "", jurisdictionId: recordId(v["jurisdiction"]) ?? 0,
                answers: answers), by: app.actor)
            return Message("Submission saved with folio {folio}.", ["folio": .text(Folio.display(submission.folio))])
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
