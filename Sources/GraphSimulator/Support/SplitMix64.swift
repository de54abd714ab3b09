/// A tiny, fast, deterministic pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The tenant is never stored: every user and message is regenerated from `(seed, index)` on demand, so the
/// generator must be cheap to create and must give the same sequence on every platform and run.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finalizer: a bijective avalanche of one 64-bit word.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed hash of a few words, used to derive independent streams from `(seed, index, purpose)`.
    static func hash(_ words: UInt64...) -> UInt64 {
        var value: UInt64 = 0x243F_6A88_85A3_08D3
        for word in words {
            value = mix(value ^ mix(word &+ 0x9E37_79B9_7F4A_7C15))
        }
        return value
    }

    /// A value in `0..<bound`; `bound` must be positive. The modulo bias is negligible for the small bounds used here.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// A double in `0..<1` built from the top 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
