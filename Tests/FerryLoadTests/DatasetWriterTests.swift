import FerryLoad
import FerryTestSupport
import Foundation
import Testing

@Suite struct DatasetWriterTests {
    @Test("lines appended to two partitions come back exactly, with a manifest that matches the disk",
          arguments: [OutputCompression.gzip(level: 6), .none])
    func roundTrip(compression: OutputCompression) throws {
        let fixture = try DatasetFixture()
        let writer = try fixture.writer(run: "run1", compression: compression)
        var expected: [String: [UInt8]] = ["2026-11-20": [], "2026-11-21": []]
        for i in 0..<3_000 {  // interleaved, so both partitions are open at once
            let value = i % 3 == 0 ? "2026-11-20" : "2026-11-21"
            let line = DatasetFixture.record(i, value)
            try writer.append(line, partition: value)
            expected[value]! += line
        }
        #expect(writer.rowsWritten == 3_000)
        let summaries = try writer.commit()

        #expect(summaries.map(\.value) == ["2026-11-20", "2026-11-21"])
        #expect(summaries.map(\.rows) == [1_000, 2_000])
        let ext = compression == .none ? "jsonl" : "jsonl.gz"
        #expect(fixture.entries(fixture.datasetPath) == ["date=2026-11-20", "date=2026-11-21"])
        for summary in summaries {
            #expect(summary.directory.standardizedFileURL == fixture.partitionURL(summary.value).standardizedFileURL)
            #expect(fixture.entries(fixture.partitionURL(summary.value).path(percentEncoded: false))
                == ["_SUCCESS", "_manifest.json", "part-run1-00000.\(ext)"])
            let file = try #require(fixture.partFiles(summary.value).first)
            #expect(try DatasetFixture.content(file) == expected[summary.value])
            if compression != .none { #expect(try ExternalTool.gunzip(file) == expected[summary.value]) }
            #expect(try Data(contentsOf: summary.directory.appending(path: "_SUCCESS")).isEmpty)

            let manifest = try Manifest.read(from: summary.directory)
            #expect(manifest.files == summary.files)
            #expect(manifest.rows == summary.rows && manifest.bytes == summary.bytes)
            for entry in manifest.files {
                let url = summary.directory.appending(path: entry.name)
                #expect(entry.bytes == (try Data(contentsOf: url)).count)
                #expect(entry.sha256 == (try ExternalTool.sha256(url)))
            }
            #expect(manifest.runId == "run1" && manifest.pipeline == "m365-mail" && manifest.dataset == "messages")
            #expect(manifest.partition == .init(key: "date", value: summary.value))
            #expect(manifest.schemaVersion == 3 && manifest.pseudonymKeyId == "key-2026-01")
            #expect(manifest.window == .init(start: "2026-11-20T00:00:00Z", end: "2026-11-22T00:00:00Z"))
            #expect(manifest.format == "jsonl" && manifest.compression == compression.name)
            #expect(manifest.files.first?.rows == summary.rows)
        }
    }

    @Test func manifestIsPrettySnakeCaseJSON() throws {
        let fixture = try DatasetFixture()
        var context = DatasetFixture.context(run: "r")
        context.pseudonymKeyId = nil
        context.windowStart = nil
        let writer = try DatasetWriter(
            layout: fixture.layout(), compression: .gzip(level: 1), maxRowsPerFile: 10, maxBytesPerFile: 1 << 20,
            fileHeader: nil, context: context)
        try writer.append(DatasetFixture.record(1, "a"), partition: "2026-01-01")
        _ = try writer.commit()
        let data = try Data(contentsOf: fixture.partitionURL("2026-01-01").appending(path: "_manifest.json"))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\n  \""))  // pretty-printed
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == [
            "run_id", "pipeline", "dataset", "partition", "schema_version", "window", "pseudonym_key_id",
            "format", "compression", "created_at", "rows", "bytes", "files", "shard",
        ])
        #expect(object["shard"] is NSNull)  // an unsharded run's
        #expect(object["pseudonym_key_id"] is NSNull)
        let window = try #require(object["window"] as? [String: Any])
        #expect(window["start"] is NSNull && window["end"] as? String == "2026-11-22T00:00:00Z")
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(Set(file.keys) == ["name", "rows", "bytes", "sha256"])
        #expect((file["sha256"] as? String)?.count == 64)
    }

    @Test("rolling by rows gives full files of whole lines, each starting with the CSV header")
    func rollsByRows() throws {
        let fixture = try DatasetFixture()
        let header = Array("id,subject\r\n".utf8)
        let writer = try fixture.writer(run: "r", maxRows: 10, header: header, fileExtension: "csv")
        var expected: [[UInt8]] = []
        for i in 0..<95 {
            let line = Array("\(i),\"subject, \(i)\"\r\n".utf8)
            expected.append(line)
            try writer.append(line, partition: "2026-11-21")
        }
        let summary = try #require(try writer.commit().first)
        #expect(summary.files.map(\.name) == (0..<10).map { String(format: "part-r-%05d.csv.gz", $0) })
        #expect(summary.files.map(\.rows) == Array(repeating: 10, count: 9) + [5])
        var rows: [[UInt8]] = []
        for file in fixture.partFiles("2026-11-21") {
            let lines = DatasetFixture.lines(try DatasetFixture.content(file))
            #expect(lines.first == header)
            rows += lines.dropFirst()
        }
        #expect(rows == expected)
    }

    @Test("rolling by bytes keeps each file within the limit, never splits a line, isolates an oversized one")
    func rollsByBytes() throws {
        let fixture = try DatasetFixture()
        let limit = 2_000
        let writer = try fixture.writer(run: "r", compression: .none, maxBytes: limit)
        var lines: [[UInt8]] = (0..<200).map { DatasetFixture.record($0, "d", padding: $0 % 5 == 0 ? 150 : 0) }
        lines.insert(DatasetFixture.record(0, "big", padding: 3 * limit), at: 77)
        for line in lines { try writer.append(line, partition: "2026-11-21") }
        let summary = try #require(try writer.commit().first)

        let expectedSizes = DatasetFixture.expectedFileSizes(lines, limit: limit)
        let files = fixture.partFiles("2026-11-21")
        #expect(files.count == expectedSizes.count)
        #expect(summary.files.map(\.bytes) == expectedSizes)
        var rows: [[UInt8]] = []
        for file in files {
            let content = try DatasetFixture.content(file)
            #expect(content.count <= limit || DatasetFixture.lines(content).count == 1)
            #expect(content.last == UInt8(ascii: "\n"))
            rows += DatasetFixture.lines(content)
        }
        #expect(rows == lines)
    }

    @Test func rollsByBytesWithGzipCountingUncompressedBytes() throws {
        let fixture = try DatasetFixture()
        let writer = try fixture.writer(run: "r", compression: .gzip(level: 6), maxBytes: 10_000)
        let lines = (0..<1_000).map { DatasetFixture.record($0, "x") }
        for line in lines { try writer.append(line, partition: "p") }
        let summary = try #require(try writer.commit().first)
        let contents = try fixture.partFiles("p").map(Gunzip.decompress(file:))
        #expect(contents.map(\.count) == DatasetFixture.expectedFileSizes(lines, limit: 10_000))
        #expect(contents.flatMap { $0 } == lines.flatMap { $0 })
        #expect(summary.rows == 1_000 && summary.files.count > 1)
    }

    @Test func throughputSanityCheck() throws {
        // Prints a rate for a human to read; timing is never asserted. FERRY_LOAD_RECORDS sets the
        // count, FERRY_LOAD_LEVEL the gzip level ("none" for plain files).
        let environment = ProcessInfo.processInfo.environment
        let count = environment["FERRY_LOAD_RECORDS"].flatMap(Int.init) ?? 20_000
        let level = environment["FERRY_LOAD_LEVEL"] ?? "6"
        let compression = level == "none" ? OutputCompression.none : .gzip(level: Int(level) ?? 6)
        let fixture = try DatasetFixture()
        let writer = try fixture.writer(run: "speed", compression: compression, maxRows: 1_000_000)
        let lines = Self.realisticRecords(4_096)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for i in 0..<count {
                try lines[i % lines.count].withUnsafeBytes { try writer.append($0, partition: "2026-11-21") }
            }
            _ = try writer.commit()
        }
        let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        let average = lines.reduce(0) { $0 + $1.count } / lines.count
        print("FerryLoad throughput (\(compression)): \(count) records of ~\(average) bytes in \(elapsed), \(Int(Double(count) / seconds)) records/s")
        #expect(writer.rowsWritten == count)
    }

    /// Message-like records with pseudonymized (hex) ids, so they compress like real output.
    static func realisticRecords(_ count: Int) -> [[UInt8]] {
        let noise = GzipFileWriterTests.noise(count * 4 * 96, seed: 42)
        let hex = Array("0123456789abcdef".utf8)
        func token(_ index: Int, _ length: Int) -> String {
            String(decoding: (0..<length).map { hex[Int(noise[index * 96 + $0] & 15)] }, as: UTF8.self)
        }
        let subjects = ["Quarterly report", "Re: budget 2027", "Lunch?", "Fwd: contract draft", "Team offsite plan"]
        return (0..<count).map { i in
            let json = #"{"id":"AAMkAG\#(token(4 * i + 0, 96))","receivedDateTime":"2026-11-21T\#(10 + i % 10):\#(10 + i % 50):\#(10 + i % 49)Z","#
                + #""subject":"\#(subjects[i % subjects.count]) \#(i % 1_000)","from":"\#(token(4 * i + 1, 64))","#
                + #""toRecipients":["\#(token(4 * i + 2, 64))"],"hasAttachments":\#(i % 7 == 0),"importance":"normal","#
                + #""conversationId":"\#(token(4 * i + 3, 48))","size":\#(1_000 + i * 37 % 90_000)}"#
            return Array(json.utf8) + [10]
        }
    }
}
