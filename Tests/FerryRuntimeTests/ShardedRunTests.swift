import FerryLoad
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// N `ferry run --shard K/N` processes against one simulated tenant export, together, exactly what one
/// unsharded run exports, and `ferry verify` says when a shard is missing.
@Suite(.serialized) struct ShardedRunTests {
    /// Every dataset, over a fixed window around today (so that processes started on either side of
    /// midnight still share it), with few workers.
    static func pipeline(in directory: URL, schemas: URL? = nil) throws -> URL {
        let day = 86_400.0
        let today = floor(Date().timeIntervalSince1970 / day) * day
        let format = { (seconds: Double) in String(Date(timeIntervalSince1970: seconds).ISO8601Format().prefix(10)) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/every-dataset.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  last: 7d", with: "  start: \(format(today - 7 * day))\n  end: \(format(today + day))")
            .replacingOccurrences(of: "max_concurrency: 16", with: "max_concurrency: 4")
        let file = directory.appendingPathComponent("sharded.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The lines of every visible part file, per dataset (the first directory below `root`), sorted.
    static func exportedLines(_ root: URL) throws -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for file in visibleFiles(under: root) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
            let dataset = String(file.path.dropFirst(root.path.count + 1).prefix { $0 != "/" })
            lines[dataset, default: []] += try gunzip(file).split(separator: "\n").map(String.init)
        }
        return lines.mapValues { $0.sorted() }
    }

    static func run(_ arguments: [String], environment: [String: String]) async throws -> ProgramResult {
        try await Program.run(CommandLineTests.ferry, arguments, environment: environment)
    }

    @Test("1, 3 and 4 shard processes export exactly the rows of one unsharded run, and verify passes")
    func shardsTogetherEqualOneRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 36, seed: 1616, output: directory.url.appendingPathComponent("plain")) { simulated in
            let file = try Self.pipeline(in: directory.url)
            let schemas = repositoryRoot.appendingPathComponent("schemas").path
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") && $0.key != "JOB_COMPLETION_INDEX" }
                .merging(simulated.environment) { $1 }
            let plain = try await Self.run(["run", "--stateless", "--no-progress", "--schemas", schemas, file.path], environment: environment)
            try #require(plain.status == 0, "\(plain.error)")
            let expected = try Self.exportedLines(simulated.output)
            #expect(expected.keys.count == 11)
            #expect(expected.values.allSatisfy { !$0.isEmpty }, "every dataset has rows: \(expected.mapValues(\.count))")

            for count in [1, 3, 4] {
                let output = directory.url.appendingPathComponent("sharded-\(count)")
                var shardEnvironment = environment
                shardEnvironment["FERRY_OUT"] = output.path
                let children = try (0..<count).map { index in
                    try Program.Child(
                        CommandLineTests.ferry,
                        ["run", "--stateless", "--no-progress", "--schemas", schemas, "--shard", "\(index)/\(count)", "--run-id", "job-\(count)", file.path],
                        environment: shardEnvironment)
                }
                for (index, child) in children.enumerated() {
                    let result = try await child.result()
                    #expect(result.status == 0, "shard \(index)/\(count): \(result.error)")
                }
                let actual = try Self.exportedLines(output)
                #expect(actual.keys.sorted() == expected.keys.sorted(), "\(count) shards")
                for (dataset, lines) in expected {
                    #expect(actual[dataset]?.count == lines.count, "\(dataset) of \(count) shards: \(actual[dataset]?.count ?? 0) rows, unsharded \(lines.count)")
                    let same = actual[dataset] == lines
                    #expect(same, "\(dataset) of \(count) shards: not the rows of the unsharded run")
                }
                // Each shard's leaves hold exactly the users SHA-256 assigns it.
                for file in visibleFiles(under: output.appendingPathComponent("messages")) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
                    let leaf = file.deletingLastPathComponent().lastPathComponent
                    let shard = try #require(ShardLeaf.index(ofDirectory: leaf), "\(file.path) is not in a shard leaf")
                    for line in try jsonLines(try gunzip(file)) {
                        let user = try #require(line["puser"] as? String)
                        #expect(Shard.index(of: user, among: count) == shard)
                    }
                }
                // Tenant-wide datasets come from shard 0 alone.
                let groupLeaves = visibleFiles(under: output.appendingPathComponent("groups")).filter { !$0.path.contains("/_runs/") }
                    .map { $0.deletingLastPathComponent().lastPathComponent }
                #expect(Set(groupLeaves) == ["shard=0"])
                #expect(ResumeTests.leftovers(output).isEmpty, "\(ResumeTests.leftovers(output))")
                let verify = try await Self.run(["verify", output.path], environment: environment)
                #expect(verify.status == 0, "\(verify.output)\(verify.error)")
                #expect(verify.output.contains("run job-\(count) is complete"), "\(verify.output)")
                #expect(verify.output.contains("messages: shards \((0..<count).map(String.init).joined(separator: ",")) of \(count), "), "\(verify.output)")
            }
        }
    }

    @Test("a killed shard fails verify, naming it and its partitions; resumed, verify passes and the rows are whole")
    func aKilledShardIsNamedAndResumed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 90, seed: 1617)
        configuration.latency = 0.008
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("plain")) { simulated in
            let schemas = try ResumeTests.smallPageSchemas(in: directory.url)
            let file = try Self.pipeline(in: directory.url)
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") && $0.key != "JOB_COMPLETION_INDEX" }
                .merging(simulated.environment) { $1 }
            let plain = try await Self.run(["run", "--stateless", "--no-progress", "--schemas", schemas.path, file.path], environment: environment)
            try #require(plain.status == 0, "\(plain.error)")
            let expected = try Self.exportedLines(simulated.output)

            let output = directory.url.appendingPathComponent("sharded")
            var shardEnvironment = environment
            shardEnvironment["FERRY_OUT"] = output.path
            shardEnvironment["FERRY_RUN_ID"] = "export-1"
            func arguments(_ index: Int) -> [String] {
                let state = directory.url.appendingPathComponent("state-\(index).sqlite").path
                return ["run", "--no-progress", "--state", state, "--checkpoint-every", "0.15", "--schemas", schemas.path, "--shards", "3", file.path]
            }
            for index in 0..<2 {
                var environment = shardEnvironment
                environment["JOB_COMPLETION_INDEX"] = "\(index)"
                let result = try await Self.run(arguments(index), environment: environment)
                try #require(result.status == 0, "shard \(index): \(result.error)")
            }
            // Shard 2 is killed once a checkpoint holds some of its users' messages.
            let store = try StateStore(path: directory.url.appendingPathComponent("state-2.sqlite").path)
            let victim = Process()
            victim.executableURL = URL(fileURLWithPath: CommandLineTests.ferry)
            victim.arguments = arguments(2)
            victim.environment = shardEnvironment.merging(["JOB_COMPLETION_INDEX": "2"]) { $1 }
            victim.standardOutput = FileHandle.nullDevice
            victim.standardError = FileHandle.nullDevice
            try victim.run()
            let reached = try await ResumeTests.wait(for: victim) {
                try store.lastRun(pipeline: "every-dataset").map { try store.completedUnits(runId: $0.id, dataset: "messages").count > 3 } ?? false
            }
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            try #require(reached && victim.terminationReason == .uncaughtSignal, "shard 2 ended before it could be killed")

            let incomplete = try await Self.run(["verify", output.path, "--run", "export-1"], environment: environment)
            #expect(incomplete.status == 6, "\(incomplete.output)")
            let window = try #require(try String(contentsOf: file, encoding: .utf8).firstMatch(of: /start: (\S+)\n  end: (\S+)/))
            #expect(
                incomplete.output.contains(
                    "error: messages: shard 2 of 3 has not committed run 'export-1'; its partitions date=\(window.1) to date=\(window.2) (exclusive), shard=2 are missing: run it again with --shard 2/3 --run-id export-1 (its staging area .ferry-staging/messages/.staging-export-1.shard-2 is still there: the shard is running, or was killed)"),
                "\(incomplete.output)")
            #expect(incomplete.output.contains("run export-1 is NOT complete"), "\(incomplete.output)")
            #expect(!incomplete.output.contains("shard 0 of 3") && !incomplete.output.contains("shard 1 of 3"), "\(incomplete.output)")
            // What a reader's glob sees meanwhile is committed files only: the killed shard's are not among them.
            #expect(visibleFiles(under: output).allSatisfy { !$0.path.contains("shard=2") })

            let resumed = try await Self.run(arguments(2), environment: shardEnvironment.merging(["JOB_COMPLETION_INDEX": "2"]) { $1 })
            #expect(resumed.status == 0, "\(resumed.error)")
            #expect(resumed.output.contains("resumed and succeeded"), "\(resumed.output)")
            let complete = try await Self.run(["verify", output.path], environment: environment)
            #expect(complete.status == 0, "\(complete.output)")
            let actual = try Self.exportedLines(output)
            for (dataset, lines) in expected {
                #expect(actual[dataset]?.count == lines.count, "\(dataset): \(actual[dataset]?.count ?? 0) rows, unsharded \(lines.count)")
                let same = actual[dataset] == lines
                #expect(same, "\(dataset): not the rows of the unsharded run")
            }
        }
    }
}
