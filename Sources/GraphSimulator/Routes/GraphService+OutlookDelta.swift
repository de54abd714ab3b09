/// `GET /v1.0/users/{id}/mailFolders/{folder}/messages/delta` and `/users/{id}/calendarView/delta`:
/// a first round lists the folder (or window); later rounds list what arrived since and, as `@removed`,
/// what was deleted. Each round compares the mailbox at the two generations.
extension GraphService {
    static let outlookDeltaPageSize = 10

    func messagesDelta(userId: String, folder folderSegment: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let folder = try folder(folderSegment, in: mailbox)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select", "$skiptoken", "$deltatoken", "$filter", "$top"], resource: "messages delta")
        let token = try deltaRound(query, kind: .messages, outlook: true) {
            DeltaToken(
                kind: .messages, epoch: deltaEpoch, from: -1, to: tenant.generation, user: mailbox.userIndex,
                folder: folder.rawValue, select: query["$select"], filter: query["$filter"])
        }
        guard token.user == mailbox.userIndex, token.folder == folder.rawValue else { throw .outlookSyncStateNotFound }
        let selection = basicMessageSelection(try token.select.map { text throws(GraphError) in
            try PropertySelection<MessageProperty>.parse(text, required: [.id], errorCode: "RequestBroker--ParseUri")
        } ?? MessageProperty.defaultSelection)
        let filter = try token.filter.map { text throws(GraphError) in try MessageDraft.filterParser.parse(text) }
        let size = try deltaPageSize(request, query: query, default: Self.outlookDeltaPageSize, maximum: Self.outlookMaximumPageSize)

        /// The messages of the folder at a generation that pass the filter.
        func ordinals(_ tenant: SimulatedTenant) -> [Int] {
            guard let mailbox = tenant.mailbox(ofUserAt: token.user) else { return [] }
            let window = filter?.window(on: MessageDraft.orderingProperty(of: folder)) ?? FilterWindow()
            let runs = tenant.messageRuns(in: mailbox, folder: folder, from: window.lower, before: window.upper)
            guard let filter, !window.isWholeFilter else { return Array(runs) }
            return runs.filter { filter.matches(tenant.draft(in: mailbox, folder: folder, ordinal: $0).filterValue) }
        }
        let now = tenant.atGeneration(token.to)
        let (added, removed) = Self.changes(now: ordinals(now), before: token.from >= 0 ? ordinals(tenant.atGeneration(token.from)) : nil)
        guard let current = now.mailbox(ofUserAt: token.user) else { throw .mailboxNotEnabled }

        var writer = beginDeltaPage(context: outlookContext(request, mailbox: mailbox, "mailFolders('\(folderSegment)')/messages", query: query))
        let end = min(added.count + removed.count, token.position + size)
        for position in token.position..<end {
            if position < added.count {
                now.draft(in: current, folder: folder, ordinal: added[position]).write(to: &writer, selection: selection)
            } else {
                let id = current.folder(folder).itemIdTemplate.string(suffix: current.itemIdSuffix(ordinal: removed[position - added.count]))
                Self.writeRemoved(type: "#microsoft.graph.message", id: id, reason: "deleted", to: &writer)
            }
        }
        return finishDeltaPage(
            &writer, base: outlookURL(request, mailbox: mailbox, "mailFolders/" + folderSegment + "/messages/delta"), token: token,
            next: end < added.count + removed.count ? end : nil, encodeDollar: true)
    }

    func calendarViewDelta(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select", "$skiptoken", "$deltatoken", "$top"], resource: "calendarView delta")
        let isFirstRequest = query["$skiptoken"] == nil && query["$deltatoken"] == nil
        let window = isFirstRequest ? try calendarWindow(query) : 0..<0
        let token = try deltaRound(query, kind: .calendarView, outlook: true) {
            DeltaToken(
                kind: .calendarView, epoch: deltaEpoch, from: -1, to: tenant.generation, user: mailbox.userIndex,
                windowStart: window.lowerBound, windowEnd: window.upperBound, select: query["$select"])
        }
        guard token.user == mailbox.userIndex else { throw .outlookSyncStateNotFound }
        let selection = basicEventSelection(try token.select.map { text throws(GraphError) in
            try PropertySelection<EventProperty>.parse(text, required: [.id], errorCode: "RequestBroker--ParseUri")
        } ?? EventProperty.defaultSelection)
        let size = try deltaPageSize(request, query: query, default: Self.outlookDeltaPageSize, maximum: Self.outlookMaximumPageSize)

        func instances(_ tenant: SimulatedTenant) -> [EventInstance] {
            guard let mailbox = tenant.mailbox(ofUserAt: token.user) else { return [] }
            return tenant.calendarInstances(in: mailbox, from: token.windowStart, before: token.windowEnd)
        }
        let now = instances(tenant.atGeneration(token.to))
        let before = token.from >= 0 ? instances(tenant.atGeneration(token.from)) : nil
        let byId = Dictionary(now.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let (added, removed) = Self.changes(now: now.map(\.id), before: before?.map(\.id))

        var writer = beginDeltaPage(context: outlookContext(request, mailbox: mailbox, "calendarView", query: query))
        let end = min(added.count + removed.count, token.position + size)
        for position in token.position..<end {
            if position < added.count, let instance = byId[added[position]] {
                instance.write(to: &writer, selection: selection, tenantId: tenant.tenantId, isDefault: token.select == nil)
            } else if position >= added.count {
                Self.writeRemoved(type: "#microsoft.graph.event", id: removed[position - added.count], reason: "deleted", to: &writer)
            }
        }
        return finishDeltaPage(
            &writer, base: outlookURL(request, mailbox: mailbox, "calendarView/delta"), token: token,
            next: end < added.count + removed.count ? end : nil, encodeDollar: true)
    }

    /// What is in `now` and not in `before` (everything in a first round), and what is gone, both in order.
    static func changes<Item: Hashable>(now: [Item], before: [Item]?) -> (added: [Item], removed: [Item]) {
        guard let before else { return (now, []) }
        let beforeSet = Set(before)
        let nowSet = Set(now)
        return (now.filter { !beforeSet.contains($0) }, before.filter { !nowSet.contains($0) })
    }
}
