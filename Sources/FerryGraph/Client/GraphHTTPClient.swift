import Logging
import Synchronization

/// Sends authenticated Graph requests: bearer token, one token refresh on 401, Retry-After on
/// 429/503, backoff on 5xx and network errors, a retry budget.
///
/// The rules per request live in `RetryStateMachine`; this type adds the token, the transport,
/// the sleeps, the run-wide budget and the counters. Requests to a mailbox or the directory wait while
/// a `Retry-After` holds it (`ThrottleScopes`), and every request sent takes a permit from a limit on
/// requests in flight that adapts to throttling (`AdaptiveConcurrency`). `GraphBatcher` runs each item
/// of a `$batch` through the same retry loop. It never logs headers or tokens.
public final class GraphHTTPClient: Sendable {
    /// A response and what it was sent with: the token (to refresh after a 401) and when the request got
    /// its concurrency permit (for adaptive concurrency).
    struct Answer: Sendable {
        var response: HTTPResponse
        var token: String?
        var sentAt: ContinuousClock.Instant?
    }

    private struct State {
        var stats = GraphClientStats()
        var budgetLeft: Int
    }

    private let transport: CurlTransport
    private let tokens: TokenProvider
    /// Where the token may go: `graphURL`'s scheme, host and port, nowhere else.
    public let origin: GraphOrigin
    private let retry: RetryPolicy
    private let logger: Logger
    private let state: Mutex<State>
    /// Shared with `GraphBatcher`, whose items honour the same holds.
    let scopes = ThrottleScopes()
    private let gate: ConcurrencyGate
    private let metrics: GraphMetrics

    /// - Parameters:
    ///   - graphURL: the configured Graph endpoint (`source.graph_url`); requests to any other origin are
    ///     refused with `UntrustedURLError` before the token is attached.
    ///   - maxConcurrency: the most requests in flight at once (a `$batch` is one); the limit starts
    ///     there, halves when Graph throttles and grows back while it does not (see `AdaptiveConcurrency`).
    ///   - adaptsConcurrency: false keeps the limit at `maxConcurrency` whatever Graph answers.
    ///   - metrics: where requests, retries, waits and the concurrency limit are counted (see `GraphMetrics`).
    /// - Throws: `GraphOriginError` when `graphURL` has no origin (not an absolute http(s) URL, or user info).
    public init(
        graphURL: String, transport: CurlTransport, tokens: TokenProvider, retry: RetryPolicy = .init(),
        maxConcurrency: Int = 32, adaptsConcurrency: Bool = true, metrics: GraphMetrics = GraphMetrics(), logger: Logger
    ) throws(GraphOriginError) {
        self.origin = try GraphOrigin(graphURL)
        self.transport = transport
        self.tokens = tokens
        self.retry = retry
        self.logger = logger
        self.state = Mutex(State(budgetLeft: retry.runBudget))
        self.gate = ConcurrencyGate(AdaptiveConcurrency(maximum: maxConcurrency, adapts: adaptsConcurrency))
        self.metrics = metrics
        metrics.limit(gate.limits.current)
    }

    /// Counters since the client was made; safe to read from any thread.
    public var stats: GraphClientStats {
        var stats = state.withLock { $0.stats }
        (stats.concurrencyLimit, stats.lowestConcurrencyLimit) = gate.limits
        return stats
    }

    /// GETs `url` with `headers` (plus the bearer token); see `send(_:)`.
    public func get(_ url: String, headers: [(name: String, value: String)] = []) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: "GET", url: url, headers: headers))
    }

    /// Returns the final response: 2xx, or a non-retryable status (e.g. 404, 400) for the caller to
    /// interpret. Throws `GraphRequestError` when retries or budget run out, on a second 401, or on a
    /// failure retrying cannot fix; `CancellationError` when the task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await exchange(request).response
    }

    /// `send(_:)`, telling also which token and permit the final answer came with.
    func exchange(_ request: HTTPRequest) async throws -> Answer {
        try await exchange(request, prepare: { _ in true }, inspect: { _ in })
    }

    /// `send(_:)` with a say before and after each attempt.
    ///
    /// Once the concurrency permit is granted, `prepare` may change the request (a `$batch` drops the
    /// items whose scope a `Retry-After` now holds) or return false when nothing is left to send;
    /// `exchange` then throws `NothingToSend`. `inspect` sees each response before the permit goes back,
    /// so a `Retry-After` it finds (in a `$batch` item) holds its scope before another request can leave.
    func exchange(
        _ request: HTTPRequest, prepare: (inout HTTPRequest) -> Bool, inspect: (HTTPResponse) -> Void
    ) async throws -> Answer {
        // The token is attached below, on every attempt: nothing outside the configured origin gets it.
        if let refusal = origin.refusal(of: request.url) {
            throw UntrustedURLError(method: request.method, url: request.url, refusal: refusal)
        }
        var request = request
        request.headers.removeAll {
            let name = $0.name.lowercased()
            return name == "authorization" || name == RequestTrace.clientRequestIdHeader
        }
        let headerCount = request.headers.count
        let scope = ThrottleScopes.scope(of: request.url)
        return try await retrying(method: request.method, url: request.url) {
            let token = try await tokens.token()
            // Every request sent gets its own id, a retry too: each is a request of its own in Graph's logs.
            let clientRequestId = RequestTrace.newClientRequestId()
            request.headers.removeSubrange(headerCount...)
            request.headers.append((name: "Authorization", value: "Bearer \(token)"))
            request.headers.append((name: RequestTrace.clientRequestIdHeader, value: clientRequestId))
            let sentAt = try await gate.acquire()
            // While this request waited for its permit, a Retry-After may have come for its scope.
            guard !scopes.isHeld(scope) else {
                gate.release(.neutral, sentAt: sentAt)
                return nil
            }
            guard prepare(&request) else {
                gate.release(.neutral, sentAt: sentAt)
                throw NothingToSend()
            }
            state.withLock { $0.stats.requestsSent += 1 }
            var response: HTTPResponse
            metrics.sending()
            defer { metrics.sent() }
            do {
                response = try await transport.send(request)
            } catch var error as TransportError {
                gate.release(.neutral, sentAt: sentAt)
                error.trace = RequestTrace(clientRequestId: clientRequestId)
                throw error
            } catch {
                gate.release(.neutral, sentAt: sentAt)
                throw error
            }
            // Graph echoes the id; a server that does not still answers this request, so the response says so.
            if response.header(RequestTrace.clientRequestIdHeader) == nil {
                response.headers.append((name: RequestTrace.clientRequestIdHeader, value: clientRequestId))
            }
            // Held before the permit goes back: the request waiting for it must see the hold.
            if let delay = holdDuration(of: response) { scopes.hold(scope, for: delay) }
            inspect(response)
            gate.release(Self.signal(of: response), sentAt: sentAt)
            metrics.limit(gate.limits.current)
            return Answer(response: response, token: token, sentAt: sentAt)
        }
    }

    /// `exchange(_:prepare:inspect:)` found nothing left to send.
    struct NothingToSend: Error {}

    /// The retry loop of one logical request, a single one or an item of a `$batch`: waits for the URL's
    /// throttling scope, makes an `attempt`, and lets `RetryStateMachine` decide what follows.
    ///
    /// `attempt` throws `TokenError` or `TransportError` for failures the machine judges; anything else
    /// ends the request. It returns nil when it sent nothing because the scope is held again, and is then
    /// called again once the hold is over, without an attempt counted.
    func retrying(method: String, url: String, attempt: () async throws -> Answer?) async throws -> Answer {
        var machine = RetryStateMachine(
            method: method, url: url, maxAttempts: retry.maxAttemptsPerRequest, maxRetryAfter: retry.maxRetryAfter)
        let scope = ThrottleScopes.scope(of: url)

        while true {
            try Task.checkCancellation()
            try await scopes.wait(for: scope)
            let action: RetryStateMachine.Action
            var answer: Answer?
            do {
                answer = try await attempt()
                guard let answer else { continue }
                metrics.answered(url, status: answer.response.status)
                if answer.response.status == 429 || answer.response.status == 503 {
                    state.withLock { $0.stats.throttled += 1 }
                } else if answer.response.isSuccess {
                    scopes.succeeded(scope)
                }
                action = machine.received(answer.response)
            } catch let error as TokenError {
                action = machine.tokenFailed(error)
            } catch let error as TransportError {
                action = machine.failed(error)
            }
            if case .retry(.retryAfter(let after), _) = action {
                scopes.hold(scope, for: after)
            }
            if try await perform(action, machine: machine, token: answer?.token), let answer { return answer }
        }
    }

    /// Notes a throttled answer that came inside another response (a `$batch` item), sent at `sentAt`.
    func noteThrottled(sentAt: ContinuousClock.Instant) {
        gate.throttled(sentAt: sentAt)
        metrics.limit(gate.limits.current)
    }

    /// Counts a `$batch` that `GraphBatcher` is sending and the requests it carries.
    func recordBatch(items: Int) {
        state.withLock { state in
            state.stats.batchesSent += 1
            state.stats.itemsBatched += items
        }
    }

    /// The wait a 429 or 503 asks for in its `Retry-After`, if it has one Ferry can read.
    static func retryAfter(of response: HTTPResponse) -> Duration? {
        guard response.status == 429 || response.status == 503, let header = response.header("retry-after") else { return nil }
        return RetryAfter.parse(header)
    }

    /// How long a 429 or 503 holds its scope: its `Retry-After`, at most `RetryPolicy.maxRetryAfter` (a longer
    /// one fails its request, and must not stall the scope's other requests for longer either).
    func holdDuration(of response: HTTPResponse) -> Duration? {
        Self.retryAfter(of: response).map { min($0, retry.maxRetryAfter) }
    }

    /// What an answer says about Graph's load: 429, or 503 with a `Retry-After`, is throttling.
    static func signal(of response: HTTPResponse) -> ConcurrencyGate.Signal {
        switch response.status {
        case 429: return .throttled
        case 503: return response.header("retry-after") == nil ? .neutral : .throttled
        case 500..<600: return .neutral
        default: return .success
        }
    }

    /// Carries out `action`: true when the answer is to be delivered, false after waiting for a retry.
    private func perform(
        _ action: RetryStateMachine.Action, machine: RetryStateMachine, token: String?
    ) async throws -> Bool {
        switch action {
        case .deliver:
            return true
        case .fail(let error):
            var metadata: Logger.Metadata = ["url": "\(error.url)", "attempts": "\(error.attempts)"]
            if let status = error.status { metadata["status"] = "\(status)" }
            if let code = error.code { metadata["code"] = "\(code)" }
            for (name, value) in error.trace.metadata { metadata[name] = "\(value)" }
            logger.warning("giving up on Graph request", metadata: metadata)
            throw error
        case .refreshToken:
            try spendRetry(machine)
            if let token { await tokens.invalidate(token) }
            logger.debug("Graph refused the token; refreshing it once", metadata: ["url": "\(RedactedURL.string(machine.url))"])
            return false
        case .retry(let wait, let throttled):
            let delay: Duration
            switch wait {
            case .retryAfter(let after):
                // Graph scheduling a request for later is not a failure: under heavy throttling a long
                // run meets thousands of these. Each request's own allowance bounds them; the run's
                // budget is kept for failures (5xx, network errors, token refreshes).
                state.withLock { $0.stats.retries += 1 }
                delay = after
                let seconds = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
                state.withLock { $0.stats.retryAfterWaitSeconds += seconds }
                metrics.retried()
                metrics.waited(retryAfterSeconds: seconds)
            case .backoff(let attempt):
                try spendRetry(machine)
                delay = retry.backoff.delay(attempt: attempt)
            }
            var metadata: Logger.Metadata = [
                "url": "\(RedactedURL.string(machine.url))", "attempt": "\(machine.attempts + 1)",
                "delay": "\(delay)", "throttled": "\(throttled)",
            ]
            for (name, value) in machine.lastTrace.metadata { metadata[name] = "\(value)" }
            logger.debug("retrying Graph request", metadata: metadata)
            try await Task.sleep(for: delay)
            return false
        }
    }

    private func spendRetry(_ machine: RetryStateMachine) throws(GraphRequestError) {
        let granted = state.withLock { state in
            guard state.budgetLeft > 0 else { return false }
            state.budgetLeft -= 1
            state.stats.retries += 1
            return true
        }
        guard granted else { throw machine.budgetExhausted() }
        metrics.retried()
    }
}
