/// What `JSONReader` makes of the values it reads: `JSONTreeBuilder` builds `JSONValue`s, `JSONChecker`
/// nothing. The reader checks the grammar either way; a builder only turns checked bytes into values.
protocol JSONBuilder {
    associatedtype Value
    associatedtype Object
    associatedtype Array

    static func makeObject() -> Object
    /// Adds a member whose key is `buffer[key]` (inside its quotes, with escapes when `keyEscaped`).
    static func append(
        _ value: Value, key: Range<Int>, keyEscaped: Bool, in buffer: UnsafeRawBufferPointer, to object: inout Object)
    static func value(_ object: Object) -> Value

    static func makeArray() -> Array
    static func append(_ value: Value, to array: inout Array)
    static func value(_ array: Array) -> Value

    /// The string whose checked contents (inside its quotes) are `buffer[contents]`.
    static func string(_ contents: Range<Int>, escaped: Bool, in buffer: UnsafeRawBufferPointer) -> Value
    /// The number `JSONReader.readNumber` found; throws when its digits are not a number.
    static func number(
        _ digits: Range<Int>, isShortInteger: Bool, in buffer: UnsafeRawBufferPointer
    ) throws(JSONParseError) -> Value
    static func bool(_ flag: Bool) -> Value
    static func null() -> Value
}

/// Builds `JSONValue` trees: what `JSONParser` reads with.
enum JSONTreeBuilder: JSONBuilder {
    static func makeObject() -> [(key: String, value: JSONValue)] { [] }

    static func append(
        _ value: JSONValue, key: Range<Int>, keyEscaped: Bool, in buffer: UnsafeRawBufferPointer,
        to object: inout [(key: String, value: JSONValue)]
    ) {
        object.append((JSONString.decode(key, escaped: keyEscaped, in: buffer), value))
    }

    static func value(_ object: [(key: String, value: JSONValue)]) -> JSONValue { .object(object) }

    static func makeArray() -> [JSONValue] { [] }
    static func append(_ value: JSONValue, to array: inout [JSONValue]) { array.append(value) }
    static func value(_ array: [JSONValue]) -> JSONValue { .array(array) }

    static func string(_ contents: Range<Int>, escaped: Bool, in buffer: UnsafeRawBufferPointer) -> JSONValue {
        .string(JSONString.decode(contents, escaped: escaped, in: buffer))
    }

    static func number(
        _ digits: Range<Int>, isShortInteger: Bool, in buffer: UnsafeRawBufferPointer
    ) throws(JSONParseError) -> JSONValue {
        .number(try JSONReader.numberValue(digits, isShortInteger: isShortInteger, in: buffer))
    }

    static func bool(_ flag: Bool) -> JSONValue { .bool(flag) }
    static func null() -> JSONValue { .null }
}

/// Builds nothing: the reader run only for its checks, as `JSONPageScan` runs it over a page.
enum JSONChecker: JSONBuilder {
    static func makeObject() {}
    static func append(_ value: Void, key: Range<Int>, keyEscaped: Bool, in buffer: UnsafeRawBufferPointer, to object: inout Void) {}
    /// Both an object's and an array's value: nothing.
    static func value(_ composite: Void) {}
    static func makeArray() {}
    static func append(_ value: Void, to array: inout Void) {}
    static func string(_ contents: Range<Int>, escaped: Bool, in buffer: UnsafeRawBufferPointer) {}

    /// Short integers are numbers by their syntax; anything else is a number only if it converts.
    static func number(_ digits: Range<Int>, isShortInteger: Bool, in buffer: UnsafeRawBufferPointer) throws(JSONParseError) {
        if !isShortInteger { _ = try JSONReader.numberValue(digits, isShortInteger: false, in: buffer) }
    }

    static func bool(_ flag: Bool) {}
    static func null() {}
}
