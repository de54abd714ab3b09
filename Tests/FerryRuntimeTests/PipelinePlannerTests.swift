import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Logging
import Testing

/// `ferry plan`: offline from a user count, online from Graph's `$count` and sampled pages; the request
/// estimate against what the run then sends, as the simulator counts it.
@Suite("Pipeline planner")
struct PipelinePlannerTests {
    static var quiet: Logger {
        var logger = Logger(label: "plan-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func offlineForAGivenUserCount() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 1, seed: 1, output: directory.url) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let plan = try await PipelinePlanner(pipeline: pipeline, logger: Self.quiet).plan(users: 5000)
            #expect(
                plan.lines == [
                    "plan of pipeline 'demo': 5000 users in scope (given, offline; 1 page per unit assumed)",
                    "  users: 6 requests, directory: 6 resource units",
                    "  messages: 5000 requests (1.00 pages per unit), first pages in at least 250 batches, Outlook",
                    "total: 5006 Graph requests (a $batch item counts as one) in at least 256 HTTP requests",
                    "limits: Outlook, per mailbox: 4 requests at a time and 10000 per 10 minutes (this run: 1.00 per "
                        + "mailbox); directory: 8000 resource units per 10 s for a tenant of this size (this run: 6)",
                    "estimated duration: at least 2.0 s (the directory's bucket allows it in 0.0 s; 256 HTTP requests at 32 in "
                        + "flight and 250 ms each take 2.0 s)",
                ])
            #expect(simulated.server.counters.totalRequests == 0, "an offline plan touches no network")
        }
    }

    /// Plans `pipeline` against a tenant of `users`, runs it, and compares.
    static func planThenRun(_ name: String, users: Int, seed: UInt64) async throws -> (estimate: RunEstimate, sent: Int, listed: Int) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try await SimulatedEnvironment.with(users: users, seed: seed, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline(name)
            let plan = try await PipelinePlanner(pipeline: pipeline, logger: Self.quiet).plan()
            simulated.server.resetCounters()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: Date(), logger: Self.quiet)).run()
            let counters = simulated.server.counters
            // Graph's count: every answer but the token endpoint's and the $batch envelopes (their items count).
            let sent = counters.totalRequests - counters.count(.token) - counters.count(.batch)
            return (plan.estimate, sent, summary.usersInScope)
        }
    }

    /// The demo pipeline on the 5,000-user tenant (about 20 s in a debug build); every dataset on a
    /// smaller one, whose run would otherwise take minutes.
    @Test func theEstimateIsWithinFivePercentOfWhatTheRunSends() async throws {
        for (name, users, seed) in [("demo.yaml", 5000, UInt64(21)), ("every-dataset.yaml", 150, UInt64(22))] {
            let result = try await Self.planThenRun(name, users: users, seed: seed)
            #expect(result.estimate.users == result.listed, "\(name): users in scope, counted by $count")
            let error = abs(Double(result.estimate.requests - result.sent)) / Double(result.sent)
            #expect(error <= 0.05, "\(name): estimated \(result.estimate.requests), sent \(result.sent)")
        }
    }
}
