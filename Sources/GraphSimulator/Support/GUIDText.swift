/// Lower-case GUID text (`8-4-4-4-12` hex digits) from 128 bits, shaped like a version-4 GUID.
enum GUIDText {
    static func make(high: UInt64, low: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        append(high: high, low: low, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(high: UInt64, low: UInt64, to bytes: inout [UInt8]) {
        // Version nibble 4 and variant bits 10, as real Azure AD object ids have.
        let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        appendHex(high >> 32, digits: 8, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendHex(high >> 16, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendHex(high, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendHex(low >> 48, digits: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendHex(low, digits: 12, to: &bytes)
    }

    /// Appends the lowest `digits` hex digits of `value`.
    static func appendHex(_ value: UInt64, digits: Int, to bytes: inout [UInt8]) {
        bytes.append(count: digits) { text in
            for position in 0..<digits {
                let digit = UInt8(truncatingIfNeeded: value >> UInt64(4 * (digits - 1 - position))) & 0xF
                text[position] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") - 10 + digit
            }
        }
    }

    /// The value of up to 16 hex digits, or nil if any character is not a hex digit.
    static func parseHex<S: StringProtocol>(_ text: S) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 97...102: digit = byte - 87
            case 65...70: digit = byte - 55
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
