@testable import FerryLoad
import Foundation
import Testing

/// Coverage (a run is the whole truth for its days) and commits that go back when they fail.
@Suite struct DatasetWriterCoverageTests {
    static func write(
        _ fixture: DatasetFixture, run: String, coverage: PartitionCoverage?, values: [String], count: Int = 3
    ) throws -> DatasetWriter {
        let writer = try fixture.writer(run: run)
        if let coverage { try writer.cover(coverage) }
        for value in values {
            for i in 0..<count { try writer.append(DatasetFixture.record(i, value), partition: value) }
        }
        return writer
    }

    @Test("only days with records get a partition, however wide the window; the run record says what was covered")
    func wideCoverageWritesOnlyDaysWithRecords() throws {
        let fixture = try DatasetFixture()
        let writer = try Self.write(
            fixture, run: "wide", coverage: .range(from: "2000-01-01", to: "2100-01-01"), values: ["2026-11-20", "2031-02-03"])
        let summaries = try writer.commit()
        #expect(summaries.map(\.value) == ["2026-11-20", "2031-02-03"])
        #expect(fixture.entries(fixture.datasetPath) == ["_runs", "date=2026-11-20", "date=2031-02-03"])
        let record = try DatasetRunRecord.read(runId: "wide", datasetDirectory: fixture.root.appending(path: "messages"))
        #expect(record.covers == .range(from: "2000-01-01", to: "2100-01-01"))
        #expect(record.partitions.map(\.value) == ["2026-11-20", "2031-02-03"])
        #expect(record.partitions.map(\.rows) == [3, 3] && record.rows == 6)
        #expect(record.removed.isEmpty && record.partitionKey == "date" && record.pseudonymKeyId == "key-2026-01")
    }

    @Test("a re-run removes the covered days it found no record for, and leaves days it does not cover")
    func rerunEmptiesCoveredDays() throws {
        let fixture = try DatasetFixture()
        _ = try Self.write(
            fixture, run: "first", coverage: .range(from: "2026-11-19", to: "2026-11-23"),
            values: ["2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]
        ).commit()
        let second = try Self.write(
            fixture, run: "second", coverage: .range(from: "2026-11-20", to: "2026-11-22"), values: ["2026-11-21"], count: 2)
        _ = try second.commit()
        #expect(fixture.entries(fixture.datasetPath) == ["_runs", "date=2026-11-19", "date=2026-11-21", "date=2026-11-22"])
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-21")).runId == "second")
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-19")).runId == "first")
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-22")).runId == "first")
        let record = try DatasetRunRecord.read(runId: "second", datasetDirectory: fixture.root.appending(path: "messages"))
        #expect(record.removed == ["2026-11-20"])
        #expect(fixture.entries(fixture.datasetPath + "/_runs") == ["first.json", "second.json"])
    }

    @Test("a snapshot run without records removes the day's earlier snapshot instead of writing an empty one")
    func emptySnapshotRemovesTheDay() throws {
        let fixture = try DatasetFixture()
        _ = try Self.write(fixture, run: "first", coverage: .values(["2026-11-20"]), values: ["2026-11-20"]).commit()
        _ = try Self.write(fixture, run: "second", coverage: .values(["2026-11-20"]), values: []).commit()
        #expect(fixture.entries(fixture.datasetPath) == ["_runs"])
    }

    @Test("a publish that fails half-way puts back every partition it had replaced or removed")
    func failedPublishRollsItselfBack() throws {
        let fixture = try DatasetFixture()
        _ = try Self.write(
            fixture, run: "first", coverage: .range(from: "2026-11-19", to: "2026-11-22"),
            values: ["2026-11-19", "2026-11-20", "2026-11-21"]
        ).commit()
        let before = fixture.visibleFiles()
        let manifests = try ["2026-11-19", "2026-11-20", "2026-11-21"].map { try Manifest.read(from: fixture.partitionURL($0)) }

        // The run record is the last thing published: make its directory impossible to create.
        try FileManager.default.removeItem(atPath: fixture.datasetPath + "/_runs")
        try Data("x".utf8).write(to: URL(fileURLWithPath: fixture.datasetPath + "/_runs"))
        let second = try Self.write(
            fixture, run: "second", coverage: .range(from: "2026-11-19", to: "2026-11-22"), values: ["2026-11-20", "2026-11-23"])
        try second.prepareCommit()
        let error = #expect(throws: LoadError.self) { _ = try second.publish() }
        #expect(error?.path?.hasSuffix("_runs") == true)
        second.abort()

        #expect(fixture.visibleFiles() == before.filter { !$0.hasPrefix("_runs/") })
        let after = try ["2026-11-19", "2026-11-20", "2026-11-21"].map { try Manifest.read(from: fixture.partitionURL($0)) }
        #expect(after == manifests)
        #expect(!FileManager.default.fileExists(atPath: fixture.partitionURL("2026-11-23").path(percentEncoded: false)))
        #expect(fixture.entries(fixture.datasetPath).filter { $0.hasPrefix(".") }.isEmpty, "staging removed")
    }

    @Test("rolling back a published commit, as when another dataset of the run failed, restores the dataset")
    func publishedCommitRollsBack() throws {
        let fixture = try DatasetFixture()
        _ = try Self.write(fixture, run: "first", coverage: .range(from: "2026-11-19", to: "2026-11-21"), values: ["2026-11-19", "2026-11-20"])
            .commit()
        let before = fixture.visibleFiles()
        let second = try Self.write(
            fixture, run: "second", coverage: .range(from: "2026-11-19", to: "2026-11-21"), values: ["2026-11-20"], count: 9)
        try second.attach(Array("{\"id\":null}\n".utf8), directory: "_quarantine", fileName: "part-second.jsonl")
        try second.prepareCommit()
        #expect(fixture.visibleFiles() == before, "preparing changes nothing visible")
        _ = try second.publish()
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-20")).rows == 9)
        #expect(!fixture.entries(fixture.datasetPath).contains("date=2026-11-19"))
        #expect(fixture.entries(fixture.datasetPath + "/_quarantine") == ["part-second.jsonl"])

        #expect(second.rollBack().isEmpty)
        second.abort()
        #expect(fixture.visibleFiles() == before)
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-20")).runId == "first")
        #expect(fixture.entries(fixture.datasetPath + "/_quarantine").isEmpty)
        #expect(fixture.entries(fixture.datasetPath).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a crash after publishing does not bring back the partitions the commit removed")
    func crashAfterPublishRollsForward() throws {
        let fixture = try DatasetFixture()
        _ = try Self.write(fixture, run: "first", coverage: .range(from: "2026-11-19", to: "2026-11-21"), values: ["2026-11-19", "2026-11-20"])
            .commit()
        do {
            let second = try Self.write(
                fixture, run: "second", coverage: .range(from: "2026-11-19", to: "2026-11-21"), values: ["2026-11-20"])
            try second.prepareCommit()
            _ = try second.publish()
            // Dropped here, as if the process died before finishing: its staging holds the past.
        }
        _ = try fixture.writer(run: "next")  // cleans up what the dead writer left
        #expect(fixture.entries(fixture.datasetPath) == ["_runs", "date=2026-11-20"])
        #expect(fixture.entries(fixture.stagingPath) == [".staging-next"])
        #expect(try Manifest.read(from: fixture.partitionURL("2026-11-20")).runId == "second")
    }
}
