/// The default contacts folder: `GET /v1.0/users/{id}/contacts`.
extension GraphService {
    func listContacts(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skip", "$filter"], resource: "contacts")
        let top = try query.top(default: Self.outlookPageSize, maximum: Self.outlookMaximumPageSize, errorCode: "ErrorInvalidArgument")
        let skip = try query.skip(errorCode: "ErrorInvalidArgument")
        let selection = try query.selection(default: ContactProperty.defaultSelection, required: [.id], errorCode: "RequestBroker--ParseUri")
        let filter = try query["$filter"].map { text throws(GraphError) in try ContactProperty.filterParser.parse(text) }
        var drafts = tenant.contactRange(in: mailbox).map { tenant.contactDraft(in: mailbox, ordinal: $0) }
        if let filter { drafts = drafts.filter { filter.matches($0.filterValue) } }
        let end = min(drafts.count, skip + top)
        let nextLink = end < drafts.count
            ? query.link(outlookURL(request, mailbox: mailbox, "contacts"), keep: ["$filter", "$select", "$top"], then: "$skip",
                         String(end), encodeDollar: true)
            : nil
        var writer = beginPage(context: outlookContext(request, mailbox: mailbox, "contacts", query: query), nextLink: nextLink)
        for draft in drafts[min(skip, end)..<end] {
            draft.write(to: &writer, selection: selection, isDefault: query["$select"] == nil)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }
}
