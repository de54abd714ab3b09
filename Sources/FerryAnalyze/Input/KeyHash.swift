/// A fast 64-bit hash of bytes, ASCII letters folded to lower case, for interning addresses, ids and
/// message ids without keeping their text.
///
/// Two different values share a hash with probability about 2^-64 per pair: among the 10 million
/// message ids of a large export, less than one chance in 300,000 that any two collide.
enum KeyHash {
    static func hash(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: end - start)
        var i = start
        while i + 8 <= end {
            h = step(h, lower(buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < end {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < end {
                word |= UInt64(buffer[i]) << shift
                shift += 8
                i += 1
            }
            h = step(h, lower(word))
        }
        return finish(h)
    }

    static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, range.lowerBound, range.upperBound) }
    }

    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// The hash of the domain of an address (after its last `@`), or nil when it has none.
    static func domainHash(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64? {
        var at = end - 1
        while at >= start && buffer[at] != UInt8(ascii: "@") { at -= 1 }
        guard at >= start, at + 1 < end else { return nil }
        return hash(buffer, at + 1, end)
    }

    static func domainHash(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { domainHash(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// Two values in one hash (a meeting's iCalUId and start).
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { finish(step(a, b)) }

    private static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let x = (h ^ word) &* 0x9FB2_1C65_1E98_DF25
        return x ^ (x >> 29)
    }

    private static func finish(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// ASCII `A`-`Z` to `a`-`z` in all eight bytes at once; other bytes unchanged.
    private static func lower(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7 = word & ~high
        let atLeastA = low7 &+ (0x80 - 0x41) &* ones
        let pastZ = low7 &+ (0x80 - 0x5B) &* ones
        let upper = atLeastA & ~pastZ & ~word & high
        return word | (upper >> 2)
    }
}
