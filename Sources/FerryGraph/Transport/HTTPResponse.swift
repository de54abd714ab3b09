import FerryCore

/// The response to an `HTTPRequest`: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code of the final response.
    public var status: Int
    /// Response headers in arrival order, names lower-cased.
    public var headers: [(name: String, value: String)]
    /// The body, already decoded from any `Content-Encoding`.
    public var body: [UInt8]
    /// The body's page scan, when the body is a collection page that was checked while its `$batch`
    /// answer was read (`GraphBatcher.get(_:headers:scanningPage:)`); nil otherwise.
    public var pageScan: JSONPageScan?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted || $0.name.lowercased() == wanted }?.value
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
