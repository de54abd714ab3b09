import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import Logging
import Testing

/// `ferry schedule`'s service against the simulator, in real time but briefly.
@Suite(.serialized) struct ScheduleServiceTests {
    static func pipelineText(name: String, every: String, output: URL) -> String {
        """
        name: \(name)
        \(SimulatedEnvironment.sourceYAML)
        window:
          last: 1d
        datasets:
          - dataset: users
        load:
          path: \(output.path)
        schedule:
          cron: "@every \(every)"
        """
    }

    @Test func firesOnScheduleWithoutOverlapAndPicksUpNewFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 51, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipelines = directory.url.appendingPathComponent("pipelines")
            try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
            try Self.pipelineText(name: "often", every: "1s", output: simulated.output)
                .write(to: pipelines.appendingPathComponent("often.yaml"), atomically: true, encoding: .utf8)
            try "name: not-scheduled\n".write(to: pipelines.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let service = ScheduleService(
                directory: pipelines, state: store,
                loader: PipelineLoader(environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")),
                logger: logger, rescanInterval: .milliseconds(200))
            let running = Task { await service.run() }
            /// Polls the state until `condition` holds, for at most 30 s, however slow the machine is.
            func eventually(_ condition: () throws -> Bool) async throws {
                for _ in 0..<300 where try !condition() {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            try await eventually { try store.runs(pipeline: "often", limit: 100).filter { $0.status != .running }.count >= 2 }
            try Self.pipelineText(name: "added", every: "1s", output: simulated.output)
                .write(to: pipelines.appendingPathComponent("added.yaml"), atomically: true, encoding: .utf8)
            try await eventually { try store.runs(pipeline: "added", limit: 100).filter { $0.status != .running }.count >= 1 }
            await service.stop()
            await running.value

            let often = try store.runs(pipeline: "often", limit: 100)
            #expect(often.count >= 2, "an @every 1s pipeline ran \(often.count) times")
            let ordered = often.sorted { $0.startedAt < $1.startedAt }
            // A run in flight at the stop takes a checkpoint and stops; every other one succeeded.
            #expect(ordered.dropLast().allSatisfy { $0.status == .succeeded }, "\(often.map(\.error))")
            #expect([.succeeded, .interrupted].contains(ordered.last?.status), "\(often.map(\.error))")
            for (earlier, later) in zip(ordered, ordered.dropFirst()) {
                #expect(later.startedAt >= earlier.endedAt ?? .distantFuture, "two runs of one pipeline overlapped")
            }
            #expect(try store.runs(pipeline: "added", limit: 100).count >= 1, "a pipeline file added while running was picked up")
            #expect(try store.runs(pipeline: "not-scheduled", limit: 100).isEmpty)
        }
    }
}
