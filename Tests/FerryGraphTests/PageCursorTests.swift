import FerryCore
import Testing

@testable import FerryGraph

@Suite struct PageCursorTests {
    func page(_ json: String) throws -> JSONValue {
        try JSONParser.parse(Array(json.utf8))
    }

    @Test func followsNextLinksUntilAbsentAndAcceptsEmptyPages() throws {
        var cursor = PageCursor(firstURL: "https://graph/v1.0/users")
        #expect(try cursor.consume(page(#"{"value":[{"id":"1"}],"@odata.nextLink":"https://graph/v1.0/users?$skiptoken=a"}"#)).count == 1)
        #expect(cursor.nextURL == "https://graph/v1.0/users?$skiptoken=a")
        #expect(try cursor.consume(page(#"{"value":[],"@odata.nextLink":"https://graph/v1.0/users?$skiptoken=b"}"#)).isEmpty)
        #expect(try cursor.consume(page(#"{"value":[{"id":"2"},{"id":"3"}]}"#)).count == 2)
        #expect(cursor.nextURL == nil)
        #expect(cursor.pages == 3)
        #expect(throws: PagingError.self) { try cursor.consume(page(#"{"value":[]}"#)) }
    }

    @Test func aRepeatedNextLinkIsALoop() throws {
        var cursor = PageCursor(firstURL: "https://graph/v1.0/users")
        _ = try cursor.consume(page(#"{"value":[],"@odata.nextLink":"https://graph/v1.0/users?$skiptoken=a"}"#))
        let error = #expect(throws: PagingError.self) {
            try cursor.consume(page(#"{"value":[],"@odata.nextLink":"https://graph/v1.0/users?$skiptoken=a"}"#))
        }
        #expect(error?.reason.contains("looping") == true)
        #expect(error?.description.contains("skiptoken=a") == false, "cursor values stay out of messages")
    }

    @Test(arguments: [#"[]"#, #"{"value":{}}"#, #"{"items":[]}"#, #"{"value":[],"@odata.nextLink":"/relative"}"#, #"{"value":[],"@odata.nextLink":5}"#])
    func malformedPagesAreErrors(_ json: String) throws {
        var cursor = PageCursor(firstURL: "https://graph/v1.0/users")
        #expect(throws: PagingError.self) { try cursor.consume(page(json)) }
    }

    @Test func queriesEncodeTheirOptions() {
        var query = GraphQuery(
            path: GraphQuery.expand("/users/{id}/messages", id: "a b/c"), select: ["id", "from"], top: 1000,
            filter: "receivedDateTime ge 2026-11-15T00:00:00Z and receivedDateTime lt 2026-11-22T00:00:00Z")
        #expect(
            query.url(base: "https://graph.microsoft.com/")
                == "https://graph.microsoft.com/v1.0/users/a%20b%2Fc/messages?$select=id,from&$top=1000"
                + "&$filter=receivedDateTime%20ge%202026-11-15T00%3A00%3A00Z%20and%20receivedDateTime%20lt%202026-11-22T00%3A00%3A00Z")
        query.parameters = [("startDateTime", "2026-11-15T00:00:00Z")]
        #expect(query.url(base: "https://g").hasSuffix("&startDateTime=2026-11-15T00%3A00%3A00Z"))
        #expect(GraphQuery(path: "/users").url(base: "https://g") == "https://g/v1.0/users")
        #expect(GraphQuery.expand("/{id}/x/{id}", id: "é{id}") == "/%C3%A9%7Bid%7D/x/%C3%A9%7Bid%7D")
    }

    /// A collection's first-page query is encoded once per run and joined to each owner's path.
    @Test func firstPagesShareTheirQueryAndExpandTheOwner() {
        let window = CollectionRequest.Window(start: "2026-11-15T00:00:00Z", end: "2026-11-22T00:00:00Z", property: "receivedDateTime")
        let messages = CollectionRequest(
            collection: GraphCollection(path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000),
            select: ["id", "from"], isDelta: false, window: window)
        let filter = "$filter=receivedDateTime%20ge%202026-11-15T00%3A00%3A00Z%20and%20receivedDateTime%20lt%202026-11-22T00%3A00%3A00Z"
        for owner in ["a b/c", "0f9e-1", "ü?&="] {
            #expect(
                messages.firstPageURL(base: "https://graph.microsoft.com/", owner: owner)
                    == "https://graph.microsoft.com/v1.0/users/\(FormEncoding.percentEncode(owner))/messages?$select=id,from&$top=1000&" + filter)
        }
        let calendar = CollectionRequest(
            collection: GraphCollection(path: "/users/{id}/calendarView", fanout: .perUser, maxPageSize: 500, window: .parameters),
            select: [], isDelta: false, window: window)
        #expect(
            calendar.firstPageURL(base: "https://g", owner: "u")
                == "https://g/v1.0/users/u/calendarView?$top=500&startDateTime=2026-11-15T00%3A00%3A00Z&endDateTime=2026-11-22T00%3A00%3A00Z")
        let settings = CollectionRequest(
            collection: GraphCollection(path: "/users/{id}/mailboxSettings", fanout: .perUser, maxPageSize: 1, shape: .object),
            select: ["timeZone"], isDelta: false, window: nil)
        #expect(settings.firstPageURL(base: "https://g", owner: "u") == "https://g/v1.0/users/u/mailboxSettings?$select=timeZone")
        let users = CollectionRequest(
            collection: GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 999), select: ["id"], isDelta: false, window: nil)
        #expect(users.firstPageURL(base: "https://g", owner: nil) == "https://g/v1.0/users?$select=id&$top=999")
        #expect(
            users.firstPageURL(base: "https://g", owner: nil, ownerFilter: "userType eq 'Member'")
                == "https://g/v1.0/users?$select=id&$top=999&$filter=userType%20eq%20%27Member%27")
    }
}
