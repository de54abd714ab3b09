import FerryCore

/// Walks an object's members or an array's elements where they stand, handing the caller each value's
/// start and letting it read the value itself (and say where it ended): a nested value the caller wants
/// is read in the same pass that passes over it, rather than skipped first and parsed again. Every read
/// stays inside `limit`; malformed bytes give nil.
enum InPlaceJSON {
    /// Walks the object at `start` (after whitespace): `member` gets each key's bytes, whether the key has
    /// escapes, and where its value starts, and returns where the value ends (nil: malformed). Returns the
    /// index just past the closing brace.
    @inline(__always)
    static func object(_ bytes: [UInt8], at start: Int, limit: Int, _ member: (Range<Int>, Int) -> Int?) -> Int? {
        var index = JSONScanner.skipWhitespace(in: bytes, from: start, limit: limit)
        guard index < limit, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = JSONScanner.skipWhitespace(in: bytes, from: index + 1, limit: limit)
        guard index < limit else { return nil }
        if bytes[index] == UInt8(ascii: "}") { return index + 1 }
        while true {
            guard let (key, _, value) = JSONScanner.key(in: bytes, at: index, limit: limit),
                  let end = member(key, value) else { return nil }
            guard let after = separator(bytes, at: end, limit: limit, closing: UInt8(ascii: "}")) else { return nil }
            if after.closed { return after.index }
            index = after.index
        }
    }

    /// Walks the array at `start` (after whitespace): `element` gets where each element starts and returns
    /// where it ends. Returns the index just past the closing bracket.
    @inline(__always)
    static func array(_ bytes: [UInt8], at start: Int, limit: Int, _ element: (Int) -> Int?) -> Int? {
        var index = JSONScanner.skipWhitespace(in: bytes, from: start, limit: limit)
        guard index < limit, bytes[index] == UInt8(ascii: "[") else { return nil }
        index = JSONScanner.skipWhitespace(in: bytes, from: index + 1, limit: limit)
        guard index < limit else { return nil }
        if bytes[index] == UInt8(ascii: "]") { return index + 1 }
        while true {
            guard let end = element(index) else { return nil }
            guard let after = separator(bytes, at: end, limit: limit, closing: UInt8(ascii: "]")) else { return nil }
            if after.closed { return after.index }
            index = after.index
        }
    }

    /// The value at `start` as a member (for the scanner's value readers), and where it ends.
    @inline(__always)
    static func value(_ bytes: [UInt8], at start: Int, limit: Int) -> JSONMember? {
        guard start < limit, let (end, traits) = JSONScanner.valueEnd(in: bytes, at: start, limit: limit) else { return nil }
        return JSONMember(key: start..<start, value: start..<end, first: bytes[start], keyHasEscapes: false, traits: traits)
    }

    /// Whether `bytes[range]` is `literal`.
    @inline(__always)
    static func equal(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != pointer[offset] { return false }
        return true
    }

    /// After a value: a `,` (then the next item's start) or the closing bracket (then past it).
    @inline(__always)
    private static func separator(_ bytes: [UInt8], at end: Int, limit: Int, closing: UInt8) -> (index: Int, closed: Bool)? {
        let index = JSONScanner.skipWhitespace(in: bytes, from: end, limit: limit)
        guard index < limit else { return nil }
        if bytes[index] == closing { return (index + 1, true) }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        let next = JSONScanner.skipWhitespace(in: bytes, from: index + 1, limit: limit)
        return next < limit ? (next, false) : nil
    }
}
