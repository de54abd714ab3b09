import FerryCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing

@testable import FerryGraph

/// Every request names Ferry and carries its own `client-request-id`; every error names the ids Microsoft
/// support needs to find the request in Graph's logs.
@Suite("Request tracing")
struct RequestTraceTests {
    private static let clientRequestIdField = HTTPField.Name("client-request-id")!
    private static let requestIdField = HTTPField.Name("request-id")!

    /// What the scripted route saw of one request.
    struct Seen: Sendable {
        var clientRequestId: String?
        var userAgent: String?
    }

    /// A client whose `/v1.0/test` route answers `script(n)` to its n-th request (1-based) and records what it saw.
    static func withScriptedGraph<T>(
        script: @escaping @Sendable (Int) -> Response,
        _ body: (GraphHTTPClient, _ url: String, _ seen: @Sendable () -> [Seen]) async throws -> T
    ) async throws -> T {
        let entra = FakeEntraID()
        let recorder = Recorder()
        let router = Router()
        entra.install(on: router)
        router.get("v1.0/test") { request, _ -> Response in
            let seen = [request.headers[Self.clientRequestIdField] ?? "-", request.headers[.userAgent] ?? "-"]
            return script(recorder.next(seen.joined(separator: "\n")))
        }
        return try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let tokens = TokenProvider(credentials: TokenProviderTests.credentials(server), transport: transport)
            var logger = Logger(label: "trace-test")
            logger.logLevel = .critical
            let client = try GraphHTTPClient(
                graphURL: server.baseURL, transport: transport, tokens: tokens, retry: GraphHTTPClientTests.quickRetries,
                logger: logger)
            let seen: @Sendable () -> [Seen] = {
                recorder.values.map { value in
                    let parts = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    return Seen(
                        clientRequestId: parts[0] == "-" ? nil : parts[0], userAgent: parts[1] == "-" ? nil : parts[1])
                }
            }
            do {
                let result = try await body(client, "\(server.baseURL)/v1.0/test", seen)
                await transport.shutdown()
                return result
            } catch {
                await transport.shutdown()
                throw error
            }
        }
    }

    @Test func everyRequestSentCarriesItsOwnClientRequestIdAndNamesFerryAndItsVersion() async throws {
        try await Self.withScriptedGraph(script: { n in
            n <= 2 ? GraphHTTPClientTests.graphError(.serviceUnavailable, "serviceNotAvailable") : .text("ok")
        }) { client, url, seen in
            let response = try await client.get(url, headers: [(name: "client-request-id", value: "caller-chosen")])
            #expect(response.status == 200)
            let requests = seen()
            #expect(requests.count == 3)
            let ids = requests.compactMap(\.clientRequestId)
            #expect(ids.count == 3)
            #expect(ids.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() })
            #expect(Set(ids).count == 3, "a retry is a request of its own, with its own id")
            #expect(requests.allSatisfy { $0.userAgent == "Ferry/\(FerryVersion.current)" })
            // The answer says which request it answers, although this server echoes nothing.
            #expect(response.header("client-request-id") == ids.last)
        }
    }

    @Test func aRequestGivenUpNamesGraphsRequestIdAndTheClientRequestIdOfItsLastAttempt() async throws {
        try await Self.withScriptedGraph(script: { n in
            GraphHTTPClientTests.graphError(
                .serviceUnavailable, "serviceNotAvailable", headers: [Self.requestIdField: "graph-request-\(n)"])
        }) { client, url, seen in
            let error = try await #require(throws: GraphRequestError.self) { try await client.get(url) }
            let requests = seen()
            #expect(requests.count == GraphHTTPClientTests.quickRetries.maxAttemptsPerRequest)
            let last = try #require(requests.last?.clientRequestId)
            #expect(error.trace == RequestTrace(requestId: "graph-request-\(requests.count)", clientRequestId: last))
            #expect(error.description.hasSuffix("[request-id graph-request-\(requests.count), client-request-id \(last)]"))
        }
    }

    @Test func aRequestThatGotNoAnswerNamesTheClientRequestIdItWasSentWith() {
        var machine = RetryStateMachine(method: "GET", url: "http://127.0.0.1:9/v1.0/users", maxAttempts: 1)
        var failure = TransportError(kind: .connectionFailed, method: "GET", url: "http://127.0.0.1:9/v1.0/users", detail: "refused")
        failure.trace = RequestTrace(clientRequestId: "5f0c1a62-0a65-4d6b-9d0e-0f7c9d1c2b3a")
        guard case .fail(let error) = machine.failed(failure) else {
            Issue.record("one attempt allowed: the failure ends the request")
            return
        }
        #expect(error.trace == RequestTrace(clientRequestId: "5f0c1a62-0a65-4d6b-9d0e-0f7c9d1c2b3a"))
        #expect(error.description.hasSuffix("[client-request-id 5f0c1a62-0a65-4d6b-9d0e-0f7c9d1c2b3a]"))
    }

    @Test func aRefusalFromTheSimulatorNamesItsRequestIdAndTheEchoedClientRequestId() async throws {
        try await SimulatedGraph.with(SimulatedGraph.configuration(users: 3)) { graph in
            let reader = CollectionReader(client: graph.client, batcher: graph.batcher())
            let url = graph.url("/users/\(graph.userId(0))/noSuchCollection")
            let error = try await #require(throws: GraphResponseError.self) { _ = try await reader.readObject(url) }
            let requestId = try #require(error.trace.requestId)
            let clientRequestId = try #require(error.trace.clientRequestId)
            #expect(UUID(uuidString: clientRequestId) != nil)
            #expect(requestId != clientRequestId)
            #expect(error.description.contains("[request-id \(requestId), client-request-id \(clientRequestId)]"))
        }
    }

    @Test func traceIdsFromAServerAreKeptShortAndPrintable() {
        let trace = RequestTrace(requestId: "abc\r\nInjected: yes" + String(repeating: "x", count: 500), clientRequestId: nil)
        #expect(trace.requestId?.hasPrefix("abcInjected:yes") == true)
        #expect(trace.requestId?.count == 100)
        #expect(trace.description == "request-id \(trace.requestId!)")
        // Letters beyond ASCII go, whole; an id already short and printable stays as it is.
        #expect(RequestTrace(requestId: "ä-1\u{301}-İ-2", clientRequestId: nil).requestId == "-1--2")
        #expect(RequestTrace(requestId: String(repeating: "é", count: 60) + "z", clientRequestId: nil).requestId == "z")
        #expect(RequestTrace(requestId: "1d0c-9f", clientRequestId: nil).requestId == "1d0c-9f")
    }
}
