import FerryCore
import FerryLoad
import FerryState
import Foundation
import Synchronization

/// The one place a dataset's records go during a run: its partition writer, its quarantine, and
/// what a checkpoint must know of how far each unit of work (one owner's collection) got.
///
/// Workers append in parallel, each page on a free lane of the writer, so the dataset is compressed
/// on as many cores as it has lanes. A page holds its lane until its unit's new position is recorded,
/// and a checkpoint holds every lane (in index order, then the progress), so it never sees a page's
/// records without its position or the other way round.
package final class DatasetSink: Sendable {
    let dataset: String
    private let writer: DatasetWriter
    static let quarantineDirectoryName = "_quarantine"
    /// Where the run's quarantine file becomes visible: `<output>/_quarantine/part-<run>.jsonl`, or
    /// `part-<run>.shard-K.jsonl` for shard K of a sharded run (shards share the run id).
    private let quarantineFile: URL
    private let runId: String
    private let progress: Mutex<SinkProgress>
    /// The first mailbox refusal skipped, to name if every mailbox turns out refused.
    private let firstRefusal = Mutex<AccessDeniedError?>(nil)

    /// Rows written, an earlier process's included when resuming.
    package var rows: Int { writer.rowsWritten }
    /// Users whose collection Graph reported missing (no mailbox): skipped and counted.
    var usersSkipped: Int { progress.withLock { $0.usersSkipped } }
    /// Users whose mailbox an application access policy keeps out of reach (403): skipped and counted.
    var accessDenied: Int { progress.withLock { $0.accessDenied } }
    /// Mailboxes refused in this process (a resumed run's `accessDenied` holds the earlier ones too).
    var accessDeniedHere: Int { progress.withLock { $0.accessDeniedHere } }
    /// The delta link each completed unit of a delta query ended with, over the whole run.
    var deltaLinks: [String: String] { progress.withLock { $0.deltaLinks } }
    /// Records left out because their unit had already produced one with the same id (this process's).
    var duplicates: Int { progress.withLock { $0.duplicates } }
    var outsideWindow: Int { progress.withLock { $0.outsideWindow } }
    /// Units whose delta link Graph no longer knew (410): read again whole.
    var resyncs: Int { progress.withLock { $0.resyncs } }
    var quarantinedCount: Int { progress.withLock { $0.quarantine.count } }

    /// Opens the dataset's writer with `lanes` lanes; `resume` continues an earlier process's run
    /// from its checkpoint. Without `checkpoints` (no state database), no checkpoint will be asked
    /// for, and completed units are not remembered for one.
    package init(
        dataset: String, layout: PartitionLayout, compression: OutputCompression, maxRowsPerFile: Int,
        maxBytesPerFile: Int, fileHeader: [UInt8]?, context: ManifestContext, lanes: Int = 1, resume: DatasetCheckpoint? = nil,
        checkpoints: Bool = true, writeSettings: String = ""
    ) throws {
        self.dataset = dataset
        self.runId = context.runId
        quarantineFile = layout.datasetDirectory.appending(path: Self.quarantineDirectoryName)
            .appending(path: "part-\(context.runId)\(layout.shard.map { ".shard-\($0.index)" } ?? "").jsonl")
        writer = try DatasetWriter(
            layout: layout, compression: compression, maxRowsPerFile: maxRowsPerFile, maxBytesPerFile: maxBytesPerFile,
            fileHeader: fileHeader, context: context, lanes: lanes,
            resuming: resume.map { checkpoint in
                checkpoint.files.map {
                    SealedPartFile(
                        partition: $0.partition,
                        file: PartFileSummary(name: $0.name, rows: $0.rows, bytes: $0.bytes, sha256: $0.sha256))
                }
            },
            writeSettings: writeSettings)
        var progress = resume.map(SinkProgress.init(resuming:)) ?? SinkProgress()
        progress.remembersCompletedUnits = checkpoints
        self.progress = Mutex(progress)
    }

    /// Partitions the run writes even when empty, and the ones it is the whole truth for.
    func declare(partitions: [String], coverage: PartitionCoverage?) throws {
        for partition in partitions { try writer.declare(partition: partition) }
        if let coverage { try writer.cover(coverage) }
    }

    /// Writes one page of `unit`; `next` is the URL of its following page, nil when the unit is
    /// complete; `deltaLink`, on a delta query's last page, where the unit's next round starts.
    func append(_ batch: EncodedBatch, unit: String, next: String?, deltaLink: String? = nil) throws {
        guard !batch.records.isEmpty else {
            // No record to write: the position alone, which a checkpoint reads under this same lock.
            progress.withLock { $0.record(batch, unit: unit, next: next, deltaLink: deltaLink) }
            return
        }
        try writer.withLane { lane in
            try batch.bytes.withUnsafeBytes { bytes in
                var start = 0
                for record in batch.records {
                    try lane.append(
                        UnsafeRawBufferPointer(rebasing: bytes[start..<record.end]), partition: batch.partitions[record.partition])
                    start = record.end
                }
            }
            progress.withLock { $0.record(batch, unit: unit, next: next, deltaLink: deltaLink) }
        }
    }

    /// Graph no longer knows `unit`'s delta link: it is read again from the start.
    func resync(_ unit: String) {
        progress.withLock {
            $0.resyncs += 1
            $0.resyncing.insert(unit)
            $0.cursors[unit] = nil
        }
    }

    /// The first refusal of a mailbox outside the app's access policy that was skipped, if any.
    var firstAccessDenied: AccessDeniedError? { firstRefusal.withLock { $0 } }

    /// Keeps `refusal` if it is the first mailbox refusal skipped.
    func noteRefusal(_ refusal: AccessDeniedError) {
        firstRefusal.withLock { if $0 == nil { $0 = refusal } }
    }

    /// Whether some of `unit`'s pages were written and it is not complete.
    func isPartial(_ unit: String) -> Bool {
        progress.withLock { $0.cursors[unit] != nil }
    }

    /// Why a unit was skipped.
    enum SkipReason {
        /// Graph has no such collection (no mailbox, no manager): 404.
        case unavailable
        /// An application access policy keeps the mailbox out of the app's reach: 403.
        case accessDenied
    }

    /// Graph reported `unit`'s collection missing (a user without a mailbox) or refused it (a mailbox outside
    /// the app's access policy): complete, and counted by `reason`.
    func skipUnit(_ unit: String, reason: SkipReason = .unavailable) {
        progress.withLock {
            switch reason {
            case .unavailable: $0.usersSkipped += 1
            case .accessDenied: $0.accessDenied += 1
            }
            $0.cursors[unit] = nil
            if $0.remembersCompletedUnits { $0.completedSinceCheckpoint[unit] = 0 }
        }
    }

    /// Seals the files written so far and describes them with the progress they hold. Once the
    /// returned checkpoint is saved, later ones describe only what follows; if saving fails, the run
    /// must stop, since those units would not be recorded again.
    func checkpoint() throws -> DatasetCheckpoint {
        try writer.seal { sealed in
            progress.withLock { $0.checkpoint(dataset: dataset, files: sealed) }
        }
    }

    /// The first step of the commit: finishes and stages everything, the quarantine file included.
    /// Nothing visible changes; a full disk fails here.
    package func prepareCommit() throws {
        let (quarantine, skipped) = progress.withLock {
            ($0.quarantine, ["unavailable": $0.usersSkipped, "access_denied": $0.accessDenied])
        }
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
        try writer.prepareCommit(skippedUnits: skipped)
    }

    /// Makes the run's partitions (and quarantine file) visible; on failure the dataset is as it was.
    package func publish() throws -> (partitions: [PartitionSummary], quarantineFile: URL?) {
        (try writer.publish(), quarantinedCount == 0 ? nil : quarantineFile)
    }

    /// Undoes `publish()` after another dataset of the run failed to commit.
    func rollBack() -> [LoadError] {
        writer.rollBack()
    }

    /// Deletes the staging area and the earlier versions of what the commit replaced.
    package func finishCommit() throws {
        try writer.finishCommit()
    }

    func abort() {
        writer.abort()
    }

    /// Keeps what is staged for a resume and lets go of the staging area now.
    func release() {
        writer.release()
    }
}
