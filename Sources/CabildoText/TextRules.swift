import Foundation

/// Why a character may not be stored or shown as it is.
public enum UnsafeCharacterKind: String, Sendable, Equatable {
    case control        // C0 controls (except newline and tab) and DEL
    case c1Control      // U+0080–U+009F, e.g. the 8-bit CSI U+009B
    case bidiControl    // embeddings, overrides, isolates and marks
    case invisible      // zero-width characters and the BOM
    case lineSeparator  // U+2028, U+2029
}

/// What a field accepts: the one declaration the write-time rules check.
public struct TextPolicy: Sendable, Equatable {
    public var maxLength: Int
    public var multiline: Bool
    public var required: Bool

    public init(maxLength: Int, multiline: Bool = false, required: Bool = false) {
        self.maxLength = maxLength
        self.multiline = multiline
        self.required = required
    }

    public static func line(_ maxLength: Int = 200, required: Bool = false) -> TextPolicy {
        TextPolicy(maxLength: maxLength, multiline: false, required: required)
    }

    public static func paragraphs(_ maxLength: Int = 10_000, required: Bool = false) -> TextPolicy {
        TextPolicy(maxLength: maxLength, multiline: true, required: required)
    }
}

/// A rule the text broke; `position` counts characters from 1, as a person would.
public enum TextViolation: Error, Sendable, Equatable {
    case required
    case tooLong(limit: Int, length: Int)
    case lineBreak(position: Int)
    case unsafeCharacter(UnsafeCharacterKind, scalar: UInt32, position: Int)
}

/// The text rules, in one place: what may be stored, and how anything is shown.
public enum TextRules {
    /// Classifies one scalar; nil means it is safe to store and to show.
    public static func unsafeKind(_ scalar: Unicode.Scalar) -> UnsafeCharacterKind? {
        switch scalar.value {
        case 0x09, 0x0A: return nil
        case 0x00...0x1F, 0x7F: return .control
        case 0x80...0x9F: return .c1Control
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return .bidiControl
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x180E: return .invisible
        case 0x2028, 0x2029: return .lineSeparator
        default: return nil
        }
    }

    /// Write-time check: NFC, line ends unified, surrounding blanks trimmed,
    /// then every rule of the policy. Returns the text to store.
    public static func clean(_ raw: String, policy: TextPolicy) throws(TextViolation) -> String {
        var text = raw.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .precomposedStringWithCanonicalMapping
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if policy.required { throw .required }
            return text
        }
        var position = 0
        for character in text {
            position += 1
            for scalar in character.unicodeScalars {
                if scalar == "\n" && !policy.multiline { throw .lineBreak(position: position) }
                if let kind = unsafeKind(scalar) {
                    throw .unsafeCharacter(kind, scalar: scalar.value, position: position)
                }
            }
        }
        if position > policy.maxLength { throw .tooLong(limit: policy.maxLength, length: position) }
        return text
    }

    /// Optional fields: empty after cleaning becomes nil.
    public static func cleanOptional(_ raw: String?, policy: TextPolicy) throws(TextViolation) -> String? {
        guard let raw else {
            if policy.required { throw .required }
            return nil
        }
        let cleaned = try clean(raw, policy: policy)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// Show-time neutralising: nothing unsafe reaches a terminal. C0 controls
    /// become their visible pictures (ESC → ␛), everything else unsafe becomes
    /// `<U+202E>`. Newlines are kept only when asked; tabs become a space.
    /// Text as a search compares it: accents and capitals set aside
    /// ("Tlalnepantla" and "tlalnepántla" are the same).
    public static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    public static func displaySafe(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: out.append(scalar)
            case 0x09: out.append(" ")
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            default:
                if unsafeKind(scalar) != nil {
                    out.append(contentsOf: String(format: "<U+%04X>", scalar.value).unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}
