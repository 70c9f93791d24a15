import Foundation
import TerminalKit

/// A selection is shown by attributes alone (two highlighted cells before the
/// row; see `ListView`): tests read it as a sighted person sees it, "> ".
extension Screen {
    /// Row `row` as text, its selection marker written "> ".
    public func marked(_ row: Int) -> String {
        var cells = (0..<width).map { self[row, $0].text }
        if let start = (0..<max(0, width - 1)).first(where: { self[row, $0].role == .marker }),
           self[row, start + 1].role == .marker, cells[start] == " ", cells[start + 1] == " " {
            cells[start] = ">"
        }
        return cells.joined()
    }

    /// The whole screen as text, selection markers written "> ".
    public var markedText: String {
        (0..<height).map { marked($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }
}

/// The same for a terminal's screen captured with its attributes (tmux
/// capture-pane -e): two reverse-video blanks first on a line are "> ".
public enum MarkedCapture {
    public static func text(_ styled: String) -> String {
        styled.components(separatedBy: "\n").map(line).joined(separator: "\n")
    }

    static func line(_ styled: String) -> String {
        var out = "", reverse = false
        var marked = false, blanksInReverse = 0, onlyBlanksBefore = true
        var scalars = Array(styled.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\u{1B}", scalars.first == "[" {
                scalars.removeFirst()
                var parameters = ""
                while let next = scalars.popFirst(), !(0x40...0x7E).contains(next.value) { parameters.unicodeScalars.append(next) }
                var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                while let code = codes.popFirst() {
                    switch code {
                    case 0: reverse = false
                    case 7: reverse = true
                    case 27: reverse = false
                    case 38, 48, 58: if codes.popFirst() == 5 { codes = codes.dropFirst() } else { codes = codes.dropFirst(3) }
                    default: break
                    }
                }
                continue
            }
            if scalar == "\u{1B}" { continue }
            if !marked && onlyBlanksBefore && scalar == " " && reverse {
                blanksInReverse += 1
                out += " "
                if blanksInReverse == 2 { out.removeLast(2); out += "> "; marked = true }
                continue
            }
            if scalar != " " { onlyBlanksBefore = false }
            blanksInReverse = 0
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
