/// What a `GraphHTTPClient` has done so far, for run reports and throttling metrics.
public struct GraphClientStats: Sendable, Equatable {
    /// Requests handed to the transport, retries included; a `$batch` counts as one.
    public var requestsSent: Int = 0
    /// Retries spent from the run budget (token refreshes after a 401 included), batch items' too.
    public var retries: Int = 0
    /// Responses with status 429 or 503, `$batch` items included.
    public var throttled: Int = 0
    /// Seconds spent waiting because a `Retry-After` header said so.
    public var retryAfterWaitSeconds: Double = 0
    /// `$batch` requests `GraphBatcher` sent; a batch the client sends again (after a dropped connection,
    /// say) counts again.
    public var batchesSent: Int = 0
    /// Requests those batches carried; an item sent again, in the same batch or a later one, counts again.
    public var itemsBatched: Int = 0
    /// How many requests may be in flight now, as adaptive concurrency has set it.
    public var concurrencyLimit: Int = 0
    /// The lowest that limit has been.
    public var lowestConcurrencyLimit: Int = 0

    public init() {}
}
