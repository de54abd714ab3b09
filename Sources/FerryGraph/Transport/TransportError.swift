/// A request that got no HTTP response: the connection, TLS, the URL or the transport itself failed.
///
/// `isRetryable` says whether sending the same request again may succeed (a refused or reset
/// connection, a timeout, a body cut short); the others need a change of URL or configuration.
public struct TransportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a small open set of kinds.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: Sendable, Hashable {
            case connectionFailed, timedOut, partialBody, malformedResponse, tls, badURL, insecureURL, invalidRequest
            case responseTooLarge, shutdown, other
        }
        fileprivate let code: Code

        /// The host could not be reached, refused the connection or reset it.
        public static let connectionFailed = Kind(code: .connectionFailed)
        /// The transfer did not finish within its deadline, or moved too few bytes a second (see `TransferLimits`).
        public static let timedOut = Kind(code: .timedOut)
        /// The connection closed before the whole body arrived.
        public static let partialBody = Kind(code: .partialBody)
        /// The server's answer is not the HTTP (or the Graph response) it should be: a garbled status line,
        /// a body its encoding does not decode, a `$batch` answer that is not one.
        public static let malformedResponse = Kind(code: .malformedResponse)
        /// The TLS handshake or the server's certificate failed.
        public static let tls = Kind(code: .tls)
        /// The URL is malformed or uses a scheme other than http(s).
        public static let badURL = Kind(code: .badURL)
        /// A plain `http://` URL to a host that is not loopback: refused before sending anything.
        public static let insecureURL = Kind(code: .insecureURL)
        /// The method or a header holds characters HTTP does not allow (such as a line break).
        public static let invalidRequest = Kind(code: .invalidRequest)
        /// The response body passed the transport's size limit.
        public static let responseTooLarge = Kind(code: .responseTooLarge)
        /// The transport was shut down before the transfer finished.
        public static let shutdown = Kind(code: .shutdown)
        /// Any other libcurl failure.
        public static let other = Kind(code: .other)

        public var description: String {
            switch code {
            case .connectionFailed: "connection failed"
            case .timedOut: "timed out"
            case .partialBody: "response cut short"
            case .malformedResponse: "malformed response"
            case .tls: "TLS failed"
            case .badURL: "bad URL"
            case .insecureURL: "plain http refused"
            case .invalidRequest: "invalid request"
            case .responseTooLarge: "response too large"
            case .shutdown: "transport shut down"
            case .other: "transfer failed"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The method of the failed request.
    public var method: String
    /// The request URL with secret-looking query values hidden.
    public var url: String
    /// libcurl's own explanation, or Ferry's when libcurl was never asked.
    public var detail: String
    /// libcurl's `CURLcode`, when libcurl reported the failure.
    public var curlCode: Int?
    /// The `client-request-id` the request was sent with, set by `GraphHTTPClient`: Graph may have seen it.
    public var trace = RequestTrace()

    public init(kind: Kind, method: String, url: String, detail: String, curlCode: Int? = nil) {
        self.kind = kind
        self.method = method
        self.url = RedactedURL.string(url)
        self.detail = detail
        self.curlCode = curlCode
    }

    /// Whether sending the same request again may succeed.
    public var isRetryable: Bool {
        switch kind.code {
        case .connectionFailed, .timedOut, .partialBody, .malformedResponse: true
        case .tls, .badURL, .insecureURL, .invalidRequest, .responseTooLarge, .shutdown, .other: false
        }
    }

    public var description: String {
        var text = "\(method) \(url) failed: \(kind)"
        if !detail.isEmpty { text += " (\(detail))" }
        if let curlCode { text += " [curl \(curlCode)]" }
        if !trace.isEmpty { text += " [\(trace)]" }
        return text + ". " + advice
    }

    private var advice: String {
        switch kind.code {
        case .connectionFailed:
            "The network or the server is unavailable; Ferry retries this, and if it persists check connectivity to the host."
        case .timedOut:
            "The server answered too slowly (past throttle.request_timeout_seconds, or under "
                + "throttle.low_speed_bytes_per_second for throttle.low_speed_seconds); Ferry retries this, and if it "
                + "persists check the network and the host."
        case .partialBody:
            "The connection closed before the whole body arrived; Ferry retries this, and if it persists check "
                + "connectivity to the host."
        case .malformedResponse:
            "Something other than Graph answered (a proxy, a gateway or a broken server), or the answer was garbled "
                + "in transit; Ferry retries this, and if it persists check what answers at source.graph_url."
        case .tls:
            "Check the system clock, the CA certificates and any TLS-intercepting proxy; Ferry never turns verification off."
        case .badURL:
            "Check the URL in the pipeline (graph_url, login_url)."
        case .insecureURL:
            "Use https://; plain http:// is only allowed to localhost and 127.0.0.0/8 for tests."
        case .invalidRequest:
            "Ferry never sends such a request, as a line break would let one header forge others."
        case .responseTooLarge:
            "Lower $top or $select fewer properties so each page is smaller."
        case .shutdown:
            "The run is stopping; nothing to do."
        case .other:
            "See libcurl's message above."
        }
    }
}
