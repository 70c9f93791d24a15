import CabildoCore
import Foundation
import Testing
@testable import CabildoUI

/// A session nobody is using looks for changes at most every 1.5 s; one in
/// use looks every second, and at once after a key that ends an idle spell.
@MainActor @Suite struct ChangePaceTests {
    /// A clock the test moves by hand.
    final class Clock { var now = Date(timeIntervalSince1970: 1_800_000_000) }
    let clock = Clock()
    let world: ChangeNoticeUITests

    init() throws {
        let clock = self.clock
        world = try ChangeNoticeUITests(clock: { clock.now })
    }

    /// The timer's ticks every half second for `seconds`, a submission
    /// recorded elsewhere before each: the times at which the list was read again.
    func ticks(for seconds: Double, list: PaneScreen) throws -> [Double] {
        var reads: [Double] = []
        let start = clock.now
        for _ in 0..<Int(seconds / ChangePace.period) {
            clock.now += ChangePace.period
            try world.recordElsewhere(in: 0)
            let loads = list.loads
            world.app.timerTick()
            if list.loads > loads { reads.append(clock.now.timeIntervalSince(start)) }
        }
        return reads
    }

    @Test func anIdleSessionReadsChangesAtMostEveryOneAndAHalfSeconds() throws {
        let list = try world.showSubmissions()
        clock.now += 60   // no key for a minute
        let reads = try ticks(for: 9, list: list)
        // Every 1.5 s, never more often, so a submission waits at most 1.5 s.
        #expect(reads == [0.5, 2, 3.5, 5, 6.5, 8])
        // The one recorded at 9 is shown at 9.5.
        clock.now += ChangePace.period
        #expect(world.app.timerTick())
        let shown = try #require(try world.app.database.submissions(of: world.consultations[0].id, limit: 1).first)
        #expect(world.frameText().contains(Folio.display(shown.folio)))
        #expect(list.rowCount == (try world.app.database.submissionCount(of: world.consultations[0].id)))
    }

    @Test func aSessionInUseReadsChangesEverySecondAndAtOnceAfterAKey() throws {
        let list = try world.showSubmissions()
        clock.now += 60
        _ = try ticks(for: 1, list: list)    // idle: read at 0.5, then not before 2.0
        clock.now += 0.1
        _ = world.app.handle(.down)         // someone is back
        try world.recordElsewhere(in: 0)
        let loads = list.loads
        clock.now += 0.1
        #expect(world.app.timerTick())
        #expect(list.loads == loads + 1)     // 0.7 s after the last read, not 1.5
        // In use (a key within 5 s): every second.
        let reads = try ticks(for: 3, list: list)
        #expect(reads == [1, 2, 3])
        // Left alone again: back to every 1.5 s.
        clock.now += 10
        #expect(try ticks(for: 4.5, list: list) == [0.5, 2, 3.5])
    }

    /// The timer itself slows down when nobody uses the session: it fires at
    /// the idle pace, not every half second, and every half second again
    /// from the first key.
    @Test func theTimerFiresOnlyAtTheIdlePaceWhenNobodyUsesTheSession() throws {
        let list = try world.showSubmissions()
        var scheduled: [(delay: TimeInterval, period: TimeInterval)] = []
        world.app.rescheduleTimer = { scheduled.append(($0, $1)) }
        _ = world.app.handle(.down)
        #expect(world.app.timerPeriod == ChangePace.period)
        clock.now += 4
        world.app.timerTick()
        #expect(world.app.timerPeriod == ChangePace.period)
        #expect(scheduled.isEmpty)   // in use: the timer is left as it was
        clock.now += 1.5
        world.app.timerTick()
        #expect(world.app.timerPeriod == 1.5)
        // The timer itself was moved: next in 1.5 s, then every 1.5 s.
        #expect(scheduled.count == 1 && scheduled.last?.delay == 1.5 && scheduled.last?.period == 1.5)
        // Ticking at that period, each tick looks.
        var looked = 0
        for _ in 0..<4 {
            clock.now += 1.5
            try world.recordElsewhere(in: 0)
            let loads = list.loads
            if world.app.timerTick() && list.loads == loads + 1 { looked += 1 }
        }
        #expect(looked == 4)
        _ = world.app.handle(.up)
        #expect(world.app.timerPeriod == ChangePace.period)
        // A key brings the half-second pace back, the first tick at once.
        #expect(scheduled.count == 2 && scheduled.last?.delay == 0 && scheduled.last?.period == ChangePace.period)
    }
}
