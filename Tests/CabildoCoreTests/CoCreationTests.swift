import CabildoTestSupport
import Foundation
import GRDB
import Testing
@testable import CabildoCore

@Suite struct CoCreationTests {
    /// The template's figures come from the meetings recorded: an
    /// organisation at two meetings is one group; only public-facing
    /// meetings count as such; nobody but the plan's editors records them.
    @Test func figuresAreCountedFromTheMeetingsRecorded() throws {
        let world = try World()
        let plan = try world.planId()
        let spaces = try world.db.coCreationSpaces(planId: plan)
        #expect(spaces.count == 3)
        #expect(try world.db.coCreationFigures(planId: plan)
            == CoCreationFigures(spaces: 3, meetings: 0, publicMeetings: 0, groups: 0, attendees: 0))
        let organisations = try world.db.organisations().prefix(3).map { $0.id! }
        _ = try world.db.recordCoCreationMeeting(spaceId: spaces[1].id!, date: "2021-10-05", place: "En línea",
                                                 isPublic: true, attendees: 40, organisationIds: Array(organisations.prefix(2)),
                                                 by: world.stateEditor)
        _ = try world.db.recordCoCreationMeeting(spaceId: spaces[2].id!, date: "2021-10-12", place: "Toluca",
                                                 isPublic: false, attendees: nil, organisationIds: Array(organisations.suffix(2)),
                                                 by: world.admin)
        #expect(try world.db.coCreationFigures(planId: plan)
            == CoCreationFigures(spaces: 3, meetings: 2, publicMeetings: 1, groups: 3, attendees: 40))
        let audits = try world.auditCount()
        for actor in [world.tlalnepantlaEditor, world.monitor, world.kiosk] {
            #expect(cabildoError {
                try world.db.recordCoCreationMeeting(spaceId: spaces[0].id!, date: "2021-10-20", place: nil, isPublic: true,
                                                     attendees: nil, organisationIds: [], by: actor)
            }?.kind == .permission)
        }
        #expect(cabildoError {
            try world.db.recordCoCreationMeeting(spaceId: spaces[0].id!, date: "2021-13-40", place: nil, isPublic: true,
                                                 attendees: nil, organisationIds: [], by: world.admin)
        }?.field == "date")
        #expect(try world.auditCount() == audits)
    }
}
