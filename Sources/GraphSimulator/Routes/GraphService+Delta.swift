/// What every delta query shares: reading and checking its token, page sizes, and the links that end a page.
extension GraphService {
    /// The round a request continues or starts: from its `$skiptoken` (next page), its `$deltatoken` (next
    /// round: from what the last round saw to now), or a first round built by `start`.
    func deltaRound(
        _ query: ODataQuery, kind: DeltaToken.Kind, outlook: Bool, start: () -> DeltaToken
    ) throws(GraphError) -> DeltaToken {
        if let text = query["$skiptoken"] {
            return try checkedDeltaToken(text, kind: kind, outlook: outlook)
        }
        if let text = query["$deltatoken"], text.lowercased() == "latest", !outlook {
            // "Sync from now": no data, only a delta link for what changes from here on.
            var token = start()
            token.from = tenant.generation
            return token
        }
        if let text = query["$deltatoken"] {
            var token = try checkedDeltaToken(text, kind: kind, outlook: outlook)
            token.from = token.to
            token.to = tenant.generation
            token.position = 0
            return token
        }
        return start()
    }

    private func checkedDeltaToken(_ text: String, kind: DeltaToken.Kind, outlook: Bool) throws(GraphError) -> DeltaToken {
        guard let token = DeltaToken.decode(text, seed: tenant.seed), token.kind == kind, token.epoch == deltaEpoch,
            token.to <= tenant.generation, token.from <= token.to
        else { throw outlook ? .outlookSyncStateNotFound : .directoryResyncRequired }
        return token
    }

    /// The page size a delta request asks for with `Prefer: odata.maxpagesize=N` (or `$top`).
    func deltaPageSize(_ request: GraphRequest, query: ODataQuery, default defaultSize: Int, maximum: Int) throws(GraphError) -> Int {
        if query["$top"] != nil { return try query.top(default: defaultSize, maximum: maximum, errorCode: "ErrorInvalidArgument") }
        guard let prefer = request.prefer else { return defaultSize }
        for preference in prefer.split(separator: ",") {
            let parts = preference.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, parts[0].lowercased() == "odata.maxpagesize" else { continue }
            guard let size = Int(parts[1]), size >= 1 else {
                throw GraphError(status: 400, code: "BadRequest", message: "Invalid odata.maxpagesize '\(parts[1])' in the Prefer header.")
            }
            return min(size, maximum)
        }
        return defaultSize
    }

    /// Ends a delta page: `@odata.nextLink` with the round's next position, or `@odata.deltaLink` for the next round.
    func finishDeltaPage(
        _ writer: inout JSONWriter, base: String, token: DeltaToken, next position: Int?, encodeDollar: Bool
    ) -> GraphResponse {
        writer.endArray()
        let dollar = encodeDollar ? "%24" : "$"
        if let position {
            var next = token
            next.position = position
            writer.key("@odata.nextLink")
            writer.string(base + "?" + dollar + "skiptoken=" + next.encode(seed: tenant.seed))
        } else {
            var link = token
            link.position = 0
            writer.key("@odata.deltaLink")
            writer.string(base + "?" + dollar + "deltatoken=" + link.encode(seed: tenant.seed))
        }
        writer.endObject()
        return .json(writer)
    }

    /// `{"@odata.type":…,"id":…,"@removed":{"reason":…}}`, how a delta round reports what is gone.
    static func writeRemoved(type: String, id: String, reason: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("@odata.type")
        writer.string(type)
        writer.key("id")
        writer.string(id)
        writer.key("@removed")
        writer.beginObject()
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
        writer.endObject()
    }
}

extension GraphError {
    static let directoryResyncRequired = GraphError(
        status: 410, code: "resyncRequired",
        message: "The delta token is unknown or has expired (syncStateNotFound); synchronize again from the start, "
            + "calling delta without a token.")

    static let outlookSyncStateNotFound = GraphError(
        status: 410, code: "SyncStateNotFound",
        message: "The sync state is not found or has expired; a resync is required. Call delta again without a token.")
}
