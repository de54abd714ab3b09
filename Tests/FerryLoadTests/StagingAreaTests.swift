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
        let dead = fixture.datasetPath + "/.staging-dead"
        try FileSystem.createDirectories(dead + "/date=d")
        try FileSystem.rename(fixture.datasetPath + "/date=d", to: dead + "/.trash-date=d")
        #expect(fixture.entries(fixture.datasetPath) == [".staging-dead"])

        _ = try fixture.writer(run: "next")
        #expect(fixture.entries(fixture.datasetPath) == [".staging-next", "date=d"])
        #expect(try Manifest.read(from: fixture.partitionURL("d")) == before)
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
