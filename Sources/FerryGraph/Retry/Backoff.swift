/// Exponential backoff with full jitter: how long to wait before retry number `attempt`.
///
/// The wait is drawn uniformly from zero up to a ceiling that doubles with each attempt:
///
///     ceiling(attempt) = min(cap, base × 2^(attempt − 1))        attempt ≥ 1
///     delay(attempt)   = uniform random in [0, ceiling(attempt)]
///
/// Full jitter spreads the retries of many requests that failed together (a throttled burst, a
/// dropped connection pool) so they do not return in lockstep. With the defaults
/// (base 200 ms, cap 30 s):
///
/// | attempt | ceiling  | mean wait |
/// |--------:|---------:|----------:|
/// |       1 |   0.2 s  |    0.1 s  |
/// |       2 |   0.4 s  |    0.2 s  |
/// |       3 |   0.8 s  |    0.4 s  |
/// |       4 |   1.6 s  |    0.8 s  |
/// |       5 |   3.2 s  |    1.6 s  |
/// |       6 |   6.4 s  |    3.2 s  |
/// |       7 |  12.8 s  |    6.4 s  |
/// |       8 |  25.6 s  |   12.8 s  |
/// |      9+ |  30   s  |   15   s  |
///
/// An attempt below 1 counts as 1.
public struct Backoff: Sendable {
    /// The ceiling of the first retry.
    public var base: Duration
    /// The largest ceiling, reached at attempt 9 with the defaults.
    public var cap: Duration

    public init(base: Duration = .milliseconds(200), cap: Duration = .seconds(30)) {
        self.base = base
        self.cap = cap
    }

    /// The largest wait before retry `attempt`: `min(cap, base × 2^(attempt − 1))`.
    public func ceiling(attempt: Int) -> Duration {
        let baseNanos = Self.nanoseconds(base)
        let capNanos = Self.nanoseconds(cap)
        let doublings = min(max(attempt, 1) - 1, 62)
        let (scaled, overflow) = baseNanos.multipliedReportingOverflow(by: Int64(1) << doublings)
        return .nanoseconds(overflow || scaled < 0 ? capNanos : min(scaled, capNanos))
    }

    /// A random wait before retry `attempt`, from the system generator.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, random: &generator)
    }

    /// A random wait before retry `attempt`, drawn from `random` (seed it in tests).
    public func delay(attempt: Int, random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = Self.nanoseconds(ceiling(attempt: attempt))
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...ceiling, using: &random))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? 0 : .max }
        return max(0, whole + attoseconds / 1_000_000_000)
    }
}
