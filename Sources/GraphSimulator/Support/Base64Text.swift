/// Base64 encoding into bytes, in the two alphabets Outlook uses for its identifiers.
enum Base64Text {
    enum Alphabet {
        /// `+` and `/`: change keys and conversation indexes.
        case standard
        /// `-` and `_`: item, folder and conversation ids, as Graph's REST ids are URL-safe.
        case urlSafe
    }

    private static let standardDigits: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    private static let urlSafeDigits: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// Appends the encoding of `input`, with `=` padding.
    static func append(_ input: [UInt8], alphabet: Alphabet, to output: inout [UInt8]) {
        input.withUnsafeBufferPointer { append($0, alphabet: alphabet, to: &output) }
    }

    /// Appends the encoding of `input`, with `=` padding.
    static func append(_ input: UnsafeBufferPointer<UInt8>, alphabet: Alphabet, to output: inout [UInt8]) {
        (alphabet == .standard ? standardDigits : urlSafeDigits).withUTF8Buffer { digits in
            append(input, digits: digits, to: &output)
        }
    }

    private static func append(_ input: UnsafeBufferPointer<UInt8>, digits: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(count: (input.count + 2) / 3 * 4) { encoded in
            var index = 0
            var at = 0
            while index + 3 <= input.count {
                let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                encoded[at] = digits[Int(group >> 18 & 63)]
                encoded[at + 1] = digits[Int(group >> 12 & 63)]
                encoded[at + 2] = digits[Int(group >> 6 & 63)]
                encoded[at + 3] = digits[Int(group & 63)]
                index += 3
                at += 4
            }
            let remaining = input.count - index
            if remaining > 0 {
                let group = UInt32(input[index]) << 16 | (remaining == 2 ? UInt32(input[index + 1]) << 8 : 0)
                encoded[at] = digits[Int(group >> 18 & 63)]
                encoded[at + 1] = digits[Int(group >> 12 & 63)]
                encoded[at + 2] = remaining == 2 ? digits[Int(group >> 6 & 63)] : UInt8(ascii: "=")
                encoded[at + 3] = UInt8(ascii: "=")
            }
        }
    }

    /// Appends the encoding of `head` followed by the last `count` (at most 16) big-endian bytes of the
    /// words `high` and `low`, without building the input in an array.
    static func append(
        _ head: [UInt8], last count: Int, ofWords high: UInt64, _ low: UInt64, alphabet: Alphabet, to output: inout [UInt8]
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: head.count + count) { input in
            var index = 0
            for byte in head {
                input[index] = byte
                index += 1
            }
            for position in (16 - count)..<16 {
                let word = position < 8 ? high : low
                input[index] = UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * (position % 8)))
                index += 1
            }
            append(UnsafeBufferPointer(input), alphabet: alphabet, to: &output)
        }
    }

    static func string(_ input: [UInt8], alphabet: Alphabet) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        append(input, alphabet: alphabet, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The URL-safe encoding of `input` without `=` padding, as JWTs carry their parts.
    static func unpadded(_ input: [UInt8]) -> String {
        var text = string(input, alphabet: .urlSafe)
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes either alphabet (padding optional); nil for anything else, including a text whose last
    /// character carries bits that encode nothing (RFC 4648, 3.5): one value has one spelling, so a
    /// signature changed only there is not the same signature.
    static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var sawPadding = false
        for byte in text.utf8 {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - 71
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte + 4
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                sawPadding = true
                continue
            default: return nil
            }
            guard !sawPadding else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits: 0, 2 or 4 of padding, which must be zero; 6 would be a character too many.
        guard bits < 6, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
