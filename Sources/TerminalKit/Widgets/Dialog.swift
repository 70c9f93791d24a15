import CabildoText

/// A yes/no question in a frame; the cursor sits on the chosen answer,
/// which is also marked "[ ]" so it reads without colour.
public struct ConfirmDialog: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable { case pending, confirmed, cancelled }

    public let question: String
    public var yesSelected = false
    public private(set) var outcome = Outcome.pending

    public init(_ question: String) { self.question = question }

    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left, .right, .tab, .backTab: yesSelected.toggle()
        case .enter: outcome = yesSelected ? .confirmed : .cancelled
        case .escape: outcome = .cancelled
        case .character(let c):
            let yes = Message("y").description.lowercased(), no = Message("n").description.lowercased()
            if String(c).lowercased() == yes { outcome = .confirmed }
            else if String(c).lowercased() == no { outcome = .cancelled }
            else { return false }
        default: return false
        }
        return true
    }

    public func draw(into screen: inout Screen) {
        let yes = Message("Yes").description, no = Message("No").description
        let width = min(screen.width, max(TextWidth.cells(question) + 4, 30))
        let rect = Rect(row: max(0, screen.height / 2 - 3), column: max(0, (screen.width - width) / 2), width: width,
                        height: min(screen.height, 6))
        screen.fill(rect)
        screen.box(rect)
        screen.put(question, row: rect.row + 1, column: rect.column + 2, limit: width - 4)
        let yesText = yesSelected ? "[\(yes)]" : " \(yes) ", noText = yesSelected ? " \(no) " : "[\(no)]"
        let buttonsRow = rect.row + 3
        let yesColumn = rect.column + 2
        let noColumn = yesColumn + TextWidth.cells(yesText) + 3
        screen.put(yesText, row: buttonsRow, column: yesColumn, role: yesSelected ? .focus : .normal)
        screen.put(noText, row: buttonsRow, column: noColumn, role: yesSelected ? .normal : .focus)
        screen.setCursor(row: buttonsRow, column: (yesSelected ? yesColumn : noColumn) + 1)
    }
}
