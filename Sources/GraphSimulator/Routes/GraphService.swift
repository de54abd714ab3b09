/// The simulated Graph: routes a `GraphRequest` to the endpoint that answers it.
///
/// Each endpoint family lives in its own `GraphService+Family.swift`; this file only routes and authorizes.
/// Throttling, faults and counting happen around it, in `GraphGateway`.
struct GraphService: Sendable {
    let tenant: SimulatedTenant
    let configuration: SimulatorConfiguration
    let tokens: TokenAuthority
    /// Delta tokens of older epochs are expired.
    let deltaEpoch: Int

    init(configuration: SimulatorConfiguration, tokens: TokenAuthority = TokenAuthority()) {
        self.init(tenant: SimulatedTenant(configuration: configuration), configuration: configuration, tokens: tokens)
    }

    init(tenant: SimulatedTenant, configuration: SimulatorConfiguration, tokens: TokenAuthority, deltaEpoch: Int = 0) {
        self.configuration = configuration
        self.tenant = tenant
        self.tokens = tokens
        self.deltaEpoch = deltaEpoch
    }

    /// What a request asks for, decided from its path alone.
    enum Target: Sendable, Equatable {
        case token(tenantSegment: String)
        case graph(GraphRoute)
        case unknown
    }

    static func target(of request: GraphRequest) -> Target {
        let segments = request.pathSegments
        if segments.count == 4, segments[1].lowercased() == "oauth2", segments[2].lowercased() == "v2.0",
            segments[3].lowercased() == "token"
        {
            return .token(tenantSegment: segments[0])
        }
        guard segments.count >= 2, segments[0].lowercased() == "v1.0", let route = GraphRoute(Array(segments.dropFirst()))
        else { return .unknown }
        return .graph(route)
    }

    /// Answers an authorized request for a Graph resource.
    func respond(to request: GraphRequest, route: GraphRoute) throws(GraphError) -> GraphResponse {
        guard request.method == "GET" else { throw .methodNotAllowed(method: request.method) }
        switch route {
        case .users: return try listUsers(request)
        case .usersCount: return try countUsers(request)
        case .groupsCount: return try countGroups(request)
        case .user(let id): return try getUser(id: id, request: request)
        case .manager(let user): return try getManager(userId: user, request: request)
        case .directReports(let user): return try listDirectReports(userId: user, request: request)
        case .memberOf(let user): return try listMemberOf(userId: user, request: request)
        case .groups: return try listGroups(request)
        case .group(let id): return try getGroup(id: id, request: request)
        case .groupMembers(let id): return try listGroupMembers(id: id, request: request)
        case .messages(let user): return try listMessages(userId: user, folder: nil, request: request)
        case .folderMessages(let user, let folder): return try listMessages(userId: user, folder: folder, request: request)
        case .events(let user): return try listEvents(userId: user, request: request)
        case .calendarView(let user): return try listCalendarView(userId: user, request: request)
        case .contacts(let user): return try listContacts(userId: user, request: request)
        case .mailboxSettings(let user): return try getMailboxSettings(userId: user, request: request)
        case .usersDelta: return try usersDelta(request)
        case .groupsDelta: return try groupsDelta(request)
        case .messagesDelta(let user, let folder): return try messagesDelta(userId: user, folder: folder, request: request)
        case .calendarViewDelta(let user): return try calendarViewDelta(userId: user, request: request)
        case .batch: throw .unknownPath(method: request.method, path: request.path)
        }
    }

    /// Checks the bearer token, as Graph does before looking at the resource.
    func authorize(_ request: GraphRequest) throws(GraphError) {
        guard let header = request.authorization, !header.isEmpty else { throw .missingToken }
        let bytes = header.utf8
        guard bytes.starts(with: "Bearer ".utf8) || bytes.starts(with: "bearer ".utf8) else { throw .invalidToken }
        let token = Substring(bytes.dropFirst(7)).drop(while: { $0 == " " })
        guard tokens.isValid(token, now: request.now) else { throw .invalidToken }
    }

    /// Starts a page body: `{"@odata.context":"...",` and, when there is a next page, its absolute link.
    func beginPage(context: String, nextLink: String?, count: Int? = nil, capacity: Int = 4096) -> JSONWriter {
        var writer = JSONWriter(capacity: capacity)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(context)
        if let count {
            writer.key("@odata.count")
            writer.int(count)
        }
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
        if isCompactList(select) { return "(" + select + ")" }
        return "(" + select.split(separator: ",").map { String($0).trimmingSpaces }.joined(separator: ",") + ")"
    }

    /// Whether a `$select` list has no spaces and no empty items, as clients send it: `contextSelection`
    /// then keeps it as it is, with no need to split and join it for every page.
    private static func isCompactList(_ select: String) -> Bool {
        var previous = UInt8(ascii: ",")
        for byte in select.utf8 {
            if byte == UInt8(ascii: " ") || (byte == UInt8(ascii: ",") && previous == UInt8(ascii: ",")) { return false }
            previous = byte
        }
        return previous != UInt8(ascii: ",") || select.isEmpty
    }
}
