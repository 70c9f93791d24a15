import CabildoText
import Foundation

/// Every refusal Cabildo gives, as a translatable message. `field` is the
/// key of the field at fault (for a form to show the error beside it).
public struct CabildoError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case validation, permission, notFound, conflict, authentication, schema, dataFile, storage
    }

    public let kind: Kind
    public let message: Message
    public let field: FieldKey?

    public init(_ kind: Kind, _ message: Message, field: FieldKey? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { message.description }
    public var errorDescription: String? { description }

    static func invalid(_ field: FieldRule, _ reason: Message) -> CabildoError {
        CabildoError(.validation,
                     Message("{field}: {reason}", ["field": .message(field.label), "reason": .message(reason)]),
                     field: field.key)
    }

    static func refused(_ what: Message) -> CabildoError {
        CabildoError(.permission, Message("Not permitted: {what}", ["what": .message(what)]))
    }

    static func notFound(_ what: Message) -> CabildoError {
        CabildoError(.notFound, what)
    }

    static func reason(for violation: TextViolation) -> Message {
        switch violation {
        case .required:
            return Message("this field is required")
        case .tooLong(let limit, let length):
            return Message("at most {limit} characters, this has {length}",
                           ["limit": .text(String(limit)), "length": .text(String(length))])
        case .lineBreak(let position):
            return Message("a line break is not allowed here (character {position})",
                           ["position": .text(String(position))])
        case .unsafeCharacter(let kind, let scalar, let position):
            let what: Message
            switch kind {
            case .control, .c1Control: what = Message("a control character")
            case .bidiControl: what = Message("a text-direction control")
            case .invisible: what = Message("an invisible character")
            case .lineSeparator: what = Message("a line separator")
            }
            return Message("{what} ({code}) is not allowed (character {position})",
                           ["what": .message(what), "code": .text(String(format: "U+%04X", scalar)),
                            "position": .text(String(position))])
        }
    }
}

/// One field's declaration for the write-time rules: key, label, policy.
public struct FieldRule: Sendable {
    public let key: FieldKey
    public let label: Message
    public let policy: TextPolicy

    public init(_ key: FieldKey, _ label: Message, _ policy: TextPolicy) {
        self.key = key
        self.label = label
        self.policy = policy
    }

    public func clean(_ value: String) throws(CabildoError) -> String {
        do { return try TextRules.clean(value, policy: policy) }
        catch { throw CabildoError.invalid(self, CabildoError.reason(for: error)) }
    }

    public func clean(_ value: String?) throws(CabildoError) -> String? {
        do { return try TextRules.cleanOptional(value, policy: policy) }
        catch { throw CabildoError.invalid(self, CabildoError.reason(for: error)) }
    }
}

/// The key of a field, as forms declare it and as errors name it: one
/// vocabulary, so an error always lands beside its field. A repeated
/// group's field is keyed by the group, the item's number and the field
/// ("agreements.2.text").
public struct FieldKey: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
    public static func < (a: FieldKey, b: FieldKey) -> Bool { a.rawValue < b.rawValue }

    /// The field `field` of item `index` (counted from 1) of the repeated group `self`.
    public func item(_ index: Int, _ field: FieldKey) -> FieldKey {
        FieldKey("\(rawValue).\(index).\(field.rawValue)")
    }

    /// For a key made by `item`: the group, the item's number and the field.
    public var groupItem: (group: FieldKey, index: Int, field: FieldKey)? {
        let parts = rawValue.split(separator: ".", maxSplits: 2)
        guard parts.count == 3, let index = Int(parts[1]) else { return nil }
        return (FieldKey(String(parts[0])), index, FieldKey(String(parts[2])))
    }
}
