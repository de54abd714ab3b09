import GraphSimulator
import Testing

@testable import FerryGraph

/// Adaptive concurrency against the simulator's limits: it should find them and stay under them.
@Suite("Adaptive concurrency against the simulator")
struct AdaptiveConcurrencyLimitTests {
    /// 120 GETs to one mailbox from 48 tasks, where Graph allows 4 at a time; returns the 429s Graph sent
    /// and the client's stats.
    static func oneBusyMailbox(adapts: Bool) async throws -> (throttled: Int, stats: GraphClientStats) {
        var configuration = SimulatedGraph.configuration(users: 3, seed: 3)
        configuration.messagesPerUser = 40
        configuration.throttling = ThrottlingPolicy(mailboxConcurrency: 4, concurrencyRetryAfter: 0.02)
        // Each answer takes 40 ms, far longer than 48 tasks take to send their first requests even on a busy
        // machine: the fixed limit really has 32 requests in flight against Graph's 4, so the comparison
        // below measures the limiter, not how quickly the machine happened to send.
        configuration.latency = 0.04
        return try await SimulatedGraph.with(configuration, maxConcurrency: 32, adaptsConcurrency: adapts) { graph in
            let user = try #require((0..<3).first { graph.server.tenant.hasMailbox(userAt: $0) })
            let urls = (0..<120).map { graph.url("/users/\(graph.userId(user))/messages?$top=1&$skip=\($0 % 40)&$select=id") }
            let responses = try await withThrowingTaskGroup(of: [HTTPResponse].self) { group in
                for worker in 0..<48 {
                    group.addTask {
                        var responses: [HTTPResponse] = []
                        for url in urls[worker...].striding(by: 48) {
                            responses.append(try await graph.client.get(url))
                        }
                        return responses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(responses.count == 120)
            #expect(responses.allSatisfy { $0.status == 200 })
            return (graph.server.counters.throttled, graph.client.stats)
        }
    }

    @Test func adaptiveConcurrencyEarnsFewer429sThanAFixedHighOne() async throws {
        let fixed = try await Self.oneBusyMailbox(adapts: false)
        let adaptive = try await Self.oneBusyMailbox(adapts: true)
        #expect(fixed.stats.lowestConcurrencyLimit == 32)
        #expect(fixed.stats.concurrencyLimit == 32)
        #expect(adaptive.stats.lowestConcurrencyLimit < 32)
        #expect(adaptive.stats.lowestConcurrencyLimit >= 1)
        #expect(fixed.throttled > 0)
        #expect(adaptive.throttled < fixed.throttled, "adaptive \(adaptive.throttled), fixed \(fixed.throttled)")
    }
}

extension ArraySlice {
    /// Every `step`-th element from the first.
    func striding(by step: Int) -> [Element] {
        stride(from: startIndex, to: endIndex, by: step).map { self[$0] }
    }
}
