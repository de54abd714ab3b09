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
    }
}
