/// Finds its way through JSON bytes in place: where strings and values end, the members of an object,
/// the elements of an array, without building a single value.
///
/// Meant for bytes `JSONPageScan` has validated: it checks only what it needs to find the ends of things
/// and answers `false` or `nil` where the structure does not hold, so a caller can fall back to
/// `JSONParser`. It never reads outside the ranges it is given, whatever the bytes.
///
/// Strings are skipped eight bytes at a time (a word holding no quote and no backslash is passed whole),
/// which is what makes skipping a message body cheap.
public enum JSONScanner {
    /// What a value's bytes hold that matters when copying them into a JSON line.
    public struct Traits: OptionSet, Sendable {
        public let rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A backslash: a string with an escape.
        @inlinable public static var escapes: Traits { Traits(rawValue: 1 << 0) }
        /// Bytes outside ASCII.
        @inlinable public static var nonASCII: Traits { Traits(rawValue: 1 << 1) }
        /// A line feed or carriage return, which valid JSON has only between tokens and a JSON line not at all.
        @inlinable public static var lineBreaks: Traits { Traits(rawValue: 1 << 2) }
    }

    /// Lists the members of the object whose bytes are `bytes[object]` into `members` (emptied first).
    ///
    /// Returns false when the bytes are not one object, possibly surrounded by whitespace.
    public static func members(of bytes: [UInt8], object: Range<Int>, into members: inout [JSONMember]) -> Bool {
        members.removeAll(keepingCapacity: true)
        guard object.lowerBound >= 0, object.upperBound <= bytes.count, object.upperBound <= JSONMember.maximumOffset
        else { return false }
        return bytes.withUnsafeBytes { buffer in
            var cursor = JSONCursor(buffer: buffer, index: object.lowerBound, limit: object.upperBound)
            return cursor.readMembers(into: &members, closing: UInt8(ascii: "}"))
        }
    }

    /// Lists the elements of the array whose bytes are `bytes[array]` into `elements` (emptied first);
    /// their keys are empty.
    ///
    /// Returns false when the bytes are not one array, possibly surrounded by whitespace.
    public static func elements(of bytes: [UInt8], array: Range<Int>, into elements: inout [JSONMember]) -> Bool {
        elements.removeAll(keepingCapacity: true)
        guard array.lowerBound >= 0, array.upperBound <= bytes.count, array.upperBound <= JSONMember.maximumOffset
        else { return false }
        return bytes.withUnsafeBytes { buffer in
            var cursor = JSONCursor(buffer: buffer, index: array.lowerBound, limit: array.upperBound)
            return cursor.readMembers(into: &elements, closing: UInt8(ascii: "]"))
        }
    }

    /// Reads the key whose opening quote is at `index`, and the colon after it: returns the key's bytes
    /// between its quotes, whether it has escapes, and where its value starts; nil when the bytes up to
    /// `limit` do not hold that.
    @inlinable
    public static func key(in bytes: [UInt8], at index: Int, limit: Int) -> (key: Range<Int>, escaped: Bool, value: Int)? {
        guard index >= 0, limit <= bytes.count, index < limit else { return nil }
        return bytes.withUnsafeBytes { buffer in
            guard buffer[index] == UInt8(ascii: "\"") else { return nil }
            var cursor = JSONCursor(buffer: buffer, index: index, limit: limit)
            guard let end = cursor.stringEnd(from: index + 1) else { return nil }
            cursor.index = end + 1
            cursor.skipWhitespace()
            guard cursor.index < limit, buffer[cursor.index] == UInt8(ascii: ":") else { return nil }
            cursor.index += 1
            cursor.skipWhitespace()
            guard cursor.index < limit else { return nil }
            return (index + 1..<end, cursor.traits.contains(.escapes), cursor.index)
        }
    }

    /// Where the value whose first byte is at `index` ends, and its traits; nil when it does not end
    /// before `limit`.
    @inlinable
    public static func valueEnd(in bytes: [UInt8], at index: Int, limit: Int) -> (end: Int, traits: Traits)? {
        guard index >= 0, limit <= bytes.count, index < limit else { return nil }
        return bytes.withUnsafeBytes { buffer in
            var cursor = JSONCursor(buffer: buffer, index: index, limit: limit)
            guard cursor.skipValue() else { return nil }
            return (cursor.index, cursor.traits)
        }
    }

    /// The first index from `index` on that holds no whitespace, or `limit`.
    @inlinable
    public static func skipWhitespace(in bytes: [UInt8], from index: Int, limit: Int) -> Int {
        var at = max(index, 0)
        let end = min(limit, bytes.count)
        while at < end {
            switch bytes[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return at
            }
        }
        return at
    }

    /// A fast non-cryptographic hash of `bytes[range]`, for tables keyed by raw bytes.
    @inlinable
    public static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return 0 }
        return bytes.withUnsafeBytes { hash($0, range.lowerBound, range.upperBound) }
    }

    /// Whether `a[ra]` and `b[rb]` hold the same bytes; false when a range lies outside its array.
    @inlinable
    public static func equal(_ a: [UInt8], _ ra: Range<Int>, _ b: [UInt8], _ rb: Range<Int>) -> Bool {
        guard ra.count == rb.count, ra.lowerBound >= 0, ra.upperBound <= a.count, rb.lowerBound >= 0,
            rb.upperBound <= b.count
        else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in
                var i = 0
                let count = ra.count
                while i + 8 <= count {
                    guard word(pa, ra.lowerBound + i) == word(pb, rb.lowerBound + i) else { return false }
                    i += 8
                }
                while i < count {
                    guard pa[ra.lowerBound + i] == pb[rb.lowerBound + i] else { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Whether JSON text copied unchanged from `bytes[range]` reads back as decoding and re-encoding it
    /// would: valid UTF-8 (decoding repairs invalid bytes) with no escaped UTF-16 surrogate (decoding
    /// turns a lone one into U+FFFD, and some readers refuse them). `traits` says what to look for.
    public static func isPortable(_ bytes: [UInt8], _ range: Range<Int>, traits: Traits = [.escapes, .nonASCII]) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBytes { buffer in
            if traits.contains(.escapes) && hasSurrogateEscape(buffer, range.lowerBound, range.upperBound) { return false }
            return !traits.contains(.nonASCII) || isValidUTF8(buffer, range.lowerBound, range.upperBound)
        }
    }

    /// Whether a `\uD800` to `\uDFFF` escape appears in `buffer[start..<end]`.
    static func hasSurrogateEscape(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            if index + 8 <= end && zeroBytes(word(buffer, index) ^ backslashes) == 0 {
                index += 8
                continue
            }
            guard buffer[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            guard index + 1 < end else { return false }
            if buffer[index + 1] == UInt8(ascii: "u"), index + 4 <= end {
                // The first hex digit is d or D, the second 8 to f.
                let high = buffer[index + 2] | 0x20
                let next = buffer[index + 3] | 0x20
                if high == UInt8(ascii: "d") && (next == UInt8(ascii: "8") || next == UInt8(ascii: "9") || next >= UInt8(ascii: "a")) {
                    return true
                }
            }
            index += 2
        }
        return false
    }

    /// Whether `buffer[start..<end]` is well-formed UTF-8: no stray continuation bytes, overlong forms,
    /// surrogates or code points beyond U+10FFFF.
    static func isValidUTF8(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        @inline(__always) func continuation(_ offset: Int) -> Bool {
            offset < end && buffer[offset] & 0xC0 == 0x80
        }
        var index = start
        while index < end {
            if index + 8 <= end && word(buffer, index) & highBits == 0 {
                index += 8
                continue
            }
            let lead = buffer[index]
            switch lead {
            case 0x00..<0x80:
                index += 1
            case 0xC2..<0xE0:
                guard continuation(index + 1) else { return false }
                index += 2
            case 0xE0..<0xF0:
                guard continuation(index + 1), continuation(index + 2) else { return false }
                let second = buffer[index + 1]
                guard lead != 0xE0 || second >= 0xA0, lead != 0xED || second < 0xA0 else { return false }
                index += 3
            case 0xF0..<0xF5:
                guard continuation(index + 1), continuation(index + 2), continuation(index + 3) else { return false }
                let second = buffer[index + 1]
                guard lead != 0xF0 || second >= 0x90, lead != 0xF4 || second < 0x90 else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }

    /// Appends `bytes[range]` to `out`; nothing when the range lies outside `bytes`.
    ///
    /// Appending a slice would retain and release the whole array each time; this copies straight.
    @inlinable
    public static func append(_ bytes: [UInt8], _ range: Range<Int>, to out: inout [UInt8]) {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return }
        bytes.withUnsafeBufferPointer { buffer in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
        }
    }

    /// The text of the key whose bytes between its quotes are `bytes[key]`, escapes decoded
    /// (`"st\u0061tus"` is `status`); nil when those bytes and their quotes are not a JSON string.
    public static func keyText(_ bytes: [UInt8], _ key: Range<Int>) -> String? {
        guard key.lowerBound >= 1, key.upperBound < bytes.count,
            case .string(let text)? = try? parse(bytes, key.lowerBound - 1..<key.upperBound + 1)
        else { return nil }
        return text
    }

    /// Parses the JSON value whose bytes are `bytes[range]`.
    public static func parse(_ bytes: [UInt8], _ range: Range<Int>) throws(JSONParseError) -> JSONValue {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw JSONParseError(offset: max(0, min(range.lowerBound, bytes.count)), reason: "range outside the data")
        }
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[range]))
            }
        }
        return try result.get()
    }

    // MARK: Word-at-a-time primitives, shared with JSONReader.

    @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @usableFromInline static var highBits: UInt64 { 0x8080_8080_8080_8080 }
    @usableFromInline static var quotes: UInt64 { 0x2222_2222_2222_2222 }
    @usableFromInline static var backslashes: UInt64 { 0x5C5C_5C5C_5C5C_5C5C }

    /// The eight bytes at `offset`, the first in the lowest bits.
    @inlinable @inline(__always) public static func word(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A mask whose lowest set bit marks the first zero byte of `x` (bits above it may be spurious).
    @inlinable @inline(__always) static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- ones) & ~x & highBits
    }

    /// Whether some byte of `word` is `byte`. Like the two tests after it, exact as a whole, from "Bit
    /// Twiddling Hacks": only which byte set a bit may be wrong, never whether one did.
    @inlinable @inline(__always) public static func contains(_ word: UInt64, byte: UInt8) -> Bool {
        zeroBytes(word ^ (ones &* UInt64(byte))) != 0
    }

    /// Whether some byte of `word` is below `bound` (at most 128).
    @inlinable @inline(__always) public static func containsByte(_ word: UInt64, below bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highBits != 0
    }

    /// Whether some byte of `word` is above `bound` (at most 127).
    @inlinable @inline(__always) public static func containsByte(_ word: UInt64, above bound: UInt8) -> Bool {
        ((word &+ ones &* UInt64(127 - bound)) | word) & highBits != 0
    }

    @inlinable
    static func hash(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: end - start)
        var index = start
        while index + 8 <= end {
            h = mix(h ^ word(buffer, index))
            index += 8
        }
        if index < end {
            var tail: UInt64 = 0
            if end - start >= 8 {
                // The last eight bytes, overlapping ones already mixed in.
                tail = word(buffer, end - 8)
            } else {
                var shift: UInt64 = 0
                while index < end {
                    tail |= UInt64(buffer[index]) << shift
                    shift += 8
                    index += 1
                }
            }
            h = mix(h ^ tail)
        }
        return h ^ (h >> 32)
    }

    @inlinable @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        let product = x &* 0x9FB2_1C65_1E98_DF25
        return product ^ (product >> 29)
    }
}
