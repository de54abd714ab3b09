/// A Graph request that `GraphHTTPClient` gave up on, and why.
///
/// The message names the request (URL without secret query values), the last status and Graph
/// error code, how many attempts were made, and what to do.
public struct GraphRequestError: Error, CustomStringConvertible, Sendable {
    /// Why the client gave up.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: Sendable, Hashable {
            case attemptsExhausted, budgetExhausted, unauthorized, transport, token, retryAfterTooLong
        }
        fileprivate let code: Code

        /// Every attempt the policy allows failed with a retryable status or network error.
        public static let attemptsExhausted = Reason(code: .attemptsExhausted)
        /// The run's retry budget is spent.
        public static let budgetExhausted = Reason(code: .budgetExhausted)
        /// Graph answered 401 again with a freshly fetched token.
        public static let unauthorized = Reason(code: .unauthorized)
        /// A network or URL failure that retrying cannot fix.
        public static let transport = Reason(code: .transport)
        /// No access token could be obtained.
        public static let token = Reason(code: .token)
        /// Graph asked, in `Retry-After`, for a longer wait than `RetryPolicy.maxRetryAfter` allows.
        public static let retryAfterTooLong = Reason(code: .retryAfterTooLong)

        public var description: String {
            switch code {
            case .attemptsExhausted: "attempts exhausted"
            case .budgetExhausted: "retry budget exhausted"
            case .unauthorized: "unauthorized"
            case .transport: "transport failed"
            case .token: "no access token"
            case .retryAfterTooLong: "Retry-After too long"
            }
        }
    }

    public var reason: Reason
    public var method: String
    /// The request URL with secret-looking query values (`$skiptoken`, `sig`, ...) hidden.
    public var url: String
    /// The last HTTP status received, if any.
    public var status: Int?
    /// The last Graph error code received (`generalException`), if any.
    public var code: String?
    /// The last Graph error message or network error, if any.
    public var detail: String?
    /// Requests sent for this logical request.
    public var attempts: Int
    /// The last attempt's `request-id` (Graph's) and `client-request-id` (Ferry's), for Microsoft support.
    public var trace: RequestTrace

    public init(
        reason: Reason, method: String, url: String, status: Int? = nil, code: String? = nil,
        detail: String? = nil, attempts: Int, trace: RequestTrace = RequestTrace()
    ) {
        self.reason = reason
        self.method = method
        self.url = RedactedURL.string(url)
        self.status = status
        self.code = code
        self.detail = detail.map { String($0.prefix(500)) }
        self.attempts = attempts
        self.trace = trace
    }

    public var description: String {
        trace.isEmpty ? explanation : "\(explanation) [\(trace)]"
    }

    private var explanation: String {
        let request = "\(method) \(url)"
        let plural = attempts == 1 ? "attempt" : "attempts"
        switch reason.code {
        case .attemptsExhausted:
            return "\(request) failed after \(attempts) \(plural): \(lastOutcome). "
                + "Graph kept failing; resume the run later, or lower the concurrency if this repeats."
        case .budgetExhausted:
            return "\(request) was given up after \(attempts) \(plural) because the run's retry budget is spent "
                + "(last: \(lastOutcome)). Graph is throttling or failing heavily; lower the concurrency "
                + "or raise the retry budget, then resume the run."
        case .unauthorized:
            return "\(request) was refused even with a freshly issued token: \(lastOutcome). "
                + "Check that the app has the Graph application permissions this dataset needs, with admin consent, in source.tenant."
        case .transport:
            return "\(request) failed: \(detail ?? "network error")"
        case .token:
            return "\(request) could not be authenticated: \(detail ?? "no token")"
        case .retryAfterTooLong:
            return "\(request) was given up: Graph answered \(status.map { "HTTP \($0)" } ?? "throttled") and "
                + "\(detail ?? "asked for a longer wait than allowed"). Run the pipeline again later, or raise "
                + "throttle.max_retry_after_seconds if such waits are expected."
        }
    }

    private var lastOutcome: String {
        var text = status.map { "HTTP \($0)" } ?? "no response"
        if let code { text += " \(code)" }
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        return text
    }
}
