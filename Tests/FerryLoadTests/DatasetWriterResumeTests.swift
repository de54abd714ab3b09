import FerryLoad
import Foundation
import Testing

/// A writer killed after a `seal()` is taken over by a new writer of the same run: the sealed records
/// are committed once, what came after the seal is gone.
@Suite struct DatasetWriterResumeTests {
    func resumingWriter(_ fixture: DatasetFixture, sealed: [SealedPartFile], maxRows: Int = 1_000_000) throws -> DatasetWriter {
        try DatasetWriter(
            layout: fixture.layout(), compression: .gzip(level: 1), maxRowsPerFile: maxRows, maxBytesPerFile: 1 << 30,
            fileHeader: nil, context: DatasetFixture.context(run: "run1", compression: .gzip(level: 1)), resuming: sealed)
    }

    /// What run1's process sealed before it died: one record of 2026-11-20.
    func sealOneRecord(_ fixture: DatasetFixture) throws -> [SealedPartFile] {
        let first = try fixture.writer(run: "run1", compression: .gzip(level: 1))
        try first.append(DatasetFixture.record(1, "2026-11-20"), partition: "2026-11-20")
        return try first.seal()
    }

    @Test func resumedWriterKeepsSealedRecordsAndDropsTheRest() throws {
        let fixture = try DatasetFixture()
        var expected: [String: [UInt8]] = [:]
        var sealed: [SealedPartFile] = []
        do {
            let first = try fixture.writer(run: "run1", compression: .gzip(level: 1), maxRows: 70)
            for i in 0..<200 {
                let value = i % 2 == 0 ? "2026-11-20" : "2026-11-21"
                let line = DatasetFixture.record(i, value)
                try first.append(line, partition: value)
                expected[value, default: []] += line
            }
            sealed = try first.seal()
            // Written after the checkpoint, then the process dies: none of this may survive.
            for i in 200..<260 { try first.append(DatasetFixture.record(i, "2026-11-22"), partition: "2026-11-22") }
            for i in 260..<300 { try first.append(DatasetFixture.record(i, "2026-11-20"), partition: "2026-11-20") }
        }  // dropped without commit or abort: like a crash
        #expect(sealed.reduce(0) { $0 + $1.file.rows } == 200)
        #expect(Set(sealed.map(\.partition)) == ["2026-11-20", "2026-11-21"])

        let second = try resumingWriter(fixture, sealed: sealed)
        #expect(second.rowsWritten == 200)
        for i in 300..<350 {
            let line = DatasetFixture.record(i, "2026-11-21")
            try second.append(line, partition: "2026-11-21")
            expected["2026-11-21", default: []] += line
        }
        let summaries = try second.commit()
        #expect(summaries.map(\.value) == ["2026-11-20", "2026-11-21"])
        #expect(fixture.visibleFiles().allSatisfy { !$0.hasPrefix("date=2026-11-22") })
        for summary in summaries {
            var content: [UInt8] = []
            for file in fixture.partFiles(summary.value) { content += try DatasetFixture.content(file) }
            #expect(content == expected[summary.value], "partition \(summary.value)")
            let manifest = try Manifest.read(from: summary.directory)
            #expect(manifest.rows == DatasetFixture.lines(expected[summary.value]!).count)
            #expect(manifest.files.map(\.name) == fixture.partFiles(summary.value).map(\.lastPathComponent))
        }
        #expect(fixture.entries(fixture.datasetPath).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func aSealedFileThatIsGoneRefusesTheResume() throws {
        let fixture = try DatasetFixture()
        let sealed = try sealOneRecord(fixture)
        let staged = fixture.stagingPath + "/.staging-run1/date=2026-11-20/" + sealed[0].file.name
        try FileManager.default.removeItem(atPath: staged)
        #expect {
            _ = try resumingWriter(fixture, sealed: sealed)
        } throws: { error in
            (error as? LoadError)?.kind == .resume
        }
    }

    @Test func anotherRunOfTheDatasetCleansUpAnAbandonedStagingArea() throws {
        let fixture = try DatasetFixture()
        let sealed = try sealOneRecord(fixture)
        let other = try fixture.writer(run: "run2", compression: .gzip(level: 1))
        other.abort()
        #expect {
            _ = try resumingWriter(fixture, sealed: sealed)
        } throws: { error in
            (error as? LoadError)?.kind == .resume
        }
    }
}
