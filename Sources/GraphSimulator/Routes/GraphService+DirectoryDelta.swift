/// `GET /v1.0/users/delta` and `/groups/delta`: a first round pages through everything and ends with a
/// delta link; later rounds list what was added, changed or deleted since, deletions as `@removed`.
extension GraphService {
    static let directoryDeltaPageSize = 100

    func usersDelta(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select", "$skiptoken", "$deltatoken"], resource: "users delta")
        let token = try deltaRound(query, kind: .users, outlook: false) {
            DeltaToken(kind: .users, epoch: deltaEpoch, from: -1, to: tenant.generation, select: query["$select"])
        }
        let selection = try token.select.map { text throws(GraphError) in
            try PropertySelection<UserProperty>.parse(text, required: [.id], errorCode: "Request_BadRequest")
        } ?? UserProperty.defaultSelection
        let size = try deltaPageSize(request, query: query, default: Self.directoryDeltaPageSize, maximum: Self.usersMaximumPageSize)
        let now = tenant.atGeneration(token.to)
        let before = token.from >= 0 ? tenant.atGeneration(token.from) : nil

        var writer = beginDeltaPage(context: request.baseURL + "/v1.0/$metadata#users" + Self.contextSelection(token.select))
        var written = 0
        var index = token.position
        while index < now.userCount, written < size {
            defer { index += 1 }
            let present = now.isPresent(userAt: index)
            if let before {
                let existed = index < before.userCount && before.isPresent(userAt: index)
                if present, !existed || now.generationChanged(userAt: index) > token.from {
                    now.user(at: index).write(to: &writer, selection: selection)
                } else if existed, !present {
                    Self.writeRemoved(type: "#microsoft.graph.user", id: now.userId(at: index), reason: "changed", to: &writer)
                } else {
                    continue
                }
            } else {
                guard present else { continue }
                now.user(at: index).write(to: &writer, selection: selection)
            }
            written += 1
        }
        return finishDeltaPage(
            &writer, base: request.baseURL + "/v1.0/users/delta", token: token, next: index < now.userCount ? index : nil,
            encodeDollar: false)
    }

    func groupsDelta(_ request: GraphRequest) throws(GraphError) -> GraphResponse {
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select", "$skiptoken", "$deltatoken"], resource: "groups delta")
        let token = try deltaRound(query, kind: .groups, outlook: false) {
            DeltaToken(kind: .groups, epoch: deltaEpoch, from: -1, to: tenant.generation, select: query["$select"])
        }
        let selection = try token.select.map { text throws(GraphError) in
            try PropertySelection<GroupProperty>.parse(text, required: [.id], errorCode: "Request_BadRequest")
        } ?? GroupProperty.defaultSelection
        let size = try deltaPageSize(request, query: query, default: Self.directoryDeltaPageSize, maximum: Self.usersMaximumPageSize)
        let now = tenant.atGeneration(token.to)
        let before = token.from >= 0 ? tenant.atGeneration(token.from) : nil

        var writer = beginDeltaPage(context: request.baseURL + "/v1.0/$metadata#groups" + Self.contextSelection(token.select))
        var written = 0
        var index = token.position
        while index < now.groupCount, written < size {
            defer { index += 1 }
            let present = now.isPresent(groupAt: index)
            let existed = before?.isPresent(groupAt: index) ?? false
            if present, before == nil || !existed || now.generationChanged(groupAt: index) > token.from {
                writer.beginObject()
                now.group(at: index).writeProperties(to: &writer, selection: selection)
                writer.endObject()
            } else if existed, !present {
                Self.writeRemoved(type: "#microsoft.graph.group", id: now.groupId(at: index), reason: "changed", to: &writer)
            } else {
                continue
            }
            written += 1
        }
        return finishDeltaPage(
            &writer, base: request.baseURL + "/v1.0/groups/delta", token: token, next: index < now.groupCount ? index : nil,
            encodeDollar: false)
    }

    func beginDeltaPage(context: String) -> JSONWriter {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(context)
        writer.key("value")
        writer.beginArray()
        return writer
    }
}
