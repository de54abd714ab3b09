import CCurl

/// The scheme, host and port of the configured Graph endpoint: the only place an access token may go.
///
/// Graph's own links (`@odata.nextLink`, `@odata.deltaLink`) always point at the endpoint the request
/// went to, so a link elsewhere (another host or port, another scheme, user info) is not Graph's and is
/// never sent the token. URLs are read by libcurl's own URL parser, the one that dials, with scheme and
/// host lower-cased and the default port filled in, so `HTTPS://Graph.Microsoft.com:443/v1.0` and
/// `https://graph.microsoft.com/v1.0` are the same origin.
public struct GraphOrigin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// The origin of `url`, the configured Graph URL. Throws when it has none or carries user info.
    public init(_ url: String) throws(GraphOriginError) {
        switch Self.parse(url) {
        case .origin(let origin): self = origin
        case .userInfo: throw GraphOriginError(url: url, reason: "it carries user info")
        case .unreadable: throw GraphOriginError(url: url, reason: "it is not an absolute http(s) URL")
        }
    }

    private init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Whether `url` is on this origin and names no user: the token may go there.
    public func admits(_ url: String) -> Bool {
        if case .origin(let origin) = Self.parse(url) { return origin == self }
        return false
    }

    /// Why `url` is not admitted, as a phrase ("its host and port differ from ..."); nil when it is.
    public func refusal(of url: String) -> String? {
        switch Self.parse(url) {
        case .unreadable:
            return "it is not an absolute http(s) URL"
        case .userInfo:
            return "it carries user info, which Graph's links never do"
        case .origin(let other):
            var parts: [String] = []
            if other.scheme != scheme { parts.append("scheme") }
            if other.host != host { parts.append("host") }
            if other.port != port { parts.append("port") }
            guard !parts.isEmpty else { return nil }
            let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
            return "its \(list) differ\(parts.count == 1 ? "s" : "") from source.graph_url's (\(self))"
        }
    }

    public var description: String { "\(scheme)://\(host):\(port)" }

    private enum Parsed {
        case origin(GraphOrigin)
        case userInfo
        case unreadable
    }

    private static func parse(_ url: String) -> Parsed {
        guard let handle = curl_url() else { return .unreadable }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return .unreadable }
        func part(_ which: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        if part(CURLUPART_USER) != nil || part(CURLUPART_PASSWORD) != nil || part(CURLUPART_OPTIONS) != nil {
            return .userInfo
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), scheme == "https" || scheme == "http",
            let host = part(CURLUPART_HOST)?.lowercased(), !host.isEmpty,
            let portText = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)), let port = Int(portText)
        else { return .unreadable }
        return .origin(GraphOrigin(scheme: scheme, host: host, port: port))
    }
}

/// The configured Graph URL has no origin a token could be bound to.
public struct GraphOriginError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String

    init(url: String, reason: String) {
        self.url = RedactedURL.withoutQuery(url)
        self.reason = reason
    }

    public var description: String {
        "the Graph URL \(url) cannot be used: \(reason). Check source.graph_url."
    }
}
