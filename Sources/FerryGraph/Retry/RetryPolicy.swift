/// How hard `GraphHTTPClient` tries: attempts per request, a retry budget for the whole run, and
/// the backoff between attempts.
public struct RetryPolicy: Sendable {
    /// Requests sent for one logical request, the first included; 8 means up to 7 retries.
    public var maxAttemptsPerRequest: Int = 8
    /// Retries the whole run may spend on failures (5xx, network errors, a 429 or 503 without
    /// `Retry-After`, token refreshes), across all requests, so a failing Graph never turns a run into
    /// a retry storm; once spent, requests that would retry fail instead. Waits Graph schedules with
    /// `Retry-After` are not failures: each request has its own allowance of them instead.
    public var runBudget: Int = 10_000
    /// The wait before retrying a 5xx, a network error, or a 429/503 without `Retry-After`.
    public var backoff: Backoff
    /// The longest single `Retry-After` obeyed: a request told to wait longer fails at once, naming the
    /// wait, rather than stalling its unit (and the run) for up to a year.
    public var maxRetryAfter: Duration

    /// Five minutes: Graph's own waits are seconds, rarely a minute or two.
    public static let defaultMaxRetryAfter = Duration.seconds(300)

    public init(
        maxAttemptsPerRequest: Int = 8, runBudget: Int = 10_000, backoff: Backoff = Backoff(),
        maxRetryAfter: Duration = defaultMaxRetryAfter
    ) {
        self.maxAttemptsPerRequest = max(1, maxAttemptsPerRequest)
        self.runBudget = max(0, runBudget)
        self.backoff = backoff
        self.maxRetryAfter = max(maxRetryAfter, .zero)
    }
}
