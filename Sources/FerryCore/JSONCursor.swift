/// Walks JSON bytes assumed valid, for `JSONScanner`: finds where members and values end, keeping every
/// read inside `limit` whatever the bytes.
///
/// Inlinable, with `JSONScanner`'s cursor functions, so that a caller walking a value step by step does
/// not pay a call for each step.
@usableFromInline
struct JSONCursor {
    @usableFromInline let buffer: UnsafeRawBufferPointer
    @usableFromInline var index: Int
    @usableFromInline let limit: Int
    /// What the strings and whitespace passed since it was last reset hold.
    @usableFromInline var traits: JSONScanner.Traits = []

    @inlinable
    init(buffer: UnsafeRawBufferPointer, index: Int, limit: Int) {
        self.buffer = buffer
        self.index = index
        self.limit = limit
    }

    @inlinable @inline(__always) mutating func skipWhitespace() {
        while index < limit {
            switch buffer[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Reads `{...}` or `[...]` at `index` (after whitespace) to its end, which must be `limit` after
    /// whitespace, appending each member.
    mutating func readMembers(into members: inout [JSONMember], closing: UInt8) -> Bool {
        let isObject = closing == UInt8(ascii: "}")
        skipWhitespace()
        guard index < limit, buffer[index] == (isObject ? UInt8(ascii: "{") : UInt8(ascii: "[")) else { return false }
        index += 1
        skipWhitespace()
        guard index < limit else { return false }
        if buffer[index] == closing {
            index += 1
            skipWhitespace()
            return index == limit
        }
        while true {
            var key = index..<index
            var keyHasEscapes = false
            if isObject {
                guard buffer[index] == UInt8(ascii: "\"") else { return false }
                traits = []
                guard let keyEnd = stringEnd(from: index + 1) else { return false }
                keyHasEscapes = traits.contains(.escapes)
                key = index + 1..<keyEnd
                index = keyEnd + 1
                skipWhitespace()
                guard index < limit, buffer[index] == UInt8(ascii: ":") else { return false }
                index += 1
                skipWhitespace()
                guard index < limit else { return false }
            }
            let start = index
            let first = buffer[index]
            traits = []
            guard skipValue() else { return false }
            members.append(
                JSONMember(
                    key: key, value: start..<index, first: first, keyHasEscapes: keyHasEscapes,
                    traits: traits))
            skipWhitespace()
            guard index < limit else { return false }
            let separator = buffer[index]
            index += 1
            if separator == closing { break }
            guard separator == UInt8(ascii: ",") else { return false }
            skipWhitespace()
            guard index < limit else { return false }
        }
        skipWhitespace()
        return index == limit
    }

    /// Moves past the value at `index`; false when it does not end within `limit`.
    @inlinable
    mutating func skipValue() -> Bool {
        switch buffer[index] {
        case UInt8(ascii: "\""):
            guard let end = stringEnd(from: index + 1) else { return false }
            index = end + 1
            return true
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipComposite()
        case UInt8(ascii: "t"): return skipLiteral("true")
        case UInt8(ascii: "f"): return skipLiteral("false")
        case UInt8(ascii: "n"): return skipLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            index += 1
            while index < limit {
                switch buffer[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                    UInt8(ascii: "+"), UInt8(ascii: "-"):
                    index += 1
                default: return true
                }
            }
            return true
        default:
            return false
        }
    }

    @inlinable
    mutating func skipLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= limit else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where buffer[index + offset] != start[offset] {
            return false
        }
        index += count
        return true
    }

    /// Moves past an object or array; brackets are counted, not matched, as the bytes are valid.
    @inlinable
    mutating func skipComposite() -> Bool {
        var depth = 0
        while index < limit {
            switch buffer[index] {
            case UInt8(ascii: "\""):
                guard let end = stringEnd(from: index + 1) else { return false }
                index = end
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    index += 1
                    return true
                }
            case 0x0A, 0x0D:
                traits.insert(.lineBreaks)
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// The index of the quote closing the string whose contents start at `start`, eight bytes at a time;
    /// notes escapes and bytes outside ASCII in `traits`.
    @inlinable @inline(__always) mutating func stringEnd(from start: Int) -> Int? {
        var index = start
        var seen: UInt64 = 0
        while true {
            if index + 8 <= limit {
                let word = JSONScanner.word(buffer, index)
                seen |= word
                let special =
                    JSONScanner.zeroBytes(word ^ JSONScanner.quotes) | JSONScanner.zeroBytes(word ^ JSONScanner.backslashes)
                if special == 0 {
                    index += 8
                    continue
                }
                index += special.trailingZeroBitCount >> 3
            } else {
                while index < limit && buffer[index] != UInt8(ascii: "\"") && buffer[index] != UInt8(ascii: "\\") {
                    seen |= UInt64(buffer[index])
                    index += 1
                }
                guard index < limit else { return nil }
            }
            if buffer[index] == UInt8(ascii: "\"") {
                if seen & JSONScanner.highBits != 0 { traits.insert(.nonASCII) }
                return index
            }
            traits.insert(.escapes)
            index += 2
        }
    }
}
