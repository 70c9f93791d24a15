/// The kiosk's few commands. The raw value is the command's name in its
/// key table; like the officials' `Command`, it never changes.
public enum KioskCommand: String, CaseIterable, Sendable {
    case `continue`, submit, back, staff
    /// With `--speak`: say the step again.
    case `repeat`
}

/// Where a kiosk command applies: choosing by number, typing, reading a
/// result, and the staff's sign-in.
public enum KioskContext: String, CaseIterable, Sendable {
    case choose = "kiosk.choose", text = "kiosk.text", read = "kiosk.read", staff = "kiosk.staff"
}
