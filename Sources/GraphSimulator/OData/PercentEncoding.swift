/// Percent-encoding of URL query components, as Graph's links and form bodies use it.
enum PercentEncoding {
    /// Decodes `%XX` escapes (and `+` as space in form bodies); nil if an escape is malformed or the result is not UTF-8.
    static func decode<S: StringProtocol>(_ text: S, plusIsSpace: Bool) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(UInt8(ascii: "%")) || (plusIsSpace && utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Encodes a query value: everything but unreserved characters (and `$`, `,`, `:` which Graph leaves as they are).
    static func encodeQueryValue(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendQueryValue(text.utf8, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the encoding of `value` (see `encodeQueryValue`) to `output`.
    static func appendQueryValue(_ value: some Sequence<UInt8>, to output: inout [UInt8]) {
        for byte in value {
            if isLeftAsIs(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            }
        }
    }

    /// Encodes the bytes of `output` from `start` on in place: most ids need no escape and stay as they are.
    static func encodeQueryValue(inPlace output: inout [UInt8], from start: Int) {
        guard let first = output[start...].firstIndex(where: { !isLeftAsIs($0) }) else { return }
        let rest = Array(output[first...])
        output.removeSubrange(first...)
        appendQueryValue(rest, to: &output)
    }

    /// Parses `a=1&b=2` into pairs, decoding both sides; nil if any part is malformed.
    static func parsePairs(_ text: String, plusIsSpace: Bool) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in text.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(Substring(pieces[0]), plusIsSpace: plusIsSpace),
                let value = pieces.count > 1 ? decode(Substring(pieces[1]), plusIsSpace: plusIsSpace) : ""
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isLeftAsIs(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "$"),
            UInt8(ascii: ","), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 97...102: return byte - 87
        case 65...70: return byte - 55
        default: return nil
        }
    }
}
