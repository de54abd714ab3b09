import FerryCore
import Testing

@testable import FerryGraph

/// Where a token may go, and how links elsewhere are refused, without any network.
@Suite("GraphOrigin")
struct GraphOriginTests {
    @Test func caseAndDefaultPortsDoNotMakeAnotherOrigin() throws {
        let origin = try GraphOrigin("https://graph.microsoft.com")
        #expect(origin.description == "https://graph.microsoft.com:443")
        for url in [
            "https://graph.microsoft.com/v1.0/users?$skiptoken=x", "HTTPS://Graph.Microsoft.COM:443/v1.0/users",
            "https://graph.microsoft.com:443",
        ] {
            #expect(origin.admits(url), "\(url)")
            #expect(origin.refusal(of: url) == nil)
        }
        #expect(try GraphOrigin("http://127.0.0.1:8080").admits("http://127.0.0.1:8080/v1.0/users"))
        #expect(try GraphOrigin("http://localhost").admits("http://LOCALHOST:80/v1.0"))
    }

    @Test(arguments: [
        ("https://graph.microsoft.com.evil.example/v1.0/users", "its host differs"),
        ("https://graph.microsoft.com:8443/v1.0/users", "its port differs"),
        ("http://graph.microsoft.com/v1.0/users", "its scheme and port differ"),
        ("http://graph.microsoft.com:443/v1.0/users", "its scheme differs"),
        ("https://evil.example:444/v1.0/users", "its host and port differ"),
        ("https://user:secret@graph.microsoft.com/v1.0/users", "user info"),
        ("https://graph.microsoft.com@evil.example/v1.0/users", "user info"),
        ("ftp://graph.microsoft.com/v1.0/users", "not an absolute http(s) URL"),
        ("/v1.0/users", "not an absolute http(s) URL"),
    ])
    func linksElsewhereAreRefused(_ url: String, _ reason: String) throws {
        let origin = try GraphOrigin("https://graph.microsoft.com")
        #expect(!origin.admits(url))
        let refusal = try #require(origin.refusal(of: url))
        #expect(refusal.contains(reason), "\(refusal)")
    }

    @Test func aGraphURLWithoutAnOriginIsAnError() {
        #expect(throws: GraphOriginError.self) { try GraphOrigin("not a url") }
        let error = #expect(throws: GraphOriginError.self) { try GraphOrigin("https://me:pw@graph.example/?sig=1") }
        #expect(error?.description.contains("pw") == false)
        #expect(error?.description.contains("source.graph_url") == true)
    }

    @Test func theCursorRefusesNextAndDeltaLinksElsewhere() throws {
        let origin = try GraphOrigin("https://graph.microsoft.com")
        var cursor = PageCursor(firstURL: "https://graph.microsoft.com/v1.0/users", origin: origin)
        let next = #expect(throws: PagingError.self) {
            try cursor.consume(JSONParser.parse(Array(#"{"value":[],"@odata.nextLink":"https://evil.example/v1.0/users?$skiptoken=SECRET"}"#.utf8)))
        }
        #expect(next?.reason.contains("'@odata.nextLink' points at https://evil.example/v1.0/users, and its host differs") == true)
        #expect(next?.description.contains("SECRET") == false)

        var delta = PageCursor(firstURL: "https://graph.microsoft.com/v1.0/users/delta", origin: origin)
        let error = #expect(throws: PagingError.self) {
            try delta.consume(JSONParser.parse(Array(#"{"value":[],"@odata.deltaLink":"https://graph.microsoft.com:444/v1.0/users/delta?$deltatoken=SECRET"}"#.utf8)))
        }
        #expect(error?.reason.contains("its port differs") == true)
        #expect(delta.deltaLink == nil)
    }

    @Test func theCursorStopsAtItsPageCap() throws {
        var cursor = PageCursor(firstURL: "https://graph.microsoft.com/v1.0/users", maxPages: 3)
        for page in 1...2 {
            _ = try cursor.consume(JSONParser.parse(Array(#"{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?p=\#(page)"}"#.utf8)))
        }
        // The last page allowed may end the collection...
        var ending = cursor
        #expect(try ending.consume(JSONParser.parse(Array(#"{"value":[]}"#.utf8))).isEmpty)
        #expect(ending.nextURL == nil)
        // ...but not link on.
        let error = #expect(throws: PagingError.self) {
            try cursor.consume(JSONParser.parse(Array(#"{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?p=3"}"#.utf8)))
        }
        #expect(error?.reason.contains("3 pages were read") == true)
    }
}
