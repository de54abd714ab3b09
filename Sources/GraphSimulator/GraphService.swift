/// The simulated Graph: routes a `GraphRequest` to the endpoint that answers it.
///
/// Each endpoint family lives in its own `GraphService+Family.swift`; this file only routes and authorizes.
struct GraphService: Sendable {
    let tenant: SimulatedTenant
    let configuration: SimulatorConfiguration
    let tokens: TokenAuthority

    init(configuration: SimulatorConfiguration, tokens: TokenAuthority = TokenAuthority()) {
        self.configuration = configuration
        self.tenant = SimulatedTenant(configuration: configuration)
        self.tokens = tokens
    }

    /// Answers one request; every failure becomes the error body Graph (or Entra ID) would send.
    func respond(to request: GraphRequest) -> GraphResponse {
        let segments = request.pathSegments
        if segments.count == 4, segments[1].lowercased() == "oauth2", segments[2].lowercased() == "v2.0",
            segments[3].lowercased() == "token"
        {
            return issueToken(tenantSegment: segments[0], request: request)
        }
        do throws(GraphError) {
            guard segments.first?.lowercased() == "v1.0", segments.count >= 2 else {
                throw .unknownPath(method: request.method, path: request.path)
            }
            try authorize(request)
            let resource = segments.dropFirst().map { $0 }
            switch (resource.count, resource[0].lowercased()) {
            case (1, "users"):
                try requireGet(request)
                return try listUsers(request)
            case (2, "users"):
                try requireGet(request)
                return try getUser(id: resource[1], request: request)
            case (3, "users") where resource[2].lowercased() == "messages":
                try requireGet(request)
                return try listMessages(userId: resource[1], request: request)
            default:
                throw .unknownPath(method: request.method, path: request.path)
            }
        } catch {
            return error.response(to: request)
        }
    }

    /// Checks the bearer token, as Graph does before looking at the resource.
    private func authorize(_ request: GraphRequest) throws(GraphError) {
        guard let header = request.authorization, !header.isEmpty else { throw .missingToken }
        let bytes = header.utf8
        guard bytes.starts(with: "Bearer ".utf8) || bytes.starts(with: "bearer ".utf8) else { throw .invalidToken }
        let token = Substring(bytes.dropFirst(7)).drop(while: { $0 == " " })
        guard tokens.isValid(token, now: request.now) else { throw .invalidToken }
    }

    private func requireGet(_ request: GraphRequest) throws(GraphError) {
        guard request.method == "GET" else { throw .methodNotAllowed(method: request.method) }
    }

    /// Starts a page body: `{"@odata.context":"...",` and, when there is a next page, its absolute link.
    func beginPage(context: String, nextLink: String?) -> JSONWriter {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(context)
        if let nextLink {
            writer.key("@odata.nextLink")
            writer.string(nextLink)
        }
        writer.key("value")
        writer.beginArray()
        return writer
    }

    /// The `(a,b)` suffix Graph adds to `@odata.context` when `$select` is used.
    static func contextSelection(_ select: String?) -> String {
        guard let select else { return "" }
        return "(" + select.split(separator: ",").map { String($0).trimmingSpaces }.joined(separator: ",") + ")"
    }
}
