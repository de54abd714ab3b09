/// What a `GraphHTTPClient` has done so far, for run reports and throttling metrics.
public struct GraphClientStats: Sendable, Equatable {
    /// Requests handed to the transport, retries included.
    public var requestsSent: Int = 0
    /// Retries spent from the run budget (token refreshes after a 401 included).
    public var retries: Int = 0
    /// Responses with status 429 or 503.
    public var throttled: Int = 0
    /// Seconds spent waiting because a `Retry-After` header said so.
    public var retryAfterWaitSeconds: Double = 0

    public init() {}
}
