import CabildoText
import Foundation

/// Text as `Screen.put` lays it into cells: sanitised, cut to the room with
/// an ellipsis, one glyph per grapheme with its width. A frame is mostly the
/// text of the frame before it (a session that redraws because one row was
/// added redraws the other rows, the header and the key hints unchanged), so
/// the loop keeps the layouts of the last two frames and lays out only what
/// is new: sanitising and measuring every string of every frame was a third
/// of an idle session's drawing.
public final class TextLayout: @unchecked Sendable {
    public struct Glyph: Equatable, Sendable {
        public let text: String
        public let cells: Int
    }

    /// Keyed by the text's bytes: a String's own hash and == normalise
    /// Unicode first, which cost as much as the layout it saved.
    struct Key: Hashable {
        let text: String
        let room: Int

        func hash(into hasher: inout Hasher) {
            hasher.combine(room)
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }

        static func == (a: Key, b: Key) -> Bool { a.room == b.room && a.text.utf8.elementsEqual(b.text.utf8) }
    }

    private let lock = NSLock()
    private var current: [Key: [Glyph]] = [:]
    private var previous: [Key: [Glyph]] = [:]
    /// Layouts made rather than found, in all (for tests).
    public private(set) var laidOut = 0

    public init() {}

    /// Called before each frame: what the frame before last used and this one does not is let go.
    public func startFrame() {
        lock.withLock {
            previous = current
            current = [:]
        }
    }

    func glyphs(_ text: String, room: Int) -> [Glyph] {
        let key = Key(text: text, room: room)
        return lock.withLock {
            if let known = current[key] ?? previous[key] {
                current[key] = known
                return known
            }
            laidOut += 1
            let made = Self.glyphs(text, room: room)
            current[key] = made
            return made
        }
    }

    /// The one layout of text into at most `room` cells.
    static func glyphs(_ text: String, room: Int) -> [Glyph] {
        let safe = TextWidth.truncate(TextRules.displaySafe(text), to: room)
        var glyphs: [Glyph] = []
        var used = 0
        for character in safe {
            let w = TextWidth.cells(character)
            guard w > 0 else { continue }
            guard used + w <= room else { break }
            glyphs.append(Glyph(text: String(character), cells: w))
            used += w
        }
        return glyphs
    }
}
