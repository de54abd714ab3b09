/// Turns the contents of a JSON string that `JSONReader` has checked into a `String`.
enum JSONString {
    /// The text of `buffer[contents]`, the bytes between a string's quotes; without escapes, one copy.
    ///
    /// A `\u` high surrogate followed by a `\u` low one is one character; a lone half becomes U+FFFD.
    static func decode(_ contents: Range<Int>, escaped: Bool, in buffer: UnsafeRawBufferPointer) -> String {
        guard escaped else { return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[contents]), as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(contents.count)
        var index = contents.lowerBound
        while index < contents.upperBound {
            let byte = buffer[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            let escape = buffer[index]
            index += 1
            switch escape {
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(buffer, index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate pairs with an escaped low one right after it; otherwise the next escape
                    // is read on its own.
                    if index + 6 <= contents.upperBound, buffer[index] == UInt8(ascii: "\\"),
                        buffer[index + 1] == UInt8(ascii: "u"), case let low = hex4(buffer, index + 2),
                        (0xDC00..<0xE000).contains(low)
                    {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: UTF8.encode(unicode)!)
            default:
                // `"`, `\` and `/` stand for themselves.
                bytes.append(escape)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of the four hex digits at `buffer[index]`, which the reader has checked.
    private static func hex4(_ buffer: UnsafeRawBufferPointer, _ index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<index + 4 {
            let byte = buffer[offset]
            let digit: UInt8 =
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
                default: byte - UInt8(ascii: "A") + 10
                }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
