import Foundation

/// Laplace noise for differentially private sums: scale = sensitivity / epsilon.
public struct LaplaceNoise {
    private var random: SeededRandom
    public let epsilon: Double

    public init(epsilon: Double, seed: UInt64) {
        self.epsilon = epsilon
        random = SeededRandom(seed: seed)
    }

    /// A draw from Laplace(0, sensitivity / epsilon).
    public mutating func sample(sensitivity: Double) -> Double {
        let u = random.unit() - 0.5
        let scale = sensitivity / epsilon
        return -scale * (u < 0 ? -1 : 1) * log(1 - 2 * abs(u))
    }
}
