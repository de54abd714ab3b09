import Foundation
import Logging
import Synchronization
import Testing

@testable import FerryGraph

/// A Graph endpoint that lies: links to other hosts, endless pages, waits of a year, dripped bytes.
/// Each test serves Graph (and its token endpoint) from a `HostileServer` and, where a token could
/// leak, a second one that records every request it gets.
@Suite("Hostile Graph")
struct HostileGraphTests {
    static let token = "HOSTILE-TEST-TOKEN"

    /// The token endpoint's answer for every script, or nil for another path.
    static func tokenReply(_ request: HostileServer.Request, token: String = token) -> HostileServer.Reply? {
        guard request.target.hasSuffix("/oauth2/v2.0/token") else { return nil }
        let escaped = token.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        return .json(#"{"token_type":"Bearer","expires_in":3600,"access_token":"\#(escaped)"}"#)
    }

    /// Runs `body` with a client whose Graph and token endpoint are `server`.
    static func withClient<T>(
        _ server: HostileServer, retry: RetryPolicy = RetryPolicy(maxAttemptsPerRequest: 2, backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(10))),
        limits: TransferLimits = .init(),
        _ body: (GraphHTTPClient) async throws -> T
    ) async throws -> T {
        let transport = try CurlTransport(limits: limits)
        let tokens = TokenProvider(
            credentials: ClientCredentials(loginURL: server.baseURL, tenant: "contoso", clientId: "app", clientSecret: "hostile-secret"),
            transport: transport)
        var logger = Logger(label: "hostile-test")
        logger.logLevel = .critical
        do {
            let client = try GraphHTTPClient(graphURL: server.baseURL, transport: transport, tokens: tokens, retry: retry, logger: logger)
            let result = try await body(client)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// A page of one user, then `next` as its nextLink.
    static func page(next: String) -> HostileServer.Reply {
        .json(#"{"value":[{"id":"1"}],"@odata.nextLink":"\#(next)"}"#)
    }

    /// Pages `/v1.0/users` whose first page links to `link(main)`, and a recorder elsewhere; checks that the
    /// recorder never hears of it and the error names the link without its query.
    func expectRefused(
        link: @escaping @Sendable (_ main: HostileServer, _ other: HostileServer) -> String,
        otherHost: String = "127.0.0.1", samePort: Bool = false, expecting words: [String]
    ) async throws {
        try await HostileServer.with(script: { request in
            Self.tokenReply(request) ?? .json(#"{"value":[]}"#)
        }) { other in
            let mainBox = MainBox()
            try await HostileServer.with(script: { request in
                if let reply = Self.tokenReply(request) { return reply }
                guard let main = mainBox.server else { return .response(500, "{}") }
                if request.target.hasPrefix("/v1.0/users?page=1") { return Self.page(next: link(main, other)) }
                return .json(#"{"value":[]}"#)
            }) { main in
                mainBox.server = main
                try await Self.withClient(main) { client in
                    let error = try await #require(throws: PagingError.self) {
                        _ = try await CollectionReader(client: client).read(main.baseURL + "/v1.0/users?page=1") { _ in }
                    }
                    let text = error.description
                    for word in words { #expect(text.contains(word), "\(text)") }
                    #expect(!text.contains("SECRET"), "the link's query stays out: \(text)")
                    #expect(!text.contains("pa55"), "user info stays out: \(text)")
                    #expect(!text.contains(Self.token))
                    // The page that linked away was read, and nothing after it, here or there.
                    #expect(main.requests.filter { $0.target.hasPrefix("/v1.0/") }.map(\.target) == ["/v1.0/users?page=1"])
                    #expect(other.requests.isEmpty, "the other host heard: \(other.requests.map(\.target))")
                    #expect(other.requests.allSatisfy { $0.header("authorization") == nil })
                }
            }
        }
    }

    // MARK: - 1. The token goes to the configured endpoint only

    @Test func aNextLinkToAnotherPortIsRefused() async throws {
        try await expectRefused(
            link: { _, other in other.baseURL + "/v1.0/users?page=2&$skiptoken=SECRET" },
            expecting: ["'@odata.nextLink' points at", "/v1.0/users", "port differs", "sends it no token"])
    }

    @Test func aNextLinkToAnotherHostOnTheSamePortIsRefused() async throws {
        // 127.0.0.2 is loopback too, but another host: same port, different origin.
        try await HostileServer.with(host: "127.0.0.2", script: { _ in .json(#"{"value":[]}"#) }) { stranger in
            try await expectRefused(
                link: { main, _ in "http://127.0.0.2:\(main.port)/v1.0/users?page=2&$skiptoken=SECRET" },
                expecting: ["http://127.0.0.2:", "host differs"])
            #expect(stranger.requests.isEmpty)
        }
    }

    @Test func aNextLinkWithUserInfoIsRefused() async throws {
        try await expectRefused(
            link: { main, _ in "http://graph:pa55@127.0.0.1:\(main.port)/v1.0/users?page=2&$skiptoken=SECRET" },
            expecting: ["user info"])
    }

    @Test func aNextLinkThatChangesTheSchemeIsRefused() async throws {
        try await expectRefused(
            link: { main, _ in "https://127.0.0.1:\(main.port)/v1.0/users?page=2&$skiptoken=SECRET" },
            expecting: ["https://127.0.0.1:", "scheme differs"])
    }

    @Test func aDeltaLinkToAnotherHostIsRefused() async throws {
        try await HostileServer.with(script: { _ in .json(#"{"value":[]}"#) }) { other in
            try await HostileServer.with(script: { request in
                Self.tokenReply(request) ?? .json(#"{"value":[],"@odata.deltaLink":"\#(other.baseURL)/v1.0/users/delta?$deltatoken=SECRET"}"#)
            }) { main in
                try await Self.withClient(main) { client in
                    let error = try await #require(throws: PagingError.self) {
                        _ = try await CollectionReader(client: client).read(main.baseURL + "/v1.0/users/delta") { _ in }
                    }
                    #expect(error.description.contains("'@odata.deltaLink' points at \(other.baseURL)/v1.0/users/delta,"))
                    #expect(!error.description.contains("SECRET"))
                }
                #expect(other.requests.isEmpty)
            }
        }
    }

    @Test func aStoredLinkToAnotherHostIsNeverRequested() async throws {
        try await HostileServer.with(script: { _ in .json(#"{"value":[]}"#) }) { other in
            try await HostileServer.with(script: { request in Self.tokenReply(request) ?? .json(#"{"value":[]}"#) }) { main in
                try await Self.withClient(main) { client in
                    // As a checkpoint's next link or a stored delta link would come back.
                    let stored = other.baseURL + "/v1.0/users?$skiptoken=SECRET"
                    let error = try await #require(throws: PagingError.self) {
                        _ = try await CollectionReader(client: client).read(stored) { _ in }
                    }
                    #expect(error.description.contains("not on the configured Graph endpoint"))
                    #expect(!error.description.contains("SECRET"))
                    await #expect(throws: PagingError.self) { _ = try await CollectionReader(client: client).readObject(stored) }
                }
                #expect(other.requests.isEmpty)
                #expect(main.requests.isEmpty, "not even a token was fetched")
            }
        }
    }

    @Test func theClientAttachesNoTokenOutsideItsOrigin() async throws {
        try await HostileServer.with(script: { _ in .json(#"{"value":[]}"#) }) { other in
            try await HostileServer.with(script: { request in Self.tokenReply(request) ?? .json(#"{"value":[]}"#) }) { main in
                try await Self.withClient(main) { client in
                    // Through the client, and through a batcher, which sends URLs it cannot batch on their own.
                    let batcher = GraphBatcher(client: client, graphURL: main.baseURL)
                    for url in [other.baseURL + "/v1.0/users?sig=SECRET", "http://u:pa55@127.0.0.1:\(main.port)/v1.0/users"] {
                        let error = try await #require(throws: UntrustedURLError.self) { _ = try await client.get(url) }
                        #expect(error.description.contains("refused to send GET"))
                        #expect(!error.description.contains("SECRET") && !error.description.contains("pa55"))
                        await #expect(throws: UntrustedURLError.self) { _ = try await batcher.get(url) }
                    }
                    // The configured origin, spelt differently, is still the same origin.
                    let response = try await client.get("HTTP://127.0.0.1:\(main.port)/v1.0/users")
                    #expect(response.status == 200)
                }
                #expect(other.requests.isEmpty)
                #expect(main.requests.filter { $0.header("authorization") != nil }.count == 1)
            }
        }
    }

    // MARK: - 8. Waits with an end

    @Test(arguments: ["99999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
    func aHugeRetryAfterFailsTheRequestAtOnce(_ retryAfter: String) async throws {
        try await HostileServer.with(script: { request in
            Self.tokenReply(request)
                ?? .response(429, #"{"error":{"code":"TooManyRequests","message":"come back later"}}"#, headers: [("Retry-After", retryAfter)])
        }) { main in
            try await Self.withClient(main) { client in
                let error = try await #require(throws: GraphRequestError.self) {
                    _ = try await CollectionReader(client: client).read(main.baseURL + "/v1.0/users") { _ in }
                }
                #expect(error.reason == .retryAfterTooLong)
                #expect(error.description.contains("its Retry-After (\(retryAfter)) asks for a wait of"))
                #expect(error.description.contains("longer than the 300 s allowed"))
                #expect(error.description.contains("throttle.max_retry_after_seconds"))
                #expect(client.stats.retryAfterWaitSeconds == 0)
            }
            #expect(main.requests.filter { $0.target.hasPrefix("/v1.0/") }.count == 1)
        }
    }

    @Test func theRetryAfterCapIsConfigurable() async throws {
        let answered = Recorder()
        try await HostileServer.with(script: { request in
            if let reply = Self.tokenReply(request) { return reply }
            let n = answered.next()
            if request.target.hasPrefix("/v1.0/short") && n == 1 {
                return .response(429, "{}", headers: [("Retry-After", "0.2")])
            }
            if request.target.hasPrefix("/v1.0/long") { return .response(429, "{}", headers: [("Retry-After", "2")]) }
            return .json(#"{"value":[]}"#)
        }) { main in
            let retry = RetryPolicy(maxAttemptsPerRequest: 2, maxRetryAfter: .seconds(1))
            try await Self.withClient(main, retry: retry) { client in
                #expect(try await client.get(main.baseURL + "/v1.0/short").status == 200)
                let error = try await #require(throws: GraphRequestError.self) { _ = try await client.get(main.baseURL + "/v1.0/long") }
                #expect(error.description.contains("longer than the 1 s allowed"))
            }
        }
    }

    @Test func anEndlessChainOfNewNextLinksStopsAtTheCap() async throws {
        try await HostileServer.with(script: { request in
            if let reply = Self.tokenReply(request) { return reply }
            let n = Int(request.target.split(separator: "=").last ?? "") ?? 0
            return Self.page(next: "http://127.0.0.1:\(request.header("host")?.split(separator: ":").last ?? "")/v1.0/users?page=\(n + 1)")
        }) { main in
            try await Self.withClient(main) { client in
                var pages = 0
                let error = try await #require(throws: PagingError.self) {
                    _ = try await CollectionReader(client: client, maxPages: 5).read(main.baseURL + "/v1.0/users?page=1") { _ in
                        pages += 1
                    }
                }
                #expect(pages == 4, "the fifth page fails before its items are handed on")
                #expect(error.description.contains("5 pages were read and Graph still sends a new '@odata.nextLink'"))
                #expect(error.description.contains("throttle.max_pages_per_unit"))
            }
            #expect(main.requests.filter { $0.target.hasPrefix("/v1.0/") }.count == 5)
        }
    }

    @Test func aDripFeedingServerIsCutOffByTheLowSpeedLimit() async throws {
        // 2,000 bytes at one every 20 ms would take 40 s; the deadline is far off, so only the
        // low-speed limit (100 bytes/s for 1 s) can end the transfer early.
        let body = #"{"value":[{"id":""# + String(repeating: "x", count: 1_980) + #""}]}"#
        try await HostileServer.with(script: { request in
            Self.tokenReply(request) ?? .drip(body, every: .milliseconds(20))
        }) { main in
            let limits = TransferLimits(deadline: .seconds(600), lowSpeedBytesPerSecond: 100, lowSpeedTime: .seconds(1))
            let retry = RetryPolicy(maxAttemptsPerRequest: 1)
            try await Self.withClient(main, retry: retry, limits: limits) { client in
                let error = try await #require(throws: GraphRequestError.self) { _ = try await client.get(main.baseURL + "/v1.0/users") }
                #expect(error.description.contains("timed out"))
                #expect(error.description.contains("too slow"), "libcurl names the low-speed limit: \(error)")
                #expect(error.description.contains("throttle.low_speed_bytes_per_second"))
            }
        }
    }

    @Test func theTransportDeadlineAppliesWhenARequestSetsNone() async throws {
        // Fast enough for any low-speed limit (50 bytes/s is off here), too slow for a 1 s deadline.
        let body = #"{"value":[]}"# + String(repeating: " ", count: 300)
        try await HostileServer.with(script: { _ in .drip(body, every: .milliseconds(10)) }) { main in
            let transport = try CurlTransport(limits: TransferLimits(deadline: .seconds(1), lowSpeedBytesPerSecond: 0))
            let error = try await #require(throws: TransportError.self) {
                _ = try await transport.send(HTTPRequest(url: main.baseURL + "/v1.0/users"))
            }
            #expect(error.kind == .timedOut)
            await transport.shutdown()
        }
    }

    // MARK: - 13. Messages that say what happened

    @Test func anHTMLAnswerToABatchSaysSo() async throws {
        try await HostileServer.with(script: { request in
            Self.tokenReply(request)
                ?? .response(200, "<html><body>Sign in to the proxy</body></html>", headers: [("Content-Type", "text/html")])
        }) { main in
            try await Self.withClient(main) { client in
                let batcher = GraphBatcher(client: client, graphURL: main.baseURL)
                let error = try await #require(throws: GraphRequestError.self) {
                    _ = try await batcher.get(main.baseURL + "/v1.0/users/1/messages")
                }
                let text = error.description
                #expect(text.contains("malformed response"), "\(text)")
                #expect(text.contains("Graph's $batch answer is HTML or XML (HTTP 200, Content-Type text/html)"), "\(text)")
                #expect(text.contains("check what answers at source.graph_url"))
                #expect(!text.contains("cut short") && !text.contains("network or the server is unavailable"), "\(text)")
            }
        }
    }

    @Test func aContentLengthShorterThanTheBodyIsAMalformedAnswerNotABadURL() async throws {
        // What a Content-Length shorter than the body leaves on a reused connection: the rest of the body
        // read as the start of the next answer. The server sends it as the second answer itself, so the
        // test does not depend on when the leftover bytes arrive.
        let counter = Recorder()
        try await HostileServer.with(script: { _ in
            if counter.next() == 1 { return .json(#"{"value":[]}"#) }
            return HostileServer.Reply(parts: [Array("\"value\":[]} garbage that is not HTTP\r\n\r\n".utf8)], interval: .milliseconds(1))
        }) { main in
            let transport = try CurlTransport(maxConnections: 1)
            let first = try await transport.send(HTTPRequest(url: main.baseURL + "/v1.0/a"))
            #expect(first.body.text == #"{"value":[]}"#)
            do {
                _ = try await transport.send(HTTPRequest(url: main.baseURL + "/v1.0/b"))
                Issue.record("the second answer should have been garbled")
            } catch let error as TransportError {
                #expect(error.kind == .malformedResponse, "\(error)")
                #expect(error.isRetryable)
                #expect(!error.description.contains("bad URL") && !error.description.contains("(graph_url, login_url)"), "\(error)")
            }
            await transport.shutdown()
        }
    }

    @Test func aTokenWithALineBreakIsTheTokenEndpointsFault() async throws {
        try await HostileServer.with(script: { request in
            Self.tokenReply(request, token: "abc\r\nX-Injected: 1") ?? .json(#"{"value":[]}"#)
        }) { main in
            try await Self.withClient(main) { client in
                let error = try await #require(throws: GraphRequestError.self) { _ = try await client.get(main.baseURL + "/v1.0/users") }
                let text = error.description
                #expect(error.reason == .token)
                #expect(text.contains("holds a line break"), "\(text)")
                #expect(text.contains("source.login_url"))
                #expect(!text.contains("bug in the caller"))
                #expect(!text.contains("X-Injected"), "the token stays out of messages")
            }
            #expect(main.requests.allSatisfy { !$0.target.hasPrefix("/v1.0/") }, "nothing was sent with it")
        }
    }
}

/// Lets a script reach the server it belongs to, which exists only once the script is installed.
private final class MainBox: Sendable {
    private let value = Mutex<HostileServer?>(nil)

    var server: HostileServer? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
