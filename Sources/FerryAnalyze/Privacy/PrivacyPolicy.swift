/// The privacy rules an analysis runs under.
public struct PrivacyPolicy: Codable, Sendable, Equatable {
    /// The smallest number of people any output cell may describe.
    public var minimumGroupSize = 10
    /// Whether person-level tables (`person_week`, `person_network`, `edges`) are written.
    public var personLevel = false
    /// The privacy budget of the Laplace noise on group aggregates, or nil for no noise.
    public var noiseEpsilon: Double?
    /// A person's weekly hours are clipped to this before noisy sums (the sensitivity of an hours sum).
    public var hoursClip = 80.0
    /// A person's weekly counts are clipped to this before noisy sums.
    public var countClip = 500.0
    /// Seed of the noise; nil (always, outside tests) draws a fresh one from the system's randomness for
    /// each analysis. It is never written out: whoever had it could draw the same noise and subtract it.
    public var noiseSeed: UInt64?

    /// What `definitions.json` shows of the policy: everything but the noise seed.
    enum CodingKeys: String, CodingKey {
        case minimumGroupSize, personLevel, noiseEpsilon, hoursClip, countClip
    }

    /// The floor no setting may go below.
    public static let smallestAllowedGroupSize = 5

    public init(minimumGroupSize: Int = 10, personLevel: Bool = false, noiseEpsilon: Double? = nil) {
        self.minimumGroupSize = minimumGroupSize
        self.personLevel = personLevel
        self.noiseEpsilon = noiseEpsilon
    }

    /// Throws when a setting would weaken privacy below what Ferry allows.
    public func validate() throws {
        guard minimumGroupSize >= Self.smallestAllowedGroupSize else {
            throw AnalyzeError(.invalidArgument,
                "the minimum group size \(minimumGroupSize) is below \(Self.smallestAllowedGroupSize), the least Ferry allows; use --min-group-size 5 or more")
        }
        if let epsilon = noiseEpsilon, !(epsilon > 0 && epsilon.isFinite) {
            throw AnalyzeError(.invalidArgument, "--noise takes a positive privacy budget epsilon such as 1.0, not \(epsilon)")
        }
    }
}
