/// A response of the simulated Graph: status, extra headers and the JSON body bytes.
struct GraphResponse: Sendable {
    /// How the body reaches the client: whole, or broken by an injected fault.
    enum Delivery: Sendable {
        case complete
        /// The body is cut in half and sent with the shorter length: valid HTTP, broken JSON.
        case truncated
        /// Half the body is sent, then the connection closes.
        case dropped
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var delivery = Delivery.complete
    /// The `Retry-After` the response carries, in seconds, if any.
    var retryAfter: Double?

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 200 response whose body is `count` as text, as Graph answers a `$count` segment.
    static func count(_ count: Int) -> GraphResponse {
        GraphResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array(String(count).utf8))
    }

    /// A 200 response with a JSON body.
    static func json(_ writer: JSONWriter) -> GraphResponse {
        GraphResponse(status: 200, body: writer.bytes)
    }
}
