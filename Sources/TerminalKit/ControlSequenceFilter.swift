/// Drops the control sequences that arrive as input without a key behind
/// them — pasted or echoed CSI (`ESC [` … final byte) with SGR mouse reports
/// (`ESC [ < … M/m`) and X10 ones (`ESC [ M` and three bytes), the strings
/// OSC, DCS, SOS, PM and APC (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` up
/// to ST `ESC \`, or BEL), SS2/SS3 with their one character, and the same
/// in their 8-bit C1 forms — so that none of their characters acts as a key.
/// Any other `ESC x` (with its intermediates) is dropped too when
/// `dropsEscapePairs` (a kiosk: no one there types Alt-x, and a pasted
/// `ESC c` must not act as Esc); otherwise it is the Escape key and `x`, as
/// an official who presses Esc and then `/` or a command key quickly means it.
///
/// A pure function of the characters fed, one at a time: a sequence split
/// across reads is still dropped whole. `pause()` says no more input is
/// waiting: an ESC left alone then was the Escape key. A sequence left
/// unfinished for longer than `staleAfter` is abandoned, so a stray
/// introducer cannot swallow a person's typing.
public struct ControlSequenceFilter: Sendable {
    enum State: Equatable, Sendable {
        case ground
        case escape                     // after ESC
        case intermediate               // ESC, then 0x20–0x2F, until a final byte
        case controlSequence(Int)       // CSI; how many parameter or intermediate bytes so far
        case mouse(Int)                 // X10 mouse report: bytes still to drop
        case single                     // SS2/SS3: one more character to drop
        case string                     // OSC, DCS, SOS, PM, APC: up to ST or BEL
        case stringEscape               // ESC inside a string
    }

    private(set) var state = State.ground
    private var last: Double = 0
    public let staleAfter: Double
    public let dropsEscapePairs: Bool

    public init(staleAfter: Double = 0.5, dropsEscapePairs: Bool = true) {
        self.staleAfter = staleAfter
        self.dropsEscapePairs = dropsEscapePairs
    }

    /// True while a sequence has started and not ended.
    public var isInSequence: Bool { state != .ground }

    /// Feeds one character (a Unicode scalar value, as `wget_wch` gives it)
    /// read at `time` seconds; returns the characters that are keys: none
    /// while a sequence is dropped, two when an ESC turns out to have been
    /// the Escape key followed by a control character.
    public mutating func feed(_ c: UInt32, at time: Double = 0) -> [UInt32] {
        if state != .ground && time - last > staleAfter { state = .ground }
        last = time
        return step(c)
    }

    /// No more input is waiting now.
    public mutating func pause() -> [UInt32] {
        switch state {
        case .escape: state = .ground; return [27]    // ESC alone: the Escape key
        case .stringEscape: state = .ground; return []
        default: return []                           // a sequence split across reads: keep dropping it
        }
    }

    /// Forgets a sequence in progress (a real key arrived, e.g. a function key).
    public mutating func reset() { state = .ground }

    /// ncurses matched a mouse report's introducer (terminfo `kmous`: `ESC [ M`,
    /// or `ESC [ <` for SGR reports) and hands the rest on as characters:
    /// X10's three bytes, or SGR's parameters up to `M` or `m`.
    public mutating func mouseReportFollows(sgr: Bool) { state = sgr ? .controlSequence(1) : .mouse(3) }

    private mutating func step(_ c: UInt32) -> [UInt32] {
        switch state {
        case .ground:
            switch c {
            case 27: state = .escape
            case 0x9B: state = .controlSequence(0)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: state = .string
            case 0x8E, 0x8F: state = .single
            case 0x80...0x9F: break            // any other C1 control: never a key
            default: return [c]
            }
            return []
        case .escape:
            switch c {
            case 0x5B: state = .controlSequence(0)                      // [
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string          // ] P X ^ _
            case 0x4E, 0x4F: state = .single                          // N O
            case 0x20...0x2F:
                guard dropsEscapePairs else { state = .ground; return [27, c] }
                state = .intermediate
            case 0x30...0x7E:                                          // ESC x
                state = .ground
                return dropsEscapePairs ? [] : [27, c]
            case 27: return [27]                                       // Escape, then another ESC
            case 0...0x1F, 0x7F: state = .ground; return [27] + step(c)  // Escape, then a control key
            default: state = .ground                                   // ESC and a non-ASCII character
            }
            return []
        case .intermediate:
            switch c {
            case 0x20...0x2F: break
            case 27: state = .escape
            default: state = .ground
            }
            return []
        case .controlSequence(let count):
            switch c {
            case 0x4D where count == 0: state = .mouse(3)              // ESC [ M b x y
            case 0x40...0x7E, 0x18, 0x1A: state = .ground              // final byte; CAN and SUB cancel
            case 27: state = .escape
            case 0x20...0x3F: state = count < 256 ? .controlSequence(count + 1) : .ground
            default: break                                             // controls inside: dropped with it
            }
            return []
        case .mouse(let left):
            state = left > 1 ? .mouse(left - 1) : .ground
            return []
        case .single:
            state = .ground
            return []
        case .string:
            switch c {
            case 7, 0x9C: state = .ground
            case 27: state = .stringEscape
            default: break
            }
            return []
        case .stringEscape:
            if c == 0x5C { state = .ground; return [] }                // ST
            state = .escape                                            // the ESC starts a new sequence
            return step(c)
        }
    }

    /// Runs a whole stream through a fresh filter, with a pause at its end:
    /// what a terminal delivers from that input.
    public static func keys(in input: [UInt32], dropsEscapePairs: Bool = true) -> [UInt32] {
        var filter = ControlSequenceFilter(dropsEscapePairs: dropsEscapePairs)
        return input.flatMap { filter.feed($0) } + filter.pause()
    }
}
