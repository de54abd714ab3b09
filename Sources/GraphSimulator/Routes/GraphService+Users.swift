/// The directory's user endpoints: `GET /v1.0/users` and `GET /v1.0/users/{id}`.
extension GraphService {
    static let usersPageSize = 100
    static let usersMaximumPageSize = 999

    func listUsers(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skiptoken", "$filter", "$count"], resource: "users")
        let top = try query.top(default: Self.usersPageSize, maximum: Self.usersMaximumPageSize, errorCode: "Request_BadRequest")
        let selection = try userSelection(query)
        let filter = try query["$filter"].map { text throws(GraphError) in try UserProperty.filterParser.parse(text) }
        let wantsCount = try query.wantsCount(consistencyLevel: request.consistencyLevel)
        let start = try directoryPageStart(query, limit: tenant.userCount)

        // Deleted users are skipped, so pages may hold fewer than $top users, as Graph's sometimes do.
        var page: [SimulatedUser] = []
        var index = start
        while index < tenant.userCount, page.count < top {
            defer { index += 1 }
            guard tenant.isPresent(userAt: index) else { continue }
            let user = tenant.user(at: index)
            if let filter, !filter.matches(user.filterValue) { continue }
            page.append(user)
        }
        let nextLink = index < tenant.userCount
            ? query.link(
                request.baseURL + "/v1.0/users", keep: ["$filter", "$select", "$top", "$count"], then: "$skiptoken",
                UserSkipToken.encode(index, seed: tenant.seed), encodeDollar: false)
            : nil
        let count = wantsCount ? countUsers(matching: filter) : nil
        let context = request.baseURL + "/v1.0/$metadata#users" + Self.contextSelection(query["$select"])
        var writer = beginPage(context: context, nextLink: nextLink, count: count)
        for user in page {
            user.write(to: &writer, selection: selection)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }

    func getUser(id: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select"], resource: "a user")
        let selection = try userSelection(query)
        let index = try userIndex(id)
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(request.baseURL + "/v1.0/$metadata#users" + Self.contextSelection(query["$select"]) + "/$entity")
        tenant.user(at: index).writeProperties(to: &writer, selection: selection)
        writer.endObject()
        return .json(writer)
    }

    /// The index of a present user, or the directory's 404.
    func userIndex(_ id: String) throws(GraphError) -> Int {
        guard let index = tenant.userIndex(forIdOrPrincipalName: id) else { throw .directoryObjectNotFound(id) }
        return index
    }

    func userSelection(_ query: ODataQuery) throws(GraphError) -> PropertySelection<UserProperty> {
        try query.selection(default: UserProperty.defaultSelection, required: [.id], errorCode: "Request_BadRequest")
    }

    /// Where a directory page starts: the index its `$skiptoken` carries, or 0.
    func directoryPageStart(_ query: ODataQuery, limit: Int) throws(GraphError) -> Int {
        guard let token = query["$skiptoken"] else { return 0 }
        guard let index = UserSkipToken.decode(token, seed: tenant.seed), index <= limit else {
            throw GraphError(
                status: 400, code: "Directory_ExpiredPageToken",
                message: "The specified page token value has expired and can no longer be included in your request.")
        }
        return index
    }

    /// `GET /users/$count`: the number as plain text; needs `ConsistencyLevel: eventual`, as Graph does.
    func countUsers(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$filter"], resource: "users/$count")
        try Self.requireEventualConsistency(request)
        let filter = try query["$filter"].map { text throws(GraphError) in try UserProperty.filterParser.parse(text) }
        return .count(countUsers(matching: filter))
    }

    /// `$count` segments are advanced queries: Graph refuses them without `ConsistencyLevel: eventual`.
    static func requireEventualConsistency(_ request: GraphRequest) throws(GraphError) {
        guard request.consistencyLevel?.lowercased() == "eventual" else {
            throw GraphError(
                status: 400, code: "Request_BadRequest",
                message: "$count is not currently supported without the header 'ConsistencyLevel: eventual'.")
        }
    }

    private func countUsers(matching filter: ODataFilter?) -> Int {
        (0..<tenant.userCount).reduce(0) { count, index in
            guard tenant.isPresent(userAt: index) else { return count }
            guard let filter else { return count + 1 }
            return filter.matches(tenant.user(at: index).filterValue) ? count + 1 : count
        }
    }
}

extension GraphError {
    static func directoryObjectNotFound(_ id: String) -> GraphError {
        GraphError(
            status: 404, code: "Request_ResourceNotFound",
            message: "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
    }
}
