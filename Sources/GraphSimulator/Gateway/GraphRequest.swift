/// A request as the simulated Graph sees it, independent of the HTTP server.
///
/// Keeping endpoints on this type, not on Hummingbird's, lets `$batch` replay sub-requests through the
/// same endpoints later and lets endpoint logic be tested without a socket.
struct GraphRequest: Sendable {
    /// Upper-case HTTP method.
    var method: String
    /// The path as sent, percent-encoded, without the query.
    var path: String
    /// The raw query string without `?`, percent-encoded; empty when absent.
    var query: String
    var authorization: String?
    /// `ConsistencyLevel`, needed for `$count` on directory collections.
    var consistencyLevel: String?
    /// `Prefer`, which sets the page size of delta queries (`odata.maxpagesize=50`).
    var prefer: String?
    var clientRequestId: String?
    /// The id the response carries in its `request-id` header and in error bodies.
    var requestId: String
    var body: [UInt8]
    /// `http://host:port`, the prefix of absolute links the response contains.
    var baseURL: String
    /// When the request arrived, in seconds since 1970 (a parameter, so token expiry is testable).
    var now: Double

    /// The path split at `/`, each segment percent-decoded; empty segments are dropped.
    var pathSegments: [String] {
        // Splitting the UTF-8 view avoids grapheme breaking, which dominates on this hot path.
        path.utf8.split(separator: UInt8(ascii: "/")).map { slice in
            let segment = Substring(slice)
            return PercentEncoding.decode(segment, plusIsSpace: false) ?? String(segment)
        }
    }
}
