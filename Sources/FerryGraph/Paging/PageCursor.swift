import FerryCore

/// Follows a Graph collection page by page through `@odata.nextLink`.
///
/// A pure state machine: it is fed parsed pages and says which URL comes next, so the paging rules
/// are tested without a network. Pages may be empty; a link that comes back a second time means
/// the service is looping, which is an error rather than an endless run, and so is a chain of ever-new
/// links longer than `maxPages`. A next or delta link outside `origin` (another scheme, host or port, or
/// user info) is refused: Graph's links always point at the endpoint the request went to.
public struct PageCursor: Sendable {
    /// The URL of the page to fetch next; `nil` once the collection is complete.
    public private(set) var nextURL: String?
    /// The number of pages consumed.
    public private(set) var pages = 0
    /// The `@odata.deltaLink` of the last page of a delta query: where the next round starts.
    public private(set) var deltaLink: String?
    /// Where links may point; nil checks nothing (for tests of the other rules).
    public let origin: GraphOrigin?
    /// The most pages read; a collection still sending a nextLink after as many is an error.
    public let maxPages: Int
    private var visited: Set<String>

    /// The default `maxPages`: 100,000 pages of up to 1,000 items, far beyond any mailbox or directory.
    public static let defaultMaxPages = 100_000

    public init(firstURL: String, origin: GraphOrigin? = nil, maxPages: Int = defaultMaxPages) {
        nextURL = firstURL
        visited = [firstURL]
        self.origin = origin
        self.maxPages = max(1, maxPages)
    }

    /// Consumes the page fetched from `nextURL` and returns its items.
    public mutating func consume(_ page: JSONValue) throws(PagingError) -> [JSONValue] {
        guard case .object = page else { throw PagingError(url: nextURL ?? "", reason: "the page is not a JSON object") }
        guard case .array(let items) = page["value"] ?? .null else {
            throw PagingError(url: nextURL ?? "", reason: "the page has no 'value' array")
        }
        try advance(nextLink: page["@odata.nextLink"], deltaLink: page["@odata.deltaLink"])
        return items
    }

    /// Consumes a page found by `JSONPageScan` and returns the byte ranges of its items.
    public mutating func consume(_ scan: JSONPageScan) throws(PagingError) -> [Range<Int>] {
        guard let items = scan.items else {
            throw PagingError(url: nextURL ?? "", reason: "the page is not a JSON object with a 'value' array")
        }
        try advance(nextLink: scan["@odata.nextLink"], deltaLink: scan["@odata.deltaLink"])
        return items
    }

    private mutating func advance(nextLink: JSONValue?, deltaLink: JSONValue?) throws(PagingError) {
        guard let current = nextURL else { throw PagingError(url: "", reason: "the collection was already complete") }
        pages += 1
        switch nextLink {
        case nil, .null?:
            nextURL = nil
            if case .string(let link)? = deltaLink {
                try checkOrigin(of: link, named: "'@odata.deltaLink'", on: current)
                self.deltaLink = link
            }
        case .string(let link)?:
            guard link.hasPrefix("https://") || link.hasPrefix("http://") else {
                throw PagingError(url: current, reason: "'@odata.nextLink' is not an absolute URL")
            }
            try checkOrigin(of: link, named: "'@odata.nextLink'", on: current)
            guard visited.insert(link).inserted else {
                throw PagingError(url: current, reason: "'@odata.nextLink' repeats a page already read: Graph is looping")
            }
            guard pages < maxPages else {
                throw PagingError(
                    url: current,
                    reason: "\(pages) pages were read and Graph still sends a new '@odata.nextLink'; the most this "
                        + "unit may have is \(maxPages) (throttle.max_pages_per_unit). Either Graph is looping with "
                        + "ever-new links, or the collection really is that large: then raise throttle.max_pages_per_unit")
            }
            nextURL = link
        default:
            throw PagingError(url: current, reason: "'@odata.nextLink' is not a string")
        }
    }
}

extension PageCursor {
    /// Throws when `link` (from the page read at `current`) is outside `origin`; the link is named without
    /// its query, which a hostile server chose.
    private func checkOrigin(of link: String, named name: String, on current: String) throws(PagingError) {
        guard let origin, let refusal = origin.refusal(of: link) else { return }
        throw PagingError(
            url: current,
            reason: "\(name) points at \(RedactedURL.withoutQuery(link)), and \(refusal). Graph's links always point at "
                + "the endpoint the request went to, so Ferry follows it nowhere and sends it no token")
    }
}

/// A collection that cannot be paged through as Graph promises.
public struct PagingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var reason: String

    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }

    public var description: String { "paging through \(RedactedURL.string(url)) failed: \(reason)" }
}
