/// A keyed permutation of 32-bit values: a four-round Feistel network over two 16-bit halves.
///
/// User ids carry their index through it, so ids can be decoded without a table yet look unrelated
/// to each other, as directory object ids do.
struct IndexCipher: Sendable {
    private let roundKeys: [UInt64]

    init(seed: UInt64, stream: GenerationStream = .idCipher) {
        roundKeys = (0..<4).map { SplitMix64.hash(seed, stream.rawValue, UInt64($0)) }
    }

    func encrypt(_ value: UInt32) -> UInt32 {
        var left = UInt16(truncatingIfNeeded: value >> 16)
        var right = UInt16(truncatingIfNeeded: value)
        for key in roundKeys {
            (left, right) = (right, left ^ Self.round(right, key: key))
        }
        return UInt32(left) << 16 | UInt32(right)
    }

    func decrypt(_ value: UInt32) -> UInt32 {
        var left = UInt16(truncatingIfNeeded: value >> 16)
        var right = UInt16(truncatingIfNeeded: value)
        for key in roundKeys.reversed() {
            (left, right) = (right ^ Self.round(left, key: key), left)
        }
        return UInt32(left) << 16 | UInt32(right)
    }

    private static func round(_ half: UInt16, key: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: SplitMix64.mix(UInt64(half) ^ key) >> 24)
    }
}
