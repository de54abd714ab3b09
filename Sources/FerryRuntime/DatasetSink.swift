import FerryCore
import FerryLoad
import FerryState
import Foundation

/// The one place a dataset's records go during a run: its partition writer, its quarantine, and
/// what a checkpoint must know of how far each unit of work (one owner's collection) got.
///
/// An actor because `DatasetWriter` is used from one task at a time while many workers fetch; a page
/// and the unit's new position are recorded in one call, so a checkpoint never sees one without the other.
actor DatasetSink {
    let dataset: String
    private let writer: DatasetWriter
    static let quarantineDirectoryName = "_quarantine"
    /// Where the run's quarantine file becomes visible: `<output>/_quarantine/part-<run>.jsonl`.
    private let quarantineFile: URL
    private let runId: String
    private var quarantine: [QuarantineEntry] = []
    /// Rows written, an earlier process's included when resuming.
    var rows: Int { writer.rowsWritten }
    /// Users whose collection Graph reported missing (no mailbox): skipped and counted.
    private(set) var usersSkipped = 0
    /// Units partly read: the next page's URL and the rows written so far.
    private var cursors: [String: DatasetCheckpoint.Cursor] = [:]
    /// Units completed, and records quarantined, since the last checkpoint.
    private var completedSinceCheckpoint: [String: Int] = [:]
    private var quarantinedSinceCheckpoint = 0
    /// The delta link each completed unit of a delta query ended with, over the whole run.
    private(set) var deltaLinks: [String: String] = [:]
    /// Records left out because their unit had already produced one with the same id (this process's).
    private(set) var duplicates = 0
    /// Units whose delta link Graph no longer knew (410): read again whole.
    private(set) var resyncs = 0

    /// Opens the dataset's writer; `resume` continues an earlier process's run from its checkpoint.
    init(
        dataset: String, layout: PartitionLayout, compression: OutputCompression, maxRowsPerFile: Int,
        maxBytesPerFile: Int, fileHeader: [UInt8]?, context: ManifestContext, resume: DatasetCheckpoint? = nil
    ) throws {
        self.dataset = dataset
        self.runId = context.runId
        quarantineFile = layout.datasetDirectory.appending(path: Self.quarantineDirectoryName)
            .appending(path: "part-\(context.runId).jsonl")
        writer = try DatasetWriter(
            layout: layout, compression: compression, maxRowsPerFile: maxRowsPerFile, maxBytesPerFile: maxBytesPerFile,
            fileHeader: fileHeader, context: context,
            resuming: resume.map { checkpoint in
                checkpoint.files.map {
                    SealedPartFile(
                        partition: $0.partition,
                        file: PartFileSummary(name: $0.name, rows: $0.rows, bytes: $0.bytes, sha256: $0.sha256))
                }
            })
        if let resume {
            usersSkipped = resume.unitsUnavailable
            cursors = resume.cursors
            deltaLinks = resume.deltaLinks
            quarantine = resume.quarantined.map { QuarantineEntry(recordId: $0.recordId, reason: $0.reason) }
        }
    }

    /// Partitions the run writes even when empty, and the ones it is the whole truth for.
    func declare(partitions: [String], coverage: PartitionCoverage?) throws {
        for partition in partitions { try writer.declare(partition: partition) }
        if let coverage { try writer.cover(coverage) }
    }

    /// Writes one page of `unit`; `next` is the URL of its following page, nil when the unit is
    /// complete; `deltaLink`, on a delta query's last page, where the unit's next round starts.
    func append(_ batch: EncodedBatch, unit: String, next: String?, deltaLink: String? = nil) throws {
        try batch.bytes.withUnsafeBytes { bytes in
            var start = 0
            for record in batch.records {
                try writer.append(UnsafeRawBufferPointer(rebasing: bytes[start..<record.end]), partition: batch.partitions[record.partition])
                start = record.end
            }
        }
        quarantine.append(contentsOf: batch.quarantined)
        duplicates += batch.duplicates
        quarantinedSinceCheckpoint += batch.quarantined.count
        let unitRows = (cursors[unit]?.rows ?? 0) + batch.records.count
        if let next {
            cursors[unit] = DatasetCheckpoint.Cursor(nextURL: next, rows: unitRows)
        } else {
            cursors[unit] = nil
            completedSinceCheckpoint[unit] = unitRows
            if let deltaLink { deltaLinks[unit] = deltaLink }
        }
    }

    /// Graph no longer knows `unit`'s delta link: it is read again from the start.
    func resync(_ unit: String) {
        resyncs += 1
        cursors[unit] = nil
    }

    /// Graph reported `unit`'s collection missing (a user without a mailbox): complete, and counted.
    func skipUnit(_ unit: String) {
        usersSkipped += 1
        cursors[unit] = nil
        completedSinceCheckpoint[unit] = 0
    }

    var quarantinedCount: Int { quarantine.count }

    /// Seals the files written so far and describes them with the progress they hold. Once the
    /// returned checkpoint is saved, later ones describe only what follows; if saving fails, the run
    /// must stop, since those units would not be recorded again.
    func checkpoint() throws -> DatasetCheckpoint {
        let sealed = try writer.seal()
        let checkpoint = DatasetCheckpoint(
            dataset: dataset,
            files: sealed.map {
                DatasetCheckpoint.File(
                    partition: $0.partition, name: $0.file.name, rows: $0.file.rows, bytes: $0.file.bytes,
                    sha256: $0.file.sha256)
            },
            completedUnits: completedSinceCheckpoint,
            deltaLinks: completedSinceCheckpoint.keys.reduce(into: [:]) { links, unit in links[unit] = deltaLinks[unit] },
            cursors: cursors, unitsUnavailable: usersSkipped,
            quarantined: quarantine.suffix(quarantinedSinceCheckpoint).map {
                DatasetCheckpoint.QuarantinedRecord(recordId: $0.recordId, reason: $0.reason)
            })
        completedSinceCheckpoint = [:]
        quarantinedSinceCheckpoint = 0
        return checkpoint
    }

    /// The first step of the commit: finishes and stages everything, the quarantine file included.
    /// Nothing visible changes; a full disk fails here.
    func prepareCommit() throws {
        if !quarantine.isEmpty {
            var bytes: [UInt8] = []
            for entry in quarantine {
                let value: JSONValue = .object([
                    ("run_id", .string(runId)), ("dataset", .string(dataset)),
                    ("id", entry.recordId.map(JSONValue.string) ?? .null), ("reason", .string(entry.reason)),
                ])
                JSONWriter.write(value, into: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
            try writer.attach(bytes, directory: Self.quarantineDirectoryName, fileName: quarantineFile.lastPathComponent)
        }
        try writer.prepareCommit()
    }

    /// Makes the run's partitions (and quarantine file) visible; on failure the dataset is as it was.
    func publish() throws -> (partitions: [PartitionSummary], quarantineFile: URL?) {
        (try writer.publish(), quarantine.isEmpty ? nil : quarantineFile)
    }

    /// Undoes `publish()` after another dataset of the run failed to commit.
    func rollBack() -> [LoadError] {
        writer.rollBack()
    }

    /// Deletes the staging area and the earlier versions of what the commit replaced.
    func finishCommit() throws {
        try writer.finishCommit()
    }

    func abort() {
        writer.abort()
    }
}
