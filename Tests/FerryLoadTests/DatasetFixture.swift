import FerryLoad
import FerryTestSupport
import Foundation

/// A temp output root plus shortcuts to create writers and read partitions back.
struct DatasetFixture {
    let directory: TemporaryDirectory
    var root: URL { directory.url.appending(path: "out", directoryHint: .isDirectory) }
    var datasetPath: String { directory.path + "/out/messages" }
    /// Where writers of the dataset stage: outside the dataset's tree.
    var stagingPath: String { directory.path + "/out/.ferry-staging/messages" }

    init() throws { directory = try TemporaryDirectory() }

    func layout(_ fileExtension: String = "jsonl") -> PartitionLayout {
        PartitionLayout(root: root, dataset: "messages", fileExtension: fileExtension)
    }

    static func context(run: String, compression: OutputCompression = .gzip(level: 6)) -> ManifestContext {
        ManifestContext(
            runId: run, pipeline: "m365-mail", dataset: "messages", schemaVersion: 3,
            windowStart: "2026-11-20T00:00:00Z", windowEnd: "2026-11-22T00:00:00Z",
            pseudonymKeyId: "key-2026-01", format: "jsonl", compression: compression.name)
    }

    func writer(
        run: String, compression: OutputCompression = .gzip(level: 6), maxRows: Int = 1_000_000,
        maxBytes: Int = 1 << 30, header: [UInt8]? = nil, fileExtension: String = "jsonl"
    ) throws -> DatasetWriter {
        try DatasetWriter(
            layout: layout(fileExtension), compression: compression, maxRowsPerFile: maxRows,
            maxBytesPerFile: maxBytes, fileHeader: header, context: Self.context(run: run, compression: compression))
    }

    func partitionURL(_ value: String) -> URL {
        root.appending(path: "messages/date=\(value)", directoryHint: .isDirectory)
    }

    /// The names in a directory (hidden ones too), sorted; empty if it does not exist.
    func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// What `out/messages/*/*` matches for readers that skip hidden names: visible files in visible
    /// partition directories.
    func visibleFiles() -> [String] {
        entries(datasetPath).filter { !$0.hasPrefix(".") }.flatMap { partition in
            entries(datasetPath + "/" + partition).filter { !$0.hasPrefix(".") }.map { "\(partition)/\($0)" }
        }
    }

    /// The part files of a partition, in name order.
    func partFiles(_ value: String) -> [URL] {
        entries(partitionURL(value).path(percentEncoded: false))
            .filter { $0.hasPrefix("part-") }
            .map { partitionURL(value).appending(path: $0) }
    }

    /// The uncompressed content of one part file.
    static func content(_ url: URL) throws -> [UInt8] {
        url.pathExtension == "gz" ? try Gunzip.decompress(file: url) : Array(try Data(contentsOf: url))
    }

    /// The lines of a byte string, each with its "\n".
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    /// A JSON line of varying length for record `index` of partition `value`.
    static func record(_ index: Int, _ value: String, padding: Int = 0) -> [UInt8] {
        let pad = String(repeating: "x", count: padding + index % 37)
        return Array(#"{"id":"\#(value)-\#(index)","subject":"Re: plan \#(index)","pad":"\#(pad)"}"#.utf8) + [10]
    }

    /// The uncompressed file sizes the writer's rule gives: a new file when the next line would pass
    /// the limit, unless the current file is still empty.
    static func expectedFileSizes(_ lines: [[UInt8]], limit: Int) -> [Int] {
        var sizes: [Int] = []
        var current = 0
        for line in lines {
            if current > 0 && current + line.count > limit {
                sizes.append(current)
                current = 0
            }
            current += line.count
        }
        sizes.append(current)
        return sizes
    }
}
