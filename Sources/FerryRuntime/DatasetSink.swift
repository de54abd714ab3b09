import FerryCore
import FerryLoad
import Foundation

/// The one place a dataset's records go during a run: its partition writer and its quarantine.
///
/// An actor because `DatasetWriter` is used from one task at a time while many workers fetch.
actor DatasetSink {
    let dataset: String
    private let writer: DatasetWriter
    private let quarantineDirectory: URL
    private let runId: String
    private var quarantine: [QuarantineEntry] = []
    private(set) var rows = 0
    /// Users whose collection Graph reported missing (no mailbox): skipped and counted.
    private(set) var usersSkipped = 0

    init(
        dataset: String, layout: PartitionLayout, compression: OutputCompression, maxRowsPerFile: Int,
        maxBytesPerFile: Int, fileHeader: [UInt8]?, context: ManifestContext
    ) throws {
        self.dataset = dataset
        self.runId = context.runId
        self.quarantineDirectory = layout.root.appendingPathComponent(dataset).appendingPathComponent("_quarantine")
        writer = try DatasetWriter(
            layout: layout, compression: compression, maxRowsPerFile: maxRowsPerFile, maxBytesPerFile: maxBytesPerFile,
            fileHeader: fileHeader, context: context)
    }

    func declare(partitions: [String]) throws {
        for partition in partitions { try writer.declare(partition: partition) }
    }

    func append(_ batch: EncodedBatch) throws {
        try batch.bytes.withUnsafeBytes { bytes in
            var start = 0
            for record in batch.records {
                try writer.append(UnsafeRawBufferPointer(rebasing: bytes[start..<record.end]), partition: batch.partitions[record.partition])
                start = record.end
            }
        }
        rows += batch.records.count
        quarantine.append(contentsOf: batch.quarantined)
    }

    func skipUser() {
        usersSkipped += 1
    }

    var quarantinedCount: Int { quarantine.count }

    /// Makes the run's partitions visible and writes the quarantine file, if any record went there.
    func commit() throws -> (partitions: [PartitionSummary], quarantineFile: URL?) {
        let partitions = try writer.commit()
        guard !quarantine.isEmpty else { return (partitions, nil) }
        try FileManager.default.createDirectory(at: quarantineDirectory, withIntermediateDirectories: true)
        let file = quarantineDirectory.appendingPathComponent("part-\(runId).jsonl")
        var bytes: [UInt8] = []
        for entry in quarantine {
            let value: JSONValue = .object([
                ("run_id", .string(runId)), ("dataset", .string(dataset)),
                ("id", entry.recordId.map(JSONValue.string) ?? .null), ("reason", .string(entry.reason)),
            ])
            JSONWriter.write(value, into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        try Data(bytes).write(to: file, options: .atomic)
        return (partitions, file)
    }

    func abort() {
        writer.abort()
    }
}
