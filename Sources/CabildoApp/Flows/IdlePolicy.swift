/// One idle policy for every place a citizen leaves things unfinished:
/// after `idleSeconds` without a key, a warning counts down
/// `countdownSeconds`; then everything the citizen entered is wiped. Any key
/// during the warning keeps it all. The welcome screen has nothing to lose.
public struct IdlePolicy: Sendable, Equatable {
    public let idleSeconds: Int
    public let countdownSeconds: Int

    public init(idleSeconds: Int = 90, countdownSeconds: Int = 15) {
        self.idleSeconds = idleSeconds; self.countdownSeconds = countdownSeconds
    }

    public enum Decision: Sendable, Equatable {
        /// Look again after this many seconds.
        case wait(Int)
        /// Show the warning with the seconds left; look again in one second.
        case warn(secondsLeft: Int)
        /// Forget everything, then wait a whole idle time again.
        case wipe
    }

    /// What to do after `idle` seconds without a key.
    public func decide(idle: Int, nothingToLose: Bool) -> Decision {
        if nothingToLose { return .wait(idleSeconds) }
        if idle < idleSeconds { return .wait(idleSeconds - idle) }
        let left = countdownSeconds - (idle - idleSeconds)
        return left <= 0 ? .wipe : .warn(secondsLeft: left)
    }
}
