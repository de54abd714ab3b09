/// How hard Ferry may press on Graph (the pipeline's `throttle:`).
public struct ThrottleConfig: Sendable {
    /// The most requests in flight at once; the extractor adapts below it on its own.
    public var maxConcurrency: Int

    public init(maxConcurrency: Int = 32) {
        self.maxConcurrency = maxConcurrency
    }

    /// Reads `throttle:`; an absent section is the default.
    static func read(_ node: YAMLNode?, reader: inout ConfigReader) -> ThrottleConfig? {
        var throttle = ThrottleConfig()
        guard let node else { return throttle }
        guard let mapping = reader.mapping(node, at: "throttle", keys: ["max_concurrency"]) else { return nil }
        if let node = mapping["max_concurrency"] {
            guard
                let value = reader.integer(
                    node, at: "throttle.max_concurrency", in: 1...1000, expected: "an integer from 1 to 1000")
            else { return nil }
            throttle.maxConcurrency = value
        }
        return throttle
    }
}
