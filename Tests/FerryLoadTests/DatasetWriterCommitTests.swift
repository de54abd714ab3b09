import FerryLoad
import Foundation
import Testing

@Suite struct DatasetWriterCommitTests {
    /// Commits `count` records to each of `values` under run `run`.
    static func commitRun(_ fixture: DatasetFixture, run: String, values: [String], count: Int) throws {
        let writer = try fixture.writer(run: run, maxRows: 50)
        for value in values {
            for i in 0..<count { try writer.append(DatasetFixture.record(i, value), partition: value) }
        }
        _ = try writer.commit()
    }

    @Test("a re-run replaces its partitions entirely and leaves the others alone")
    func rerunReplacesPartition() throws {
        let fixture = try DatasetFixture()
        try Self.commitRun(fixture, run: "first", values: ["2026-11-20", "2026-11-21"], count: 120)
        #expect(fixture.partFiles("2026-11-21").count == 3)
        let untouched = try Manifest.read(from: fixture.partitionURL("2026-11-20"))

        try Self.commitRun(fixture, run: "second", values: ["2026-11-21"], count: 7)
        #expect(fixture.partFiles("2026-11-21").map(\.lastPathComponent) == ["part-second-00000.jsonl.gz"])
        let replaced = try Manifest.read(from: fixture.partitionURL("2026-11-21"))
        #expect(replaced.runId == "second" && replaced.rows == 7)
        let lines = try DatasetFixture.lines(DatasetFixture.content(fixture.partFiles("2026-11-21")[0]))
        #expect(lines == (0..<7).map { DatasetFixture.record($0, "2026-11-21") })

        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-20")) == untouched)
        #expect(fixture.partFiles("2026-11-20").allSatisfy { $0.lastPathComponent.hasPrefix("part-first-") })
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20", "date=2026-11-21"])
    }

    @Test func declaringAnEmptyPartitionEmptiesIt() throws {
        let fixture = try DatasetFixture()
        try Self.commitRun(fixture, run: "first", values: ["2026-11-20", "2026-11-21"], count: 10)
        let writer = try fixture.writer(run: "second")
        try writer.declare(partition: "2026-11-21")
        try writer.declare(partition: "2026-11-22")
        let summaries = try writer.commit()
        #expect(summaries.map(\.value) == ["2026-11-21", "2026-11-22"])
        #expect(summaries.allSatisfy { $0.files.isEmpty && $0.rows == 0 && $0.bytes == 0 })
        #expect(fixture.entries(fixture.partitionURL("2026-11-21").path(percentEncoded: false))
            == ["_SUCCESS", "_manifest.json"])
        let manifest = try Manifest.read(from: fixture.partitionURL("2026-11-21"))
        #expect(manifest.runId == "second" && manifest.rows == 0 && manifest.files.isEmpty)
        #expect(fixture.partFiles("2026-11-20").count == 1)
    }

    @Test func abortLeavesNothingVisible() throws {
        let fixture = try DatasetFixture()
        try Self.commitRun(fixture, run: "first", values: ["2026-11-20"], count: 10)
        let before = try Manifest.read(from: fixture.partitionURL("2026-11-20"))
        let writer = try fixture.writer(run: "second")
        for i in 0..<5_000 {
            try writer.append(DatasetFixture.record(i, "a", padding: 200), partition: i % 2 == 0 ? "2026-11-20" : "2026-11-21")
        }
        writer.abort()
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20"])
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-20")) == before)
        #expect(throws: LoadError.self) { _ = try writer.commit() }
        #expect(throws: LoadError.self) { try writer.append(DatasetFixture.record(0, "a"), partition: "2026-11-20") }
    }

    @Test("a writer dropped without commit leaves only hidden staging, which the next writer removes")
    func crashLeavesNothingVisible() throws {
        let fixture = try DatasetFixture()
        try Self.commitRun(fixture, run: "first", values: ["2026-11-20"], count: 10)
        let before = fixture.visibleFiles()
        do {
            let crashed = try fixture.writer(run: "crashed", maxRows: 1_000)
            for i in 0..<20_000 {  // enough to put finished and open part files on disk
                try crashed.append(DatasetFixture.record(i, "c", padding: 300), partition: i % 2 == 0 ? "2026-11-20" : "2026-11-21")
            }
        }
        #expect(fixture.visibleFiles() == before)
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20"])
        #expect(fixture.entries(fixture.stagingPath) == [".staging-crashed"])
        let staged = fixture.stagingPath + "/.staging-crashed/date=2026-11-21"
        #expect(fixture.entries(staged).contains { $0.hasPrefix("part-crashed-") })  // real data was staged

        let next = try fixture.writer(run: "next")
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20"])
        #expect(fixture.entries(fixture.stagingPath) == [".staging-next"])
        try next.append(DatasetFixture.record(1, "n"), partition: "2026-11-21")
        _ = try next.commit()
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20", "date=2026-11-21"])
        #expect(fixture.visibleFiles().filter { $0.contains("crashed") }.isEmpty)
    }

    @Test func aLiveWritersStagingIsLeftAlone() throws {
        let fixture = try DatasetFixture()
        let first = try fixture.writer(run: "a")
        try first.append(DatasetFixture.record(1, "a"), partition: "2026-11-20")
        let second = try fixture.writer(run: "b")
        #expect(fixture.entries(fixture.stagingPath) == [".staging-a", ".staging-b"])
        let duplicate = #expect(throws: LoadError.self) { _ = try fixture.writer(run: "a") }
        #expect(duplicate?.kind == .busy)
        try second.append(DatasetFixture.record(2, "b"), partition: "2026-11-21")
        _ = try second.commit()
        _ = try first.commit()
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20", "date=2026-11-21"])
    }

    @Test func unwritableRootNamesThePath() throws {
        let fixture = try DatasetFixture()
        let blocker = fixture.directory.url.appending(path: "not-a-directory")
        try Data("x".utf8).write(to: blocker)
        let layout = PartitionLayout(root: blocker.appending(path: "out"), dataset: "messages", fileExtension: "jsonl")
        let error = #expect(throws: LoadError.self) {
            _ = try DatasetWriter(
                layout: layout, compression: .gzip(level: 6), maxRowsPerFile: 10, maxBytesPerFile: 100,
                fileHeader: nil, context: DatasetFixture.context(run: "r"))
        }
        #expect(error?.kind == .fileSystem)
        let path = try #require(error?.path)
        #expect(path.hasPrefix(blocker.path(percentEncoded: false)))
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("directory") == true)
    }

    @Test func rejectsBadNamesAndRecords() throws {
        let fixture = try DatasetFixture()
        let writer = try fixture.writer(run: "r")
        for value in ["", "..", "a/b"] {
            let error = #expect(throws: LoadError.self) { try writer.append(DatasetFixture.record(1, "x"), partition: value) }
            #expect(error?.kind == .invalidArgument)
        }
        let noNewline = #expect(throws: LoadError.self) { try writer.append(Array("{}".utf8), partition: "p") }
        #expect(noNewline?.kind == .invalidArgument)
        #expect(throws: LoadError.self) { _ = try fixture.writer(run: "a/b") }
        #expect(throws: LoadError.self) { _ = try fixture.writer(run: "r2", maxRows: 0) }
        #expect(throws: LoadError.self) { _ = try fixture.writer(run: "r3", compression: .gzip(level: -1)) }
        let badDataset = PartitionLayout(root: fixture.root, dataset: ".hidden", fileExtension: "jsonl")
        #expect(throws: LoadError.self) {
            _ = try DatasetWriter(layout: badDataset, compression: .none, maxRowsPerFile: 1, maxBytesPerFile: 1,
                                  fileHeader: nil, context: DatasetFixture.context(run: "r"))
        }
        // Bad input does not poison the writer.
        try writer.append(DatasetFixture.record(1, "x"), partition: "p")
        #expect(try writer.commit().map(\.rows) == [1])
    }
}
