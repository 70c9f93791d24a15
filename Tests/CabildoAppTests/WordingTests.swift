import CabildoTestSupport
@testable import CabildoApp
@testable import CabildoCore
import CabildoText
import Foundation
import Testing

/// How moments are read: the local time zone, the session's language, never raw UTC.
@MainActor @Suite struct WordingTests {
    @Test func momentsAreInTheLocalTimeZoneAndTheSessionsLanguage() throws {
        let officials = try Officials()
        let mexico = try #require(TimeZone(identifier: "America/Mexico_City"))
        let spanish = AppSession(database: officials.database, account: officials.admin.account,
                                 localizer: try Localizer.load(language: "es", localesDirectory: Resources.locales),
                                 terminal: "tests")
        let es = Wording.moment("2026-11-22T03:36:14Z", spanish, in: mexico)
        #expect(es.contains("21 de noviembre de 2026") && (es.contains("21:36") || es.contains("9:36")), "\(es)")
        let en = Wording.moment("2026-11-22T03:36:14Z", officials.admin, in: mexico)
        #expect(en.contains("November 21, 2026") && en.contains("9:36"), "\(en)")
        #expect(!es.contains("T03") && !en.contains("Z"))
        #expect(Wording.moment("not a moment", spanish) == "not a moment")
    }

    /// A submission received at 9:30 p.m. in Mexico City (03:30 UTC the next day)
    /// is listed on the day its detail names, not on the UTC day.
    @Test func aListShowsTheDayWhereTheServerIs() throws {
        let mexico = try #require(TimeZone(identifier: "America/Mexico_City"))
        let evening = try Date("2026-03-02T03:30:00Z", strategy: .iso8601)
        let officials = try Officials(clock: Clock(now: { evening }, timeZone: mexico))
        let submission = try officials.submission()
        #expect(submission.receivedAt.hasPrefix("2026-03-02"))
        let list = SubmissionsPane(submission.consultationId)
        try list.load(officials.admin)
        let row = list.rows.row(0).text
        #expect(row.contains(" 2026-03-01 — ") && !row.contains("2026-03-02"), "\(row)")
        let detail = SubmissionPane(submission.id!)
        try detail.load(officials.admin)
        #expect(detail.header.joined().contains("March 1, 2026"), "\(detail.header)")
        #expect(Clock(timeZone: TimeZone(identifier: "UTC")!).day(of: "2026-03-02T03:30:00Z") == "2026-03-02")
        #expect(Clock(timeZone: mexico).day(of: "2026-03-02T03:30:00Z") == "2026-03-01")
        #expect(Wording.day("not a moment", officials.admin) == "not a moment")
    }

    @Test func progressIsWrittenInWords() throws {
        let officials = try Officials()
        let bar = Wording.bar(CommitmentProgress(completed: 1, total: 2), officials.admin)
        #expect(bar == "[#####-----] 50 percent")
    }
}
