import CabildoText
import Foundation
import GRDB

extension QuestionDraft {
    /// The group a consultation's questions are declared in: a question's
    /// errors are keyed `questions.N.field` (N its position).
    public static let group: FieldKey = "questions"

    /// The question as its row stores it, after the rules every question
    /// follows; an error names the question's field (`questions.N.choices`).
    func validated(consultationId: Int64, position: Int) throws -> ConsultationQuestion {
        func refuse(_ field: FieldKey, _ message: Message) -> CabildoError {
            CabildoError(.validation, message, field: Self.group.item(position, field))
        }
        let prompt: String
        var options: [String] = []
        do {
            prompt = try Fields.question.clean(self.prompt)
            if kind.hasOptions {
                options = try choices.compactMap { choice throws(CabildoError) -> String? in
                    choice.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try Fields.choice.clean(choice)
                }
            }
        } catch let error as CabildoError {
            // One option's fault is the options field's: that is where they are typed, one per line.
            let field = error.field == Fields.choice.key ? "choices" : error.field ?? "prompt"
            throw CabildoError(error.kind, error.message, field: Self.group.item(position, field))
        }
        var maxChoices: Int?
        var maxLength = self.maxLength
        if kind.hasOptions {
            guard options.count >= 2 else {
                throw refuse("choices", Message("A question with options needs at least two, one per line."))
            }
            let folded = options.map(TextRules.folded)
            if let repeated = options.indices.first(where: { folded[..<$0].contains(folded[$0]) }) {
                throw refuse("choices", Message("The option '{option}' is there twice.", ["option": .text(options[repeated])]))
            }
            if kind != .choice {
                // A citizen's picks are separated by ";" (an import's cell), and an
                // option that is only a number would read as another's number.
                if let bad = options.first(where: { $0.contains(";") || Int($0) != nil }) {
                    throw refuse("choices", Message("The option '{option}' cannot hold a ';' or be only a number.",
                                                    ["option": .text(bad)]))
                }
                // The answer holds the options' texts: room for all of them.
                maxLength = 10_000
            }
        }
        if kind == .multiple {
            let most = self.maxChoices ?? options.count
            guard (1...options.count).contains(most) else {
                throw refuse(Fields.maxChoices.key,
                             Message("The most options a citizen may pick must be between 1 and {count}.",
                                     ["count": .text(String(options.count))]))
            }
            maxChoices = most
        }
        guard (1...10_000).contains(maxLength) else {
            throw refuse("maxLength", Message("An answer's limit must be between 1 and 10000 characters."))
        }
        let encoded = kind.hasOptions ? String(decoding: try JSONEncoder().encode(options), as: UTF8.self) : nil
        return ConsultationQuestion(id: nil, consultationId: consultationId, position: position, prompt: prompt,
                                    kind: kind, required: required, maxLength: maxLength, choices: encoded,
                                    maxChoices: maxChoices)
    }
}

extension AppDatabase {
    /// A consultation as a draft describes it, cleaned and checked (dates, at least one question).
    static func validated(_ draft: ConsultationDraft, id: Int64?, _ db: Database) throws -> Consultation {
        _ = try fetch(Jurisdiction.self, draft.jurisdictionId, db, Message("Jurisdiction"))
        let opens = try Fields.day(draft.opensOn, FieldRule("opensOn", Message("Opens on"), .line(10, required: true)))!
        let closes = try Fields.day(draft.closesOn, FieldRule("closesOn", Message("Closes on"), .line(10, required: true)))!
        guard closes >= opens else {
            throw CabildoError(.validation, Message("A consultation cannot close before it opens."), field: "closesOn")
        }
        guard !draft.questions.isEmpty else {
            throw CabildoError(.validation, Message("A consultation needs at least one question."), field: "questions")
        }
        return Consultation(id: id, jurisdictionId: draft.jurisdictionId, title: try Fields.title.clean(draft.title),
                            theme: draft.theme, description: try Fields.description.clean(draft.description),
                            opensOn: opens, closesOn: closes)
    }

    static func insertQuestions(_ questions: [QuestionDraft], of consultationId: Int64, _ db: Database) throws {
        for (index, question) in questions.enumerated() {
            var row = try question.validated(consultationId: consultationId, position: index + 1)
            try row.insert(db)
        }
    }

    /// Changes a consultation. Until its first submission everything may
    /// change; after it only the title, the description, the closing date
    /// (later, or today to close it now) and the linked commitments: the
    /// questions, options, jurisdiction, theme and opening that shaped the
    /// answers already taken stay as they were. Every change is audited: the
    /// consultation, and its questions and links when they change.
    @discardableResult
    public func editConsultation(_ id: Int64, _ draft: ConsultationDraft, by actor: Actor) throws -> Consultation {
        try perform { db, now in
            let before = try Self.fetch(Consultation.self, id, db, Message("Consultation"))
            try actor.require(.editJurisdiction(before.jurisdictionId), db)
            if draft.jurisdictionId != before.jurisdictionId {
                try actor.require(.editJurisdiction(draft.jurisdictionId), db)
            }
            let after = try Self.validated(draft, id: id, db)
            let oldQuestions = try ConsultationQuestion.filter(Column("consultationId") == id)
                .order(Column("position")).fetchAll(db)
            let newQuestions = try draft.questions.enumerated().map { index, question in
                try question.validated(consultationId: id, position: index + 1)
            }
            let questionsChanged = oldQuestions.map { var q = $0; q.id = nil; return q } != newQuestions
            let answered = try Submission.filter(Column("consultationId") == id).fetchCount(db) > 0
            if answered {
                try Self.requireAnsweredEditAllowed(before: before, after: after, questionsChanged: questionsChanged,
                                                    today: clock.today())
            }
            if after != before {
                _ = try Self.update(before, to: after, db, actor, now, action: "consultation.edit")
            }
            if questionsChanged {
                try ConsultationQuestion.filter(Column("consultationId") == id).deleteAll(db)
                var written: [ConsultationQuestion] = []
                for var question in newQuestions {
                    try question.insert(db)
                    written.append(question)
                }
                try Audit.append(db, actor: actor, at: now, action: "consultation.questions",
                                 table: ConsultationQuestion.databaseTableName, id: id,
                                 before: Audit.json(oldQuestions), after: Audit.json(written))
            }
            let oldLinks = Set(try Int64.fetchAll(db, sql: """
                SELECT commitmentId FROM consultationCommitment WHERE consultationId = ?
                """, arguments: [id]))
            let newLinks = Set(draft.commitmentIds)
            if oldLinks != newLinks {
                for commitmentId in newLinks.subtracting(oldLinks) {
                    _ = try Self.fetch(Commitment.self, commitmentId, db, Message("Commitment"))
                    try db.execute(sql: "INSERT INTO consultationCommitment (consultationId, commitmentId) VALUES (?, ?)",
                                   arguments: [id, commitmentId])
                }
                for commitmentId in oldLinks.subtracting(newLinks) {
                    try db.execute(sql: "DELETE FROM consultationCommitment WHERE consultationId = ? AND commitmentId = ?",
                                   arguments: [id, commitmentId])
                }
                try Audit.append(db, actor: actor, at: now, action: "consultation.link", table: "consultationCommitment",
                                 id: id, before: Audit.json(oldLinks.sorted()), after: Audit.json(newLinks.sorted()))
            }
            return after
        }
    }

    /// What may change once a consultation has answers; a refusal names the field.
    static func requireAnsweredEditAllowed(before: Consultation, after: Consultation, questionsChanged: Bool,
                                           today: String) throws {
        func refuse(_ field: FieldKey, _ what: Message) -> CabildoError {
            CabildoError(.validation, Message(
                "{what} cannot change: this consultation already has submissions, and they were given to it as it was. Only the title, the description, the closing date and the linked commitments can change now.",
                ["what": .message(what)]), field: field)
        }
        if questionsChanged { throw refuse("questions", Message("The questions and their options")) }
        if after.jurisdictionId != before.jurisdictionId { throw refuse("jurisdiction", Message("The jurisdiction")) }
        if after.theme != before.theme { throw refuse("theme", Message("The theme")) }
        if after.opensOn != before.opensOn { throw refuse("opensOn", Message("The opening date")) }
        let closes = after.closesOn
        if closes != before.closesOn && closes != today && (closes < today || closes < before.closesOn) {
            throw CabildoError(.validation, Message(
                "This consultation already has submissions: its closing date can only move later than {closes} (and not into the past), or to today ({today}) to close it now.",
                ["closes": .text(before.closesOn), "today": .text(today)]), field: "closesOn")
        }
    }
}

/// A consultation as its edit form starts: what it holds now, and whether it
/// has submissions (after the first, only some of it may change).
public struct ConsultationEditing: Sendable, Equatable {
    public let draft: ConsultationDraft
    public let hasSubmissions: Bool
}

extension AppDatabase {
    /// What `editConsultation` would be given to change nothing, read in one snapshot.
    public func consultationEditing(_ id: Int64) throws -> ConsultationEditing {
        try read { db in
            let c = try Self.fetch(Consultation.self, id, db, Message("Consultation"))
            let questions = try ConsultationQuestion.filter(Column("consultationId") == id)
                .order(Column("position")).fetchAll(db)
            let links = try Int64.fetchAll(db, sql: """
                SELECT commitmentId FROM consultationCommitment WHERE consultationId = ? ORDER BY commitmentId
                """, arguments: [id])
            let answered = try !Submission.filter(Column("consultationId") == id).isEmpty(db)
            return ConsultationEditing(draft: ConsultationDraft(
                jurisdictionId: c.jurisdictionId, title: c.title, theme: c.theme, description: c.description,
                opensOn: c.opensOn, closesOn: c.closesOn, questions: questions.map(QuestionDraft.init),
                commitmentIds: links), hasSubmissions: answered)
        }
    }
}
