@testable import FerryAnalyze
import FerryLoad
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// `ferry analyze` of an export written by `ferry run --shard K/N` processes (partition leaves
/// `<dataset>/date=D/shard=K/`) gives exactly the tables of the unsharded export of the same tenant, and
/// refuses a sharded export one of whose shards has not committed.
@Suite(.serialized) struct ShardedExportAnalysisTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The demo analysis pipeline without its `analyze:` section, over a fixed window around today, so
    /// that every process exports the same days whenever it starts.
    static func pipeline(in directory: URL) throws -> URL {
        let day = 86_400.0
        let today = floor(Date().timeIntervalSince1970 / day) * day
        let format = { (seconds: Double) in String(Date(timeIntervalSince1970: seconds).ISO8601Format().prefix(10)) }
        var text = try String(contentsOf: root.appending(path: "pipelines/demo-analysis.yaml"), encoding: .utf8)
        text = String(text[..<text.range(of: "\nanalyze:")!.lowerBound]) + "\n"
            .replacingOccurrences(of: "  last: 14d", with: "  start: \(format(today - 14 * day))\n  end: \(format(today + day))")
        let file = directory.appending(path: "analysis-export.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The sorted lines of every part file of an analysis table.
    static func tableLines(_ output: URL, _ table: String) throws -> [String] {
        let directory = output.appending(path: "analysis/\(table)", directoryHint: .isDirectory)
        var lines: [String] = []
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.lastPathComponent.hasPrefix("part-") && file.lastPathComponent.hasSuffix(".jsonl.gz") {
            lines += String(decoding: try ExternalTool.gunzip(file), as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return lines.sorted()
    }

    static func shards(_ indices: [Int], of count: Int, runId: String, file: URL, output: URL, environment: [String: String]) async throws {
        var environment = environment
        environment["FERRY_OUT"] = output.path
        let children = try indices.map { index in
            try Program.Child(
                AnalyzeCommandTests.ferry,
                ["run", "--stateless", "--no-progress", "--shard", "\(index)/\(count)", "--run-id", runId, file.path],
                environment: environment)
        }
        for (index, child) in zip(indices, children) {
            let result = try await child.result()
            #expect(result.status == 0, "shard \(index)/\(count): \(result.error)")
        }
    }

    @Test("three shards' export analysed gives exactly the person_week and edges of the unsharded export; a missing shard is refused")
    func shardedExportAnalysesLikeTheUnshardedOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatorConfiguration()
        configuration.users = 48
        configuration.seed = 1515
        configuration.messagesPerUser = 10
        configuration.clientId = "ferry-test"
        configuration.clientSecret = "secret-\(UUID().uuidString)"
        let file = try Self.pipeline(in: directory.url)
        try await withSimulator(configuration) { server in
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") && $0.key != "JOB_COMPLETION_INDEX" }
                .merging([
                    "FERRY_GRAPH_URL": server.baseURL, "FERRY_TENANT_ID": server.tenant.tenantId, "FERRY_CLIENT_ID": "ferry-test",
                    "FERRY_CLIENT_SECRET": configuration.clientSecret!, "FERRY_PSEUDONYM_KEY": "pseudonym-key-for-shards",
                    "FERRY_CONCURRENCY": "4",
                ]) { $1 }
            let plain = directory.url.appending(path: "plain", directoryHint: .isDirectory)
            let run = try await Program.run(
                AnalyzeCommandTests.ferry, ["run", "--stateless", "--no-progress", file.path],
                environment: environment.merging(["FERRY_OUT": plain.path]) { $1 })
            try #require(run.status == 0, "\(run.error)")
            let sharded = directory.url.appending(path: "sharded", directoryHint: .isDirectory)
            try await Self.shards([0, 1, 2], of: 3, runId: "job-3", file: file, output: sharded, environment: environment)
            let partial = directory.url.appending(path: "partial", directoryHint: .isDirectory)
            try await Self.shards([0, 2], of: 3, runId: "job-partial", file: file, output: partial, environment: environment)

            // The sharded export really is in leaves: every messages file sits in a shard=K directory.
            let messageFiles = FileManager.default.enumerator(at: sharded.appending(path: "messages"), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".jsonl.gz") } ?? []
            #expect(!messageFiles.isEmpty)
            let leaves = Set(messageFiles.compactMap { ShardLeaf.index(ofDirectory: $0.deletingLastPathComponent().lastPathComponent) })
            #expect(leaves == [0, 1, 2], "messages leaves \(leaves)")

            let arguments = ["--person-level", "--min-group-size", "5", "--seed", "7"]
            let plainAnalysis = try await Program.run(AnalyzeCommandTests.ferry, ["analyze", plain.path] + arguments)
            try #require(plainAnalysis.status == 0, "\(plainAnalysis.error)")
            let shardedAnalysis = try await Program.run(AnalyzeCommandTests.ferry, ["analyze", sharded.path] + arguments)
            try #require(shardedAnalysis.status == 0, "\(shardedAnalysis.error)")
            let summary = { (output: String) in output.split(separator: "\n").first { $0.hasPrefix("analysed ") }.map(String.init) }
            #expect(summary(plainAnalysis.output) != nil)
            #expect(summary(shardedAnalysis.output) == summary(plainAnalysis.output))
            for table in ["person_week", "edges"] {
                let expected = try Self.tableLines(plain, table)
                let actual = try Self.tableLines(sharded, table)
                #expect(expected.count > 20, "\(table): \(expected.count) rows")
                #expect(actual.count == expected.count, "\(table): \(actual.count) rows sharded, \(expected.count) unsharded")
                #expect(actual == expected, "\(table) of the sharded export differs from the unsharded one")
            }
            // The mail counted is the whole tenant's, not one shard's.
            let mails = try #require(summary(shardedAnalysis.output)?.split(separator: " ").compactMap { Int($0) })
            #expect(mails.count >= 2 && mails[1] > 0)

            let refused = try await Program.run(AnalyzeCommandTests.ferry, ["analyze", partial.path] + arguments)
            #expect(refused.status != 0)
            #expect(refused.error.contains("shard(s) 1 of it have not committed"), "\(refused.error)")
            #expect(refused.error.contains("job-partial"), "\(refused.error)")
            #expect(!FileManager.default.fileExists(atPath: partial.appending(path: "analysis/person_week").path(percentEncoded: false)))
        }
    }

    @Test("a snapshot whose shards ran on different UTC days is refused: the latest day holds only some users' managers")
    func aSnapshotSplitAcrossDaysIsRefused() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        try fixture.write("users", ["alice", "bob", "carol", "dan"].map { ExportFixture.user($0) })
        // Shard 0 ran before UTC midnight, shard 1 after: each wrote its users' managers on its own day.
        try fixture.writeShard(
            "managers", [ExportFixture.manager(of: "alice", is: "carol"), ExportFixture.manager(of: "bob", is: "carol")],
            run: "split", index: 0, count: 2, day: "2026-11-20")
        try fixture.writeShard(
            "managers", [ExportFixture.manager(of: "dan", is: "carol")], run: "split", index: 1, count: 2, day: "2026-11-21")
        let error = #expect(throws: AnalyzeError.self) { try ExportReader(root: fixture.root).inventory() }
        #expect(error?.kind == .input)
        #expect(
            error?.message.contains(
                "managers: partition date=2026-11-21 holds only some users: shard(s) 0 of run 'split' (2 shards) covered other "
                    + "partitions (shard 0: date=2026-11-20)") == true, "\(error?.message ?? "")")

        // Shard 0 run again on the later day: the snapshot is whole, and read.
        try fixture.writeShard(
            "managers", [ExportFixture.manager(of: "alice", is: "carol"), ExportFixture.manager(of: "bob", is: "carol")],
            run: "split", index: 0, count: 2, day: "2026-11-21")
        let inventory = try ExportReader(root: fixture.root).inventory()
        #expect(inventory.partitions[.managers]?.map(CommittedPartition.name(of:)) == ["date=2026-11-21/shard=0", "date=2026-11-21/shard=1"])
    }
}

