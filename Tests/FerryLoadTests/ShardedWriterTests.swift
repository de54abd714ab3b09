@testable import FerryLoad
import Foundation
import Testing

/// Shards of one run write leaves of the same partitions without touching each other's, and a later
/// run of the same window replaces all of them.
@Suite struct ShardedWriterTests {
    static let window = PartitionCoverage.range(from: "2026-11-20", to: "2026-11-23")

    /// Shard `index` of `count` of `run`, with records `ids` on `values` (one partition each, in turn).
    static func commitShard(
        _ fixture: DatasetFixture, run: String, index: Int, count: Int, byUser: Bool = true, ids: Range<Int>, values: [String],
        datasets: [String] = ["messages"]
    ) throws -> DatasetWriter {
        var layout = fixture.layout()
        layout.shard = ShardLeaf(index: index, count: count, byUser: byUser)
        var context = DatasetFixture.context(run: run)
        context.runDatasets = datasets
        let writer = try DatasetWriter(
            layout: layout, compression: .gzip(level: 1), maxRowsPerFile: 7, maxBytesPerFile: 1 << 20, fileHeader: nil,
            context: context, lanes: 2)
        try writer.cover(window)
        for id in ids { try writer.append(DatasetFixture.record(id, "s\(index)"), partition: values[id % values.count]) }
        return writer
    }

    static func rows(_ fixture: DatasetFixture, _ relative: String) throws -> Int {
        try Manifest.read(from: URL(fileURLWithPath: fixture.datasetPath + "/" + relative, isDirectory: true)).rows
    }

    @Test("shards of one run writing the same days at the same time keep every leaf")
    func shardsDoNotOverwriteEachOther() throws {
        let fixture = try DatasetFixture()
        let days = ["2026-11-20", "2026-11-21"]
        // All three open before any commits: their staging areas live side by side.
        let writers = try (0..<3).map { try Self.commitShard(fixture, run: "r", index: $0, count: 3, ids: ($0 * 100)..<($0 * 100 + 30), values: days) }
        #expect(fixture.entries(fixture.stagingPath) == [".staging-r.shard-0", ".staging-r.shard-1", ".staging-r.shard-2"])
        for writer in writers { _ = try writer.commit() }
        for day in days {
            #expect(fixture.entries(fixture.datasetPath + "/date=\(day)") == ["shard=0", "shard=1", "shard=2"])
            for shard in 0..<3 { #expect(try Self.rows(fixture, "date=\(day)/shard=\(shard)") == 15) }
        }
        #expect(fixture.entries(fixture.datasetPath + "/_runs") == ["r.shard-0.json", "r.shard-1.json", "r.shard-2.json"])
        let record = try DatasetRunRecord.read(runId: "r", shard: 1, datasetDirectory: URL(fileURLWithPath: fixture.datasetPath))
        #expect(record.shard == ShardLeaf(index: 1, count: 3, byUser: true))
        #expect(record.rows == 30 && record.partitions.map(\.value) == days)
        #expect(record.runDatasets == ["messages"])
        #expect(fixture.entries(fixture.stagingPath).isEmpty)
        #expect(try ExportVerifier(root: fixture.root).verify().isComplete)
    }

    @Test("a re-run with fewer shards leaves nothing of the earlier run in the days it covers")
    func aLaterRunReplacesEveryShardsFiles() throws {
        let fixture = try DatasetFixture()
        let days = ["2026-11-20", "2026-11-21", "2026-11-22"]
        for index in 0..<3 {
            _ = try Self.commitShard(fixture, run: "first", index: index, count: 3, ids: (index * 100)..<(index * 100 + 9), values: days)
                .commit()
        }
        // Run two has two shards and no record on the 22nd.
        for index in 0..<2 {
            _ = try Self.commitShard(fixture, run: "second", index: index, count: 2, ids: (index * 100)..<(index * 100 + 4), values: Array(days.prefix(2)))
                .commit()
        }
        for day in days.prefix(2) {
            #expect(fixture.entries(fixture.datasetPath + "/date=\(day)") == ["shard=0", "shard=1"])
            for shard in 0..<2 {
                #expect(try Manifest.read(from: URL(fileURLWithPath: fixture.datasetPath + "/date=\(day)/shard=\(shard)")).runId == "second")
            }
        }
        #expect(fixture.entries(fixture.datasetPath + "/date=2026-11-22") == [], "the day no shard of the second run has records for is empty")
        let verification = try ExportVerifier(root: fixture.root).verify()
        #expect(verification.runId == "second")
        #expect(verification.isComplete, "\(verification.allProblems)")
    }

    @Test("a sharded run over an unsharded one's days takes the unsharded files away")
    func aShardedRunReplacesAnUnshardedOne() throws {
        let fixture = try DatasetFixture()
        let unsharded = try fixture.writer(run: "plain")
        try unsharded.cover(Self.window)
        try unsharded.append(DatasetFixture.record(1, "p"), partition: "2026-11-20")
        _ = try unsharded.commit()
        #expect(try ExportVerifier(root: fixture.root).verify().isComplete)
        let shard1 = try Self.commitShard(fixture, run: "sharded", index: 1, count: 2, ids: 0..<3, values: ["2026-11-20"])
        _ = try shard1.commit()
        // Until shard 0 commits, the day is mixed, and verify says so.
        let mixed = try ExportVerifier(root: fixture.root).verify(runId: "sharded")
        #expect(!mixed.isComplete)
        #expect(mixed.allProblems.contains { $0.contains("shard 0 of 2 has not committed run 'sharded'") }, "\(mixed.allProblems)")
        _ = try Self.commitShard(fixture, run: "sharded", index: 0, count: 2, ids: 10..<12, values: ["2026-11-20"]).commit()
        #expect(fixture.entries(fixture.datasetPath + "/date=2026-11-20") == ["shard=0", "shard=1"])
        let verification = try ExportVerifier(root: fixture.root).verify()
        #expect(verification.isComplete, "\(verification.allProblems)")
        #expect(verification.datasets.map(\.rows) == [5])
    }

    @Test("verify names the missing shard and its partitions, a damaged file, a file no manifest lists, and a staged file")
    func verifyFindsWhatIsWrong() throws {
        let fixture = try DatasetFixture()
        let days = ["2026-11-20", "2026-11-21"]
        for index in [0, 2] {
            _ = try Self.commitShard(fixture, run: "r", index: index, count: 3, ids: (index * 100)..<(index * 100 + 20), values: days).commit()
        }
        var problems = try ExportVerifier(root: fixture.root).verify(runId: "r").allProblems
        #expect(problems.count == 1)
        #expect(
            problems.first?.contains(
                "messages: shard 1 of 3 has not committed run 'r'; its partitions date=2026-11-20 to date=2026-11-23 (exclusive), shard=1 are missing: run it again with --shard 1/3 --run-id r")
                == true, "\(problems)")
        _ = try Self.commitShard(fixture, run: "r", index: 1, count: 3, ids: 100..<120, values: days).commit()
        #expect(try ExportVerifier(root: fixture.root).verify(runId: "r").isComplete)

        let leaf = fixture.datasetPath + "/date=2026-11-21/shard=2"
        let part = try #require(fixture.entries(leaf).first { $0.hasPrefix("part-") })
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: leaf + "/" + part)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: leaf + "/" + part))
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: leaf + "/part-extra.jsonl"))
        try FileSystem.createDirectories(fixture.datasetPath + "/.staging-killed/date=2026-11-20")
        problems = try ExportVerifier(root: fixture.root).verify(runId: "r").allProblems
        #expect(problems.contains { $0.contains("date=2026-11-21/shard=2/\(part) does not match its SHA-256") }, "\(problems)")
        #expect(problems.contains { $0.contains("date=2026-11-21/shard=2/part-extra.jsonl is not listed in the partition's manifest") }, "\(problems)")
        #expect(problems.contains { $0.contains(".staging-killed is a staged or partial file or directory where readers' globs reach it") }, "\(problems)")
    }

    @Test("verify counts rows in the files, not only what the manifest claims")
    func verifyCountsRows() throws {
        let fixture = try DatasetFixture()
        _ = try Self.commitShard(fixture, run: "r", index: 0, count: 1, ids: 0..<5, values: ["2026-11-20"]).commit()
        let leaf = URL(fileURLWithPath: fixture.datasetPath + "/date=2026-11-20/shard=0")
        var manifest = try Manifest.read(from: leaf)
        let first = manifest.files[0]
        manifest.files[0] = PartFileSummary(name: first.name, rows: first.rows + 1, bytes: first.bytes, sha256: first.sha256)
        manifest.rows += 1
        try Data(try manifest.encoded()).write(to: leaf.appending(path: Manifest.fileName))
        let problems = try ExportVerifier(root: fixture.root).verify().allProblems
        #expect(problems.contains { $0.contains("\(first.name) holds \(first.rows) rows, the manifest says \(first.rows + 1)") }, "\(problems)")
    }

    /// Shard `index` of `count` of run `r`, split by user, covering `covers` and writing one record on each of `days`.
    static func commitShard(_ fixture: DatasetFixture, index: Int, count: Int, covers: PartitionCoverage, days: [String]) throws {
        var layout = fixture.layout()
        layout.shard = ShardLeaf(index: index, count: count, byUser: true)
        var context = DatasetFixture.context(run: "r")
        context.runDatasets = ["messages"]
        let writer = try DatasetWriter(
            layout: layout, compression: .gzip(level: 1), maxRowsPerFile: 7, maxBytesPerFile: 1 << 20, fileHeader: nil,
            context: context)
        try writer.cover(covers)
        for (offset, day) in days.enumerated() { try writer.append(DatasetFixture.record(index * 100 + offset, "s\(index)"), partition: day) }
        _ = try writer.commit()
    }

    @Test("verify refuses a snapshot whose shards ran on different UTC days: each day holds only some users")
    func verifyFindsASnapshotSplitAcrossDays() throws {
        let fixture = try DatasetFixture()
        try Self.commitShard(fixture, index: 0, count: 2, covers: .values(["2026-11-20"]), days: ["2026-11-20"])
        try Self.commitShard(fixture, index: 1, count: 2, covers: .values(["2026-11-21"]), days: ["2026-11-21"])
        let problems = try ExportVerifier(root: fixture.root).verify(runId: "r").allProblems
        #expect(problems.count == 2, "\(problems)")
        #expect(
            problems.contains {
                $0.contains(
                    "partition date=2026-11-20 holds only some users: shard(s) 1 of run 'r' (2 shards) covered other partitions "
                        + "(shard 1: date=2026-11-21), so their users' records for it were never written")
            }, "\(problems)")
        #expect(problems.contains { $0.contains("partition date=2026-11-21 holds only some users: shard(s) 0 of run 'r'") }, "\(problems)")
        #expect(problems.allSatisfy { $0.contains("--shard K/2 --run-id r") }, "\(problems)")

        // The same day for both, one of them with no record at all: whole.
        let sameDay = try DatasetFixture()
        try Self.commitShard(sameDay, index: 0, count: 2, covers: .values(["2026-11-21"]), days: ["2026-11-21"])
        try Self.commitShard(sameDay, index: 1, count: 2, covers: .values(["2026-11-21"]), days: [])
        let whole = try ExportVerifier(root: sameDay.root).verify(runId: "r")
        #expect(whole.isComplete, "\(whole.allProblems)")
    }

    @Test("verify refuses the days only some shards' windows cover, and windows that differ where nothing was written")
    func verifyFindsShiftedWindows() throws {
        // `last: 3d` on either side of midnight: shard 0 covers the 20th to the 22nd, shard 1 the 21st to the 23rd.
        let fixture = try DatasetFixture()
        try Self.commitShard(fixture, index: 0, count: 2, covers: .range(from: "2026-11-20", to: "2026-11-23"), days: ["2026-11-20", "2026-11-21"])
        try Self.commitShard(fixture, index: 1, count: 2, covers: .range(from: "2026-11-21", to: "2026-11-24"), days: ["2026-11-21", "2026-11-23"])
        let problems = try ExportVerifier(root: fixture.root).verify(runId: "r").allProblems
        #expect(problems.contains { $0.contains("partition date=2026-11-20 holds only some users: shard(s) 1 of run 'r' (2 shards) covered other partitions (shard 1: date=2026-11-21 to date=2026-11-24 (exclusive))") }, "\(problems)")
        #expect(problems.contains { $0.contains("partition date=2026-11-23 holds only some users: shard(s) 0") }, "\(problems)")
        #expect(!problems.contains { $0.contains("partition date=2026-11-21 holds") }, "both shards cover the 21st: \(problems)")

        // Only the 21st written, which both cover: the windows still differ.
        let quiet = try DatasetFixture()
        try Self.commitShard(quiet, index: 0, count: 2, covers: .range(from: "2026-11-20", to: "2026-11-23"), days: ["2026-11-21"])
        try Self.commitShard(quiet, index: 1, count: 2, covers: .range(from: "2026-11-21", to: "2026-11-24"), days: ["2026-11-21"])
        let differing = try ExportVerifier(root: quiet.root).verify(runId: "r").allProblems
        #expect(
            differing.contains {
                $0.contains(
                    "the shards of run 'r' covered different partitions (shard 0: date=2026-11-20 to date=2026-11-23 (exclusive); "
                        + "shard 1: date=2026-11-21 to date=2026-11-24 (exclusive))")
            }, "\(differing)")
    }
}

