import FerryConfig
import FerryLoad
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import Testing

/// Runs leave their history, watermarks and locks in the state database.
@Suite(.serialized) struct RunRecordingTests {
    @Test func successfulAndFailedRunsAreRecordedWithWatermarks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 8, seed: 31, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now, state: store)).run()

            let recorded = try #require(try store.lastRun(pipeline: "demo"))
            #expect(recorded.id == summary.runId)
            #expect(recorded.status == .succeeded)
            #expect(recorded.rows == summary.rows)
            let windowEnd = try #require(pipeline.window).resolve(now: now).end
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == windowEnd)
            #expect(try store.watermark(pipeline: "demo", dataset: "users") == nil, "snapshots have no watermark")

            let broken = try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_CLIENT_SECRET": "wrong-secret-for-this-test"])
            await #expect(throws: RunError.self) { try await PipelineRunner(pipeline: broken, options: RunOptions(state: store)).run() }
            let failed = try #require(try store.lastRun(pipeline: "demo"))
            #expect(failed.status == .failed)
            #expect(failed.error?.contains("invalid_client") == true)
            #expect(failed.error?.contains("wrong-secret-for-this-test") == false)
            #expect(try store.lastSuccessfulRun(pipeline: "demo")?.id == summary.runId)
        }
    }

    /// A failed run's error, recorded for `ferry runs`, goes through the log redaction: Graph echoes what
    /// it was asked (here a scope filter naming a person's address), and the database must not keep it.
    @Test func aFailedRunsRecordedErrorIsRedacted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 8, seed: 32, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            var pipeline = try simulated.loadPipeline("demo.yaml")
            pipeline.scope.users = .filter("mail eq 'adele.vance@contoso.com' and and")
            let outcome = await outcome(of: pipeline, options: RunOptions(state: store))
            guard case .failure(let error) = outcome else {
                Issue.record("the simulator accepted a broken filter")
                return
            }
            #expect("\(error)".contains("adele.vance"), "the error itself names the filter: \(error)")
            let recorded = try #require(try store.lastRun(pipeline: "demo")?.error)
            #expect(!recorded.contains("adele.vance"), "\(recorded)")
            #expect(recorded.contains(LogRedactor.addressMark), "\(recorded)")
        }
    }

    @Test func aPipelineAlreadyRunningElsewhereIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 3, seed: 32, output: directory.url.appendingPathComponent("out")) { simulated in
            let path = directory.url.appendingPathComponent("state.sqlite").path
            let holder = try StateStore(path: path)
            let lock = try #require(try holder.acquireRunLock(pipeline: "demo"))
            let error = await #expect(throws: RunError.self) {
                try await PipelineRunner(pipeline: try simulated.loadPipeline("demo.yaml"), options: RunOptions(state: try StateStore(path: path))).run()
            }
            #expect(error?.description.contains("another process is running this pipeline") == true)
            #expect(visibleFiles(under: simulated.output).isEmpty)
            lock.release()
        }
    }

    @Test func aMissedRunWidensTheWindowBackToTheWatermark() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 4, seed: 33, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let configured = try #require(pipeline.window).resolve(now: Date())
            let lastSuccess = configured.start.addingTimeInterval(-3 * 86_400)
            try store.setWatermark(lastSuccess, pipeline: "demo", dataset: "messages")
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(state: store)).run()
            #expect(summary.window?.start.iso8601 == ISO8601DateFormatter().string(from: lastSuccess))
            // Seven configured days and three missed ones are covered; only days with mail get a partition.
            let record = try DatasetRunRecord.read(runId: summary.runId, datasetDirectory: simulated.output.appendingPathComponent("messages"))
            let from = String(ISO8601DateFormatter().string(from: lastSuccess).prefix(10))
            let to = String(ISO8601DateFormatter().string(from: configured.end).prefix(10))
            #expect(record.covers == .range(from: from, to: to))
            #expect(record.partitions.map(\.value) == summary.datasets[1].partitions.map(\.value))
            #expect(summary.datasets[1].partitions.allSatisfy { $0.rows > 0 && $0.value >= from && $0.value < to })
        }
    }
}
