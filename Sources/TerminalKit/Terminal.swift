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
