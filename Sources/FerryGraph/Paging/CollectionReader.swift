import FerryCore

/// How reading a collection ended, when it did not fail.
public enum CollectionOutcome: Sendable, Equatable {
    /// Every page was read.
    case complete(pages: Int, items: Int)
    /// Graph answered 404 for the whole collection: a user without a mailbox, or one deleted
    /// since the user list was read. Skipped and counted, not a failure.
    case unavailable(code: String)
}

/// What reading a single entity found.
public enum ObjectOutcome: Sendable {
    case found(JSONValue, bytes: Int)
    case unavailable(code: String)
}

/// One page of a collection: its items, the size of the response body they came in, and where the
/// collection goes on.
public struct CollectionPage: Sendable {
    public var items: [JSONValue]
    public var bytes: Int
    /// The URL of the next page; nil on the last page. A run resumed after this page starts there.
    public var nextURL: String?
    /// On the last page of a delta query: the link the next round starts from.
    public var deltaLink: String?

    public init(items: [JSONValue], bytes: Int, nextURL: String? = nil, deltaLink: String? = nil) {
        self.items = items
        self.bytes = bytes
        self.nextURL = nextURL
        self.deltaLink = deltaLink
    }
}

/// One page of a collection as Graph sent it, for readers that project straight from the bytes.
public struct RawCollectionPage: Sendable {
    /// The response body.
    public var body: [UInt8]
    /// Where the body's items and links are.
    public var scan: JSONPageScan
    /// The URL of the next page; nil on the last page.
    public var nextURL: String?
    /// On the last page of a delta query: the link the next round starts from.
    public var deltaLink: String?

    public init(body: [UInt8], scan: JSONPageScan, nextURL: String? = nil, deltaLink: String? = nil) {
        self.body = body
        self.scan = scan
        self.nextURL = nextURL
        self.deltaLink = deltaLink
    }
}

/// Reads a whole Graph collection, page after page, handing each page's items to the caller.
///
/// With a `GraphBatcher`, a collection's first page and single entities go out in JSON batches: a
/// fan-out over thousands of users is mostly small first pages, and twenty travel in one request. Later
/// pages (nextLinks) go on their own through the client.
public struct CollectionReader: Sendable {
    /// Error codes of a 404 on a collection's first page that mean "nothing to read here".
    public static let unavailableCodes: Set<String> = [
        "MailboxNotEnabledForRESTAPI", "ResourceNotFound", "Request_ResourceNotFound", "ErrorInvalidUser",
    ]
    /// How often a page whose body is not valid JSON (cut off in transit) is fetched again.
    public static let malformedPageAttempts = 5

    private let client: GraphHTTPClient
    private let batcher: GraphBatcher?
    /// The most pages one collection may have (see `PageCursor.maxPages`).
    public let maxPages: Int

    /// - Parameters:
    ///   - batcher: batches first pages and single entities when given.
    ///   - maxPages: the most pages read from one collection; past it, reading fails naming the count.
    public init(client: GraphHTTPClient, batcher: GraphBatcher? = nil, maxPages: Int = PageCursor.defaultMaxPages) {
        self.client = client
        self.batcher = batcher
        self.maxPages = max(1, maxPages)
    }

    /// Reads every page starting at `firstURL`; `headers` are sent with every page.
    ///
    /// `firstURL` may also be a page's `nextURL` or a delta link saved by an earlier run: reading resumes
    /// there, once it is found on the configured Graph endpoint like any link.
    public func read(
        _ firstURL: String, headers: [(name: String, value: String)] = [],
        page handle: (CollectionPage) async throws -> Void
    ) async throws -> CollectionOutcome {
        try await readPages(firstURL, headers: headers, decode: { response throws(JSONParseError) in try JSONParser.parse(response.body) }) {
            document, body, cursor in
            let values = try cursor.consume(document)
            try await handle(
                CollectionPage(items: values, bytes: body.count, nextURL: cursor.nextURL, deltaLink: cursor.deltaLink))
            return values.count
        }
    }

    /// Reads every page like `read`, but hands over each body with its scan instead of parsed items:
    /// the page is checked whole (a body cut off in transit is fetched again) without building a tree.
    ///
    /// With `continuing`, `firstURL` is a later page where an earlier process stopped: Graph answering it
    /// 404 is then an error, not a collection that does not exist (its first pages were read already).
    public func readRaw(
        _ firstURL: String, continuing: Bool = false, headers: [(name: String, value: String)] = [],
        page handle: (RawCollectionPage) async throws -> Void
    ) async throws -> CollectionOutcome {
        // A first page that came in a `$batch` was scanned as the batch's answer was read.
        try await readPages(firstURL, continuing: continuing, headers: headers, scansPages: true, decode: { response throws(JSONParseError) in
            if let scan = response.pageScan { return scan }
            return try JSONPageScan.scan(response.body)
        }) { scan, body, cursor in
            let items = try cursor.consume(scan).count
            try await handle(RawCollectionPage(body: body, scan: scan, nextURL: cursor.nextURL, deltaLink: cursor.deltaLink))
            return items
        }
    }

    /// The paging loop both readers share: fetch, decode, let `consume` advance the cursor and hand the
    /// page on (returning its item count), until the last page.
    private func readPages<Document>(
        _ firstURL: String, continuing: Bool = false, headers: [(name: String, value: String)], scansPages: Bool = false,
        decode: (HTTPResponse) throws(JSONParseError) -> Document,
        consume: (Document, [UInt8], inout PageCursor) async throws -> Int
    ) async throws -> CollectionOutcome {
        try checkStart(firstURL)
        var cursor = PageCursor(firstURL: firstURL, origin: client.origin, maxPages: maxPages)
        var items = 0
        while let url = cursor.nextURL {
            try Task.checkCancellation()
            switch try await fetchPage(url, headers: headers, isFirst: cursor.pages == 0 && !continuing, scansPage: scansPages, decode: decode) {
            case .unavailable(let code):
                return .unavailable(code: code)
            case .decoded(let document, let body):
                items += try await consume(document, body, &cursor)
            }
        }
        return .complete(pages: cursor.pages, items: items)
    }

    /// Throws when `url`, where reading starts (often a link stored by an earlier run), is outside the
    /// configured Graph endpoint.
    private func checkStart(_ url: String) throws(PagingError) {
        guard let refusal = client.origin.refusal(of: url) else { return }
        throw PagingError(
            url: RedactedURL.withoutQuery(url),
            reason: "the link to read is not on the configured Graph endpoint: \(refusal). A stored next or delta link "
                + "from an earlier run is not followed. If source.graph_url changed since, give the unfinished run up "
                + "with --restart (a stored delta link: use a new state database, --state)")
    }

    /// Reads a single entity (`/users/{id}/manager`, `/users/{id}/mailboxSettings`): the response body
    /// is the record. A 404 with one of `unavailableCodes` means there is none (a user without a
    /// manager or a mailbox).
    public func readObject(_ url: String, headers: [(name: String, value: String)] = []) async throws -> ObjectOutcome {
        try checkStart(url)
        switch try await fetchPage(url, headers: headers, isFirst: true, scansPage: false, decode: { response throws(JSONParseError) in
            try JSONParser.parse(response.body)
        }) {
        case .unavailable(let code):
            return .unavailable(code: code)
        case .decoded(let document, let body):
            guard case .object = document else {
                throw PagingError(url: url, reason: "the response is not a JSON object")
            }
            return .found(document, bytes: body.count)
        }
    }

    private enum Page<Document> {
        case decoded(Document, body: [UInt8])
        case unavailable(code: String)
    }

    private func fetchPage<Document>(
        _ url: String, headers: [(name: String, value: String)], isFirst: Bool, scansPage: Bool,
        decode: (HTTPResponse) throws(JSONParseError) -> Document
    ) async throws -> Page<Document> {
        var lastError: JSONParseError?
        for _ in 0..<Self.malformedPageAttempts {
            let response = if isFirst, let batcher {
                try await batcher.get(url, headers: headers, scanningPage: scansPage)
            } else {
                try await client.get(url, headers: headers)
            }
            guard response.isSuccess else {
                let body = GraphErrorBody.parse(response.body)
                if response.status == 404, isFirst, let body, Self.unavailableCodes.contains(body.code) {
                    return .unavailable(code: body.code)
                }
                throw GraphResponseError(url: url, status: response.status, body: body, trace: RequestTrace(of: response))
            }
            do {
                return .decoded(try decode(response), body: response.body)
            } catch {
                lastError = error
            }
        }
        throw PagingError(
            url: url,
            reason: "the response was not valid JSON \(Self.malformedPageAttempts) times in a row (\(lastError?.description ?? ""))")
    }
}

/// Graph refused a request with a status that retrying cannot change.
public struct GraphResponseError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var status: Int
    public var body: GraphErrorBody?
    /// The answer's `request-id` and the `client-request-id` it answers, for Microsoft support.
    public var trace: RequestTrace

    public init(url: String, status: Int, body: GraphErrorBody?, trace: RequestTrace = RequestTrace()) {
        self.url = url
        self.status = status
        self.body = body
        self.trace = trace
    }

    public var description: String {
        var text = "Graph answered \(status) to GET \(RedactedURL.string(url))"
        if let body { text += ": \(body.code): \(body.message)" }
        switch status {
        case 400: text += " (the request is not one Graph accepts: check the dataset's schema and the pipeline's filters)"
        case 403: text += " (the app lacks a permission: grant the application permissions the datasets need, e.g. User.Read.All, Mail.Read, and admin consent)"
        default: break
        }
        if !trace.isEmpty { text += " [\(trace)]" }
        return text
    }
}
