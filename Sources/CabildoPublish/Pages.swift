import CabildoCore
import CabildoText
import Foundation

/// The pages of one language of the site. Paths are relative to that
/// language's root (`/` for Spanish, `/en/` for English) and every link is
/// relative, so the site works from a USB stick as well as from a server.
struct Pages {
    let l: Localizer
    /// "en/" for English, "" for Spanish: where this language lives under the site root.
    let folder: String
    let publishedOn: String
    let baseURL: String?
    let siteTitle: String

    init(localizer: Localizer, folder: String, publishedOn: String, baseURL: String?) {
        l = localizer
        self.folder = folder
        self.publishedOn = publishedOn
        self.baseURL = baseURL
        siteTitle = localizer.tr("Open government: participation, commitments and consultations")
    }

    /// From a page at `path` back to this language's root.
    func up(_ path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// From a page at `path` back to the site's root (where the CSS and the open data are).
    func siteRoot(_ path: String) -> String { up(path) + (folder.isEmpty ? "" : "../") }

    /// A whole page: language declared, one h1 (the title), navigation that says where each link goes.
    func document(_ path: String, title: String, body: String) -> String {
        let root = up(path), site = siteRoot(path)
        let other = folder.isEmpty ? (language: "en", href: site + "en/" + path, label: "English version")
            : (language: "es", href: site + path, label: "Versión en español")
        var out = """
            <!DOCTYPE html>
            <html lang="\(l.language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title == siteTitle ? title : title + " — " + siteTitle))</title>
            <link rel="stylesheet" href="\(site)style.css">

            """
        if let baseURL {
            out += "<link rel=\"canonical\" href=\"\(HTML.escape(baseURL + folder + path))\">\n"
        }
        out += """
            </head>
            <body>
            <header>
            <p>\(HTML.link(root + "index.html", siteTitle)) · \(HTML.link(other.href, other.label, language: other.language))</p>
            <nav aria-label="\(HTML.escape(l.tr("Sections")))">
            <ul>
            <li>\(HTML.link(root + "catalogue.html", l.tr("Catalogue of participation mechanisms")))</li>
            <li>\(HTML.link(root + "plans.html", l.tr("Action plans")))</li>
            <li>\(HTML.link(root + "consultations.html", l.tr("Consultations")))</li>
            <li>\(HTML.link(root + "about.html", l.tr("About this data and how to reuse it")))</li>
            </ul>
            </nav>
            </header>
            <main>

            """
        out += HTML.heading(1, title) + body
        out += """
            </main>
            <footer>
            <p>\(HTML.escape(l.tr("Data published on {date}.", ["date": .text(publishedOn)]))) \
            \(HTML.link(root + "about.html", l.tr("About this data and how to reuse it")))</p>
            </footer>
            </body>
            </html>

            """
        return out
    }

    func label(_ message: Message) -> String { l.render(message) }
    func none() -> String { HTML.p(l.tr("None recorded yet.")) }
    func text(_ value: String?) -> String? { value.map(HTML.escape) }

    // MARK: - Home

    func index(mechanisms: Int, plans: Int, consultations: Int) -> String {
        let root = ""
        var body = HTML.p(l.tr("What the officials record in Cabildo, published for everyone: the participation mechanisms and their work, the action-plan commitments and their progress, and the consultations with every published contribution and its response."))
        body += HTML.list([
            HTML.link(root + "catalogue.html", l.tr("Catalogue of participation mechanisms")) + " "
                + HTML.escape(l.tr("(mechanisms: {count})", ["count": .text(String(mechanisms))])),
            HTML.link(root + "plans.html", l.tr("Action plans")) + " "
                + HTML.escape(l.tr("(plans: {count})", ["count": .text(String(plans))])),
            HTML.link(root + "consultations.html", l.tr("Consultations")) + " "
                + HTML.escape(l.tr("(consultations: {count})", ["count": .text(String(consultations))])),
            HTML.link(root + Self.answersPath, l.tr("Answers to citizens' messages, by folio")),
            HTML.link(root + "about.html", l.tr("About this data and how to reuse it")),
        ])
        body += HTML.heading(2, l.tr("Open data"))
        body += HTML.list(openDataLinks("index.html"))
        return document("index.html", title: siteTitle, body: body)
    }

    func openDataLinks(_ path: String) -> [String] {
        let site = siteRoot(path)
        return [
            HTML.link(site + OpenData.zipName, l.tr("All the data as CSV files with their data dictionary (ZIP)")),
            HTML.link(site + Popolo.fileName, l.tr("Mechanisms, members, sessions and agreements in Popolo JSON")),
        ]
    }

    // MARK: - Catalogue

    func mechanismPath(_ mechanism: Publication.Mechanism) -> String { "mechanism/\(mechanism.id).html" }
    static func jurisdictionPath(_ code: String) -> String { "catalogue/jurisdiction-\(code).html" }
    static func themePath(_ theme: Theme) -> String { "catalogue/theme-\(theme.rawValue).html" }

    func mechanismItems(_ mechanisms: [Publication.Mechanism], from path: String) -> String {
        HTML.list(mechanisms.map { mechanism in
            HTML.link(up(path) + mechanismPath(mechanism),
                      mechanism.name + (mechanism.acronym.map { " (\($0))" } ?? ""))
                + " — " + HTML.escape(label(mechanism.theme.label)) + ", " + HTML.escape(mechanism.jurisdictionName)
        })
    }

    func catalogue(_ mechanisms: [Publication.Mechanism]) -> String {
        let path = "catalogue.html"
        var body = HTML.p(l.tr("Every participation mechanism, with its purpose, legal basis, members, sessions, agreements, activities and news. Choose a jurisdiction or a theme to see only its mechanisms."))
        body += HTML.heading(2, l.tr("By jurisdiction"))
        var jurisdictions: [(String, String, Int)] = []
        for mechanism in mechanisms {
            if let last = jurisdictions.last, last.0 == mechanism.jurisdictionCode {
                jurisdictions[jurisdictions.count - 1].2 += 1
            } else {
                jurisdictions.append((mechanism.jurisdictionCode, mechanism.jurisdictionName, 1))
            }
        }
        body += HTML.list(jurisdictions.map { code, name, count in
            HTML.link(Self.jurisdictionPath(code), l.tr("Mechanisms of {place}", ["place": .text(name)])) + " "
                + HTML.escape(l.tr("(mechanisms: {count})", ["count": .text(String(count))]))
        })
        body += HTML.heading(2, l.tr("By theme"))
        let themes = Theme.allCases.compactMap { theme -> (Theme, Int)? in
            let count = mechanisms.filter { $0.theme == theme }.count
            return count == 0 ? nil : (theme, count)
        }.sorted { label($0.0.label) < label($1.0.label) }
        body += HTML.list(themes.map { theme, count in
            HTML.link(Self.themePath(theme), l.tr("Mechanisms on {theme}", ["theme": .message(theme.label)])) + " "
                + HTML.escape(l.tr("(mechanisms: {count})", ["count": .text(String(count))]))
        })
        body += HTML.heading(2, l.tr("All mechanisms"))
        body += mechanisms.isEmpty ? none() : mechanismItems(mechanisms, from: path)
        return document(path, title: l.tr("Catalogue of participation mechanisms"), body: body)
    }

    func filtered(_ path: String, title: String, _ mechanisms: [Publication.Mechanism]) -> String {
        var body = HTML.p(l.tr("Mechanisms: {count}.", ["count": .text(String(mechanisms.count))]))
        body += mechanismItems(mechanisms, from: path)
        body += HTML.list([HTML.link(up(path) + "catalogue.html",
                                     l.tr("Back to the catalogue of participation mechanisms"))])
        return document(path, title: title, body: body)
    }

    func date(_ value: String?) -> String { value.map(HTML.escape) ?? HTML.escape(l.tr("not recorded")) }

    func mechanism(_ m: Publication.Mechanism) -> String {
        let path = mechanismPath(m)
        var body = HTML.definitions([
            (l.tr("Jurisdiction"), HTML.link(up(path) + Self.jurisdictionPath(m.jurisdictionCode),
                                              l.tr("Mechanisms of {place}", ["place": .text(m.jurisdictionName)]))),
            (l.tr("Theme"), HTML.link(up(path) + Self.themePath(m.theme),
                                       l.tr("Mechanisms on {theme}", ["theme": .message(m.theme.label)]))),
            (l.tr("Status"), HTML.escape(label(m.status.label))),
            (l.tr("Established"), text(m.established)),
            (l.tr("Purpose"), text(m.purpose)),
            (l.tr("Legal basis"), text(m.legalBasis)),
            (l.tr("Budget programme"), text(m.budgetProgramme)),
        ])
        body += HTML.heading(2, l.tr("Responsible official"))
        let contact = HTML.definitions([
            (l.tr("Name"), text(m.officialName)), (l.tr("Post"), text(m.officialPost)),
            (l.tr("Office e-mail"), m.officialEmail.map { HTML.link("mailto:" + $0, $0) }),
            (l.tr("Office telephone"), text(m.officialPhone)),
        ])
        body += contact.isEmpty ? none() : contact

        body += HTML.heading(2, l.tr("Members"))
        let current = m.members.filter(\.isCurrent), past = m.members.filter { !$0.isCurrent }
        body += current.isEmpty ? HTML.p(l.tr("No current members are recorded."))
            : HTML.table(caption: l.tr("Current members of {name}", ["name": .text(m.name)]),
                         headers: [l.tr("Member"), l.tr("Post"), l.tr("Sector"), l.tr("Since")],
                         rows: current.map { [HTML.escape($0.name), HTML.escape($0.post), HTML.escape(label($0.sector.label)),
                                              date($0.startDate)] })
        if !past.isEmpty {
            body += HTML.table(caption: l.tr("Past members of {name}", ["name": .text(m.name)]),
                               headers: [l.tr("Member"), l.tr("Post"), l.tr("Sector"), l.tr("From"), l.tr("To")],
                               rows: past.map { [HTML.escape($0.name), HTML.escape($0.post), HTML.escape(label($0.sector.label)),
                                                 date($0.startDate), date($0.endDate)] })
        }

        body += HTML.heading(2, l.tr("Public sessions"))
        if m.sessions.isEmpty { body += none() }
        for session in m.sessions {
            body += HTML.heading(3, l.tr("Session of {date} ({kind})",
                                         ["date": .text(session.date), "kind": .message(session.kind.label)]),
                                 id: "session-\(session.id)")
            body += HTML.definitions([
                (l.tr("Place"), session.isOnline ? HTML.escape(l.tr("online")) : text(session.place)),
                (l.tr("Attendance"), HTML.escape(l.tr("members who attended: {count}",
                                                       ["count": .text(String(session.attendees.count))]))
                    + (session.attendees.isEmpty ? "" : ". " + HTML.escape(session.attendees.joined(separator: ", ")))),
            ])
            body += HTML.heading(4, l.tr("Agenda"))
            body += session.agenda.isEmpty ? none() : HTML.list(session.agenda.map(HTML.escape), ordered: true)
            body += HTML.heading(4, l.tr("Minutes"))
            body += session.minutes.map(HTML.paragraphs) ?? none()
        }

        body += HTML.heading(2, l.tr("Agreements"))
        if m.agreements.isEmpty { body += none() }
        for (i, agreement) in m.agreements.enumerated() {
            body += HTML.heading(3, l.tr("Agreement {number}", ["number": .text(String(i + 1))]))
            body += HTML.paragraphs(agreement.text)
            body += HTML.definitions([
                (l.tr("Session"), agreement.sessionDate.map {
                    HTML.link("#session-\(agreement.sessionId!)", l.tr("Session of {date}", ["date": .text($0)]))
                }),
                (l.tr("Responsible"), text(agreement.responsible)), (l.tr("Due"), text(agreement.dueDate)),
                (l.tr("Status"), HTML.escape(label(agreement.status.label))),
            ])
            if !agreement.followUps.isEmpty {
                body += HTML.table(caption: l.tr("Follow-up of agreement {number}", ["number": .text(String(i + 1))]),
                                   headers: [l.tr("Date"), l.tr("Status"), l.tr("Note")],
                                   rows: agreement.followUps.map { [HTML.escape($0.date), HTML.escape(label($0.status.label)),
                                                                    HTML.escape($0.note)] })
            }
        }

        body += HTML.heading(2, l.tr("Activities"))
        body += m.activities.isEmpty ? none() : HTML.list(m.activities.map { activity in
            "<strong>\(HTML.escape(activity.date))</strong> — \(HTML.escape(activity.title))"
                + (activity.description.map { ": " + HTML.escape($0) } ?? "")
        })
        body += HTML.heading(2, l.tr("News"))
        if m.news.isEmpty { body += none() }
        for item in m.news {
            body += HTML.heading(3, item.title)
            body += HTML.p(l.tr("Published on {date}.", ["date": .text(item.publishedOn)]))
            body += HTML.paragraphs(item.body)
        }
        return document(path, title: m.name + (m.acronym.map { " (\($0))" } ?? ""), body: body)
    }

    // MARK: - Action plans

    func planPath(_ plan: Publication.Plan) -> String { "plan/\(plan.plan.id!).html" }

    func plans(_ plans: [Publication.Plan]) -> String {
        let path = "plans.html"
        var body = HTML.p(l.tr("Each action plan with its commitments, their milestones, progress reports and the monitoring body's assessments."))
        body += plans.isEmpty ? none() : HTML.list(plans.map { plan in
            HTML.link(planPath(plan), plan.plan.title) + " "
                + HTML.escape(l.tr("(commitments: {count})", ["count": .text(String(plan.commitments.count))]))
        })
        return document(path, title: l.tr("Action plans"), body: body)
    }

    func roleLabel(_ role: String) -> String {
        if let plan = PlanInstitutionRole(rawValue: role) { return label(plan.label) }
        if let commitment = CommitmentInstitutionRole(rawValue: role) { return label(commitment.label) }
        return role
    }

    func progressText(_ progress: CommitmentProgress) -> String {
        l.tr("{completed} of {total} milestones complete ({percent} %)",
             ["completed": .text(String(progress.completed)), "total": .text(String(progress.total)),
              "percent": .text(String(progress.percent))])
    }

    func plan(_ p: Publication.Plan) -> String {
        let path = planPath(p)
        let period = [p.plan.periodStart, p.plan.periodEnd].compactMap { $0 }.joined(separator: " – ")
        var body = HTML.definitions([
            (l.tr("Period"), period.isEmpty ? nil : HTML.escape(period)),
            (l.tr("Submitted on"), text(p.plan.submittedOn)),
            (l.tr("Jurisdictions"), p.jurisdictions.isEmpty ? nil : HTML.escape(p.jurisdictions.joined(separator: ", "))),
            (l.tr("Coordination"), text(p.plan.coordination)),
            (l.tr("Monitoring body"), text(p.plan.monitoringBody)),
        ])
        body += HTML.heading(2, l.tr("Institutions"))
        body += p.institutions.isEmpty ? none()
            : HTML.table(caption: l.tr("Institutions of the plan"), headers: [l.tr("Institution"), l.tr("Role")],
                         rows: p.institutions.map { [HTML.escape($0.name), HTML.escape(roleLabel($0.role))] })
        body += HTML.heading(2, l.tr("Co-creation"))
        body += HTML.p(l.tr("{spaces} co-creation spaces; {meetings} meetings recorded, {public} of them open to the public; {groups} organisations took part; {people} people counted at the meetings.",
                            ["spaces": .text(String(p.figures.spaces)), "meetings": .text(String(p.figures.meetings)),
                             "public": .text(String(p.figures.publicMeetings)), "groups": .text(String(p.figures.groups)),
                             "people": .text(String(p.figures.attendees))]))
        if !p.spaces.isEmpty {
            body += HTML.table(caption: l.tr("Co-creation spaces"),
                               headers: [l.tr("Space"), l.tr("Kind"), l.tr("Opens"), l.tr("Closes"), l.tr("Meetings"),
                                         l.tr("Public meetings"), l.tr("People counted")],
                               rows: p.spaces.map { s in
                                   [HTML.escape(s.space.name), HTML.escape(label(s.space.kind.label)), date(s.space.opensOn),
                                    date(s.space.closesOn), String(s.meetings), String(s.publicMeetings), String(s.attendees)]
                               })
        }
        body += HTML.heading(2, l.tr("Commitments"))
        if p.commitments.isEmpty { body += none() }
        for c in p.commitments {
            let commitment = c.commitment
            body += HTML.heading(3, (commitment.number.map { "\($0). " } ?? "") + commitment.title,
                                 id: "commitment-\(commitment.id!)")
            body += HTML.p(l.tr("Progress: {progress}.", ["progress": .text(progressText(c.progress))]))
            body += HTML.definitions([
                (l.tr("Thematic axis"), text(c.axis)),
                (l.tr("OGP values"), c.values.isEmpty ? nil : HTML.escape(c.values.map { label($0.label) }.joined(separator: ", "))),
                (l.tr("Institutions"), c.institutions.isEmpty ? nil
                    : HTML.escape(c.institutions.map { "\($0.name) (\(roleLabel($0.role)))" }.joined(separator: "; "))),
                (l.tr("Starts"), text(commitment.startDate)), (l.tr("Ends"), text(commitment.endDate)),
                (l.tr("Problem"), text(commitment.problem)), (l.tr("Solution"), text(commitment.solution)),
            ])
            body += HTML.heading(4, l.tr("Milestones"))
            body += c.milestones.isEmpty ? none()
                : HTML.table(caption: l.tr("Milestones of commitment {title}", ["title": .text(commitment.title)]),
                             headers: [l.tr("Number"), l.tr("Milestone"), l.tr("Due"), l.tr("Completed on")],
                             rows: c.milestones.map { [String($0.position), HTML.escape($0.description), date($0.dueDate),
                                                       $0.completedOn.map(HTML.escape) ?? HTML.escape(l.tr("not yet"))] })
            body += HTML.heading(4, l.tr("Progress reports"))
            body += c.reports.isEmpty ? none() : HTML.list(c.reports.map { report in
                var item = "<strong>\(HTML.escape(report.date))</strong>"
                if let position = report.milestonePosition {
                    item += " " + HTML.escape(l.tr("(milestone {number})", ["number": .text(String(position))]))
                }
                item += ": " + HTML.escape(report.summary)
                if !report.evidence.isEmpty {
                    item += " " + HTML.escape(l.tr("Evidence:")) + " " + report.evidence.map { evidence in
                        Self.isWebAddress(evidence.reference) ? HTML.link(evidence.reference, evidence.reference)
                            : HTML.escape(evidence.reference)
                    }.joined(separator: "; ")
                }
                return item
            })
            body += HTML.heading(4, l.tr("Assessments by the monitoring body"))
            body += c.assessments.isEmpty ? none() : HTML.list(c.assessments.map { a in
                "<strong>\(HTML.escape(a.assessedOn))</strong>: " + HTML.escape([
                    l.tr("verifiable: {value}", ["value": .text(a.verifiable ? l.tr("yes") : l.tr("no"))]),
                    l.tr("potential for results: {value}", ["value": .message(a.potentialForResults.label)]),
                    a.completion.map { l.tr("completion: {value}", ["value": .message($0.label)]) },
                    a.openedGovernment.map { l.tr("did it open government: {value}", ["value": .message($0.label)]) },
                ].compactMap { $0 }.joined(separator: "; ")) + ". " + HTML.escape(a.rationale)
            })
        }
        return document(path, title: p.plan.title, body: body)
    }

    /// Only web addresses become links; anything else (a document's name) stays text.
    static func isWebAddress(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && !text.contains(where: \.isWhitespace)
    }

    // MARK: - Consultations

    static func consultationPath(_ id: Int64) -> String { "consultation/\(id).html" }
    static func submissionsPath(_ id: Int64, page: Int) -> String { "consultation/\(id)/submissions-\(page).html" }
    static func foliosPath(_ id: Int64) -> String { "consultation/\(id)/folios.html" }

    func consultations(_ consultations: [Publication.Consultation]) -> String {
        let path = "consultations.html"
        var body = HTML.p(l.tr("Each consultation with its questions, where it was taken, its results, and every published contribution with its folio and its public response."))
        body += consultations.isEmpty ? none() : HTML.list(consultations.map { c in
            HTML.link(Self.consultationPath(c.consultation.id!), c.consultation.title) + " "
                + HTML.escape(l.tr("({place}, {opens} to {closes})",
                                   ["place": .text(c.jurisdictionName), "opens": .text(c.consultation.opensOn),
                                    "closes": .text(c.consultation.closesOn)]))
        })
        return document(path, title: l.tr("Consultations"), body: body)
    }

    /// Each page of submissions with the first and last folio on it.
    typealias PageRange = (first: String, last: String)

    func consultation(_ c: Publication.Consultation, plans: [Publication.Plan], pages: [PageRange]) -> String {
        let id = c.consultation.id!
        let path = Self.consultationPath(id)
        let planOf = Dictionary(plans.flatMap { plan in plan.commitments.map { ($0.commitment.id!, plan) } },
                                uniquingKeysWith: { a, _ in a })
        var body = HTML.definitions([
            (l.tr("Jurisdiction"), HTML.escape(c.jurisdictionName)),
            (l.tr("Theme"), HTML.escape(label(c.consultation.theme.label))),
            (l.tr("Opens"), HTML.escape(c.consultation.opensOn)), (l.tr("Closes"), HTML.escape(c.consultation.closesOn)),
            (l.tr("Description"), text(c.consultation.description)),
            (l.tr("Linked commitments"), c.commitments.isEmpty ? nil : c.commitments.map { commitment in
                planOf[commitment.id!].map {
                    HTML.link(up(path) + planPath($0) + "#commitment-\(commitment.id!)", commitment.title)
                } ?? HTML.escape(commitment.title)
            }.joined(separator: "; ")),
        ])
        body += HTML.heading(2, l.tr("Where it was taken"))
        body += HTML.p(l.tr("{received} contributions received; {published} published after moderation.",
                            ["received": .text(String(c.received)), "published": .text(String(c.published))]))
        if !c.byChannel.isEmpty {
            body += HTML.table(caption: l.tr("Contributions received by channel"),
                               headers: [l.tr("Channel"), l.tr("Contributions")],
                               rows: c.byChannel.map { [HTML.escape(label($0.0.label)), String($0.1)] })
            body += HTML.table(caption: l.tr("Contributions received by municipality"),
                               headers: [l.tr("Municipality"), l.tr("Contributions")],
                               rows: c.byMunicipality.map { [HTML.escape($0.0), String($0.1)] })
        }
        body += HTML.heading(2, l.tr("Questions and results"))
        body += HTML.p(l.tr("Results count the published contributions only."))
        for result in c.results {
            body += HTML.heading(3, "\(result.question.position). \(result.question.prompt)")
            body += HTML.p(l.tr("{kind}; answered in {count} published contributions.",
                                ["kind": .message(result.question.kind.label), "count": .text(String(result.respondents))]))
            let caption = l.tr("Answers to question {number}", ["number": .text(String(result.question.position))])
            switch result.question.kind {
            case .choice, .multiple:
                if result.question.kind == .multiple {
                    body += HTML.p(l.tr("Each option counted apart: a contribution may choose several, so the shares add up to more than 100 %."))
                }
                body += HTML.table(
                    caption: caption, headers: [l.tr("Choice"), l.tr("Answers"), l.tr("Share")],
                    rows: result.options.map { [HTML.escape($0.option), String($0.count), $0.percentText + " %"] })
            case .ranking:
                body += HTML.table(
                    caption: caption, headers: [l.tr("Option"), l.tr("Mean position"), l.tr("Put first")],
                    rows: result.options.map { [HTML.escape($0.option), $0.meanPositionText ?? "–",
                                                "\($0.count) (\($0.percentText) %)"] })
            case .text, .shortText:
                break
            }
        }
        body += HTML.heading(2, l.tr("Published contributions"))
        if pages.isEmpty {
            body += none()
        } else {
            body += HTML.p(l.tr("{count} published contributions, {size} to a page, in folio order. Look your folio up in the folio index.",
                                ["count": .text(String(c.published)), "size": .text(String(Site.pageSize))]))
            body += HTML.list([HTML.link(up(path) + Self.foliosPath(id), l.tr("Folio index of {title}",
                                                                              ["title": .text(c.consultation.title)]))])
            body += HTML.list(pages.enumerated().map { i, range in
                HTML.link(up(path) + Self.submissionsPath(id, page: i + 1),
                          l.tr("Page {page}: folios {first} to {last}",
                               ["page": .text(String(i + 1)), "first": .text(Folio.display(range.first)),
                                "last": .text(Folio.display(range.last))]))
            })
        }
        return document(path, title: c.consultation.title, body: body)
    }

    func submissionsPage(_ c: Publication.Consultation, page: Int, of pageCount: Int,
                         _ submissions: [Publication.Submission]) -> String {
        let id = c.consultation.id!
        let path = Self.submissionsPath(id, page: page)
        var navigation = [HTML.link(up(path) + Self.consultationPath(id), l.tr("Back to the consultation {title}",
                                                                                ["title": .text(c.consultation.title)])),
                          HTML.link(up(path) + Self.foliosPath(id), l.tr("Folio index"))]
        if page > 1 {
            navigation.append(HTML.link(up(path) + Self.submissionsPath(id, page: page - 1),
                                        l.tr("Previous page ({page})", ["page": .text(String(page - 1))])))
        }
        if page < pageCount {
            navigation.append(HTML.link(up(path) + Self.submissionsPath(id, page: page + 1),
                                        l.tr("Next page ({page})", ["page": .text(String(page + 1))])))
        }
        var body = HTML.list(navigation)
        // What every contribution repeats is translated once a page, not once a contribution.
        let words = SubmissionWords(self, c)
        for submission in submissions {
            body += "<h2 id=\"\(submission.folio)\">" + words.folio(HTML.escape(Folio.display(submission.folio))) + "</h2>\n<dl>\n"
            body += words.received + HTML.escape(submission.receivedOn) + "</dd>\n"
            body += words.channel + (words.channels[submission.channel] ?? "") + "</dd>\n"
            body += words.municipality + HTML.escape(submission.municipality) + "</dd>\n"
            for answer in submission.answers {
                body += "<dt>" + (words.prompts[answer.position] ?? String(answer.position)) + "</dt>\n<dd>"
                    + HTML.escape(answer.text) + "</dd>\n"
            }
            body += words.response
            if let response = submission.response {
                body += HTML.escape(response)
                if let date = submission.respondedOn { body += " " + words.answeredOn(HTML.escape(date)) }
            } else {
                body += words.notAnswered
            }
            body += "</dd>\n</dl>\n"
        }
        return document(path, title: l.tr("Published contributions to {title}, page {page} of {pages}",
                                          ["title": .text(c.consultation.title), "page": .text(String(page)),
                                           "pages": .text(String(pageCount))]), body: body)
    }

    /// The words of a page of contributions, escaped, each rendered once; the
    /// two with a value are split around their placeholder.
    struct SubmissionWords {
        let received, channel, municipality, response, notAnswered: String
        let channels: [Channel: String]
        let prompts: [Int: String]
        let folio: (String) -> String
        let answeredOn: (String) -> String

        init(_ pages: Pages, _ c: Publication.Consultation) {
            let l = pages.l
            func term(_ text: String) -> String { "<dt>" + HTML.escape(text) + "</dt>\n<dd>" }
            received = term(l.tr("Received on"))
            channel = term(l.tr("Channel"))
            municipality = term(l.tr("Municipality"))
            response = term(l.tr("Public response"))
            notAnswered = HTML.escape(l.tr("Not answered yet."))
            channels = Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0, HTML.escape(l.render($0.label))) })
            prompts = Dictionary(c.results.map { ($0.question.position, HTML.escape($0.question.prompt)) },
                                 uniquingKeysWith: { a, _ in a })
            folio = Self.template(l.tr("Folio {folio}"), "{folio}")
            answeredOn = Self.template(l.tr("(answered on {date})"), "{date}")
        }

        /// Escaped text around a placeholder; the value given is put in as it is (already escaped).
        static func template(_ text: String, _ placeholder: String) -> (String) -> String {
            guard let range = text.range(of: placeholder) else { return { _ in HTML.escape(text) } }
            let before = HTML.escape(String(text[..<range.lowerBound])), after = HTML.escape(String(text[range.upperBound...]))
            return { before + $0 + after }
        }
    }

    func folios(_ c: Publication.Consultation, pages: [PageRange]) -> String {
        let id = c.consultation.id!
        let path = Self.foliosPath(id)
        var body = HTML.p(l.tr("Folios are in order of their characters. Find the row whose range holds yours and open its page; your contribution is there under its folio. Only published contributions appear; a folio not found here may be awaiting moderation: ask at any kiosk."))
        body += HTML.table(caption: l.tr("Folio index of {title}", ["title": .text(c.consultation.title)]),
                           headers: [l.tr("From folio"), l.tr("To folio"), l.tr("Page")],
                           rows: pages.enumerated().map { i, range in
                               [HTML.escape(Folio.display(range.first)), HTML.escape(Folio.display(range.last)),
                                HTML.link(up(path) + Self.submissionsPath(id, page: i + 1),
                                          l.tr("Page {page}", ["page": .text(String(i + 1))]))]
                           })
        body += HTML.list([HTML.link(up(path) + Self.consultationPath(id),
                                     l.tr("Back to the consultation {title}", ["title": .text(c.consultation.title)]))])
        return document(path, title: l.tr("Folio index of {title}", ["title": .text(c.consultation.title)]), body: body)
    }

    // MARK: - Answers to citizens' messages

    static let answersPath = "answers.html"

    /// The folio index of answers: a citizen who wrote to a mechanism finds
    /// the answer under their folio. Nothing of the message or its sender.
    func answers(_ items: [Publication.MessageAnswer]) -> String {
        let path = Self.answersPath
        var body = HTML.p(l.tr("A citizen who writes to a participation mechanism at a kiosk gets a folio. The official's answer, or the reason the message was closed without one, is here under that folio, in folio order. The message itself and who sent it are never published."))
        if items.isEmpty {
            body += HTML.p(l.tr("No message has been answered yet."))
        } else {
            body += HTML.table(caption: l.tr("Answers to citizens' messages, by folio"),
                               headers: [l.tr("Folio"), l.tr("Mechanism"), l.tr("Sent on"), l.tr("Status"),
                                         l.tr("Answer")],
                               rows: items.map { item in
                                   ["<span id=\"\(HTML.escape(item.folio))\">" + HTML.escape(Folio.display(item.folio)) + "</span>",
                                    HTML.escape(item.mechanismName), HTML.escape(item.sentOn),
                                    HTML.escape(l.render(item.status.label)) + " "
                                        + HTML.escape(l.tr("(answered on {date})", ["date": .text(item.answeredOn)])),
                                    HTML.escape(item.answer)]
                               })
        }
        return document(path, title: l.tr("Answers to citizens' messages, by folio"), body: body)
    }

    // MARK: - About

    func about(scope: String?, files: [(name: String, bytes: Int)]) -> String {
        let path = "about.html"
        var body = HTML.p(l.tr("Data published on {date}: the day of the last change recorded in Cabildo.",
                               ["date": .text(publishedOn)]))
        if let scope { body += HTML.p(l.tr("This publication covers {place}.", ["place": .text(scope)])) }
        if let baseURL { body += HTML.p(l.tr("Its address is {url}.", ["url": .text(baseURL)])) }
        body += HTML.heading(2, l.tr("What is published"))
        body += HTML.p(l.tr("The participation mechanisms with their members (by name and post), public sessions, agreements, activities and news; the action plans with their commitments, milestones, progress reports and assessments; the consultations with their questions, counts, results and the contributions published after moderation, each with its folio and its public response."))
        body += HTML.heading(2, l.tr("What is never published"))
        body += HTML.p(l.tr("Nothing personal: no contact data given by citizens, no contribution awaiting moderation or rejected, no message sent to a mechanism (only the official's answer, under its folio), no account, no audit trail, no internal note, and no member's own e-mail or telephone. Only the responsible official's office contact is shown."))
        body += HTML.heading(2, l.tr("Open data"))
        body += HTML.list(openDataLinks(path))
        body += HTML.table(caption: l.tr("Open data files"), headers: [l.tr("File"), l.tr("Size in bytes")],
                           rows: files.map { [HTML.escape($0.name), String($0.bytes)] })
        body += HTML.p(l.tr("The ZIP holds one CSV file (UTF-8, comma-separated, RFC 4180) for each kind of record, a data dictionary that describes every column, and the licence. The Popolo file follows the Popolo specification (popoloproject.com) for organizations, people, memberships, posts, events and motions."))
        body += HTML.heading(2, l.tr("Licence"))
        body += HTML.p(l.tr("You may copy, share and adapt this data for any purpose, commercial included, if you say where it comes from: Creative Commons Attribution 4.0 International (CC BY 4.0)."))
        return document(path, title: l.tr("About this data and how to reuse it"), body: body)
    }
}
