/// Decodes `Decodable` values through Ferry's own JSON reader (`JSONParser`): the files Ferry reads back
/// (manifests, run records) go through the same reader, limits and errors as Graph's answers.
///
/// Keys are matched as the type's `CodingKeys` spell them (or, with `convertsKeysFromSnakeCase`, as
/// Foundation's `.convertFromSnakeCase` turns `run_id` into `runId`); a key written twice takes its last
/// value, as the projection does. Numbers are `Double`s, so an integer is exact up to 2^53.
public struct JSONValueDecoder: Sendable {
    public var convertsKeysFromSnakeCase: Bool

    public init(convertsKeysFromSnakeCase: Bool = false) {
        self.convertsKeysFromSnakeCase = convertsKeysFromSnakeCase
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: try JSONParser.parse(bytes))
    }

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoding.decode(type, from: value, at: [], camelCase: convertsKeysFromSnakeCase)
    }

    /// `run_id` as `runId`; leading and trailing underscores kept, as Foundation does.
    static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let leading = key.prefix { $0 == "_" }
        let trailing = key.reversed().prefix { $0 == "_" }
        guard leading.count < key.count else { return key }
        let core = key.dropFirst(leading.count).dropLast(trailing.count)
        let words = core.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = words.first else { return key }
        let joined = words.dropFirst().reduce(first.lowercased()) { $0 + $1.prefix(1).uppercased() + $1.dropFirst().lowercased() }
        return String(leading) + joined + String(trailing)
    }
}

/// The decoding of one value, shared by the three kinds of container.
private enum ValueDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey], camelCase: Bool) throws -> T {
        func mismatch(_ expected: String) -> DecodingError {
            .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(expected), found \(value.kindDescription)"))
        }
        switch type {
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch("a string") }
            return text as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch("true or false") }
            return flag as! T
        case is Double.Type:
            guard case .number(let number) = value else { throw mismatch("a number") }
            return number as! T
        case is Float.Type:
            guard case .number(let number) = value else { throw mismatch("a number") }
            return Float(number) as! T
        case is Int.Type: return try integer(Int.self, value, path) as! T
        case is Int64.Type: return try integer(Int64.self, value, path) as! T
        case is Int32.Type: return try integer(Int32.self, value, path) as! T
        case is Int16.Type: return try integer(Int16.self, value, path) as! T
        case is Int8.Type: return try integer(Int8.self, value, path) as! T
        case is UInt.Type: return try integer(UInt.self, value, path) as! T
        case is UInt64.Type: return try integer(UInt64.self, value, path) as! T
        case is UInt32.Type: return try integer(UInt32.self, value, path) as! T
        case is UInt16.Type: return try integer(UInt16.self, value, path) as! T
        case is UInt8.Type: return try integer(UInt8.self, value, path) as! T
        default:
            // A dictionary's keys are data, not property names: kept as written, as Foundation keeps them.
            return try T(
                from: ValueDecoder(
                    value: value, codingPath: path, camelCase: camelCase, keysAsWritten: type is any StringKeyedDictionary.Type))
        }
    }

    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> I {
        guard case .number(let number) = value, number.rounded(.towardZero) == number, let exact = I(exactly: number) else {
            throw DecodingError.typeMismatch(
                type, .init(codingPath: path, debugDescription: "expected an integer that fits \(type), found \(value.kindDescription)"))
        }
        return exact
    }
}

/// `[String: Value]`, whose keys snake-case conversion leaves alone.
private protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    /// Whether the keys of objects are converted from snake case (`convertsKeysFromSnakeCase`)...
    let camelCase: Bool
    /// ...except this object's own, when it is a dictionary.
    var keysAsWritten = false
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self,
                .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.kindDescription)"))
        }
        var byKey: [String: JSONValue] = [:]
        let converts = camelCase && !keysAsWritten
        for member in members { byKey[converts ? JSONValueDecoder.camelCase(member.key) : member.key] = member.value }
        return KeyedDecodingContainer(KeyedValues<Key>(members: byKey, codingPath: codingPath, camelCase: camelCase))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch(
                [Any].self,
                .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.kindDescription)"))
        }
        return UnkeyedValues(elements: elements, codingPath: codingPath, camelCase: camelCase)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValue(value: value, codingPath: codingPath, camelCase: camelCase)
    }
}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let camelCase: Bool

    func decodeNil() -> Bool { value.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoding.decode(type, from: value, at: codingPath, camelCase: camelCase)
    }
}

/// A coding key for an array element, as `codingPath` names it.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedValues<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let camelCase: Bool
    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no key '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoding.decode(type, from: try member(key), at: codingPath + [key], camelCase: camelCase)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members.map { ($0.key, $0.value) }), codingPath: codingPath, camelCase: false)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

    private func child(_ key: Key) throws -> ValueDecoder {
        ValueDecoder(value: try member(key), codingPath: codingPath + [key], camelCase: camelCase)
    }
}

private struct UnkeyedValues: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let camelCase: Bool
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], codingPath: [any CodingKey], camelCase: Bool) {
        self.elements = elements
        self.codingPath = codingPath
        self.camelCase = camelCase
    }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "the array has only \(elements.count) elements"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(value: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)], camelCase: camelCase)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let element = try next()
        return try ValueDecoding.decode(type, from: element.value, at: element.codingPath, camelCase: camelCase)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}
