/// The directory's group endpoints: `GET /v1.0/groups`, `/groups/{id}` and `/groups/{id}/members`.
extension GraphService {
    /// `GET /groups/$count`: the number as plain text; needs `ConsistencyLevel: eventual`.
    func countGroups(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$filter"], resource: "groups/$count")
        try Self.requireEventualConsistency(request)
        let filter = try query["$filter"].map { text throws(GraphError) in try GroupProperty.filterParser.parse(text) }
        return .count((0..<tenant.groupCount).filter { index in
            tenant.isPresent(groupAt: index) && (filter?.matches(tenant.group(at: index).filterValue) ?? true)
        }.count)
    }

    func listGroups(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skiptoken", "$filter", "$count"], resource: "groups")
        let top = try query.top(default: Self.usersPageSize, maximum: Self.usersMaximumPageSize, errorCode: "Request_BadRequest")
        let selection = try query.selection(default: GroupProperty.defaultSelection, required: [.id], errorCode: "Request_BadRequest")
        let filter = try query["$filter"].map { text throws(GraphError) in try GroupProperty.filterParser.parse(text) }
        let wantsCount = try query.wantsCount(consistencyLevel: request.consistencyLevel)
        let start = try directoryPageStart(query, limit: tenant.groupCount)

        var page: [SimulatedGroup] = []
        var index = start
        while index < tenant.groupCount, page.count < top {
            defer { index += 1 }
            guard tenant.isPresent(groupAt: index) else { continue }
            let group = tenant.group(at: index)
            if let filter, !filter.matches(group.filterValue) { continue }
            page.append(group)
        }
        let nextLink = index < tenant.groupCount
            ? query.link(
                request.baseURL + "/v1.0/groups", keep: ["$filter", "$select", "$top", "$count"], then: "$skiptoken",
                UserSkipToken.encode(index, seed: tenant.seed), encodeDollar: false)
            : nil
        let count = wantsCount
            ? (0..<tenant.groupCount).filter { index in
                tenant.isPresent(groupAt: index) && (filter?.matches(tenant.group(at: index).filterValue) ?? true)
            }.count
            : nil
        let context = request.baseURL + "/v1.0/$metadata#groups" + Self.contextSelection(query["$select"])
        var writer = beginPage(context: context, nextLink: nextLink, count: count)
        for group in page {
            writer.beginObject()
            group.writeProperties(to: &writer, selection: selection)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }

    func getGroup(id: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select"], resource: "a group")
        let selection = try query.selection(default: GroupProperty.defaultSelection, required: [.id], errorCode: "Request_BadRequest")
        guard let index = tenant.groupIndex(forId: id) else { throw .directoryObjectNotFound(id) }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(request.baseURL + "/v1.0/$metadata#groups" + Self.contextSelection(query["$select"]) + "/$entity")
        tenant.group(at: index).writeProperties(to: &writer, selection: selection)
        writer.endObject()
        return .json(writer)
    }

    func listGroupMembers(id: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        guard let index = tenant.groupIndex(forId: id) else { throw .directoryObjectNotFound(id) }
        return try directoryReferencePage(
            tenant.members(ofGroupAt: index), request: request, link: request.baseURL + "/v1.0/groups/" + tenant.groupId(at: index) + "/members",
            resource: "group members")
    }

    /// One page of users and groups, as members, memberOf and directReports answer:
    /// `@odata.context` `…#directoryObjects`, each item with its `@odata.type`.
    func directoryReferencePage(
        _ references: [SimulatedDirectoryReference], request: GraphRequest, link: String, resource: String
    ) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skiptoken", "$count"], resource: resource)
        let top = try query.top(default: Self.usersPageSize, maximum: Self.usersMaximumPageSize, errorCode: "Request_BadRequest")
        let selection = try DirectoryObjectSelection(parsing: query["$select"])
        let wantsCount = try query.wantsCount(consistencyLevel: request.consistencyLevel)
        let start = try directoryPageStart(query, limit: references.count)
        let end = min(references.count, start + top)
        let nextLink = end < references.count
            ? query.link(link, keep: ["$select", "$top", "$count"], then: "$skiptoken", UserSkipToken.encode(end, seed: tenant.seed),
                         encodeDollar: false)
            : nil
        let context = request.baseURL + "/v1.0/$metadata#directoryObjects" + Self.contextSelection(query["$select"])
        var writer = beginPage(context: context, nextLink: nextLink, count: wantsCount ? references.count : nil)
        for reference in references[start..<end] {
            selection.write(reference, tenant: tenant, to: &writer)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }
}
