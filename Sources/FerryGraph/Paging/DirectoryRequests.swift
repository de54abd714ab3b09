/// The requests that list or count the tenant's users and groups, with the headers Graph needs for them.
///
/// A `$filter` on users, or `$count`, is one of Graph's advanced directory queries: Graph answers it only
/// with `ConsistencyLevel: eventual` on every page.
public enum DirectoryRequests {
    public typealias Request = (url: String, headers: [(name: String, value: String)])

    /// The application permission that lists the users, when no dataset of the pipeline names its own.
    public static let userListingPermissions = ["User.Read.All"]
    /// The application permission that lists the groups per-group datasets fan out over.
    public static let groupListingPermissions = ["GroupMember.Read.All"]

    /// The header of Graph's advanced directory queries.
    public static let eventualConsistency = (name: "ConsistencyLevel", value: "eventual")

    /// The listing of the users in scope: the users dataset's own first page when `users` (its request)
    /// is given, else ids and user types alone; `scopeFilter`, the scope's `$filter`, replaces any
    /// window's. With `top`, pages of at most that many users (a sample).
    public static func users(base: String, users: CollectionRequest?, scopeFilter: String?, top: Int? = nil) -> Request {
        let url =
            users.map { request in
                (top.map(request.limited(to:)) ?? request).firstPageURL(base: base, owner: nil, ownerFilter: scopeFilter)
            } ?? CollectionRequest.userIds(filter: scopeFilter, top: top ?? 999).url(base: base)
        return (url, scopeFilter == nil ? [] : [eventualConsistency])
    }

    /// `/users/$count` of the users a run lists: the scope's filter, guests left out when `excludeGuests`.
    /// Graph answers the number as text.
    public static func userCount(base: String, scopeFilter: String?, excludeGuests: Bool) -> Request {
        var filters: [String] = []
        if let scopeFilter { filters.append("(\(scopeFilter))") }
        if excludeGuests { filters.append("userType ne 'Guest'") }
        var query = GraphQuery(path: "/users/$count")
        query.filter = filters.isEmpty ? nil : filters.joined(separator: " and ")
        return (query.url(base: base), [eventualConsistency])
    }

    /// `/groups/$count`: how many groups the tenant has.
    public static func groupCount(base: String) -> Request {
        (GraphQuery(path: "/groups/$count").url(base: base), [eventualConsistency])
    }
}
