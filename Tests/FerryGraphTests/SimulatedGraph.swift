import FerryCore
import FerryTestSupport
import GraphSimulator
import Logging

@testable import FerryGraph

/// The simulator on 127.0.0.1 (port 0) with a client, for tests of batching and concurrency.
struct SimulatedGraph {
    static let clientId = "batch-test"
    static let secret = "batch-test-secret"
    /// Quick backoff so failing items retry within a test's time.
    static let quickRetries = RetryPolicy(maxAttemptsPerRequest: 8, backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(40)))

    let server: GraphSimulatorServer
    let client: GraphHTTPClient

    /// A tenant of `users` with small mailboxes and no throttling or faults unless set afterwards.
    static func configuration(users: Int, seed: UInt64 = 7) -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: users, seed: seed, clientId: clientId, clientSecret: secret, messagesPerUser: 6, eventsPerUser: 1,
            contactsPerUser: 1)
    }

    /// Runs `body` against a fresh simulator, then stops it and the transport whatever happens.
    static func with<T>(
        _ configuration: SimulatorConfiguration, retry: RetryPolicy = quickRetries, maxConcurrency: Int = 32,
        adaptsConcurrency: Bool = true, _ body: (SimulatedGraph) async throws -> T
    ) async throws -> T {
        try await withServer(configuration) { server, transport in
            try await body(
                try graph(
                    server: server, transport: transport, retry: retry, maxConcurrency: maxConcurrency,
                    adaptsConcurrency: adaptsConcurrency))
        }
    }

    /// Runs `body` with a fresh simulator and a transport to reach it, then stops both whatever happens.
    static func withServer<T>(
        _ configuration: SimulatorConfiguration, _ body: (GraphSimulatorServer, CurlTransport) async throws -> T
    ) async throws -> T {
        try await withSimulator(configuration) { server in
            let transport = try CurlTransport()
            do {
                let result = try await body(server, transport)
                await transport.shutdown()
                return result
            } catch {
                await transport.shutdown()
                throw error
            }
        }
    }

    /// A client signed in to `server` with the tests' client secret.
    private static func graph(
        server: GraphSimulatorServer, transport: CurlTransport, retry: RetryPolicy, maxConcurrency: Int,
        adaptsConcurrency: Bool
    ) throws -> SimulatedGraph {
        let tokens = TokenProvider(
            credentials: ClientCredentials(
                loginURL: server.baseURL, tenant: server.tenant.tenantId, clientId: clientId, clientSecret: secret,
                scope: SimulatorConfiguration.graphScope),
            transport: transport)
        var logger = Logger(label: "batch-test")
        logger.logLevel = .critical
        let client = try GraphHTTPClient(
            graphURL: server.baseURL, transport: transport, tokens: tokens, retry: retry, maxConcurrency: maxConcurrency,
            adaptsConcurrency: adaptsConcurrency, logger: logger)
        return SimulatedGraph(server: server, client: client)
    }

    /// `{baseURL}/v1.0{path}`.
    func url(_ path: String) -> String {
        server.baseURL + "/v1.0" + path
    }

    /// A batcher on this simulator.
    func batcher(linger: Duration = .milliseconds(2)) -> GraphBatcher {
        GraphBatcher(client: client, graphURL: server.baseURL, linger: linger)
    }

    /// The id of the user at `index`.
    func userId(_ index: Int) -> String {
        server.tenant.user(at: index).id
    }

    /// GETs every URL at once through `get`, and returns the responses in the URLs' order.
    static func getAll(
        _ urls: [String], _ get: @escaping @Sendable (String) async throws -> HTTPResponse
    ) async throws -> [HTTPResponse] {
        try await withThrowingTaskGroup(of: (Int, HTTPResponse).self) { group in
            for (offset, url) in urls.enumerated() {
                group.addTask { (offset, try await get(url)) }
            }
            var responses = [HTTPResponse?](repeating: nil, count: urls.count)
            for try await (offset, response) in group { responses[offset] = response }
            return responses.compactMap { $0 }
        }
    }
}

extension HTTPResponse {
    /// The body parsed, or nil when it is not JSON.
    var json: JSONValue? {
        try? JSONParser.parse(body)
    }
}
