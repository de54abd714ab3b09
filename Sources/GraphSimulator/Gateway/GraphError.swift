/// An error the simulated Graph answers with: `{"error":{"code","message","innerError":{...}}}`.
///
/// Codes and messages are the ones Graph sends in the same situation, so clients can branch on `code`.
struct GraphError: Error, Sendable {
    let status: Int
    let code: String
    let message: String

    init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The response carrying this error; `innerError` echoes the request's ids and time as Graph does.
    func response(to request: GraphRequest) -> GraphResponse {
        var writer = JSONWriter(capacity: 256 + message.utf8.count)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code")
        writer.string(code)
        writer.key("message")
        writer.string(message)
        writer.key("innerError")
        writer.beginObject()
        writer.key("date")
        writer.timestamp(epochSeconds: Int64(request.now.rounded(.down)))
        writer.key("request-id")
        writer.string(request.requestId)
        writer.key("client-request-id")
        writer.string(request.clientRequestId ?? request.requestId)
        writer.endObject()
        writer.endObject()
        writer.endObject()
        return GraphResponse(status: status, body: writer.bytes)
    }

    // MARK: Errors of every endpoint

    static let invalidToken = GraphError(
        status: 401, code: "InvalidAuthenticationToken", message: "Access token has expired or is not yet valid.")

    static let missingToken = GraphError(
        status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty.")

    static func unknownPath(method: String, path: String) -> GraphError {
        GraphError(
            status: 404, code: "UnknownResource",
            message: "The Graph simulator does not serve \(method) \(path). It serves the token endpoint, /v1.0/$batch, "
                + "/v1.0/users, /users/delta, /users/{id} and its manager, directReports, memberOf, messages, "
                + "mailFolders/{inbox|sentitems}/messages (and /delta), events, calendarView (and /delta), contacts and "
                + "mailboxSettings; /v1.0/groups, /groups/delta, /groups/{id} and its members.")
    }

    static func methodNotAllowed(method: String) -> GraphError {
        GraphError(
            status: 405, code: "Request_BadRequest",
            message: "Specified HTTP method '\(method)' is not allowed for the request target.")
    }

    static func unsupportedQueryOption(_ name: String, resource: String) -> GraphError {
        GraphError(
            status: 400, code: "BadRequest",
            message: "Query option '\(name)' is not allowed on \(resource) by the Graph simulator.")
    }

    static let malformedQuery = GraphError(
        status: 400, code: "BadRequest", message: "The query string is not valid percent-encoded UTF-8.")
}
