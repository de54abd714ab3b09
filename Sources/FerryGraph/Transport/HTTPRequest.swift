/// One HTTP request for `CurlTransport` to send.
public struct HTTPRequest: Sendable {
    /// The method token (`GET`, `POST`, ...).
    public var method: String
    /// The absolute `https://` URL (plain `http://` only to a loopback host).
    public var url: String
    /// Request headers in sending order; a name may repeat.
    public var headers: [(name: String, value: String)]
    /// The request body; `nil` sends none.
    public var body: [UInt8]?
    /// How long the whole transfer may take, connection included; nil is the transport's
    /// `TransferLimits.deadline`.
    public var timeout: Duration?

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
