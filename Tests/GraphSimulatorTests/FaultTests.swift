import Foundation
import Testing
@testable import GraphSimulator

@Suite("Injected faults")
struct FaultTests {
    static func configuration(_ faults: FaultPolicy) -> SimulatorConfiguration {
        SimulatorConfiguration(users: 30, seed: 71, anchor: testAnchor, faults: faults)
    }

    @Test("500, 503 with Retry-After and 504 arrive at their configured rates")
    func statusFaults() async throws {
        let faults = FaultPolicy(internalServerError: 0.1, serviceUnavailable: 0.1, gatewayTimeout: 0.05, serviceUnavailableRetryAfter: 0.5)
        try await withServer(Self.configuration(faults)) { client in
            let token = try await client.token()
            let url = "\(client.server.baseURL)/v1.0/users?$top=2&$select=id"
            var statuses: [Int: Int] = [:]
            let requests = 800
            for _ in 0..<requests {
                let result = try await client.get(url, token: token)
                statuses[result.status, default: 0] += 1
                if result.status == 503 {
                    #expect(result.headers["retry-after"] == "0.5")
                    #expect(try result.graphErrorCode() == "serviceNotAvailable")
                }
                if result.status == 500 { #expect(try result.graphErrorCode() == "generalException") }
            }
            for (status, rate) in [(500, 0.1), (503, 0.1), (504, 0.05)] {
                let expected = Double(requests) * rate
                let observed = Double(statuses[status] ?? 0)
                #expect(abs(observed - expected) < 4 * (expected * (1 - rate)).squareRoot(), "\(status): \(observed) of \(expected)")
            }
            let counters = client.server.counters
            #expect(counters.faults[.internalServerError] == statuses[500])
            #expect(counters.faults[.serviceUnavailable] == statuses[503])
            #expect(counters.faults[.gatewayTimeout] == statuses[504])
            #expect(counters.count(.users) == requests)
        }
    }

    @Test("a dropped connection cuts the body mid-way; a truncated body is valid HTTP with broken JSON")
    func transportFaults() async throws {
        try await withServer(Self.configuration(FaultPolicy(droppedConnection: 1))) { client in
            let token = try await client.token()
            await #expect(throws: (any Error).self) {
                _ = try await client.get("\(client.server.baseURL)/v1.0/users?$top=50", token: token)
            }
            #expect(client.server.counters.faults[.droppedConnection] == 1)
        }
        try await withServer(Self.configuration(FaultPolicy(truncatedBody: 1))) { client in
            let token = try await client.token()
            let result = try await client.get("\(client.server.baseURL)/v1.0/users?$top=50", token: token)
            #expect(result.status == 200)
            #expect(result.body.count > 100)
            #expect((try? JSONSerialization.jsonObject(with: result.body)) == nil, "the JSON is cut short")
            #expect(client.server.counters.faults[.truncatedBody] == 1)
        }
    }

    @Test("a token that expires mid-run stays refused; a new token works")
    func tokenExpiry() async throws {
        try await withServer(Self.configuration(FaultPolicy(tokenExpiry: 0.3))) { client in
            var expired: String?
            var fresh = 0
            for _ in 0..<40 {
                let token = try await client.token()
                let result = try await client.get("\(client.server.baseURL)/v1.0/users?$top=1", token: token)
                if result.status == 401 {
                    #expect(try result.graphErrorCode() == "InvalidAuthenticationToken")
                    expired = expired ?? token
                } else {
                    #expect(result.status == 200)
                    fresh += 1
                }
            }
            let token = try #require(expired)
            for _ in 0..<5 {
                #expect(try await client.get("\(client.server.baseURL)/v1.0/users?$top=1", token: token).status == 401)
            }
            #expect(fresh > 15)
            #expect((client.server.counters.faults[.tokenExpiry] ?? 0) == 40 - fresh)
        }
    }

    @Test("rates outside 0...1 are refused")
    func validation() {
        #expect(throws: SimulatorConfigurationError.self) { try Self.configuration(FaultPolicy(internalServerError: 1.5)).validate() }
        #expect(throws: SimulatorConfigurationError.self) {
            try Self.configuration(FaultPolicy(internalServerError: 0.6, gatewayTimeout: 0.6)).validate()
        }
    }
}
