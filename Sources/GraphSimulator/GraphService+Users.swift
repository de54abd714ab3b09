/// The directory's user endpoints: `GET /v1.0/users` and `GET /v1.0/users/{id}`.
extension GraphService {
    static let usersPageSize = 100
    static let usersMaximumPageSize = 999

    func listUsers(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skiptoken"], resource: "users")
        let top = try query.top(
            default: Self.usersPageSize, maximum: Self.usersMaximumPageSize, errorCode: "Request_BadRequest")
        let selection = try userSelection(query)
        var start = 0
        if let token = query["$skiptoken"] {
            guard let index = UserSkipToken.decode(token, seed: tenant.seed), index <= tenant.userCount else {
                throw GraphError(
                    status: 400, code: "Directory_ExpiredPageToken",
                    message: "The specified page token value has expired and can no longer be included in your request.")
            }
            start = index
        }
        let end = min(tenant.userCount, start + top)

        var nextLink: String?
        if end < tenant.userCount {
            var link = request.baseURL + "/v1.0/users?"
            if let select = query["$select"] { link += "$select=" + PercentEncoding.encodeQueryValue(select) + "&" }
            if let top = query["$top"] { link += "$top=" + PercentEncoding.encodeQueryValue(top) + "&" }
            nextLink = link + "$skiptoken=" + UserSkipToken.encode(end, seed: tenant.seed)
        }
        let context = request.baseURL + "/v1.0/$metadata#users" + Self.contextSelection(query["$select"])
        var writer = beginPage(context: context, nextLink: nextLink)
        for index in start..<end {
            tenant.user(at: index).write(to: &writer, selection: selection)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }

    func getUser(id: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select"], resource: "a user")
        let selection = try userSelection(query)
        guard let index = tenant.userIndex(forId: id) else {
            throw GraphError(
                status: 404, code: "Request_ResourceNotFound",
                message: "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
        }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(request.baseURL + "/v1.0/$metadata#users" + Self.contextSelection(query["$select"]) + "/$entity")
        tenant.user(at: index).writeProperties(to: &writer, selection: selection)
        writer.endObject()
        return .json(writer)
    }

    private func userSelection(_ query: ODataQuery) throws(GraphError) -> PropertySelection<UserProperty> {
        guard let select = query["$select"] else { return UserProperty.defaultSelection }
        return try PropertySelection.parse(select, required: [.id], errorCode: "Request_BadRequest")
    }
}
