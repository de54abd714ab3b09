/// Checks JSON bytes without building values, failing exactly where `JSONParser` fails.
///
/// Every check mirrors `JSONParser`'s reader, in the same order, with the same offset and reason, so a
/// page that one refuses the other refuses the same way: a body cut off in transit is caught before its
/// records are read. Strings are checked eight bytes at a time.
struct JSONValidator: JSONByteReading {
    let buffer: UnsafeRawBufferPointer
    var index = 0
    /// The element ranges of the array checked with `collect`.
    var collected: [Range<Int>] = []
    /// The members of those elements that are objects, end to end, and where each element's are.
    var fields: [JSONMember] = []
    var elementFields: [Range<Int>] = []
    /// What the strings and whitespace checked since it was last reset hold, for recorded members.
    var traits: JSONScanner.Traits = []

    init(buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
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

    mutating func checkValue(depth: Int) throws(JSONParseError) {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
        guard let byte = current else { throw error("unexpected end of data") }
        switch byte {
        case UInt8(ascii: "{"): try checkObject(depth: depth)
        case UInt8(ascii: "["): try checkArray(depth: depth)
        case UInt8(ascii: "\""): _ = try checkString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try checkNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    /// Checks an object; with `recording`, appends its members to `fields`.
    mutating func checkObject(depth: Int, recording: Bool = false) throws(JSONParseError) {
        try checkMembers { validator, key, keyHasEscapes throws(JSONParseError) in
            let valueStart = validator.index
            if recording { validator.traits = [] }
            try validator.checkValue(depth: depth + 1)
            if recording {
                validator.fields.append(
                    JSONMember(
                        key: key, value: valueStart..<validator.index, first: validator.buffer[valueStart],
                        keyHasEscapes: keyHasEscapes, traits: validator.traits))
            }
        }
    }

    /// Walks an object from its `{` to past its `}`, checking each key, colon and separator; `value` is
    /// called at the first byte of each member's value, with the key's range inside its quotes, and must
    /// check that value.
    @inline(__always)
    mutating func checkMembers(
        _ value: (inout JSONValidator, _ key: Range<Int>, _ keyHasEscapes: Bool) throws(JSONParseError) -> Void
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
            let keyHasEscapes = try checkString()
            let keyEnd = index - 1
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            try value(&self, keyStart..<keyEnd, keyHasEscapes)
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

    /// Checks an array; with `collect`, appends each element's range to `collected`.
    mutating func checkArray(depth: Int, collect: Bool = false) throws(JSONParseError) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            let start = index
            if collect {
                // What checkValue would do at this depth for an object, remembering its members.
                let fieldStart = fields.count
                if current == UInt8(ascii: "{") && buffer.count <= JSONMember.maximumOffset {
                    try checkObject(depth: depth + 1, recording: true)
                } else {
                    try checkValue(depth: depth + 1)
                }
                collected.append(start..<index)
                elementFields.append(fieldStart..<fields.count)
            } else {
                try checkValue(depth: depth + 1)
            }
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

    mutating func checkNumber() throws(JSONParseError) {
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
        // The parser reads short integers itself and hands everything else to Double(String); so does this.
        if isInteger && index - start <= 15 { return }
        let digits = UnsafeRawBufferPointer(rebasing: buffer[start..<index])
        guard Double(String(decoding: digits, as: UTF8.self)) != nil else {
            throw JSONParseError(offset: start, reason: "invalid number")
        }
    }

    /// Checks the string at `index` and moves past it; returns whether it had escapes.
    mutating func checkString() throws(JSONParseError) -> Bool {
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
                    try checkHex4()
                default:
                    throw error("invalid escape")
                }
            } else {
                // The parser reports a control character after it once it has met an escape, at it before.
                if escaped { index += 1 }
                throw error("control character in a string")
            }
        }
    }

    /// The parser looks ahead for a low surrogate after a high one, but reads the same four hex digits
    /// again when it is not one; checking every `\u` in turn fails at the same byte with the same reason.
    mutating func checkHex4() throws(JSONParseError) {
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
