/// A response of the simulated Graph: status, extra headers and the JSON body bytes.
struct GraphResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 200 response with a JSON body.
    static func json(_ writer: JSONWriter) -> GraphResponse {
        GraphResponse(status: 200, body: writer.bytes)
    }
}
