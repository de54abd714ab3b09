/// Outlook's message collection: `GET /v1.0/users/{id}/messages` (the Inbox, newest first).
extension GraphService {
    static let messagesPageSize = 10
    static let messagesMaximumPageSize = 1000

    func listMessages(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        guard let index = tenant.userIndex(forId: userId) else {
            throw GraphError(status: 404, code: "ErrorInvalidUser", message: "The requested user '\(userId)' is invalid.")
        }
        guard let mailbox = tenant.mailbox(ofUserAt: index) else {
            throw GraphError(
                status: 404, code: "MailboxNotEnabledForRESTAPI",
                message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
        }
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skip", "$filter"], resource: "messages")
        let top = try query.top(
            default: Self.messagesPageSize, maximum: Self.messagesMaximumPageSize, errorCode: "ErrorInvalidArgument")
        var skip = 0
        if let text = query["$skip"] {
            guard let value = Int(text.trimmingSpaces), value >= 0 else {
                throw GraphError(
                    status: 400, code: "ErrorInvalidArgument",
                    message: "The value '\(text)' of $skip is not a non-negative integer.")
            }
            skip = value
        }
        let selection: PropertySelection<MessageProperty>
        if let select = query["$select"] {
            selection = try PropertySelection.parse(select, required: [.id], errorCode: "RequestBroker--ParseUri")
        } else {
            selection = MessageProperty.defaultSelection
        }
        let filter = try query["$filter"].map { text throws(GraphError) in try ReceivedDateTimeFilter(parsing: text) }
            ?? ReceivedDateTimeFilter()

        let matching = tenant.ordinals(in: mailbox, receivedFrom: filter.lowerBound, before: filter.upperBound)
        let pageStart = matching.lowerBound + min(skip, matching.count)
        let pageEnd = min(matching.upperBound, pageStart + top)

        let ownerId = tenant.userId(at: index)
        var nextLink: String?
        if pageEnd < matching.upperBound {
            // Graph writes `$` as `%24` in message links; clients must follow the link as given.
            var link = request.baseURL + "/v1.0/users/" + ownerId + "/messages?"
            if let filter = query["$filter"] { link += "%24filter=" + PercentEncoding.encodeQueryValue(filter) + "&" }
            if let select = query["$select"] { link += "%24select=" + PercentEncoding.encodeQueryValue(select) + "&" }
            if let top = query["$top"] { link += "%24top=" + PercentEncoding.encodeQueryValue(top) + "&" }
            nextLink = link + "%24skip=" + String(pageEnd - matching.lowerBound)
        }
        let context = request.baseURL + "/v1.0/$metadata#users('" + ownerId + "')/messages"
            + Self.contextSelection(query["$select"])
        var writer = beginPage(context: context, nextLink: nextLink)
        for ordinal in pageStart..<pageEnd {
            tenant.draft(in: mailbox, ordinal: ordinal).write(to: &writer, selection: selection)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }
}
