/// Decides, for one logical Graph request, what to do with each outcome: deliver it, refresh the
/// token, wait and retry, or give up.
///
/// Pure: no I/O, no clock, no randomness, so every rule is unit-tested directly. The client owns
/// the run-wide retry budget and turns `.wait` into an actual sleep.
struct RetryStateMachine {
    /// How long to wait before the next attempt.
    enum Wait: Equatable {
        /// The server said so in `Retry-After`.
        case retryAfter(Duration)
        /// Backoff with jitter, for retry number `attempt` (1 for the first retry).
        case backoff(attempt: Int)
    }

    enum Action {
        /// Hand this response to the caller: 2xx, or a status retrying cannot change.
        case deliver(HTTPResponse)
        /// Drop the refused token and send again at once with a new one.
        case refreshToken
        /// Wait, then send again; `throttled` for 429 and 503.
        case retry(Wait, throttled: Bool)
        /// Give up with this error.
        case fail(GraphRequestError)
    }

    let method: String
    let url: String
    let maxAttempts: Int
    /// The longest `Retry-After` waited for; a longer one fails the request (see `RetryPolicy.maxRetryAfter`).
    let maxRetryAfter: Duration
    /// Requests sent (or token fetches tried) so far.
    private(set) var attempts = 0
    /// Retries Graph scheduled with `Retry-After`; bounded by `maxAttempts * throttledWaitsPerAttempt`.
    private(set) var throttledWaits = 0
    static let throttledWaitsPerAttempt = 8
    private var retries = 0
    private var refreshedToken = false
    private var lastStatus: Int?
    private var lastCode: String?
    private var lastDetail: String?
    /// The ids of the last request sent, for the error that ends the request and for logs.
    private(set) var lastTrace = RequestTrace()

    init(method: String, url: String, maxAttempts: Int, maxRetryAfter: Duration = RetryPolicy.defaultMaxRetryAfter) {
        self.method = method
        self.url = url
        self.maxAttempts = max(1, maxAttempts)
        self.maxRetryAfter = maxRetryAfter
    }

    /// Graph answered.
    mutating func received(_ response: HTTPResponse) -> Action {
        attempts += 1
        lastTrace = RequestTrace(of: response)
        let status = response.status
        switch status {
        case 200..<300:
            return .deliver(response)
        case 401:
            remember(response)
            guard !refreshedToken else { return .fail(error(.unauthorized)) }
            refreshedToken = true
            return nextAttempt(.refreshToken)
        case 429, 503:
            remember(response)
            guard let header = response.header("retry-after"), let delay = RetryAfter.parse(header) else {
                return nextAttempt(.retry(.backoff(attempt: retries + 1), throttled: true))
            }
            guard delay <= maxRetryAfter else {
                lastDetail = "its Retry-After (\(header.prefix(40))) asks for a wait of \(Self.seconds(delay)) s, "
                    + "longer than the \(Self.seconds(maxRetryAfter)) s allowed"
                    + (lastDetail.map { "; Graph said: \($0)" } ?? "")
                return .fail(error(.retryAfterTooLong))
            }
            // Graph saying when to come back is scheduling, not failing: under throttling shared by many
            // workers a request may be told to wait several times. It does not use up the attempts meant
            // for failures, only a larger allowance of its own (and the run's retry budget).
            attempts -= 1
            throttledWaits += 1
            guard throttledWaits <= maxAttempts * Self.throttledWaitsPerAttempt else {
                attempts += 1
                return .fail(error(.attemptsExhausted))
            }
            retries += 1
            return .retry(.retryAfter(delay), throttled: true)
        case 500, 502, 504:
            remember(response)
            return nextAttempt(.retry(.backoff(attempt: retries + 1), throttled: false))
        default:
            return .deliver(response)
        }
    }

    /// No response arrived.
    mutating func failed(_ transportError: TransportError) -> Action {
        attempts += 1
        lastTrace = transportError.trace
        lastStatus = nil
        lastCode = nil
        lastDetail = transportError.description
        guard transportError.isRetryable else { return .fail(error(.transport)) }
        return nextAttempt(.retry(.backoff(attempt: retries + 1), throttled: false))
    }

    /// No token could be obtained; counts as an attempt so a dead token endpoint ends the request too.
    mutating func tokenFailed(_ tokenError: TokenError) -> Action {
        attempts += 1
        lastTrace = RequestTrace()
        lastStatus = nil
        lastCode = nil
        lastDetail = tokenError.description
        guard tokenError.isRetryable else { return .fail(error(.token)) }
        return nextAttempt(.retry(.backoff(attempt: retries + 1), throttled: false))
    }

    /// The error to throw when the run's retry budget cannot pay for the next retry.
    func budgetExhausted() -> GraphRequestError {
        error(.budgetExhausted)
    }

    /// `action` if the policy allows another attempt, else the error that ends the request.
    private mutating func nextAttempt(_ action: Action) -> Action {
        guard attempts < maxAttempts else { return .fail(error(.attemptsExhausted)) }
        retries += 1
        return action
    }

    /// Whole seconds, rounded up, for messages.
    private static func seconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return attoseconds > 0 ? seconds + 1 : seconds
    }

    private mutating func remember(_ response: HTTPResponse) {
        lastStatus = response.status
        let body = GraphErrorBody.parse(response.body)
        lastCode = body?.code
        lastDetail = body?.message
    }

    private func error(_ reason: GraphRequestError.Reason) -> GraphRequestError {
        GraphRequestError(
            reason: reason, method: method, url: url, status: lastStatus, code: lastCode, detail: lastDetail,
            attempts: attempts, trace: lastTrace)
    }
}
