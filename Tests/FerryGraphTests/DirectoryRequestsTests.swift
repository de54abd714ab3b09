import FerryCore
import FerryGraph
import Testing

/// The requests Ferry makes of the directory, and of a collection to sample it, are built in FerryGraph
/// with the headers Graph needs.
@Suite struct DirectoryRequestsTests {
    static let window = CollectionRequest.Window(start: "2026-11-15T00:00:00Z", end: "2026-11-22T00:00:00Z", property: "receivedDateTime")

    @Test func aLimitedRequestAsksForThatManyItemsTheWayItsQueryTakesThem() {
        let collection = GraphCollection(path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000, deltaPath: "/users/{id}/mailFolders/inbox/messages/delta")
        let paged = CollectionRequest(collection: collection, select: ["id"], isDelta: false, window: Self.window).limited(to: 1)
        #expect(paged.firstRequestURL(base: "https://g", owner: "u").hasPrefix("https://g/v1.0/users/u/messages?$select=id&$top=1&$filter="))
        #expect(paged.headers.isEmpty)

        // A delta query takes its page size from Prefer, never $top, and starts from the window's start.
        let delta = CollectionRequest(collection: collection, select: ["id"], isDelta: true, window: Self.window).limited(to: 1)
        let url = delta.firstRequestURL(base: "https://g", owner: "u")
        #expect(url == "https://g/v1.0/users/u/mailFolders/inbox/messages/delta?$select=id&$filter=receivedDateTime%20ge%202026-11-15T00%3A00%3A00Z")
        #expect(delta.headers.map(\.name) == ["Prefer"] && delta.headers.map(\.value) == ["odata.maxpagesize=1"])

        // Never more than the collection's own page size.
        let wide = CollectionRequest(collection: collection, select: [], isDelta: false, window: nil).limited(to: 5000)
        #expect(wide.firstRequestURL(base: "https://g", owner: "u") == "https://g/v1.0/users/u/messages?$top=1000")
    }

    @Test func theUserListingSendsEventualConsistencyWithAScopeFilter() {
        let plain = DirectoryRequests.users(base: "https://g", users: nil, scopeFilter: nil)
        #expect(plain.url == "https://g/v1.0/users?$select=id,userType&$top=999")
        #expect(plain.headers.isEmpty)

        let users = CollectionRequest(
            collection: GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 999), select: ["id", "mail"], isDelta: false,
            window: nil)
        let scoped = DirectoryRequests.users(base: "https://g", users: users, scopeFilter: "department eq 'Sales'", top: 5)
        #expect(scoped.url == "https://g/v1.0/users?$select=id,mail&$top=5&$filter=department%20eq%20%27Sales%27")
        #expect(scoped.headers.map(\.name) == ["ConsistencyLevel"] && scoped.headers.map(\.value) == ["eventual"])
    }

    @Test func countsLeaveGuestsOutWhenAsked() {
        let count = DirectoryRequests.userCount(base: "https://g", scopeFilter: "department eq 'Sales'", excludeGuests: true)
        #expect(count.url == "https://g/v1.0/users/$count?$filter=%28department%20eq%20%27Sales%27%29%20and%20userType%20ne%20%27Guest%27")
        #expect(count.headers.map(\.value) == ["eventual"])
        #expect(DirectoryRequests.userCount(base: "https://g", scopeFilter: nil, excludeGuests: false).url == "https://g/v1.0/users/$count")
        #expect(DirectoryRequests.groupCount(base: "https://g").url == "https://g/v1.0/groups/$count")
        #expect(CollectionRequest.groupIds(top: 3).url(base: "https://g") == "https://g/v1.0/groups?$select=id&$top=3")
    }

    /// A user's Outlook collections are throttled per mailbox, the rest as the directory: the plan's
    /// cost estimate asks the same rule the throttling applies to URLs.
    @Test func mailboxCollectionsAreToldByTheThrottlingRule() {
        let mailbox = ["/users/{id}/calendarView", "/users/{id}/contacts", "/users/{id}/events",
            "/users/{id}/mailFolders/sentitems/messages", "/users/{id}/mailboxSettings", "/users/{id}/messages"]
        let directory = ["/groups", "/groups/{id}/members", "/users", "/users/{id}/directReports", "/users/{id}/manager"]
        for path in mailbox { #expect(GraphCollection(path: path, fanout: .perUser, maxPageSize: 10).isMailbox, "\(path)") }
        for path in directory { #expect(!GraphCollection(path: path, fanout: .perUser, maxPageSize: 10).isMailbox, "\(path)") }
    }
}
