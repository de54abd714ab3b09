/// A JSON value as Graph sends it.
///
/// Objects keep their keys in document order as an array of pairs: Graph objects are small, so a
/// linear lookup beats hashing, and nested values written back out keep Graph's order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value of `key` in an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }

    /// The value at `path`, or `nil` when a key is missing; `[]` segments collect arrays.
    public func value(at path: JSONPath) -> JSONValue? {
        value(at: path.segments[...])
    }

    private func value(at segments: ArraySlice<JSONPath.Segment>) -> JSONValue? {
        guard let first = segments.first else { return self }
        switch first {
        case .key(let key):
            return self[key]?.value(at: segments.dropFirst())
        case .eachElement:
            guard case .array(let elements) = self else { return nil }
            return .array(elements.map { $0.value(at: segments.dropFirst()) ?? .null })
        }
    }

    /// What kind of value this is, for messages: "null", "a boolean", "a number", "a string", "an array"
    /// or "an object"; never the value itself, which may be personal data.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
