import Foundation

/// How often a session looks for changes made by other terminals. A session
/// in use looks every second; one left alone (no key for `idleAfter`) at most
/// every 1.5 s, so a hundred sessions nobody touches cost a third less while a
/// new submission still shows within 2 s. The first key after such a spell
/// makes the next look due at once: the person at it never waits on the pace.
struct ChangePace {
    /// The timer's period: fine enough for both paces, and a tick that is not
    /// due reads nothing.
    static let period: TimeInterval = 0.5
    var inUse: TimeInterval = 1
    var idle: TimeInterval = 1.5
    var idleAfter: TimeInterval = 5
    private(set) var lastLook: Date?
    private var wokenByKey = false

    /// How often the timer fires: every half second while the session is in
    /// use (fine enough for the 1 s pace), and at the idle pace itself once
    /// nobody has pressed a key for `idleAfter`. Firing every half second
    /// when idle woke a session twice for each look, for nothing.
    func timerPeriod(at now: Date, lastKey: Date) -> TimeInterval {
        now.timeIntervalSince(lastKey) >= idleAfter ? idle : Self.period
    }

    /// A key at `now`, the previous one at `lastKey`.
    mutating func key(at now: Date, lastKey: Date) {
        if now.timeIntervalSince(lastKey) >= idleAfter { wokenByKey = true }
    }

    /// Whether a timer's tick at `now` looks for changes; if so, it counts as the look.
    mutating func due(at now: Date, lastKey: Date) -> Bool {
        let interval = now.timeIntervalSince(lastKey) >= idleAfter ? idle : inUse
        // Half a period of slack: timer ticks arrive a little early or late.
        guard wokenByKey || lastLook.map({ now.timeIntervalSince($0) >= interval - Self.period / 2 }) ?? true
        else { return false }
        lastLook = now
        wokenByKey = false
        return true
    }
}
