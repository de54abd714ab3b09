/// A user's relations in the directory: `/users/{id}/manager`, `/directReports` and `/memberOf`.
extension GraphService {
    func getManager(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let index = try userIndex(userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select"], resource: "manager")
        let selection = try DirectoryObjectSelection(parsing: query["$select"])
        guard let manager = tenant.managerIndex(ofUserAt: index) else {
            throw GraphError(
                status: 404, code: "Request_ResourceNotFound",
                message: "Resource 'manager' does not exist or one of its queried reference-property objects are not present.")
        }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(request.baseURL + "/v1.0/$metadata#directoryObjects" + Self.contextSelection(query["$select"]) + "/$entity")
        writer.key("@odata.type")
        writer.string("#microsoft.graph.user")
        tenant.user(at: manager).writeProperties(to: &writer, selection: selection.users)
        writer.endObject()
        return .json(writer)
    }

    func listDirectReports(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let index = try userIndex(userId)
        let reports = tenant.directReportIndexes(ofUserAt: index).map {
            SimulatedDirectoryReference(kind: .user, index: $0, id: tenant.userId(at: $0))
        }
        return try directoryReferencePage(
            reports, request: request, link: request.baseURL + "/v1.0/users/" + tenant.userId(at: index) + "/directReports",
            resource: "directReports")
    }

    func listMemberOf(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let index = try userIndex(userId)
        let groups = tenant.memberOf(userAt: index).map {
            SimulatedDirectoryReference(kind: .group, index: $0, id: tenant.groupId(at: $0))
        }
        return try directoryReferencePage(
            groups, request: request, link: request.baseURL + "/v1.0/users/" + tenant.userId(at: index) + "/memberOf",
            resource: "memberOf")
    }
}
