/// SipHash-2-4 (Aumasson and Bernstein), a keyed pseudo-random function with a 64-bit tag.
///
/// It signs access tokens: with a random per-server key a client cannot forge or extend one, and the
/// server verifies a token without remembering it. Foundation has no MAC and this module takes no crypto
/// dependency; a 64-bit tag is ample for a loopback test server.
struct SipHash: Sendable {
    private let key0: UInt64
    private let key1: UInt64

    init(key0: UInt64, key1: UInt64) {
        self.key0 = key0
        self.key1 = key1
    }

    /// A key from the system's secure random source.
    static func randomKey() -> SipHash {
        var generator = SystemRandomNumberGenerator()
        return SipHash(key0: generator.next(), key1: generator.next())
    }

    func tag<Bytes: Collection<UInt8>>(_ message: Bytes) -> UInt64 {
        var v0 = key0 ^ 0x736F_6D65_7073_6575
        var v1 = key1 ^ 0x646F_7261_6E64_6F6D
        var v2 = key0 ^ 0x6C79_6765_6E65_7261
        var v3 = key1 ^ 0x7465_6462_7974_6573

        func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }

        var word: UInt64 = 0
        var count = 0
        for byte in message {
            word |= UInt64(byte) << UInt64(8 * (count % 8))
            count += 1
            if count % 8 == 0 {
                v3 ^= word
                round(); round()
                v0 ^= word
                word = 0
            }
        }
        word |= UInt64(truncatingIfNeeded: count) << 56
        v3 ^= word
        round(); round()
        v0 ^= word
        v2 ^= 0xFF
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        self << count | self >> (64 - count)
    }
}
