import Foundation
import GraphSimulator
import Testing

/// `ferry run` killed with SIGKILL in the middle of writing, then run again, as an operator would.
@Suite(.serialized) struct CrashTests {
    /// Whether any staging directory of `dataset` holds a part file: the run is writing.
    static func isWriting(_ output: URL, _ dataset: String) -> Bool {
        let root = output.appendingPathComponent(dataset)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return false }
        for entry in entries where entry.hasPrefix(".staging-") {
            let staged = FileManager.default.enumerator(atPath: root.appendingPathComponent(entry).path)
            while let file = staged?.nextObject() as? String {
                if file.contains("part-") { return true }
            }
        }
        return false
    }

    @Test func aKilledRunLeavesNothingVisibleAndTheNextRunIsExact() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let simulated = try await SimulatedEnvironment.start(users: 600, seed: 61, output: directory.url.appendingPathComponent("out"))
        defer { Task { await simulated.server.stop() } }
        var environment = ProcessInfo.processInfo.environment.merging(simulated.environment) { $1 }
        environment["FERRY_CONCURRENCY"] = "4"
        let arguments = [
            "run", "--no-progress", "--state", directory.url.appendingPathComponent("state.sqlite").path,
            "--schemas", repositoryRoot.appendingPathComponent("schemas").path,
            repositoryRoot.appendingPathComponent("pipelines/demo.yaml").path,
        ]

        let victim = Process()
        victim.executableURL = URL(fileURLWithPath: CommandLineTests.ferry)
        victim.arguments = arguments
        victim.environment = environment
        victim.standardOutput = FileHandle.nullDevice
        victim.standardError = FileHandle.nullDevice
        try victim.run()
        var writing = false
        for _ in 0..<400 where victim.isRunning {
            if Self.isWriting(simulated.output, "messages") {
                writing = true
                break
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        try #require(writing, "the run finished before it could be killed mid-write; the test needs a bigger tenant")
        #expect(victim.terminationReason == .uncaughtSignal)
        #expect(visibleFiles(under: simulated.output).isEmpty, "a killed run left visible files")

        let rerun = try runProgram(CommandLineTests.ferry, arguments, environment: environment)
        #expect(rerun.status == 0, "\(rerun.error)")
        let messages = try EndToEndTests.readDataset(simulated.output, "messages")
        #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice")
        let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try simulated.loadPipeline("demo.yaml").window!.resolve(now: Date()))
        #expect(Set(messages.ids) == truth.messageIds)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: simulated.output.appendingPathComponent("messages").path)
            .filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "the next run cleans what the killed one staged: \(leftovers)")
        let runs = try runProgram(
            CommandLineTests.ferry, ["runs", "--state", directory.url.appendingPathComponent("state.sqlite").path], environment: environment)
        #expect(runs.output.contains("interrupted"), "the killed run is recorded as interrupted:\n\(runs.output)")
        #expect(runs.output.contains("succeeded"))
    }
}
