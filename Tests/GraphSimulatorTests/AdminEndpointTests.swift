import Foundation
import Testing
@testable import GraphSimulator

@Suite("The /_admin endpoints")
struct AdminEndpointTests {
    @Test("counters, evolve, reset and expiry are reachable over HTTP for scripts")
    func admin() async throws {
        try await withServer(SimulatorConfiguration(users: 20, seed: 3, anchor: testAnchor)) { client in
            let token = try await client.token()
            let base = client.server.baseURL
            for _ in 0..<3 { _ = try await client.get(base + "/v1.0/users?$top=5", token: token) }
            _ = try await client.get(base + "/v1.0/users/nobody", token: token)
            let counters = try await client.get(base + "/_admin/counters", token: nil).object()
            #expect(counters["generation"] as? Int == 0)
            #expect((counters["requests"] as? [String: Any])?["users"] as? [String: Int] == ["200": 3])
            #expect((counters["requests"] as? [String: Any])?["user"] as? [String: Int] == ["404": 1])
            #expect(counters["totalRequests"] as? Int == 5, "the token request counts too")

            let evolved = try await client.post(base + "/_admin/evolve", token: nil, json: [String: Any]()).object()
            #expect(evolved["generation"] as? Int == 1 && client.server.tenant.generation == 1)
            #expect(try await client.post(base + "/_admin/reset-counters", token: nil, json: [String: Any]()).status == 200)
            #expect(client.server.counters.totalRequests == 0)
            #expect(try await client.post(base + "/_admin/expire-delta-tokens", token: nil, json: [String: Any]()).status == 200)
            #expect(try await client.get(base + "/_admin/evolve", token: nil).status == 405)
            #expect(try await client.get(base + "/_admin/nothing", token: nil).status == 404)
        }
    }
}
