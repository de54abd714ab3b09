import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing

@testable import FerryGraph

@Suite("GraphHTTPClient")
struct GraphHTTPClientTests {
    /// What the fake Graph route answers to its n-th request (1-based), given the bearer token.
    typealias Script = @Sendable (_ n: Int, _ authorization: String) -> Response

    static let quickRetries = RetryPolicy(
        maxAttemptsPerRequest: 4, backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(20)))

    /// Runs `body` with a client whose token endpoint and `/v1.0/test` route share one server.
    static func withClient<T>(
        retry: RetryPolicy = quickRetries, script: @escaping Script,
        _ body: (GraphHTTPClient, _ url: String, _ requests: Recorder, _ entra: FakeEntraID) async throws -> T
    ) async throws -> T {
        let entra = FakeEntraID()
        let requests = Recorder()
        let router = Router()
        entra.install(on: router)
        router.get("v1.0/test") { request, _ -> Response in
            let authorization = request.headers[.authorization] ?? ""
            return script(requests.next(authorization), authorization)
        }
        return try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let tokens = TokenProvider(credentials: TokenProviderTests.credentials(server), transport: transport)
            var logger = Logger(label: "graph-test")
            logger.logLevel = .critical
            let client = try GraphHTTPClient(graphURL: server.baseURL, transport: transport, tokens: tokens, retry: retry, logger: logger)
            do {
                let result = try await body(client, "\(server.baseURL)/v1.0/test?$top=10&$skiptoken=SKIPSECRET", requests, entra)
                await transport.shutdown()
                return result
            } catch {
                await transport.shutdown()
                throw error
            }
        }
    }

    static func graphError(_ status: HTTPResponse.Status, _ code: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return .text(#"{"error":{"code":"\#(code)","message":"scripted \#(code)"}}"#, status: status, headers: headers)
    }

    @Test func honoursRetryAfterOn429() async throws {
        try await Self.withClient(script: { n, _ in
            n == 1 ? Self.graphError(.tooManyRequests, "TooManyRequests", headers: [.retryAfter: "0.2"]) : .text("ok")
        }) { client, url, requests, _ in
            let started = ContinuousClock.now
            let response = try await client.get(url)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(response.status == 200)
            #expect(response.body.text == "ok")
            #expect(requests.count == 2)
            let stats = client.stats
            #expect(stats.requestsSent == 2)
            #expect(stats.retries == 1)
            #expect(stats.throttled == 1)
            #expect(abs(stats.retryAfterWaitSeconds - 0.2) < 0.001)
        }
    }

    @Test func retries503ThenSucceeds() async throws {
        try await Self.withClient(script: { n, _ in
            n <= 2 ? Self.graphError(.serviceUnavailable, "serviceNotAvailable") : .text("third time")
        }) { client, url, requests, _ in
            let response = try await client.get(url)
            #expect(response.body.text == "third time")
            #expect(requests.count == 3)
            #expect(client.stats.throttled == 2)
            #expect(client.stats.retries == 2)
            #expect(client.stats.retryAfterWaitSeconds == 0)
        }
    }

    @Test func persistent500RunsOutOfAttempts() async throws {
        try await Self.withClient(script: { _, _ in Self.graphError(.internalServerError, "generalException") }) {
            client, url, requests, _ in
            let error = try await #require(throws: GraphRequestError.self) { try await client.get(url) }
            #expect(error.reason == .attemptsExhausted)
            #expect(error.attempts == 4)
            #expect(requests.count == 4)
            #expect(error.status == 500)
            #expect(error.code == "generalException")
            let text = error.description
            #expect(text.contains("/v1.0/test?$top=10"))
            #expect(text.contains("4 attempts"))
            #expect(text.contains("generalException"))
            #expect(!text.contains("SKIPSECRET"))
            #expect(!text.contains("tok-"))
            #expect(client.stats.retries == 3)
        }
    }

    @Test func the401RefreshesTheTokenOnce() async throws {
        try await Self.withClient(script: { _, authorization in
            authorization == "Bearer tok-1" ? Self.graphError(.unauthorized, "InvalidAuthenticationToken") : .text("fresh")
        }) { client, url, requests, entra in
            let response = try await client.get(url, headers: [("ConsistencyLevel", "eventual")])
            #expect(response.body.text == "fresh")
            #expect(requests.values == ["Bearer tok-1", "Bearer tok-2"])
            #expect(entra.issued.count == 2)
            #expect(client.stats.retries == 1)
        }
    }

    @Test func aSecond401Fails() async throws {
        try await Self.withClient(script: { _, _ in Self.graphError(.unauthorized, "InvalidAuthenticationToken") }) {
            client, url, requests, entra in
            let error = try await #require(throws: GraphRequestError.self) { try await client.get(url) }
            #expect(error.reason == .unauthorized)
            #expect(error.status == 401)
            #expect(requests.count == 2)
            #expect(entra.issued.count == 2)
            #expect(!error.description.contains("tok-"))
        }
    }

    @Test func notFoundIsReturnedForTheCallerToInterpret() async throws {
        try await Self.withClient(script: { _, _ in Self.graphError(.notFound, "MailboxNotEnabledForRESTAPI") }) {
            client, url, requests, _ in
            let response = try await client.get(url)
            #expect(response.status == 404)
            #expect(GraphErrorBody.parse(response.body)?.code == "MailboxNotEnabledForRESTAPI")
            #expect(requests.count == 1)
            #expect(client.stats.retries == 0)
        }
    }

    /// A 404 "no mailbox" on a collection's first page means there is none; on the page where an earlier
    /// process stopped it is an error: the pages before it were read, and are not to be counted away.
    @Test func notFoundOnAContinuedPageIsAnError() async throws {
        try await Self.withClient(script: { _, _ in Self.graphError(.notFound, "MailboxNotEnabledForRESTAPI") }) {
            client, url, _, _ in
            let reader = CollectionReader(client: client)
            #expect(try await reader.readRaw(url) { _ in } == .unavailable(code: "MailboxNotEnabledForRESTAPI"))
            let error = try await #require(throws: GraphResponseError.self) {
                try await reader.readRaw(url, continuing: true) { _ in }
            }
            #expect(error.status == 404)
        }
    }

    @Test func theRunBudgetCapsRetriesAcrossRequests() async throws {
        let policy = RetryPolicy(maxAttemptsPerRequest: 8, runBudget: 3, backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(2)))
        try await Self.withClient(retry: policy, script: { _, _ in Self.graphError(.badGateway, "badGateway") }) {
            client, url, requests, _ in
            let first = try await #require(throws: GraphRequestError.self) { try await client.get(url) }
            #expect(first.reason == .budgetExhausted)
            #expect(first.attempts == 4)
            let second = try await #require(throws: GraphRequestError.self) { try await client.get(url) }
            #expect(second.reason == .budgetExhausted)
            #expect(second.attempts == 1)
            #expect(requests.count == 5)
            #expect(client.stats.retries == 3)
            #expect(second.description.contains("retry budget"))
        }
    }

    @Test func retryAfterWaitsDoNotSpendTheRunBudget() async throws {
        let policy = RetryPolicy(maxAttemptsPerRequest: 8, runBudget: 2, backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(2)))
        try await Self.withClient(retry: policy, script: { n, _ in
            n <= 6 ? Self.graphError(.tooManyRequests, "TooManyRequests", headers: [.retryAfter: "0.001"]) : .text("ok")
        }) { client, url, requests, _ in
            let response = try await client.get(url)
            #expect(response.status == 200)
            #expect(requests.count == 7, "six scheduled waits, then the answer, although the run budget is 2")
            #expect(client.stats.retries == 6)
        }
    }

    @Test func badCredentialsFailWithoutRetryingOrLeakingTheSecret() async throws {
        let entra = FakeEntraID()
        let router = Router()
        entra.install(on: router)
        try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let tokens = TokenProvider(
                credentials: TokenProviderTests.credentials(server, secret: "not-the-secret-123"), transport: transport)
            let client = try GraphHTTPClient(graphURL: server.baseURL, transport: transport, tokens: tokens, logger: Logger(label: "t"))
            let error = try await #require(throws: GraphRequestError.self) { try await client.get("\(server.baseURL)/v1.0/test") }
            #expect(error.reason == .token)
            #expect(error.description.contains("invalid_client"))
            #expect(!error.description.contains("not-the-secret-123"))
            #expect(entra.forms.count == 1)
            await transport.shutdown()
        }
    }
}
