/// The one strict reader of JSON bytes: every rule of JSON's grammar (RFC 8259) is checked here, once.
///
/// What a value becomes is up to a `JSONBuilder`: `JSONParser` reads with one that builds `JSONValue`
/// trees, `JSONPageScan` with one that builds nothing and only checks, so a page that one refuses the other
/// refuses at the same offset with the same reason (a body cut off in transit is caught before its records
/// are read). Strings are checked eight bytes at a time.
///
/// For bytes already checked, `JSONCursor` finds where values end without checking them again.
struct JSONReader {
    let buffer: UnsafeRawBufferPointer
    var index = 0
    /// What the strings and whitespace read since it was last reset hold.
    var traits: JSONScanner.Traits = []

    init(buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    @inline(__always) var current: UInt8? {
        index < buffer.count ? buffer[index] : nil
    }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    /// Reads a whole document: one value, with nothing but whitespace around it.
    mutating func readDocument<Builder: JSONBuilder>(_: Builder.Type) throws(JSONParseError) -> Builder.Value {
        skipWhitespace()
        let value = try readValue(Builder.self, depth: 0)
        try expectEnd()
        return value
    }

    /// Skips trailing whitespace and fails unless the data ends there.
    mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        guard index == buffer.count else { throw error("unexpected data after the document") }
    }

    @inline(__always) mutating func skipWhitespace() {
        // Graph writes compact JSON: most calls find no whitespace at all.
        guard index < buffer.count, buffer[index] <= 0x20 else { return }
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x09: index += 1
            case 0x0A, 0x0D:
                traits.insert(.lineBreaks)
                index += 1
            default: return
            }
        }
    }

    /// Reads the value at `index` (no whitespace before it) and moves past it.
    mutating func readValue<Builder: JSONBuilder>(
        _: Builder.Type, depth: Int
    ) throws(JSONParseError) -> Builder.Value {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
        guard let byte = current else { throw error("unexpected end of data") }
        switch byte {
        case UInt8(ascii: "{"):
            var object = Builder.makeObject()
            try readMembers { reader, key, keyEscaped throws(JSONParseError) in
                let value = try reader.readValue(Builder.self, depth: depth + 1)
                Builder.append(value, key: key, keyEscaped: keyEscaped, in: reader.buffer, to: &object)
            }
            return Builder.value(object)
        case UInt8(ascii: "["):
            var array = Builder.makeArray()
            try readElements { reader throws(JSONParseError) in
                Builder.append(try reader.readValue(Builder.self, depth: depth + 1), to: &array)
            }
            return Builder.value(array)
        case UInt8(ascii: "\""):
            let start = index + 1
            let escaped = try readString()
            return Builder.string(start..<index - 1, escaped: escaped, in: buffer)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return Builder.bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return Builder.bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return Builder.null()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (digits, isShortInteger) = try readNumber()
            return try Builder.number(digits, isShortInteger: isShortInteger, in: buffer)
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    /// Walks an object from its `{` to past its `}`, checking each key, colon and separator; `value` is
    /// called at the first byte of each member's value, with the key's range inside its quotes and whether
    /// it has escapes, and must read that value.
    @inline(__always)
    mutating func readMembers(
        _ value: (inout JSONReader, _ key: Range<Int>, _ keyEscaped: Bool) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyStart = index + 1
            let keyEscaped = try readString()
            let keyEnd = index - 1
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            try value(&self, keyStart..<keyEnd, keyEscaped)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// Walks an array from its `[` to past its `]`, checking each separator; `element` is called at the
    /// first byte of each element and must read it.
    @inline(__always)
    mutating func readElements(_ element: (inout JSONReader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// Steps over `true`, `false` or `null`, or throws where the bytes differ.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= buffer.count else { throw error("unexpected end of data") }
        let start = literal.utf8Start
        for offset in 0..<count where buffer[index + offset] != start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// Moves past the number at `index`; returns its bytes and whether it is an integer of at most 15
    /// characters, which `numberValue` reads without going through `Double(String)`.
    mutating func readNumber() throws(JSONParseError) -> (digits: Range<Int>, isShortInteger: Bool) {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        var sawDigit = false
        var isInteger = true
        scan: while let byte = current {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                isInteger = false
            default: break scan
            }
            index += 1
        }
        guard sawDigit else { throw JSONParseError(offset: start, reason: "invalid number") }
        return (start..<index, isInteger && index - start <= 15)
    }

    /// The value of the number `readNumber` found at `digits`; throws when it is not one.
    static func numberValue(
        _ digits: Range<Int>, isShortInteger: Bool, in buffer: UnsafeRawBufferPointer
    ) throws(JSONParseError) -> Double {
        if isShortInteger {
            var value = 0
            var negative = false
            for offset in digits {
                let byte = buffer[offset]
                if byte == UInt8(ascii: "-") { negative = true } else { value = value * 10 + Int(byte &- 48) }
            }
            return Double(negative ? -value : value)
        }
        guard let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[digits]), as: UTF8.self))
        else { throw JSONParseError(offset: digits.lowerBound, reason: "invalid number") }
        return value
    }

    /// Checks the string at `index` and moves past it; returns whether it had escapes.
    mutating func readString() throws(JSONParseError) -> Bool {
        index += 1
        var escaped = false
        var seen: UInt64 = 0
        while true {
            seen |= skipPlainBytes()
            guard index < buffer.count else { throw error("unterminated string") }
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                if seen & JSONScanner.highBits != 0 { traits.insert(.nonASCII) }
                if escaped { traits.insert(.escapes) }
                return escaped
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard let escape = current else { throw error("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    try readHex4()
                default:
                    throw error("invalid escape")
                }
            } else {
                // Reported at the character before any escape, and after it once the string has had one.
                if escaped { index += 1 }
                throw error("control character in a string")
            }
        }
    }

    /// Checks the four hex digits of a `\u` escape. Each `\u` is checked on its own, surrogate pairs
    /// included; `JSONString` pairs them up when it decodes.
    mutating func readHex4() throws(JSONParseError) {
        guard index + 4 <= buffer.count else { throw error("truncated \\u escape") }
        for _ in 0..<4 {
            switch buffer[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"):
                index += 1
            default:
                throw error("invalid \\u escape")
            }
        }
    }

    /// Moves to the next quote, backslash or control character, or to the end; returns the bytes passed
    /// (and maybe a few more) OR-ed together, whose high bits tell whether any was outside ASCII.
    @inline(__always) mutating func skipPlainBytes() -> UInt64 {
        // A local index: written back through `self` on every step, it would cost a store per word.
        let count = buffer.count
        var at = index
        var seen: UInt64 = 0
        defer { index = at }
        while at + 8 <= count {
            let word = JSONScanner.word(buffer, at)
            seen |= word
            let special =
                JSONScanner.zeroBytes(word ^ JSONScanner.quotes) | JSONScanner.zeroBytes(word ^ JSONScanner.backslashes)
                | ((word &- Self.spaces) & ~word & JSONScanner.highBits)
            if special != 0 {
                at += special.trailingZeroBitCount >> 3
                return seen
            }
            at += 8
        }
        while at < count {
            let byte = buffer[at]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return seen }
            seen |= UInt64(byte)
            at += 1
        }
        return seen
    }

    /// Subtracting 0x20 from every byte borrows exactly from the bytes below 0x20: control characters.
    private static var spaces: UInt64 { 0x2020_2020_2020_2020 }
}
