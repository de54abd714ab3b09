import Logging
import Synchronization

/// Sends authenticated Graph requests: bearer token, one token refresh on 401, Retry-After on
/// 429/503, backoff on 5xx and network errors, a retry budget.
///
/// The rules per request live in `RetryStateMachine`; this type adds the token, the transport,
/// the sleeps, the run-wide budget and the counters. It never logs headers or tokens.
public final class GraphHTTPClient: Sendable {
    private struct State {
        var stats = GraphClientStats()
        var budgetLeft: Int
    }

    private let transport: CurlTransport
    private let tokens: TokenProvider
    private let retry: RetryPolicy
    private let logger: Logger
    private let state: Mutex<State>
    private let scopes = ThrottleScopes()

    public init(transport: CurlTransport, tokens: TokenProvider, retry: RetryPolicy = .init(), logger: Logger) {
        self.transport = transport
        self.tokens = tokens
        self.retry = retry
        self.logger = logger
        self.state = Mutex(State(budgetLeft: retry.runBudget))
    }

    /// Counters since the client was made; safe to read from any thread.
    public var stats: GraphClientStats {
        state.withLock { $0.stats }
    }

    /// GETs `url` with `headers` (plus the bearer token); see `send(_:)`.
    public func get(_ url: String, headers: [(name: String, value: String)] = []) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: "GET", url: url, headers: headers))
    }

    /// Returns the final response: 2xx, or a non-retryable status (e.g. 404, 400) for the caller to
    /// interpret. Throws `GraphRequestError` when retries or budget run out, on a second 401, or on a
    /// failure retrying cannot fix; `CancellationError` when the task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var machine = RetryStateMachine(
            method: request.method, url: request.url, maxAttempts: retry.maxAttemptsPerRequest)
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        let headerCount = request.headers.count
        let scope = ThrottleScopes.scope(of: request.url)

        while true {
            try Task.checkCancellation()
            try await scopes.wait(for: scope)
            let action: RetryStateMachine.Action
            var sentToken: String?
            do {
                let token = try await tokens.token()
                sentToken = token
                request.headers.removeSubrange(headerCount...)
                request.headers.append((name: "Authorization", value: "Bearer \(token)"))
                state.withLock { $0.stats.requestsSent += 1 }
                let response = try await transport.send(request)
                if response.status == 429 || response.status == 503 {
                    state.withLock { $0.stats.throttled += 1 }
                }
                action = machine.received(response)
            } catch let error as TokenError {
                action = machine.tokenFailed(error)
            } catch let error as TransportError {
                action = machine.failed(error)
            }
            if case .retry(.retryAfter(let after), _) = action {
                scopes.hold(scope, for: after)
            }
            if let response = try await perform(action, machine: machine, token: sentToken) { return response }
        }
    }

    /// Carries out `action`: returns the response to deliver, or nil after waiting for a retry.
    private func perform(
        _ action: RetryStateMachine.Action, machine: RetryStateMachine, token: String?
    ) async throws -> HTTPResponse? {
        switch action {
        case .deliver(let response):
            return response
        case .fail(let error):
            logger.debug("giving up on Graph request", metadata: ["url": "\(error.url)", "attempts": "\(error.attempts)"])
            throw error
        case .refreshToken:
            try spendRetry(machine)
            if let token { await tokens.invalidate(token) }
            logger.debug("Graph refused the token; refreshing it once", metadata: ["url": "\(RedactedURL.string(machine.url))"])
            return nil
        case .retry(let wait, let throttled):
            try spendRetry(machine)
            let delay: Duration
            switch wait {
            case .retryAfter(let after):
                delay = after
                let seconds = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
                state.withLock { $0.stats.retryAfterWaitSeconds += seconds }
            case .backoff(let attempt):
                delay = retry.backoff.delay(attempt: attempt)
            }
            logger.debug(
                "retrying Graph request",
                metadata: [
                    "url": "\(RedactedURL.string(machine.url))", "attempt": "\(machine.attempts + 1)",
                    "delay": "\(delay)", "throttled": "\(throttled)",
                ])
            try await Task.sleep(for: delay)
            return nil
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
    }
}
