/// Outlook's message collections: `GET /v1.0/users/{id}/messages` (the Inbox, newest first) and
/// `GET /v1.0/users/{id}/mailFolders/{inbox|sentitems}/messages`.
extension GraphService {
    func listMessages(userId: String, folder folderSegment: String?, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let folder = try self.folder(folderSegment, in: mailbox)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skip", "$filter"], resource: "messages")
        let top = try query.top(default: Self.outlookPageSize, maximum: Self.outlookMaximumPageSize, errorCode: "ErrorInvalidArgument")
        let skip = try query.skip(errorCode: "ErrorInvalidArgument")
        let selection = basicMessageSelection(try query.selection(
            default: MessageProperty.defaultSelection, required: [.id], errorCode: "RequestBroker--ParseUri"))
        let filter = try query["$filter"].map { text throws(GraphError) in try MessageDraft.filterParser.parse(text) }

        let window = filter?.window(on: MessageDraft.orderingProperty(of: folder)) ?? FilterWindow()
        let runs = tenant.messageRuns(in: mailbox, folder: folder, from: window.lower, before: window.upper)
        // Conditions beyond the date window are tested message by message; otherwise the page's messages
        // are drawn and written one at a time, below, and never held in an array.
        let testsEachMessage = filter != nil && !window.isWholeFilter
        var matched: [MessageDraft] = []
        var hasMore = skip + top < runs.count
        var itemCount = min(top, max(0, runs.count - skip))
        if let filter, testsEachMessage {
            (matched, hasMore) = tenant.drafts(in: mailbox, folder: folder, runs: runs, matching: filter, skip: skip, top: top)
            itemCount = matched.count
        }

        let path = folderSegment.map { "mailFolders/" + $0 + "/messages" } ?? "messages"
        let nextLink = hasMore
            ? query.link(
                outlookURL(request, mailbox: mailbox, path), keep: ["$filter", "$select", "$top"], then: "$skip",
                String(skip + top), encodeDollar: true)
            : nil
        let contextPath = folderSegment.map { "mailFolders('" + $0 + "')/messages" } ?? "messages"
        var writer = beginPage(
            context: outlookContext(request, mailbox: mailbox, contextPath, query: query), nextLink: nextLink,
            capacity: 4096 + itemCount * (selection.contains(.body) ? 2048 : 1024))
        if testsEachMessage {
            for index in matched.indices { matched[index].write(to: &writer, selection: selection) }
        } else {
            for ordinal in runs.slice(skip..<(skip + top)) {
                tenant.draft(in: mailbox, folder: folder, ordinal: ordinal).write(to: &writer, selection: selection)
            }
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }

    /// The folder a path segment names: a well-known name or the folder's id; nil (no segment) is the Inbox.
    func folder(_ segment: String?, in mailbox: SimulatedMailbox) throws(GraphError) -> SimulatedMailFolder {
        guard let segment else { return .inbox }
        if let folder = SimulatedMailFolder(wellKnownName: segment) { return folder }
        if let folder = SimulatedMailFolder.allCases.first(where: { mailbox.folder($0).folderId == segment }) { return folder }
        throw GraphError(
            status: 404, code: "ErrorItemNotFound",
            message: "The specified object was not found in the store. The Graph simulator serves the folders inbox and sentitems.")
    }

    /// `selection` as an app holding only Mail.ReadBasic.All is answered: without the body text.
    func basicMessageSelection(_ selection: PropertySelection<MessageProperty>) -> PropertySelection<MessageProperty> {
        AppPermissions.readsBasicOnly(.messages, granted: configuration.permissions)
            ? selection.removing([.body, .bodyPreview]) : selection
    }

    /// `selection` as an app holding only Calendars.ReadBasic.All is answered: without the body text.
    func basicEventSelection(_ selection: PropertySelection<EventProperty>) -> PropertySelection<EventProperty> {
        AppPermissions.readsBasicOnly(.events, granted: configuration.permissions)
            ? selection.removing([.body, .bodyPreview]) : selection
    }
}
