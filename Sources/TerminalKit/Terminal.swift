/// Where frames go and keys come from.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Writes the cells that changed since the last frame, then puts the
    /// hardware cursor on `screen.cursor`.
    func present(_ screen: Screen)
    /// The next key if one is waiting, without blocking.
    func readKey() -> Key?
    /// Restores the terminal as it was.
    func shutdown()
}

/// A key as it was read, and whether it came with others in one read:
/// faster than anyone types, as a paste or a program writing to the
/// terminal delivers it. What to do with such keys is the application's call.
public struct KeyEvent: Equatable, Sendable {
    public let key: Key
    public let burst: Bool

    public init(_ key: Key, burst: Bool = false) {
        self.key = key
        self.burst = burst
    }
}

extension Terminal {
    /// Keys that arrive together in a burst: more than a person types before
    /// a program reads them, even a slow program on a busy machine, which may
    /// read two or three typed keys at once (a paste brings hundreds).
    public static var burstSize: Int { 8 }

    /// Every key waiting now (at most `limit`, so nothing queued can hold the
    /// caller). When `burstSize` or more arrived together — resizes aside —
    /// each is marked as part of a burst.
    public func waitingKeys(limit: Int = 4_096) -> [KeyEvent] {
        var keys: [Key] = []
        while keys.count < limit, let key = readKey() { keys.append(key) }
        let burst = keys.lazy.filter { $0 != .resize }.count >= Self.burstSize
        return keys.map { KeyEvent($0, burst: burst && $0 != .resize) }
    }
}

/// A terminal in memory, for tests: the last frame as text and cells, the
/// cursor, how many cells each frame changed, and keys to feed.
public final class MemoryTerminal: Terminal {
    public var size: (width: Int, height: Int)
    public private(set) var screen: Screen
    public private(set) var cellsWrittenLastFrame = 0
    public private(set) var frames = 0
    public var pendingKeys: [Key] = []

    public init(width: Int = 80, height: Int = 24) {
        size = (width, height)
        screen = Screen(width: width, height: height)
    }

    public func present(_ frame: Screen) {
        if frame.width == screen.width && frame.height == screen.height {
            cellsWrittenLastFrame = zip(frame.cells, screen.cells).filter { $0 != $1 }.count
        } else {
            cellsWrittenLastFrame = frame.cells.count
        }
        screen = frame
        frames += 1
    }

    public func readKey() -> Key? { pendingKeys.isEmpty ? nil : pendingKeys.removeFirst() }
    public func shutdown() {}

    public var cursor: (row: Int, column: Int) { screen.cursor }
    public var text: String { screen.text }

    /// The text of the row the cursor is on: what a braille display shows.
    public var lineUnderCursor: String { screen.line(screen.cursor.row) }
}
