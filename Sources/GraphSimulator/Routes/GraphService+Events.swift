/// Calendars: `GET /v1.0/users/{id}/events` (single events and series masters) and
/// `GET /v1.0/users/{id}/calendarView?startDateTime=…&endDateTime=…` (instances in a window).
extension GraphService {
    func listEvents(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skip", "$filter"], resource: "events")
        let instances = tenant.eventRuns(in: mailbox).map { tenant.eventInstance(in: mailbox, ordinal: $0) }
        return try eventPage(instances, mailbox: mailbox, path: "events", keepParameters: [], query: query, request: request)
    }

    func listCalendarView(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$top", "$select", "$skip", "$filter"], resource: "calendarView")
        let window = try calendarWindow(query)
        let instances = tenant.calendarInstances(in: mailbox, from: window.lowerBound, before: window.upperBound)
        return try eventPage(
            instances, mailbox: mailbox, path: "calendarView", keepParameters: ["startDateTime", "endDateTime"], query: query,
            request: request)
    }

    /// The window `startDateTime..<endDateTime` of a calendar view, in seconds; both are required.
    func calendarWindow(_ query: ODataQuery) throws(GraphError) -> Range<Int64> {
        guard let startText = query.parameter("startdatetime"), let endText = query.parameter("enddatetime") else {
            throw GraphError(
                status: 400, code: "ErrorInvalidParameter",
                message: "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")
        }
        func seconds(_ text: String, _ name: String) throws(GraphError) -> Int64 {
            // Graph reads a time without an offset as UTC.
            guard let value = GraphTimestamp.parse(text) ?? GraphTimestamp.parse(text + "Z") else {
                throw GraphError(
                    status: 400, code: "ErrorInvalidParameter",
                    message: "The value '\(text)' of parameter '\(name)' is invalid; use an ISO 8601 date and time.")
            }
            return Int64(value.rounded(.down))
        }
        let start = try seconds(startText, "StartDateTime")
        let end = try seconds(endText, "EndDateTime")
        guard start < end else {
            throw GraphError(
                status: 400, code: "ErrorInvalidParameter", message: "The parameter 'EndDateTime' must be after 'StartDateTime'.")
        }
        return start..<end
    }

    private func eventPage(
        _ instances: [EventInstance], mailbox: SimulatedMailbox, path: String, keepParameters: [String], query: ODataQuery,
        request: GraphRequest
    ) throws(GraphError) -> GraphResponse {
        let top = try query.top(default: Self.outlookPageSize, maximum: Self.outlookMaximumPageSize, errorCode: "ErrorInvalidArgument")
        let skip = try query.skip(errorCode: "ErrorInvalidArgument")
        let selection = basicEventSelection(
            try query.selection(default: EventProperty.defaultSelection, required: [.id], errorCode: "RequestBroker--ParseUri"))
        let filter = try query["$filter"].map { text throws(GraphError) in try EventProperty.filterParser.parse(text) }
        let matching = filter.map { filter in instances.filter { filter.matches($0.filterValue) } } ?? instances
        let end = min(matching.count, skip + top)
        let nextLink = end < matching.count
            ? query.link(
                outlookURL(request, mailbox: mailbox, path), keep: ["$filter", "$select", "$top"], parameters: keepParameters,
                then: "$skip", String(end), encodeDollar: true)
            : nil
        var writer = beginPage(context: outlookContext(request, mailbox: mailbox, path, query: query), nextLink: nextLink)
        for instance in matching[min(skip, end)..<end] {
            instance.write(to: &writer, selection: selection, tenantId: tenant.tenantId, isDefault: query["$select"] == nil)
        }
        writer.endArray()
        writer.endObject()
        return .json(writer)
    }
}
