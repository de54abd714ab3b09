import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization
import Testing

@testable import FerryGraph

/// `GraphBatcher` against a scripted `$batch` on loopback, for answers the simulator never gives: an item
/// refused with 401, an answer missing an item, a batch refused as a whole.
@Suite("GraphBatcher, scripted")
struct GraphBatcherScriptedTests {
    /// One item's answer: status, headers and JSON body; nil leaves the item out of the batch answer.
    typealias Script = @Sendable (_ url: String, _ seen: Int, _ authorization: String) -> (Int, [String: String], String)?

    /// What the fake `$batch` received: per batch its authorization and item URLs.
    final class Traffic: Sendable {
        private let state = Mutex<(batches: [(String, [String])], seen: [String: Int])>(([], [:]))

        func record(_ authorization: String, _ urls: [String]) -> [Int] {
            state.withLock { state in
                state.batches.append((authorization, urls))
                return urls.map { url in
                    state.seen[url, default: 0] += 1
                    return state.seen[url, default: 0]
                }
            }
        }

        var batches: [(authorization: String, urls: [String])] { state.withLock { $0.batches.map { ($0.0, $0.1) } } }
    }

    /// Runs `body` with a batcher whose `$batch` answers by `script` (or with `whole`, for every batch).
    static func withBatcher(
        maxBatchSize: Int = 20, linger: Duration = .milliseconds(20), whole: (@Sendable () -> Response)? = nil,
        script: @escaping Script = { _, _, _ in (200, [:], "{}") },
        _ body: (GraphBatcher, GraphHTTPClient, _ graphURL: String, Traffic, FakeEntraID) async throws -> Void
    ) async throws {
        let entra = FakeEntraID()
        let traffic = Traffic()
        let router = Router()
        entra.install(on: router)
        router.post("v1.0/$batch") { request, _ -> Response in
            var request = request
            let authorization = request.headers[.authorization] ?? ""
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]
            let parts = object?["requests"] as? [[String: Any]] ?? []
            let urls = parts.map { $0["url"] as? String ?? "" }
            let seen = traffic.record(authorization, urls)
            if let whole { return whole() }
            var answers: [String] = []
            for (offset, part) in parts.enumerated() {
                guard let (status, headers, json) = script(urls[offset], seen[offset], authorization) else { continue }
                let headerJSON = String(decoding: try JSONSerialization.data(withJSONObject: headers), as: UTF8.self)
                answers.append(#"{"id":"\#(part["id"] as? String ?? "")","status":\#(status),"headers":\#(headerJSON),"body":\#(json)}"#)
            }
            // Backwards, as Graph may answer in any order.
            return FakeEntraID.json(#"{"responses":[\#(answers.reversed().joined(separator: ","))]}"#, .ok)
        }
        try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let tokens = TokenProvider(credentials: TokenProviderTests.credentials(server), transport: transport)
            var logger = Logger(label: "batch-scripted")
            logger.logLevel = .critical
            let client = try GraphHTTPClient(
                graphURL: server.baseURL, transport: transport, tokens: tokens, retry: SimulatedGraph.quickRetries, logger: logger)
            let batcher = GraphBatcher(client: client, graphURL: server.baseURL + "/", maxBatchSize: maxBatchSize, linger: linger)
            do {
                try await body(batcher, client, server.baseURL, traffic, entra)
                await transport.shutdown()
            } catch {
                await transport.shutdown()
                throw error
            }
        }
    }

    static func error(_ code: String) -> String {
        #"{"error":{"code":"\#(code)","message":"scripted"}}"#
    }

    @Test func eachItemIsRetriedOnItsOwn() async throws {
        try await Self.withBatcher(maxBatchSize: 4, linger: .milliseconds(300), script: { url, seen, authorization in
            let item = #"{"url":"\#(url)","authorization":"\#(authorization)"}"#
            switch (url, seen) {
            case ("/users/a/messages", 1): return (401, [:], Self.error("InvalidAuthenticationToken"))
            case ("/users/b/messages", 1): return (429, ["Retry-After": "0.05"], Self.error("ApplicationThrottled"))
            case ("/users/c/messages", 1): return (500, [:], Self.error("generalException"))
            case ("/users/d/messages", _): return (404, [:], Self.error("MailboxNotEnabledForRESTAPI"))
            default: return (200, ["Content-Type": "application/json"], item)
            }
        }) { batcher, client, graphURL, traffic, entra in
            let urls = ["a", "b", "c", "d"].map { graphURL + "/v1.0/users/\($0)/messages" }
            let responses = try await SimulatedGraph.getAll(urls) { try await batcher.get($0, headers: [("Prefer", "x")]) }
            #expect(responses.map(\.status) == [200, 200, 200, 404])
            // The item refused with 401 went again with a fresh token, fetched once for everyone.
            #expect(responses[0].json?["authorization"]?.stringValue == "Bearer tok-2")
            #expect(entra.issued.count == 2)
            #expect(responses[1].json?["url"]?.stringValue == "/users/b/messages")
            #expect(GraphErrorBody.parse(responses[3].body)?.code == "MailboxNotEnabledForRESTAPI")
            let batches = traffic.batches
            #expect(batches.first?.urls.sorted() == ["/users/a/messages", "/users/b/messages", "/users/c/messages", "/users/d/messages"])
            #expect(batches.dropFirst().flatMap(\.urls).sorted() == ["/users/a/messages", "/users/b/messages", "/users/c/messages"])
            let stats = client.stats
            #expect(stats.throttled == 1)
            #expect(stats.retries == 3)
            #expect(stats.batchesSent == batches.count)
            #expect(stats.itemsBatched == 7)
            #expect(stats.requestsSent == batches.count)
        }
    }

    @Test func anItemMissingFromTheAnswerIsSentAgain() async throws {
        try await Self.withBatcher(script: { url, seen, _ in
            url == "/users/b/manager" && seen == 1 ? nil : (200, [:], #"{"url":"\#(url)"}"#)
        }) { batcher, client, graphURL, traffic, _ in
            let urls = ["a", "b"].map { graphURL + "/v1.0/users/\($0)/manager" }
            let responses = try await SimulatedGraph.getAll(urls) { try await batcher.get($0) }
            #expect(responses.map { $0.json?["url"]?.stringValue } == ["/users/a/manager", "/users/b/manager"])
            #expect(traffic.batches.flatMap(\.urls).filter { $0 == "/users/b/manager" }.count == 2)
            #expect(client.stats.retries == 1)
        }
    }

    @Test func aBatchRefusedAsAWholeIsEveryItemsAnswer() async throws {
        try await Self.withBatcher(whole: { FakeEntraID.json(Self.error("BadRequest"), .badRequest) }) {
            batcher, _, graphURL, _, _ in
            let urls = ["a", "b", "c"].map { graphURL + "/v1.0/users/\($0)" }
            let responses = try await SimulatedGraph.getAll(urls) { try await batcher.get($0) }
            #expect(responses.allSatisfy { $0.status == 400 && GraphErrorBody.parse($0.body)?.code == "BadRequest" })
        }
    }

    @Test func aBatchThatKeepsFailingFailsEachItemWithItsOwnURL() async throws {
        try await Self.withBatcher(whole: { FakeEntraID.json(Self.error("generalException"), .internalServerError) }) {
            batcher, _, graphURL, traffic, _ in
            let url = graphURL + "/v1.0/users/a?$skiptoken=SECRETSKIP"
            let error = try await #require(throws: GraphRequestError.self) { try await batcher.get(url) }
            #expect(error.reason == .attemptsExhausted)
            #expect(error.status == 500)
            #expect(error.url.contains("/v1.0/users/a"))
            #expect(!error.description.contains("SECRETSKIP"))
            #expect(error.description.contains("$batch"))
            #expect(traffic.batches.count == SimulatedGraph.quickRetries.maxAttemptsPerRequest)
        }
    }

    @Test func aCancelledCallerLeavesItsBatch() async throws {
        try await Self.withBatcher(linger: .seconds(30)) { batcher, _, graphURL, traffic, _ in
            let waiting = Task { try await batcher.get(graphURL + "/v1.0/users/a") }
            // Give the call time to queue; the test holds whether or not it has.
            try await Task.sleep(for: .milliseconds(20))
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            #expect(traffic.batches.isEmpty)
        }
    }

    @Test func urlsOutsideTheGraphVersionAreSentAlone() async throws {
        try await Self.withBatcher { batcher, _, graphURL, traffic, _ in
            let response = try await batcher.get(graphURL + "/beta/users")
            // The fake has no such route; what matters is that it was asked directly.
            #expect(response.status == 404)
            #expect(traffic.batches.isEmpty)
        }
    }
}
