/// How hard Ferry may press on Graph, and how long Graph may hold it up (the pipeline's `throttle:`).
public struct ThrottleConfig: Sendable {
    /// The most requests in flight at once; the extractor adapts below it on its own.
    public var maxConcurrency: Int
    /// The longest single `Retry-After` obeyed, in seconds; a request told to wait longer fails its unit.
    public var maxRetryAfterSeconds: Int
    /// The most pages one unit (a user's collection, or a tenant-wide one) may have.
    public var maxPagesPerUnit: Int
    /// The longest one HTTP transfer may take, in seconds.
    public var requestTimeoutSeconds: Int
    /// A transfer slower than this many bytes a second for `lowSpeedSeconds` is cut off; 0 turns it off.
    public var lowSpeedBytesPerSecond: Int
    /// See `lowSpeedBytesPerSecond`.
    public var lowSpeedSeconds: Int

    public init(
        maxConcurrency: Int = 32, maxRetryAfterSeconds: Int = 300, maxPagesPerUnit: Int = 100_000,
        requestTimeoutSeconds: Int = 60, lowSpeedBytesPerSecond: Int = 1024, lowSpeedSeconds: Int = 30
    ) {
        self.maxConcurrency = maxConcurrency
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
        self.maxPagesPerUnit = maxPagesPerUnit
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
    }

    /// Each key, its field and its allowed range.
    /// (Computed: key paths are not Sendable, so they cannot live in a static constant.)
    private static var limits: [(key: String, field: WritableKeyPath<ThrottleConfig, Int>, range: ClosedRange<Int>)] {
        [
            ("max_concurrency", \.maxConcurrency, 1...1000),
            ("max_retry_after_seconds", \.maxRetryAfterSeconds, 1...86_400),
            ("max_pages_per_unit", \.maxPagesPerUnit, 1...100_000_000),
            ("request_timeout_seconds", \.requestTimeoutSeconds, 1...3600),
            ("low_speed_bytes_per_second", \.lowSpeedBytesPerSecond, 0...100_000_000),
            ("low_speed_seconds", \.lowSpeedSeconds, 1...3600),
        ]
    }

    /// Reads `throttle:`; an absent section is the default.
    static func read(_ node: YAMLNode?, reader: inout ConfigReader) -> ThrottleConfig? {
        var throttle = ThrottleConfig()
        guard let node else { return throttle }
        guard let mapping = reader.mapping(node, at: "throttle", keys: limits.map(\.key)) else { return nil }
        var valid = true
        for limit in limits {
            guard let node = mapping[limit.key] else { continue }
            let expected = "an integer from \(limit.range.lowerBound) to \(limit.range.upperBound)"
            guard let value = reader.integer(node, at: "throttle.\(limit.key)", in: limit.range, expected: expected) else {
                valid = false
                continue
            }
            throttle[keyPath: limit.field] = value
        }
        return valid ? throttle : nil
    }
}
