import Foundation

/// One request of a `$batch` body: `{"id","method","url","headers","dependsOn"}`.
struct BatchPart: Sendable {
    let id: String
    let method: String
    /// The URL relative to `/v1.0`, as sent (`/users?$top=5` or `users?$top=5`).
    let url: String
    /// Header names lower-cased.
    let headers: [String: String]
    let dependsOn: [String]

    /// Graph's limit on requests in one batch.
    static let maximumCount = 20

    /// Parses a `$batch` body, or throws the 400 Graph answers for the whole batch.
    static func parse(_ body: [UInt8]) throws(GraphError) -> [BatchPart] {
        let invalid = { (reason: String) in
            GraphError(status: 400, code: "BadRequest", message: "Invalid batch payload format: \(reason).")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let requests = object["requests"] as? [Any]
        else { throw invalid("the body must be a JSON object with a 'requests' array") }
        guard !requests.isEmpty else { throw invalid("'requests' is empty") }
        guard requests.count <= maximumCount else {
            throw GraphError(
                status: 400, code: "BadRequest",
                message: "The batch holds \(requests.count) requests; a $batch may hold at most \(maximumCount).")
        }
        var parts: [BatchPart] = []
        var ids = Set<String>()
        for case let request as [String: Any] in requests {
            guard let id = (request["id"] as? String) ?? (request["id"] as? Int).map(String.init), !id.isEmpty else {
                throw invalid("every request needs a string 'id'")
            }
            guard ids.insert(id.lowercased()).inserted else { throw invalid("the id '\(id)' is used twice") }
            guard let method = request["method"] as? String, let url = request["url"] as? String, !url.isEmpty else {
                throw invalid("request '\(id)' needs 'method' and 'url'")
            }
            var headers: [String: String] = [:]
            for (name, value) in request["headers"] as? [String: Any] ?? [:] {
                if let value = value as? String { headers[name.lowercased()] = value }
            }
            let dependsOn = request["dependsOn"] as? [String] ?? []
            parts.append(BatchPart(id: id, method: method.uppercased(), url: url, headers: headers, dependsOn: dependsOn))
        }
        guard parts.count == requests.count else { throw invalid("every request must be a JSON object") }
        for part in parts {
            for dependency in part.dependsOn where !ids.contains(dependency.lowercased()) || dependency.lowercased() == part.id.lowercased() {
                throw invalid("request '\(part.id)' depends on '\(dependency)', which is not an earlier request of the batch")
            }
        }
        return parts
    }

    /// The request this part stands for, sent with the batch's own token and time.
    func request(in batch: GraphRequest) -> GraphRequest {
        // Sub-requests get the batch's id with their own id appended, as they are answered within it.
        var relative = url
        if let range = relative.range(of: "/v1.0/") { relative = String(relative[range.upperBound...]) }
        while relative.hasPrefix("/") { relative.removeFirst() }
        let pieces = relative.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return GraphRequest(
            method: method,
            path: "/v1.0/" + pieces[0],
            query: pieces.count > 1 ? String(pieces[1]) : "",
            authorization: batch.authorization,
            consistencyLevel: headers["consistencylevel"],
            prefer: headers["prefer"],
            clientRequestId: headers["client-request-id"],
            requestId: batch.requestId + "-" + id,
            body: [],
            baseURL: batch.baseURL,
            now: batch.now)
    }
}
