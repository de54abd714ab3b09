import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `ferry schedule` analyses an export after a successful run through `ScheduleService`'s `afterSuccess`:
/// called once per successful run, with the pipeline (and its `analyze:` section) that ran.
@Suite(.serialized) struct ScheduleAfterSuccessTests {
    @Test func afterSuccessSeesEachSuccessfulRunAndItsAnalyzeSection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 52, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipelines = directory.url.appendingPathComponent("pipelines")
            try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
            try """
                name: analysed
                \(SimulatedEnvironment.sourceYAML)
                window:
                  last: 1d
                datasets:
                  - dataset: users
                transform:
                  pseudonymize:
                    key: ${FERRY_PSEUDONYM_KEY}
                load:
                  path: \(simulated.output.path)
                schedule:
                  cron: "@every 1s"
                analyze:
                  min_group_size: 12
                """.write(to: pipelines.appendingPathComponent("analysed.yaml"), atomically: true, encoding: .utf8)
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let seen = Mutex<[(pipeline: String, run: String, minGroupSize: Int?)]>([])
            let service = ScheduleService(
                directory: pipelines, state: store,
                loader: PipelineLoader(environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")),
                logger: logger, rescanInterval: .milliseconds(200),
                afterSuccess: { pipeline, summary, _ in
                    seen.withLock { $0.append((pipeline.name, summary.runId, pipeline.analyze?.minGroupSize)) }
                })
            let running = Task { await service.run() }
            for _ in 0..<300 where seen.withLock({ $0.isEmpty }) {
                try await Task.sleep(for: .milliseconds(100))
            }
            await service.stop()
            await running.value
            let calls = seen.withLock { $0 }
            let succeeded = try store.runs(pipeline: "analysed", limit: 100).filter { $0.status == .succeeded }
            #expect(!calls.isEmpty, "afterSuccess was never called")
            #expect(calls.allSatisfy { $0.pipeline == "analysed" && $0.minGroupSize == 12 })
            #expect(Set(calls.map(\.run)).isSubset(of: Set(succeeded.map(\.id))), "afterSuccess called for a run that did not succeed")
        }
    }
}
