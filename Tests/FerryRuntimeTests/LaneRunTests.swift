import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Runs whose datasets are written on several lanes at once (many workers appending in parallel):
/// every record exactly once, part files numbered without a gap, manifests that match the disk, and
/// a run stopped at a checkpoint continued on a different number of lanes.
@Suite struct LaneRunTests {
    /// Checks every visible partition of `dataset`: its part files are numbered 0..<k, hold at most
    /// `maxRows` records each, and match their manifest's rows, bytes and SHA-256.
    static func checkPartitions(_ root: URL, _ dataset: String, maxRows: Int) throws {
        let directory = root.appendingPathComponent(dataset)
        let partitions = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("date=") }
        #expect(!partitions.isEmpty)
        for name in partitions {
            let partition = directory.appendingPathComponent(name)
            let onDisk = try FileManager.default.contentsOfDirectory(atPath: partition.path).filter { $0.hasPrefix("part-") }.sorted()
            let runId = String(try #require(onDisk.first).dropFirst("part-".count).dropLast("-00000.jsonl.gz".count))
            #expect(onDisk == (0..<onDisk.count).map { String(format: "part-\(runId)-%05d.jsonl.gz", $0) }, "\(name)")
            let manifestData = try Data(contentsOf: partition.appendingPathComponent("_manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
            let listed = try #require(manifest["files"] as? [[String: Any]])
            #expect(listed.compactMap { $0["name"] as? String } == onDisk)
            var rows = 0
            for entry in listed {
                let file = partition.appendingPathComponent(try #require(entry["name"] as? String))
                #expect(entry["bytes"] as? Int == (try Data(contentsOf: file)).count, "\(file.lastPathComponent)")
                #expect(entry["sha256"] as? String == (try ExternalTool.sha256(file)), "\(file.lastPathComponent)")
                let lines = try gunzip(file).split(separator: "\n").count
                #expect(entry["rows"] as? Int == lines && lines <= maxRows, "\(file.lastPathComponent)")
                rows += lines
            }
            #expect(manifest["rows"] as? Int == rows)
        }
    }

    @Test func aRunOnFourLanesWritesEveryMessageOnceWithExactManifests() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 60, seed: 81, output: directory.url.appendingPathComponent("out")) { simulated in
            var pipeline = try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_CONCURRENCY": "12"])
            pipeline.load.maxRowsPerFile = 9
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now, writerLanes: 4)).run()

            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
            #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice")
            #expect(Set(messages.ids) == truth.messageIds)
            #expect(summary.datasets.first { $0.dataset == "messages" }?.rows == truth.messageIds.count)
            try Self.checkPartitions(simulated.output, "messages", maxRows: 9)
            try Self.checkPartitions(simulated.output, "users", maxRows: 9)
            #expect(ResumeTests.leftovers(simulated.output).isEmpty)
        }
    }

    @Test func aRunStoppedAtACheckpointOnFourLanesContinuesOnThreeWithEveryMessageOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await ResumeTests.withSlowDemo(in: directory, users: 80, seed: 74, concurrency: 6) { simulated, store, loaded in
            var pipeline = loaded
            pipeline.load.maxRowsPerFile = 5
            let now = Date()
            let options = RunOptions(now: now, state: store, checkpointInterval: .milliseconds(100), writerLanes: 4)

            let (checkpointed, stopped) = try await ResumeTests.cancelAfterCheckpoint(pipeline, options: options, store: store, units: 5)
            try #require(checkpointed, "no checkpoint was taken")
            guard case .failure = stopped else {
                Issue.record("the run finished before it was cancelled; the test needs a slower tenant")
                return
            }
            let interrupted = try #require(try store.lastRun(pipeline: "demo"))
            let saved = try store.checkpoint(runId: interrupted.id, dataset: "messages")
            #expect(!saved.files.isEmpty && !saved.completedUnits.isEmpty)
            #expect(visibleFiles(under: simulated.output).isEmpty, "nothing is visible before the run succeeds")

            var resumeOptions = options
            resumeOptions.writerLanes = 3
            let summary = try await PipelineRunner(pipeline: pipeline, options: resumeOptions).run()
            #expect(summary.resumed && summary.runId == interrupted.id)
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice")
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
            #expect(Set(messages.ids) == truth.messageIds)
            #expect(summary.datasets.first { $0.dataset == "messages" }?.rows == truth.messageIds.count)
            try Self.checkPartitions(simulated.output, "messages", maxRows: 5)
            #expect(ResumeTests.leftovers(simulated.output).isEmpty)
            #expect(try store.runs(pipeline: "demo").map(\.status) == [.succeeded])
        }
    }
}
