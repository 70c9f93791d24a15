import Foundation
import GRDB

/// The schema, as named migrations. Constraints live here so that nothing,
/// not even a script writing SQL, stores what the domain forbids.
enum Schema {
    static func day(_ column: String) -> String {
        "CHECK (\(column) IS NULL OR date(\(column)) IS \(column))"
    }

    /// A year, a year-month or a whole date: the documents often give no more.
    static func partialDay(_ column: String) -> String {
        """
        CHECK (\(column) IS NULL OR \(column) GLOB '[12][0-9][0-9][0-9]' \
        OR (\(column) GLOB '[12][0-9][0-9][0-9]-[01][0-9]' AND date(\(column) || '-01') IS \(column) || '-01') \
        OR date(\(column)) IS \(column))
        """
    }

    static func bool(_ column: String) -> String { "CHECK (\(column) IN (0, 1))" }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-domain") { db in
            try db.execute(sql: domainSQL)
            try db.execute(sql: searchSQL)
        }
        // The co-creation figures of the action-plan template (groups that
        // took part, public-facing meetings held) are counted from these.
        migrator.registerMigration("v2-cocreation-meetings") { db in
            try db.execute(sql: """
                CREATE TABLE coCreationMeeting (
                    id INTEGER PRIMARY KEY,
                    spaceId INTEGER NOT NULL REFERENCES coCreationSpace(id),
                    date TEXT NOT NULL \(day("date")),
                    place TEXT,
                    isPublic INTEGER NOT NULL \(bool("isPublic")),
                    attendees INTEGER CHECK (attendees IS NULL OR attendees >= 0)
                );
                CREATE INDEX coCreationMeeting_space ON coCreationMeeting(spaceId, date);
                CREATE TABLE coCreationParticipant (
                    meetingId INTEGER NOT NULL REFERENCES coCreationMeeting(id),
                    organisationId INTEGER NOT NULL REFERENCES organisation(id),
                    PRIMARY KEY (meetingId, organisationId)
                );
                """)
        }
        // Sign-in failures (every one audited too) and, per user name, where
        // its count starts again and until when it is locked.
        migrator.registerMigration("v3-sign-in-failures") { db in
            try db.execute(sql: """
                CREATE TABLE signInFailure (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    username TEXT NOT NULL COLLATE NOCASE,
                    accountId INTEGER REFERENCES account(id),
                    terminal TEXT NOT NULL
                );
                CREATE INDEX signInFailure_username ON signInFailure(username, at);
                CREATE INDEX signInFailure_terminal ON signInFailure(terminal, at);
                CREATE TABLE signInState (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    countedAfter INTEGER NOT NULL DEFAULT 0,
                    lockedUntil TEXT
                );
                """)
        }
        // A kiosk's submissions of the last minute are counted on every send.
        migrator.registerMigration("v3-submission-recorder") { db in
            try db.execute(sql: "CREATE INDEX submission_recorder ON submission(recordedBy, receivedAt)")
        }
        // The audit chain becomes keyed (see `Audit`, `AuditKey`): its head is
        // kept in one row, entries written before keep their plain hash up to
        // `plainUntil`, the entry right after it marks where the keys begin, and
        // records the old trail never covered (seeded, bulk-loaded) get a
        // baseline entry so each record's state can be checked from here on.
        migrator.registerMigration("v4-audit-head") { db in
            try db.execute(sql: """
                CREATE TABLE auditHead (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    lastId INTEGER NOT NULL,
                    lastHash TEXT NOT NULL,
                    plainUntil INTEGER NOT NULL,
                    seal TEXT NOT NULL DEFAULT ''
                );
                INSERT INTO auditHead (singleton, lastId, lastHash, plainUntil)
                SELECT 1, coalesce(max(id), 0),
                       coalesce((SELECT hash FROM auditEntry ORDER BY id DESC LIMIT 1), '\(Audit.genesis)'),
                       coalesce(max(id), 0)
                FROM auditEntry;
                """)
            let head = try Row.fetchOne(db, sql: "SELECT lastId, lastHash, plainUntil FROM auditHead")!
            try db.execute(sql: "UPDATE auditHead SET seal = \(AuditKey.functionName)(?)",
                           arguments: [Audit.sealed(lastId: head[0], hash: head[1], plainUntil: head[2])])
            let boundary: Int64 = head[2]
            let now = Date().formatted(.iso8601)
            // Collected first (the walk reads the trail it would otherwise grow),
            // then chained in one batch: an old file of a million rows upgrades in one pass.
            var unaudited: [(table: String, id: Int64, json: String)] = []
            try Audit.forEachDrift(db) { drift in
                guard case .unaudited(let table, let id, let json) = drift else { return }
                unaudited.append((table, id, json))
            }
            let audit = try Audit.Batch(db)
            try audit.append(actor: .system, at: now, action: Audit.keyedAction, table: "auditEntry", id: nil,
                             before: nil, after: "{\"plainUntil\":\(boundary)}")
            for record in unaudited {
                try audit.append(actor: .system, at: now, action: "audit.baseline", table: record.table, id: record.id,
                                 before: nil, after: record.json)
            }
            try audit.finish()
        }
        // Submissions counted per consultation, status, channel and municipality,
        // kept by triggers in each write's own transaction (no writer can skip
        // them): a list's count, under any filters, and the tallies add up a
        // few rows instead of counting a consultation's submissions.
        migrator.registerMigration("v5-submission-counts") { db in
            try db.execute(sql: submissionCountSQL)
        }
        // Contact requests get a folio and an answer (or a reason for closing
        // them); rows imported from an online form are remembered by their
        // identity so a second import adds nothing; notices to citizens wait
        // in an outbox until sent by e-mail or delivered by hand.
        migrator.registerMigration("v6-notices-and-imports") { db in
            try db.execute(sql: """
                ALTER TABLE contactRequest ADD COLUMN folio TEXT;
                ALTER TABLE contactRequest ADD COLUMN answer TEXT;
                ALTER TABLE contactRequest ADD COLUMN answeredAt TEXT;
                ALTER TABLE contactRequest ADD COLUMN answeredBy INTEGER REFERENCES account(id);
                CREATE UNIQUE INDEX contactRequest_folio ON contactRequest(folio) WHERE folio IS NOT NULL;
                CREATE TABLE importedRow (
                    consultationId INTEGER NOT NULL REFERENCES consultation(id),
                    rowKey TEXT NOT NULL,
                    submissionId INTEGER NOT NULL REFERENCES submission(id),
                    PRIMARY KEY (consultationId, rowKey)
                ) WITHOUT ROWID;
                CREATE TABLE notice (
                    id INTEGER PRIMARY KEY,
                    createdAt TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN (\(NoticeKind.sqlList))),
                    submissionId INTEGER REFERENCES submission(id),
                    contactRequestId INTEGER REFERENCES contactRequest(id),
                    jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
                    folio TEXT NOT NULL,
                    about TEXT NOT NULL,
                    body TEXT NOT NULL,
                    recipientName TEXT,
                    email TEXT,
                    phone TEXT,
                    status TEXT NOT NULL CHECK (status IN (\(NoticeStatus.sqlList))),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    lastError TEXT,
                    doneAt TEXT,
                    CHECK ((submissionId IS NULL) <> (contactRequestId IS NULL)),
                    CHECK (email IS NOT NULL OR phone IS NOT NULL)
                );
                CREATE INDEX notice_status ON notice(status, jurisdictionId);
                """)
        }
        // Data-rights (ARCO) requests: the register with each request's legal
        // deadline, the folios it is about, and the submissions whose owner
        // opposed being sent notices (which a notices outbox must honour).
        migrator.registerMigration("v7-data-rights") { db in
            try db.execute(sql: """
                CREATE TABLE arcoRequest (
                    id INTEGER PRIMARY KEY,
                    requesterName TEXT NOT NULL,
                    requesterContact TEXT,
                    kind TEXT NOT NULL CHECK (kind IN (\(ArcoRight.sqlList))),
                    details TEXT,
                    receivedOn TEXT NOT NULL \(day("receivedOn")),
                    channel TEXT NOT NULL CHECK (channel IN (\(ArcoChannel.sqlList))),
                    law TEXT NOT NULL,
                    article TEXT NOT NULL,
                    dueOn TEXT NOT NULL \(day("dueOn")),
                    extended INTEGER NOT NULL DEFAULT 0 \(bool("extended")),
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN (\(ArcoStatus.sqlList))),
                    actedOn TEXT \(day("actedOn")),
                    closedOn TEXT \(day("closedOn")),
                    outcome TEXT,
                    recordedBy INTEGER REFERENCES account(id),
                    CHECK (dueOn > receivedOn),
                    CHECK ((status = 'closed') = (closedOn IS NOT NULL))
                );
                CREATE INDEX arcoRequest_due ON arcoRequest(status, dueOn);
                CREATE TABLE arcoRequestSubmission (
                    requestId INTEGER NOT NULL REFERENCES arcoRequest(id),
                    submissionId INTEGER NOT NULL REFERENCES submission(id),
                    PRIMARY KEY (requestId, submissionId)
                );
                CREATE INDEX arcoRequestSubmission_submission ON arcoRequestSubmission(submissionId);
                CREATE TABLE noticeOpposition (
                    submissionId INTEGER PRIMARY KEY REFERENCES submission(id),
                    requestId INTEGER NOT NULL REFERENCES arcoRequest(id),
                    since TEXT NOT NULL \(day("since"))
                );
                """)
        }
        // Question types: short and long free text, one choice, multiple
        // choice (with the most options a citizen may pick) and ranking. The
        // table is rebuilt (SQLite cannot change a CHECK), its ids kept, so
        // the answers still point at their questions.
        migrator.registerMigration("v8-question-types") { db in
            try db.execute(sql: """
                CREATE TABLE consultationQuestion_v8 (
                    id INTEGER PRIMARY KEY,
                    consultationId INTEGER NOT NULL REFERENCES consultation(id),
                    position INTEGER NOT NULL CHECK (position > 0),
                    prompt TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('text', 'short_text', 'choice', 'multiple', 'ranking')),
                    required INTEGER NOT NULL \(bool("required")),
                    maxLength INTEGER NOT NULL CHECK (maxLength BETWEEN 1 AND 10000),
                    choices TEXT CHECK ((kind IN ('choice', 'multiple', 'ranking')) = (choices IS NOT NULL)),
                    maxChoices INTEGER CHECK ((kind = 'multiple') = (maxChoices IS NOT NULL) AND
                                              (maxChoices IS NULL OR maxChoices >= 1)),
                    UNIQUE (consultationId, position)
                );
                INSERT INTO consultationQuestion_v8 (id, consultationId, position, prompt, kind, required, maxLength, choices)
                    SELECT id, consultationId, position, prompt, kind, required, maxLength, choices FROM consultationQuestion;
                DROP TABLE consultationQuestion;
                ALTER TABLE consultationQuestion_v8 RENAME TO consultationQuestion;
                """)
        }
        // Prefix indexes for the submissions' search: a word ending in `*`
        // (2 to 6 characters before it) is one index lookup instead of a
        // merge of every word it starts, so newest-first stays as fast as a
        // whole word at any number of matches (57–61 ms → ≤ 1.3 ms at a
        // million). FTS5 fixes `prefix` at creation: the table is made again
        // from its own rows. The triggers that keep it name it, so they stay.
        migrator.registerMigration("v10-search-prefixes") { db in
            try db.execute(sql: """
                CREATE TEMP TABLE submissionSearchRows AS
                    SELECT rowid AS id, folio, place, answers FROM submissionSearch;
                DROP TABLE submissionSearch;
                \(submissionSearchTableSQL);
                INSERT INTO submissionSearch(rowid, folio, place, answers)
                    SELECT id, folio, place, answers FROM temp.submissionSearchRows ORDER BY id;
                DROP TABLE temp.submissionSearchRows;
                """)
        }
        // Caravans: kits a server prepared, jornadas (a day's consultation
        // on a laptop, then merged at the server), which submissions and
        // contact requests each jornada took (with the contact data sealed
        // on the laptop), and the earlier folios a kit carries for "check my folio".
        migrator.registerMigration("v11-caravans") { db in
            try db.execute(sql: """
                CREATE TABLE caravanKit (
                    id TEXT PRIMARY KEY NOT NULL,
                    jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
                    day TEXT NOT NULL \(day("day")),
                    preparedAt TEXT NOT NULL,
                    serverKey TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE jornada (
                    id INTEGER PRIMARY KEY,
                    uid TEXT NOT NULL UNIQUE,
                    kitId TEXT NOT NULL,
                    jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
                    day TEXT NOT NULL \(day("day")),
                    place TEXT NOT NULL,
                    staff TEXT NOT NULL,
                    signingKey TEXT NOT NULL,
                    paperCollected INTEGER NOT NULL DEFAULT 0 CHECK (paperCollected >= 0),
                    openedAt TEXT NOT NULL,
                    closedAt TEXT,
                    mergedAt TEXT
                );
                CREATE TABLE jornadaRecord (
                    jornadaId INTEGER NOT NULL REFERENCES jornada(id),
                    localKey TEXT NOT NULL,
                    submissionId INTEGER REFERENCES submission(id),
                    contactRequestId INTEGER REFERENCES contactRequest(id),
                    typedFromPaper INTEGER NOT NULL DEFAULT 0 \(bool("typedFromPaper")),
                    sealedContact BLOB,
                    PRIMARY KEY (jornadaId, localKey),
                    CHECK ((submissionId IS NULL) <> (contactRequestId IS NULL))
                ) WITHOUT ROWID;
                CREATE INDEX jornadaRecord_submission ON jornadaRecord(submissionId);
                CREATE TABLE caravanFolio (
                    folio TEXT PRIMARY KEY NOT NULL,
                    consultationTitle TEXT NOT NULL,
                    receivedAt TEXT NOT NULL,
                    moderation TEXT NOT NULL CHECK (moderation IN (\(Moderation.sqlList))),
                    response TEXT,
                    respondedAt TEXT
                ) WITHOUT ROWID;
                """)
        }
        // The kept counts have a row per municipality, and demo data spreads a
        // consultation over all 2,478 of them: a list's header added up 27,000
        // rows (3.5 ms) each time it was read again. Totals without the
        // municipality are a few rows per consultation.
        migrator.registerMigration("v12-submission-totals") { db in
            try db.execute(sql: submissionTotalSQL)
        }
        return migrator
    }

    /// Submissions per consultation, status, channel and municipality.
    static var submissionCountSQL: String {
        keptCountSQL(table: "submissionCount", group: ["consultationId", "moderation", "channel", "jurisdictionId"])
    }

    /// The same without the municipality: a few rows per consultation, for
    /// every count and tally that does not name a municipality.
    static var submissionTotalSQL: String {
        keptCountSQL(table: "submissionTotal", group: ["consultationId", "moderation", "channel"])
    }

    /// A table of submissions counted by `group`, filled from the submissions
    /// and kept by triggers in each write's own transaction.
    static func keptCountSQL(table: String, group columns: [String]) -> String {
        let group = columns.joined(separator: ", ")
        func add(_ row: String) -> String {
            """
            INSERT INTO \(table) (\(group), n)
            VALUES (\(columns.map { "\(row).\($0)" }.joined(separator: ", ")), 1)
            ON CONFLICT (\(group)) DO UPDATE SET n = n + 1;
            """
        }
        let remove = """
            UPDATE \(table) SET n = n - 1 WHERE \(columns.map { "\($0) = OLD.\($0)" }.joined(separator: " AND "));
            """
        let definitions: [String: String] = [
            "consultationId": "consultationId INTEGER NOT NULL",
            "moderation": "moderation TEXT NOT NULL CHECK (moderation IN (\(Moderation.sqlList)))",
            "channel": "channel TEXT NOT NULL CHECK (channel IN (\(Channel.sqlList)))",
            "jurisdictionId": "jurisdictionId INTEGER NOT NULL",
        ]
        return """
        CREATE TABLE \(table) (
            \(columns.map { definitions[$0]! }.joined(separator: ",\n    ")),
            n INTEGER NOT NULL CHECK (n >= 0),
            PRIMARY KEY (\(group))
        ) WITHOUT ROWID;
        INSERT INTO \(table) (\(group), n)
        SELECT \(group), count(*) FROM submission GROUP BY \(group);
        CREATE TRIGGER \(table)_insert AFTER INSERT ON submission BEGIN \(add("NEW")) END;
        CREATE TRIGGER \(table)_update AFTER UPDATE OF \(group) ON submission BEGIN \(remove) \(add("NEW")) END;
        CREATE TRIGGER \(table)_delete AFTER DELETE ON submission BEGIN \(remove) END;
        """
    }

    static let protectionTriggers = ["auditEntry_append_only_update", "auditEntry_append_only_delete",
                                     "membership_never_deleted"]

    static var domainSQL: String { """
    CREATE TABLE cabildoMeta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

    CREATE TABLE jurisdiction (
        id INTEGER PRIMARY KEY,
        inegiCode TEXT NOT NULL UNIQUE
            CHECK (inegiCode GLOB '[0-9][0-9]' OR inegiCode GLOB '[0-9][0-9][0-9][0-9][0-9]'),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN (\(JurisdictionKind.sqlList))),
        parentId INTEGER REFERENCES jurisdiction(id),
        CHECK ((kind = 'state') = (parentId IS NULL)),
        CHECK ((kind = 'state') = (length(inegiCode) = 2))
    );

    CREATE TABLE organisation (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        acronym TEXT,
        sector TEXT NOT NULL CHECK (sector IN (\(Sector.sqlList))),
        jurisdictionId INTEGER REFERENCES jurisdiction(id)
    );

    CREATE TABLE person (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        phone TEXT
    );

    CREATE TABLE account (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        displayName TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN (\(Role.sqlList))),
        jurisdictionId INTEGER REFERENCES jurisdiction(id),
        passwordHash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 \(bool("disabled")),
        createdAt TEXT NOT NULL,
        CHECK (role <> 'editor' OR jurisdictionId IS NOT NULL),
        CHECK (role IN ('editor', 'kiosk') OR jurisdictionId IS NULL)
    );

    CREATE TABLE mechanism (
        id INTEGER PRIMARY KEY,
        jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
        name TEXT NOT NULL,
        acronym TEXT,
        theme TEXT NOT NULL CHECK (theme IN (\(Theme.sqlList))),
        status TEXT NOT NULL CHECK (status IN (\(MechanismStatus.sqlList))),
        established TEXT \(partialDay("established")),
        legalBasis TEXT,
        purpose TEXT,
        budgetProgramme TEXT,
        officialName TEXT,
        officialPost TEXT,
        officialEmail TEXT,
        officialPhone TEXT,
        updatedAt TEXT NOT NULL,
        UNIQUE (jurisdictionId, name)
    );
    CREATE INDEX mechanism_jurisdiction ON mechanism(jurisdictionId);

    CREATE TABLE membership (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        personId INTEGER REFERENCES person(id),
        organisationId INTEGER REFERENCES organisation(id),
        post TEXT NOT NULL,
        sector TEXT NOT NULL CHECK (sector IN (\(Sector.sqlList))),
        startDate TEXT \(day("startDate")),
        endDate TEXT \(day("endDate")),
        CHECK (personId IS NOT NULL OR organisationId IS NOT NULL),
        CHECK (endDate IS NULL OR startDate IS NULL OR endDate >= startDate)
    );
    CREATE INDEX membership_mechanism ON membership(mechanismId);
    CREATE TRIGGER membership_never_deleted BEFORE DELETE ON membership
    BEGIN SELECT RAISE(ABORT, 'memberships are ended, never deleted'); END;

    CREATE TABLE mechanismSession (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        date TEXT NOT NULL \(day("date")),
        place TEXT,
        isOnline INTEGER NOT NULL DEFAULT 0 \(bool("isOnline")),
        kind TEXT NOT NULL CHECK (kind IN (\(SessionKind.sqlList))),
        isPublic INTEGER NOT NULL \(bool("isPublic")),
        minutes TEXT,
        CHECK (isOnline = 1 OR place IS NOT NULL)
    );
    CREATE INDEX mechanismSession_mechanism ON mechanismSession(mechanismId, date);

    CREATE TABLE agendaItem (
        id INTEGER PRIMARY KEY,
        sessionId INTEGER NOT NULL REFERENCES mechanismSession(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position > 0),
        text TEXT NOT NULL,
        UNIQUE (sessionId, position)
    );

    CREATE TABLE sessionAttendance (
        sessionId INTEGER NOT NULL REFERENCES mechanismSession(id) ON DELETE CASCADE,
        membershipId INTEGER NOT NULL REFERENCES membership(id),
        PRIMARY KEY (sessionId, membershipId)
    );

    CREATE TABLE agreement (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        sessionId INTEGER REFERENCES mechanismSession(id),
        text TEXT NOT NULL,
        responsible TEXT,
        dueDate TEXT \(day("dueDate")),
        status TEXT NOT NULL CHECK (status IN (\(AgreementStatus.sqlList)))
    );
    CREATE INDEX agreement_mechanism ON agreement(mechanismId);

    CREATE TABLE agreementFollowUp (
        id INTEGER PRIMARY KEY,
        agreementId INTEGER NOT NULL REFERENCES agreement(id),
        date TEXT NOT NULL \(day("date")),
        status TEXT NOT NULL CHECK (status IN (\(AgreementStatus.sqlList))),
        note TEXT NOT NULL,
        accountId INTEGER REFERENCES account(id)
    );

    CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        date TEXT NOT NULL \(day("date")),
        title TEXT NOT NULL,
        description TEXT
    );

    CREATE TABLE news (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        publishedOn TEXT NOT NULL \(day("publishedOn")),
        title TEXT NOT NULL,
        body TEXT NOT NULL
    );

    CREATE TABLE privacyNotice (
        version TEXT PRIMARY KEY NOT NULL,
        publishedOn TEXT NOT NULL \(day("publishedOn"))
    );
    CREATE TABLE privacyNoticeText (
        version TEXT NOT NULL REFERENCES privacyNotice(version),
        language TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (version, language)
    );

    CREATE TABLE contactRequest (
        id INTEGER PRIMARY KEY,
        mechanismId INTEGER NOT NULL REFERENCES mechanism(id),
        createdAt TEXT NOT NULL,
        place TEXT,
        message TEXT NOT NULL,
        contactName TEXT,
        contactEmail TEXT,
        contactPhone TEXT,
        privacyNoticeVersion TEXT REFERENCES privacyNotice(version),
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN (\(ContactRequestStatus.sqlList))),
        CHECK ((contactName IS NULL AND contactEmail IS NULL AND contactPhone IS NULL)
               OR privacyNoticeVersion IS NOT NULL)
    );
    CREATE INDEX contactRequest_mechanism ON contactRequest(mechanismId);

    CREATE TABLE actionPlan (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL UNIQUE,
        periodStart TEXT \(partialDay("periodStart")),
        periodEnd TEXT \(partialDay("periodEnd")),
        submittedOn TEXT \(day("submittedOn")),
        coordination TEXT,
        monitoringBody TEXT
    );
    CREATE TABLE actionPlanJurisdiction (
        planId INTEGER NOT NULL REFERENCES actionPlan(id),
        jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
        PRIMARY KEY (planId, jurisdictionId)
    );
    CREATE TABLE actionPlanInstitution (
        planId INTEGER NOT NULL REFERENCES actionPlan(id),
        organisationId INTEGER NOT NULL REFERENCES organisation(id),
        role TEXT NOT NULL CHECK (role IN (\(PlanInstitutionRole.sqlList))),
        PRIMARY KEY (planId, organisationId, role)
    );
    CREATE TABLE thematicAxis (
        id INTEGER PRIMARY KEY,
        planId INTEGER NOT NULL REFERENCES actionPlan(id),
        position INTEGER NOT NULL CHECK (position > 0),
        name TEXT NOT NULL,
        UNIQUE (planId, position)
    );
    CREATE TABLE coCreationSpace (
        id INTEGER PRIMARY KEY,
        planId INTEGER NOT NULL REFERENCES actionPlan(id),
        kind TEXT NOT NULL CHECK (kind IN (\(CoCreationKind.sqlList))),
        name TEXT NOT NULL,
        description TEXT,
        opensOn TEXT \(day("opensOn")),
        closesOn TEXT \(day("closesOn")),
        CHECK (closesOn IS NULL OR opensOn IS NULL OR closesOn >= opensOn)
    );
    CREATE TABLE coCreationSpaceJurisdiction (
        spaceId INTEGER NOT NULL REFERENCES coCreationSpace(id),
        jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
        PRIMARY KEY (spaceId, jurisdictionId)
    );

    CREATE TABLE commitment (
        id INTEGER PRIMARY KEY,
        planId INTEGER NOT NULL REFERENCES actionPlan(id),
        number INTEGER CHECK (number IS NULL OR number > 0),
        title TEXT NOT NULL,
        problem TEXT,
        solution TEXT,
        axisId INTEGER REFERENCES thematicAxis(id),
        startDate TEXT \(day("startDate")),
        endDate TEXT \(day("endDate")),
        UNIQUE (planId, number),
        CHECK (endDate IS NULL OR startDate IS NULL OR endDate >= startDate)
    );
    CREATE TABLE commitmentValue (
        commitmentId INTEGER NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
        value TEXT NOT NULL CHECK (value IN (\(OGPValue.sqlList))),
        PRIMARY KEY (commitmentId, value)
    );
    CREATE TABLE commitmentInstitution (
        commitmentId INTEGER NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
        organisationId INTEGER NOT NULL REFERENCES organisation(id),
        role TEXT NOT NULL CHECK (role IN (\(CommitmentInstitutionRole.sqlList))),
        PRIMARY KEY (commitmentId, organisationId, role)
    );
    CREATE TABLE milestone (
        id INTEGER PRIMARY KEY,
        commitmentId INTEGER NOT NULL REFERENCES commitment(id),
        position INTEGER NOT NULL CHECK (position > 0),
        description TEXT NOT NULL,
        dueDate TEXT \(day("dueDate")),
        completedOn TEXT \(day("completedOn")),
        UNIQUE (commitmentId, position)
    );
    CREATE TABLE progressUpdate (
        id INTEGER PRIMARY KEY,
        commitmentId INTEGER NOT NULL REFERENCES commitment(id),
        milestoneId INTEGER REFERENCES milestone(id),
        date TEXT NOT NULL \(day("date")),
        summary TEXT NOT NULL,
        accountId INTEGER REFERENCES account(id)
    );
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        progressUpdateId INTEGER NOT NULL REFERENCES progressUpdate(id),
        kind TEXT NOT NULL CHECK (kind IN (\(EvidenceKind.sqlList))),
        reference TEXT NOT NULL,
        description TEXT
    );
    CREATE TABLE assessment (
        id INTEGER PRIMARY KEY,
        commitmentId INTEGER NOT NULL REFERENCES commitment(id),
        assessedOn TEXT NOT NULL \(day("assessedOn")),
        verifiable INTEGER NOT NULL \(bool("verifiable")),
        potentialForResults TEXT NOT NULL CHECK (potentialForResults IN (\(PotentialForResults.sqlList))),
        completion TEXT CHECK (completion IS NULL OR completion IN (\(Completion.sqlList))),
        openedGovernment TEXT CHECK (openedGovernment IS NULL OR openedGovernment IN (\(OpenedGovernment.sqlList))),
        rationale TEXT NOT NULL,
        accountId INTEGER REFERENCES account(id)
    );

    CREATE TABLE consultation (
        id INTEGER PRIMARY KEY,
        jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
        title TEXT NOT NULL,
        theme TEXT NOT NULL CHECK (theme IN (\(Theme.sqlList))),
        description TEXT,
        opensOn TEXT NOT NULL \(day("opensOn")),
        closesOn TEXT NOT NULL \(day("closesOn")),
        CHECK (closesOn >= opensOn)
    );
    CREATE TABLE consultationQuestion (
        id INTEGER PRIMARY KEY,
        consultationId INTEGER NOT NULL REFERENCES consultation(id),
        position INTEGER NOT NULL CHECK (position > 0),
        prompt TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'choice')),
        required INTEGER NOT NULL \(bool("required")),
        maxLength INTEGER NOT NULL CHECK (maxLength BETWEEN 1 AND 10000),
        choices TEXT CHECK ((kind = 'choice') = (choices IS NOT NULL)),
        UNIQUE (consultationId, position)
    );
    CREATE TABLE consultationCommitment (
        consultationId INTEGER NOT NULL REFERENCES consultation(id),
        commitmentId INTEGER NOT NULL REFERENCES commitment(id),
        PRIMARY KEY (consultationId, commitmentId)
    );

    CREATE TABLE submission (
        id INTEGER PRIMARY KEY,
        folio TEXT NOT NULL UNIQUE CHECK (length(folio) = 9),
        consultationId INTEGER NOT NULL REFERENCES consultation(id),
        channel TEXT NOT NULL CHECK (channel IN (\(Channel.sqlList))),
        place TEXT NOT NULL,
        jurisdictionId INTEGER NOT NULL REFERENCES jurisdiction(id),
        receivedAt TEXT NOT NULL,
        moderation TEXT NOT NULL DEFAULT 'pending' CHECK (moderation IN (\(Moderation.sqlList))),
        rejectionReason TEXT,
        contactName TEXT,
        contactEmail TEXT,
        contactPhone TEXT,
        privacyNoticeVersion TEXT REFERENCES privacyNotice(version),
        commitmentId INTEGER REFERENCES commitment(id),
        recordedBy INTEGER REFERENCES account(id),
        CHECK ((moderation = 'rejected') = (rejectionReason IS NOT NULL)),
        CHECK ((contactName IS NULL AND contactEmail IS NULL AND contactPhone IS NULL)
               OR privacyNoticeVersion IS NOT NULL)
    );
    CREATE INDEX submission_consultation ON submission(consultationId, receivedAt);
    CREATE INDEX submission_receivedAt ON submission(receivedAt);

    CREATE TABLE answer (
        submissionId INTEGER NOT NULL REFERENCES submission(id),
        questionId INTEGER NOT NULL REFERENCES consultationQuestion(id),
        text TEXT NOT NULL,
        PRIMARY KEY (submissionId, questionId)
    );

    CREATE TABLE response (
        id INTEGER PRIMARY KEY,
        submissionId INTEGER NOT NULL UNIQUE REFERENCES submission(id),
        body TEXT NOT NULL,
        respondedAt TEXT NOT NULL,
        accountId INTEGER REFERENCES account(id)
    );

    CREATE TABLE auditEntry (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        accountId INTEGER REFERENCES account(id),
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        recordTable TEXT NOT NULL,
        recordId INTEGER,
        before TEXT,
        after TEXT,
        previousHash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE INDEX auditEntry_record ON auditEntry(recordTable, recordId);
    CREATE TRIGGER auditEntry_append_only_update BEFORE UPDATE ON auditEntry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    CREATE TRIGGER auditEntry_append_only_delete BEFORE DELETE ON auditEntry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    """ }

    /// The submissions' search table as `v10-search-prefixes` makes it: with
    /// prefix indexes of 2 to 6 characters (a longer prefix is found as
    /// before, by merging the words it starts).
    static let submissionSearchTableSQL = """
        CREATE VIRTUAL TABLE submissionSearch USING fts5(
            folio, place, answers, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')
        """

    /// Accent-folded full-text search (unicode61 remove_diacritics 2), kept
    /// in step with the records by triggers so no writer can skip it.
    static var searchSQL: String { """
    CREATE VIRTUAL TABLE mechanismSearch USING fts5(
        name, acronym, purpose, legalBasis, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER mechanism_search_insert AFTER INSERT ON mechanism BEGIN
        INSERT INTO mechanismSearch(rowid, name, acronym, purpose, legalBasis)
        VALUES (NEW.id, NEW.name, NEW.acronym, NEW.purpose, NEW.legalBasis);
    END;
    CREATE TRIGGER mechanism_search_update AFTER UPDATE ON mechanism BEGIN
        DELETE FROM mechanismSearch WHERE rowid = OLD.id;
        INSERT INTO mechanismSearch(rowid, name, acronym, purpose, legalBasis)
        VALUES (NEW.id, NEW.name, NEW.acronym, NEW.purpose, NEW.legalBasis);
    END;
    CREATE TRIGGER mechanism_search_delete AFTER DELETE ON mechanism BEGIN
        DELETE FROM mechanismSearch WHERE rowid = OLD.id;
    END;

    CREATE VIRTUAL TABLE commitmentSearch USING fts5(
        title, problem, solution, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment BEGIN
        INSERT INTO commitmentSearch(rowid, title, problem, solution)
        VALUES (NEW.id, NEW.title, NEW.problem, NEW.solution);
    END;
    CREATE TRIGGER commitment_search_update AFTER UPDATE ON commitment BEGIN
        DELETE FROM commitmentSearch WHERE rowid = OLD.id;
        INSERT INTO commitmentSearch(rowid, title, problem, solution)
        VALUES (NEW.id, NEW.title, NEW.problem, NEW.solution);
    END;
    CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment BEGIN
        DELETE FROM commitmentSearch WHERE rowid = OLD.id;
    END;

    CREATE VIRTUAL TABLE submissionSearch USING fts5(
        folio, place, answers, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER submission_search_insert AFTER INSERT ON submission BEGIN
        INSERT INTO submissionSearch(rowid, folio, place, answers) VALUES (NEW.id, NEW.folio, NEW.place, '');
    END;
    CREATE TRIGGER answer_search_insert AFTER INSERT ON answer BEGIN
        UPDATE submissionSearch SET answers =
            (SELECT group_concat(text, char(10)) FROM answer WHERE submissionId = NEW.submissionId)
        WHERE rowid = NEW.submissionId;
    END;
    CREATE TRIGGER submission_search_delete AFTER DELETE ON submission BEGIN
        DELETE FROM submissionSearch WHERE rowid = OLD.id;
    END;
    """ }
}
