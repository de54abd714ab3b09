import Foundation
import Testing
@testable import GraphSimulator

@Suite("Starting and stopping the server")
struct ServerLifecycleTests {
    @Test("non-loopback hosts are refused before anything listens", arguments: ["0.0.0.0", "192.168.1.10", "example.com", "::"])
    func refusesNonLoopback(host: String) async throws {
        await #expect(throws: SimulatorConfigurationError.nonLoopbackHost(host)) {
            _ = try await GraphSimulatorServer.start(SimulatorConfiguration(host: host))
        }
    }

    @Test("invalid settings are refused with the setting's name")
    func refusesInvalidSettings() {
        for configuration in [SimulatorConfiguration(port: 70_000), SimulatorConfiguration(users: -1),
                              SimulatorConfiguration(tokenLifetime: 0), SimulatorConfiguration(days: 0)] {
            #expect(throws: SimulatorConfigurationError.self) { try configuration.validate() }
        }
    }

    /// A server that waited for its idle keep-alive client would never stop: the time limit is the hang
    /// guard, not a measurement (`make bench` reports start-up timings).
    @Test("servers start on free ports, stop without waiting for idle clients, and release their port", .timeLimit(.minutes(10)))
    func startAndStop() async throws {
        var ports = Set<Int>()
        for _ in 0..<5 {
            let server = try await GraphSimulatorServer.start(SimulatorConfiguration(users: 3))
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
            ports.insert(server.port)
            let client = GraphTestClient(server: server)
            #expect(try await client.get("\(server.baseURL)/v1.0/users", token: nil).status == 401)
            // The client keeps its connection open: stopping must not wait for it.
            await server.stop()
            try await server.waitUntilStopped()
            client.session.invalidateAndCancel()
            // The port is free again: a new server can bind it.
            let again = try await GraphSimulatorServer.start(SimulatorConfiguration(port: server.port, users: 1))
            #expect(again.port == server.port)
            await again.stop()
        }
        #expect(ports.count == 5)
    }

    @Test("stopping answers the requests a test held at the gate rather than waiting for them")
    func stopOpensTheGate() async throws {
        let server = try await GraphSimulatorServer.start(SimulatorConfiguration(users: 3))
        let client = GraphTestClient(server: server)
        defer { client.session.invalidateAndCancel() }
        let token = try await client.token()
        server.admissionGate.close()
        let held = Task { try await client.get("\(server.baseURL)/v1.0/users", token: token) }
        try await ThrottlingTests.waitUntilHeld(1, at: server.admissionGate)
        let stopping = Task { await server.stop() }
        // Bounded, so that a stop that kept the request waiting fails here rather than hanging the suite.
        let deadline = ContinuousClock.now + .seconds(60)
        while server.admissionGate.waitingCount > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.admissionGate.waitingCount == 0)
        guard server.admissionGate.waitingCount == 0 else { return }
        await stopping.value
        try await server.waitUntilStopped()
        // Answered, or cut off by the stopping server: either way it no longer waits.
        _ = try? await held.value
    }

    @Test("concurrent clients are all served")
    func concurrentRequests() async throws {
        try await withServer(SimulatorConfiguration(users: 500, anchor: testAnchor)) { client in
            let token = try await client.token()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for page in 0..<40 {
                    group.addTask {
                        let url = "\(client.server.baseURL)/v1.0/users?$top=\(1 + page % 20)&$select=displayName"
                        return try await client.get(url, token: token).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 40))
        }
    }

    @Test("a port already in use is a clear error")
    func portInUse() async throws {
        let server = try await GraphSimulatorServer.start(SimulatorConfiguration(users: 1))
        await #expect(throws: SimulatorServerError.self) {
            _ = try await GraphSimulatorServer.start(SimulatorConfiguration(port: server.port, users: 1))
        }
        await server.stop()
    }
}
