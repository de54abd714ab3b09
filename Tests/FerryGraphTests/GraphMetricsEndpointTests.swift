import Foundation
import Testing

@testable import FerryGraph

/// The `endpoint` label of `ferry_graph_requests_total`: ids replaced, names kept, read from the URL's bytes.
@Suite struct GraphMetricsEndpointTests {
    @Test func idsBecomePlaceholdersAndNamesStay() {
        let base = "https://graph.microsoft.com/v1.0"
        #expect(GraphMetrics.endpoint(of: base + "/users/ABC/messages?$top=10") == "/users/{id}/messages")
        #expect(GraphMetrics.endpoint(of: base + "/users/a/mailFolders/inbox/messages#x") == "/users/{id}/mailFolders/{id}/messages")
        #expect(GraphMetrics.endpoint(of: base + "/$batch") == "/$batch")
        #expect(GraphMetrics.endpoint(of: "https://graph.microsoft.com/beta/users") == "/users")
        #expect(GraphMetrics.endpoint(of: "https://graph.microsoft.com") == "/")
        #expect(GraphMetrics.endpoint(of: base + "/a/b/c/d/e/f/g/h/i/j") == "/{id}/{id}/{id}/{id}/{id}/{id}/{id}/{id}/...")
    }

    /// Held to the same steps taken on the URL's characters (the way it was first written), on URLs
    /// made of names, ids, empty segments, queries, fragments, a scheme or none, and letters beyond ASCII.
    @Test func readingTheBytesGivesTheEndpointTheCharactersGave() {
        func oracle(_ url: String) -> String {
            var path = Substring(url)
            if let scheme = path.range(of: "://") { path = path[scheme.upperBound...] }
            if let slash = path.firstIndex(of: "/") { path = path[slash...] } else { return "/" }
            if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
            var segments = path.split(separator: "/", omittingEmptySubsequences: true)
            if let version = segments.first, version == "v1.0" || version == "beta" { segments.removeFirst() }
            if segments.count > 8 { segments = Array(segments.prefix(8)) + ["..."] }
            let names: Set<Substring> = ["users", "messages", "mailFolders", "$batch", "delta", "manager"]
            return "/" + segments.map { names.contains($0) || $0 == "..." ? String($0) : "{id}" }.joined(separator: "/")
        }
        let pieces = ["users", "messages", "mailFolders", "$batch", "delta", "manager", "ÄBC", "abc", "", "v1.0", "beta",
                      "x?y", "a#b", "?", ":", "//", "...", "İd", "%C3%A4", "Users"]
        let starts = ["https://g/", "http://127.0.0.1:8080/", "", "/", "g:/", "://", "https:/"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...11, using: &generator)
            let path = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
            let url = starts.randomElement(using: &generator)! + path
            #expect(GraphMetrics.endpoint(of: url) == oracle(url), "\(url)")
        }
    }
}
