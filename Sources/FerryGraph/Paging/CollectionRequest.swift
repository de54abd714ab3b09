import FerryCore

/// How one dataset's collection is asked of Graph: `$select`, `$top`, the window as `$filter` or as
/// `startDateTime`/`endDateTime`, the headers every page needs, and a delta query's first request.
///
/// Decided once per run; the URLs of each owner's first page are built from it.
public struct CollectionRequest: Sendable {
    public let collection: GraphCollection
    /// The `$select` list: only the properties the output reads.
    public let select: [String]
    /// Read through Graph's delta query: page size from `Prefer`, the window's lower bound only.
    public let isDelta: Bool
    /// The `$filter` of the date window, when the collection filters on a date property.
    public let filter: String?
    /// The window's lower bound alone, for a delta round: Graph's mail delta takes no upper bound.
    public let deltaFilter: String?
    /// Query parameters the window becomes instead (`startDateTime`, `endDateTime` for calendarView).
    public let windowParameters: [(name: String, value: String)]
    /// Headers Graph needs on every page of this collection; a delta query's page size in `Prefer`.
    public let headers: [(name: String, value: String)]
    /// The window the request was made for, kept for `limited(to:)`.
    private let window: Window?
    /// `firstPageQuery`'s query string, encoded once: a run asks it of every user.
    private var firstPageQueryString = ""

    /// The dates of a window as Graph takes them (`2026-11-01T00:00:00Z`), and the property a
    /// `$filter` window compares them with.
    public struct Window: Sendable {
        public var start: String
        public var end: String
        public var property: String?

        public init(start: String, end: String, property: String?) {
            self.start = start
            self.end = end
            self.property = property
        }
    }

    /// A request for `collection` selecting `select`; `window` narrows it when the collection has a
    /// way to (`window: filter` with a property, or `window: parameters`).
    public init(collection: GraphCollection, select: [String], isDelta: Bool, window: Window?) {
        self.collection = collection
        self.select = select
        self.isDelta = isDelta
        self.window = window
        var headers = collection.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if isDelta {
            // Delta queries take their page size from Prefer, not $top; one Prefer header carries all.
            let size = "odata.maxpagesize=\(collection.maxPageSize)"
            if let index = headers.firstIndex(where: { $0.name.lowercased() == "prefer" }) {
                headers[index].value += ", " + size
            } else {
                headers.append((name: "Prefer", value: size))
            }
        }
        self.headers = headers
        switch (collection.window, window) {
        case (.filter, let window?) where window.property != nil:
            let property = window.property ?? ""
            filter = "\(property) ge \(window.start) and \(property) lt \(window.end)"
            deltaFilter = "\(property) ge \(window.start)"
            windowParameters = []
        case (.parameters, let window?):
            filter = nil
            deltaFilter = nil
            windowParameters = [("startDateTime", window.start), ("endDateTime", window.end)]
        default:
            filter = nil
            deltaFilter = nil
            windowParameters = []
        }
        firstPageQueryString = firstPageQuery(path: collection.path).queryString
    }

    /// What a delta link carries of this request besides its window's dates: the collection, the
    /// `$select` list, the headers and the property a window filters on. A link made by a request of
    /// another shape goes on answering that shape (columns added since come back missing).
    public var deltaShape: String {
        var lines = [collection.path, "select " + select.sorted().joined(separator: ",")]
        lines.append("window " + (window?.property ?? (windowParameters.isEmpty ? "-" : "parameters")))
        lines += headers.map { "\($0.name): \($0.value)" }
        return lines.joined(separator: "\n")
    }

    /// The URL of the collection's first page (or of the object), for one owner when the collection is
    /// per user or per group; `ownerFilter` replaces the window's `$filter` on a tenant-wide listing
    /// (the scope's filter of the user list).
    public func firstPageURL(base: String, owner: String?, ownerFilter: String? = nil) -> String {
        guard let owner else {
            var query = firstPageQuery(path: collection.path)
            if let ownerFilter { query.filter = ownerFilter }
            return query.url(base: base)
        }
        return GraphQuery.url(base: base, path: GraphQuery.expand(collection.path, id: owner), query: firstPageQueryString)
    }

    /// The first page's query options: the same for every owner.
    private func firstPageQuery(path: String) -> GraphQuery {
        var query = GraphQuery(path: path, select: select, top: collection.shape == .collection ? collection.maxPageSize : nil, filter: filter)
        query.parameters = windowParameters
        return query
    }

    /// The same request with pages of at most `items` items (`$top`, or a delta query's `Prefer`): to check
    /// access to a collection, or sample it, without reading it.
    public func limited(to items: Int) -> CollectionRequest {
        var collection = self.collection
        collection.maxPageSize = max(1, min(items, collection.maxPageSize))
        return CollectionRequest(collection: collection, select: select, isDelta: isDelta, window: window)
    }

    /// The first request a run makes of `owner`'s collection: a delta round's start (from the window, with
    /// no link yet) when this is a delta query, else the first page.
    public func firstRequestURL(base: String, owner: String?) -> String {
        (isDelta ? deltaStartURL(base: base, owner: owner) : nil) ?? firstPageURL(base: base, owner: owner)
    }

    /// The first request of a delta round that has no link to continue from: the whole collection,
    /// narrowed by the window's start (mail) or range (calendarView), which the delta link then keeps.
    /// Nil when the collection has no delta query.
    public func deltaStartURL(base: String, owner: String?) -> String? {
        guard let deltaPath = collection.deltaPath else { return nil }
        let path = owner.map { GraphQuery.expand(deltaPath, id: $0) } ?? deltaPath
        var query = GraphQuery(path: path, select: select)
        query.filter = deltaFilter
        query.parameters = windowParameters
        return query.url(base: base)
    }

    /// Every user's id and type, and nothing else: the listing the fan-out needs when the users
    /// dataset is not exported (or is exported as a change feed).
    public static func userIds(filter: String?, top: Int = 999) -> GraphQuery {
        GraphQuery(path: "/users", select: ["id", "userType"], top: top, filter: filter)
    }

    /// The ids of a group's members: how `scope.users.groups` finds the users in scope.
    public static func memberIds(ofGroup group: String) -> GraphQuery {
        GraphQuery(path: GraphQuery.expand("/groups/{id}/members", id: group), select: ["id"], top: 999)
    }

    /// Every group's id: the listing per-group collections fan out from.
    public static func groupIds(top: Int = 999) -> GraphQuery {
        GraphQuery(path: "/groups", select: ["id"], top: top)
    }
}
