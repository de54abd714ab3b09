import FerryCore

/// Follows a Graph collection page by page through `@odata.nextLink`.
///
/// A pure state machine: it is fed parsed pages and says which URL comes next, so the paging rules
/// are tested without a network. Pages may be empty; a link that comes back a second time means
/// the service is looping, which is an error rather than an endless run.
public struct PageCursor: Sendable {
    /// The URL of the page to fetch next; `nil` once the collection is complete.
    public private(set) var nextURL: String?
    /// The number of pages consumed.
    public private(set) var pages = 0
    /// The `@odata.deltaLink` of the last page of a delta query: where the next round starts.
    public private(set) var deltaLink: String?
    private var visited: Set<String>

    public init(firstURL: String) {
        nextURL = firstURL
        visited = [firstURL]
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
            if case .string(let link)? = deltaLink { self.deltaLink = link }
        case .string(let link)?:
            guard link.hasPrefix("https://") || link.hasPrefix("http://") else {
                throw PagingError(url: current, reason: "'@odata.nextLink' is not an absolute URL")
            }
            guard visited.insert(link).inserted else {
                throw PagingError(url: current, reason: "'@odata.nextLink' repeats a page already read: Graph is looping")
            }
            nextURL = link
        default:
            throw PagingError(url: current, reason: "'@odata.nextLink' is not a string")
        }
    }
}

/// A collection that cannot be paged through as Graph promises.
public struct PagingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var reason: String

    public var description: String { "paging through \(RedactedURL.string(url)) failed: \(reason)" }
}
