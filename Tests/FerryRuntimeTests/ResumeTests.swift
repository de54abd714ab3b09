import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs stopped part-way, by SIGKILL or by cancellation, and continued from their checkpoints end with
/// exactly the records of a clean run.
@Suite(.serialized) struct ResumeTests {
    /// The lines of every visible part file, per dataset, sorted: what a warehouse would load.
    static func exportedLines(_ root: URL) throws -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for file in visibleFiles(under: root) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
            let dataset = file.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
            lines[dataset, default: []] += try gunzip(file).split(separator: "\n").map(String.init)
        }
        return lines.mapValues { $0.sorted() }
    }

    /// Hidden entries left in the datasets' directories, and staging areas left in `.ferry-staging/`:
    /// none once a run succeeded.
    static func leftovers(_ root: URL) -> [String] {
        let entries = { (url: URL) in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
        let staging = root.appendingPathComponent(".ferry-staging")
        let datasets = entries(root).filter { !$0.hasPrefix(".") }
        return datasets.flatMap { dataset in
            entries(root.appendingPathComponent(dataset)).filter { $0.hasPrefix(".") }.map { "\(dataset)/\($0)" }
        } + entries(staging).flatMap { dataset in
            entries(staging.appendingPathComponent(dataset)).map { ".ferry-staging/\(dataset)/\($0)" }
        }
    }

    /// A copy of `schemas/` whose collections have pages of at most 3 items, so a user's collection
    /// spans several pages and a kill lands in the middle of one.
    static func smallPageSchemas(in directory: URL) throws -> URL {
        let copy = directory.appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let source = repositoryRoot.appendingPathComponent("schemas")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            let small = text.replacingOccurrences(
                of: #"max_page_size: \d+"#, with: "max_page_size: 3", options: .regularExpression)
            try small.write(to: copy.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return copy
    }

    /// Polls `condition` every 20 ms for up to 60 s, or until the process ends.
    static func wait(for process: Process, until condition: () throws -> Bool) async throws -> Bool {
        for _ in 0..<3000 where process.isRunning {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aRunKilledAtSeveralPointsEndsWithExactlyTheRecordsOfACleanRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 120, seed: 71)
        configuration.latency = 0.008
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let schemas = try Self.smallPageSchemas(in: directory.url)
            let pipelineText = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/every-dataset.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "max_concurrency: 16", with: "max_concurrency: 4")
            let pipelineFile = directory.url.appendingPathComponent("every-dataset.yaml")
            try pipelineText.write(to: pipelineFile, atomically: true, encoding: .utf8)
            let environment = ProcessInfo.processInfo.environment.merging(simulated.environment) { $1 }
            let statePath = directory.url.appendingPathComponent("state.sqlite").path
            let arguments = [
                "run", "--no-progress", "--state", statePath, "--checkpoint-every", "0.15", "--schemas", schemas.path, pipelineFile.path,
            ]

            // The reference: one clean run, recording nothing, into its own directory.
            let cleanOutput = directory.url.appendingPathComponent("clean")
            let clean = try await Program.run(
                CommandLineTests.ferry, ["run", "--no-progress", "--stateless", "--schemas", schemas.path, pipelineFile.path],
                environment: environment.merging(["FERRY_OUT": cleanOutput.path]) { $1 })
            try #require(clean.status == 0, "\(clean.error)")
            let expected = try Self.exportedLines(cleanOutput)
            #expect(expected.keys.count == 11)

            // Kill the run at several points, each time continuing the same run.
            let store = try StateStore(path: statePath)
            func unitsDone() throws -> Int {
                guard let run = try store.lastRun(pipeline: "every-dataset") else { return 0 }
                return try store.checkpointedRows(runId: run.id) + (try store.completedUnits(runId: run.id, dataset: "messages").count)
            }
            var baseline = 0
            let points: [(name: String, reached: () throws -> Bool)] = [
                ("the run has started", { try store.lastRun(pipeline: "every-dataset")?.status == .running }),
                ("a first checkpoint", { try unitsDone() > 0 }),
                ("more checkpoints", { try unitsDone() > baseline + 20 }),
                ("files being written", { CrashProbe.isWriting(simulated.output, "messages") }),
            ]
            var killedMidRun: [String] = []
            for point in points {
                baseline = try unitsDone()
                let victim = Process()
                victim.executableURL = URL(fileURLWithPath: CommandLineTests.ferry)
                victim.arguments = arguments
                victim.environment = environment
                victim.standardOutput = FileHandle.nullDevice
                victim.standardError = FileHandle.nullDevice
                try victim.run()
                let reached = try await Self.wait(for: victim, until: point.reached)
                kill(victim.processIdentifier, SIGKILL)
                victim.waitUntilExit()
                guard reached && victim.terminationReason == .uncaughtSignal else { break }
                killedMidRun.append(point.name)
                #expect(visibleFiles(under: simulated.output).isEmpty, "a run killed at \(point.name) left visible files")
            }
            try #require(killedMidRun.count >= 3, "the run ended before it could be killed; killed at: \(killedMidRun)")
            let killedRun = try #require(try store.lastRun(pipeline: "every-dataset"))

            let resumed = try await Program.run(CommandLineTests.ferry, arguments, environment: environment)
            #expect(resumed.status == 0, "\(resumed.error)")
            #expect(resumed.output.contains("resumed and succeeded"), "\(resumed.output)")
            #expect(resumed.output.contains(killedRun.id), "the same run continued:\n\(resumed.output)")

            let actual = try Self.exportedLines(simulated.output)
            #expect(actual.keys.sorted() == expected.keys.sorted())
            for (dataset, lines) in expected {
                let got = actual[dataset] ?? []
                #expect(got.count == lines.count, "\(dataset): \(got.count) records, a clean run has \(lines.count)")
                #expect(got == lines, "\(dataset) differs from a clean run")
            }
            #expect(Self.leftovers(simulated.output).isEmpty, "staging left behind: \(Self.leftovers(simulated.output))")
            let runs = try store.runs(pipeline: "every-dataset")
            #expect(runs.map(\.status) == [.succeeded], "one run, continued until it succeeded: \(runs)")
            #expect(try store.checkpointedRows(runId: killedRun.id) == 0, "checkpoints are cleared once the run succeeded")
        }
    }

    /// Runs `pipeline`, cancels it once a checkpoint holds `units` users' messages (polling for up to
    /// 30 s), and returns whether that happened and how the run ended.
    static func cancelAfterCheckpoint(
        _ pipeline: Pipeline, options: RunOptions, store: StateStore, units: Int
    ) async throws -> (checkpointed: Bool, result: Result<RunSummary, any Error>) {
        let run = Task { try await PipelineRunner(pipeline: pipeline, options: options).run() }
        var checkpointed = false
        for _ in 0..<3000 {
            if let last = try store.lastRun(pipeline: pipeline.name),
                try store.completedUnits(runId: last.id, dataset: "messages").count >= units
            {
                checkpointed = true
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        run.cancel()
        return (checkpointed, await run.result)
    }

    /// Runs `body` with a tenant answering every request after 10 ms, a state store, and the demo pipeline
    /// reading it with `concurrency` workers (slow enough to stop in the middle); always stops the tenant.
    static func withSlowDemo(
        in directory: TemporaryDirectory, users: Int, seed: UInt64, concurrency: Int,
        _ body: (SimulatedEnvironment, StateStore, Pipeline) async throws -> Void
    ) async throws {
        var configuration = SimulatedEnvironment.configuration(users: users, seed: seed)
        configuration.latency = 0.01
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_CONCURRENCY": "\(concurrency)"])
            try await body(simulated, store, pipeline)
        }
    }

    @Test func aCancelledRunCheckpointsAndTheNextRunContinuesIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withSlowDemo(in: directory, users: 80, seed: 72, concurrency: 2) { simulated, store, pipeline in
            let now = Date()
            let options = RunOptions(now: now, state: store, checkpointInterval: .milliseconds(100))

            let (checkpointed, stopped) = try await Self.cancelAfterCheckpoint(pipeline, options: options, store: store, units: 5)
            try #require(checkpointed, "no checkpoint was taken")
            guard case .failure(let error) = stopped else {
                Issue.record("the run finished before it was cancelled; the test needs a slower tenant")
                return
            }
            #expect("\(error)".contains("continue from the last checkpoint"), "\(error)")
            #expect((error as? RunError)?.stopped == true && "\(error)".contains("stopped before the end"), "\(error)")
            let interrupted = try #require(try store.lastRun(pipeline: "demo"))
            #expect(interrupted.status == .interrupted)
            let saved = try store.checkpoint(runId: interrupted.id, dataset: "messages")
            #expect(!saved.files.isEmpty && !saved.completedUnits.isEmpty)
            #expect(visibleFiles(under: simulated.output).isEmpty, "nothing is visible before the run succeeds")

            let summary = try await PipelineRunner(pipeline: pipeline, options: options).run()
            #expect(summary.resumed && summary.runId == interrupted.id)
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice")
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
            #expect(Set(messages.ids) == truth.messageIds)
            #expect(summary.datasets.first { $0.dataset == "messages" }?.rows == truth.messageIds.count)
            #expect(try store.runs(pipeline: "demo").map(\.status) == [.succeeded])
        }
    }

    /// An unfinished run recorded without a window, when the pipeline now has one, is not continued with no
    /// window at all (reading every message ever sent): the run starts over with the pipeline's window.
    @Test func anUnfinishedRunWhoseWindowNoLongerFitsIsStartedOver() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 20, seed: 75, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            try store.beginRun(id: "20261101T000000Z-0001", pipeline: "demo", windowStart: nil, windowEnd: nil)
            try store.markInterrupted(id: "20261101T000000Z-0001")
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now, state: store)).run()

            #expect(!summary.resumed && summary.runId != "20261101T000000Z-0001")
            let window = try #require(pipeline.window).resolve(now: now)
            #expect(summary.window?.start.date == window.start && summary.window?.end.date == window.end)
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: window)
            _ = try EndToEndTests.expectEveryRecordOnce(under: simulated.output, truth)
            #expect(try store.runs(pipeline: "demo").map(\.status).sorted { $0.rawValue < $1.rawValue } == [.interrupted, .succeeded])
        }
    }

    /// A run stopped at a checkpoint and continued with another pseudonym key would commit lines hashed
    /// two ways under a manifest naming one key: it starts over instead, and writes what a clean run
    /// with the new key writes.
    @Test func aRunIsNotContinuedWithAnotherPseudonymKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withSlowDemo(in: directory, users: 60, seed: 78, concurrency: 2) { simulated, store, pipeline in
            let now = Date()
            let options = RunOptions(now: now, state: store, checkpointInterval: .milliseconds(100))
            let (checkpointed, stopped) = try await Self.cancelAfterCheckpoint(pipeline, options: options, store: store, units: 5)
            try #require(checkpointed, "no checkpoint was taken")
            guard case .failure = stopped else {
                Issue.record("the run finished before it was cancelled; the test needs a slower tenant")
                return
            }
            let interrupted = try #require(try store.lastRun(pipeline: "demo"))

            let rotated = try simulated.loadPipeline(
                "demo.yaml", overriding: ["FERRY_CONCURRENCY": "2", "FERRY_PSEUDONYM_KEY": "another-pseudonym-key-0123456789"])
            let summary = try await PipelineRunner(pipeline: rotated, options: options).run()
            #expect(!summary.resumed && summary.runId != interrupted.id, "continued with another key")

            let clean = directory.url.appendingPathComponent("clean")
            var cleanPipeline = rotated
            cleanPipeline.load.path = clean.path
            _ = try await PipelineRunner(pipeline: cleanPipeline, options: RunOptions(now: now)).run()
            let resumedLines = try EndToEndTests.readDataset(simulated.output, "messages").text.split(separator: "\n").sorted()
            let cleanLines = try EndToEndTests.readDataset(clean, "messages").text.split(separator: "\n").sorted()
            #expect(resumedLines.count == cleanLines.count)
            #expect(resumedLines == cleanLines, "every line as the new key writes it")
        }
    }

    /// Mailboxes refused by an access policy before the checkpoint are still counted after the resume.
    @Test func aResumedRunCountsTheMailboxesRefusedBeforeItsCheckpoint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 60, seed: 74)
        configuration.latency = 0.01
        let tenant = SimulatedTenant(configuration: configuration)
        let withMailbox = tenant.mailboxUserIndexes()
        let refused = withMailbox.filter { $0 % 3 == 1 }
        // Everyone else is in the policy's reach, users without a mailbox included (they answer as such).
        configuration.mailboxScope = Set((0..<60).filter { !refused.contains($0) }.map { tenant.user(at: $0).id })
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_CONCURRENCY": "2"])
            let options = RunOptions(now: Date(), state: store, checkpointInterval: .milliseconds(50))
            let run = Task { try await PipelineRunner(pipeline: pipeline, options: options).run() }
            var deniedBefore = 0
            for _ in 0..<3000 where deniedBefore == 0 {
                if let last = try store.lastRun(pipeline: pipeline.name) {
                    deniedBefore = try store.checkpoint(runId: last.id, dataset: "messages").unitsAccessDenied
                }
                if deniedBefore == 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
            run.cancel()
            guard case .failure = await run.result else {
                Issue.record("the run finished before it was cancelled; the test needs a slower tenant")
                return
            }
            try #require(deniedBefore > 0, "no checkpoint held a refused mailbox")
            #expect(deniedBefore < refused.count, "the run should stop before every refusal")

            let summary = try await PipelineRunner(pipeline: pipeline, options: options).run()
            #expect(summary.resumed)
            #expect(summary.datasets.first { $0.dataset == "messages" }?.accessDenied == refused.count)
            #expect(summary.usersAccessDenied == refused.count)
        }
    }

    @Test func restartGivesUpTheUnfinishedRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.withSlowDemo(in: directory, users: 40, seed: 73, concurrency: 1) { simulated, store, pipeline in
            let options = RunOptions(state: store, checkpointInterval: .milliseconds(50))
            _ = try await Self.cancelAfterCheckpoint(pipeline, options: options, store: store, units: 2)
            let unfinished = try #require(try store.lastRun(pipeline: "demo"))

            var restart = options
            restart.resume = false
            let summary = try await PipelineRunner(pipeline: pipeline, options: restart).run()
            #expect(!summary.resumed && summary.runId != unfinished.id)
            #expect(try store.run(id: unfinished.id)?.status == .interrupted)
            #expect(try store.checkpointedRows(runId: unfinished.id) == 0)
            #expect(Self.leftovers(simulated.output).isEmpty)
        }
    }
}

/// What the files of a run in progress look like from outside.
enum CrashProbe {
    /// Whether any staging directory of `dataset` holds a part file: the run is writing.
    static func isWriting(_ output: URL, _ dataset: String) -> Bool {
        let root = output.appendingPathComponent(".ferry-staging").appendingPathComponent(dataset)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return false }
        for entry in entries where entry.hasPrefix(".staging-") {
            let staged = FileManager.default.enumerator(atPath: root.appendingPathComponent(entry).path)
            while let file = staged?.nextObject() as? String {
                if file.contains(".part-") { return true }
            }
        }
        return false
    }
}
