@testable import FerryLoad
import FerryTestSupport
import Foundation
import Testing

/// The commit protocol's fallback path (two renames) and its crash recovery.
@Suite struct StagingAreaTests {
    @Test func twoRenameSwapReplacesAPartition() throws {
        let fixture = try DatasetFixture()
        try DatasetWriterCommitTests.commitRun(fixture, run: "old", values: ["d"], count: 3)
        let staging = try StagingArea(datasetPath: fixture.datasetPath, runId: "new")
        let staged = staging.stagedPartitionPath("date=d")
        try FileSystem.createDirectories(staged)
        try FileSystem.writeFile(staged + "/part-new-00000.jsonl", bytes: Array("{}\n".utf8))
        let step = try staging.swapIn("date=d", allowExchange: false)
        #expect(fixture.entries(fixture.datasetPath + "/date=d") == ["part-new-00000.jsonl"])
        // The previous version waits in the trash until the commit is over, so that it can go back.
        #expect(fixture.entries(staging.path) == [".lock", ".trash-date=d"])
        try step.undo()
        #expect(fixture.partFiles("d").map(\.lastPathComponent) == ["part-old-00000.jsonl.gz"])
        _ = try staging.swapIn("date=d", allowExchange: false)
        try staging.remove()
        #expect(fixture.entries(fixture.datasetPath) == ["date=d"])
    }

    @Test("a partition left in the trash by a crash between the two renames is put back")
    func recoversTrashedPartition() throws {
        let fixture = try DatasetFixture()
        try DatasetWriterCommitTests.commitRun(fixture, run: "old", values: ["d"], count: 3)
        let before = try Manifest.read(from: fixture.partitionURL("d"))
        // The state right after `rename(visible, trash)`: no visible partition, the old one in the trash.
        let dead = fixture.stagingPath + "/.staging-dead"
        try FileSystem.createDirectories(dead + "/date=d")
        try FileSystem.rename(fixture.datasetPath + "/date=d", to: dead + "/.trash-date=d")
        #expect(fixture.entries(fixture.datasetPath) == [])

        _ = try fixture.writer(run: "next")
        #expect(fixture.entries(fixture.stagingPath) == [".staging-next"])
        #expect(fixture.entries(fixture.datasetPath) == ["date=d"])
        #expect(try Manifest.read(from: fixture.partitionURL("d")) == before)
    }

    @Test("what an older release left staged inside the dataset directory is cleaned up, a trashed partition put back")
    func recoversTrashedPartitionOfAnOlderRelease() throws {
        let fixture = try DatasetFixture()
        try DatasetWriterCommitTests.commitRun(fixture, run: "old", values: ["d"], count: 3)
        let before = try Manifest.read(from: fixture.partitionURL("d"))
        let dead = fixture.datasetPath + "/.staging-dead"
        try FileSystem.createDirectories(dead + "/date=d")
        try FileSystem.rename(fixture.datasetPath + "/date=d", to: dead + "/.trash-date=d")

        _ = try fixture.writer(run: "next")
        #expect(fixture.entries(fixture.datasetPath) == ["date=d"])
        #expect(try Manifest.read(from: fixture.partitionURL("d")) == before)
    }

    @Test("a shard's leaf set aside by a crashed commit is put back in its partition")
    func recoversASetAsideShardLeaf() throws {
        let fixture = try DatasetFixture()
        var layout = fixture.layout()
        layout.shard = ShardLeaf(index: 1, count: 2, byUser: true)
        let writer = try DatasetWriter(
            layout: layout, compression: .gzip(level: 1), maxRowsPerFile: 100, maxBytesPerFile: 1 << 20, fileHeader: nil,
            context: DatasetFixture.context(run: "old"))
        try writer.append(DatasetFixture.record(1, "a"), partition: "d")
        _ = try writer.commit()
        let leaf = fixture.datasetPath + "/date=d/shard=1"
        let before = try Manifest.read(from: URL(fileURLWithPath: leaf))
        #expect(before.shard == ShardLeaf(index: 1, count: 2, byUser: true))
        // The state right after a commit moved the leaf aside and died before publishing the rest.
        let dead = fixture.stagingPath + "/.staging-dead.shard-1"
        try FileSystem.createDirectories(dead)
        try FileSystem.rename(leaf, to: dead + "/.removed-date=d%2Fshard=1")
        #expect(fixture.entries(fixture.datasetPath + "/date=d") == [])

        _ = try fixture.writer(run: "next")
        #expect(try Manifest.read(from: URL(fileURLWithPath: leaf)) == before)
    }

    @Test func exchangeSwapsTwoDirectories() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.createDirectories(directory.path + "/a")
        try FileSystem.createDirectories(directory.path + "/b")
        try FileSystem.writeFile(directory.path + "/a/in-a", bytes: [])
        guard try FileSystem.exchange(directory.path + "/a", directory.path + "/b") else { return }  // not Linux
        #expect(directory.allFiles() == ["b/in-a"])
    }
}
