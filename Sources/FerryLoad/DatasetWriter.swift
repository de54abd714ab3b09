import Foundation

/// Writes one dataset's records of one run into Hive partitions, and commits them atomically.
///
/// Files end up as `root/<dataset>/<key>=<value>/part-<run>-<n>.<ext>[.gz]` (n = 00000, 00001, ...)
/// beside a `_manifest.json` and an empty `_SUCCESS`. A part file holds at most `maxRowsPerFile`
/// records and at most `maxBytesPerFile` *uncompressed* bytes (header included); the next record
/// that would pass either limit starts a new file, and a single record larger than the byte limit
/// gets a file of its own. Records are never split across files.
///
/// ## Commit protocol
/// 1. Everything is written under `root/<dataset>/.staging-<run>/<key>=<value>/`. Readers' globs
///    (`out/messages/*/*.jsonl.gz`, Spark, DuckDB) never see it: the directory is dot-prefixed and
///    its files sit a level deeper than a partition's. Open files carry a dot-prefixed name too.
/// 2. `prepareCommit()` finishes each part file (gzip trailer, `fsync`, rename to its final name),
///    then writes `_manifest.json` (run, window, schema version, key id, rows, bytes and SHA-256 of
///    every file) and `_SUCCESS`, and syncs the staged directory. A full disk fails here, before
///    anything visible changed.
/// 3. `publish()` makes each staged partition replace the visible one: on Linux by swapping the two
///    directories in one `renameat2(RENAME_EXCHANGE)`, elsewhere by renaming the old one into the
///    staging area and the new one into place. Covered partitions that got no record are moved into
///    the staging area, and the run record into `_runs/`. Every step is recorded, so a failure, here
///    or in another dataset of the same run, is undone by `rollBack()`.
/// 4. `finishCommit()` removes the staging directory, and with it the earlier versions.
///
/// A crash at any point leaves each partition either as it was or wholly replaced, never
/// half-written. What a crashed or abandoned writer leaves behind is hidden, and removed by the next
/// writer of the dataset when it starts (an old partition caught between the two fallback renames is
/// put back). A staging directory stays put while its writer holds its lock, so runs of different
/// pipelines may share an output directory. Running the same window again replaces its partitions;
/// `cover(_:)` says which partitions the run is the whole truth for, so a covered partition that gets
/// no record is removed rather than left with an earlier run's records.
///
/// Not thread-safe and not `Sendable`: use it from one task at a time (wrap it in an actor or a
/// `Mutex`). Dropping a writer without `commit()` or `abort()` behaves like a crash.
public final class DatasetWriter {
    private enum State { case open, prepared, published, committed, aborted, failed }
    /// The name of the run record while it is staged.
    private static let stagedRunRecord = ".run.json"

    private let layout: PartitionLayout
    private let compression: OutputCompression
    private let maxRowsPerFile: Int
    private let maxBytesPerFile: Int
    private let fileHeader: [UInt8]?
    private let context: ManifestContext
    private let staging: StagingArea
    private var partitions: [String: StagedPartition] = [:]
    /// Consecutive records usually share a partition, so the last one is kept at hand.
    private var lastPartition: StagedPartition?
    private var state = State.open
    private var coverage: PartitionCoverage?
    /// What `prepareCommit()` made ready: the partitions to publish, and covered ones to remove.
    private var prepared: (summaries: [PartitionSummary], removed: [String])?
    /// What `publish()` changed, in order, for `rollBack()`.
    private var published: [PublishStep] = []
    /// Files staged with `attach`, published with the partitions.
    private var attachments: [(staged: String, directory: String, name: String)] = []

    /// The number of records appended so far, over all partitions.
    public private(set) var rowsWritten = 0

    /// Creates the writer and its staging directory, cleaning what earlier crashed runs left behind.
    ///
    /// - Parameters:
    ///   - maxRowsPerFile: the most records in one part file (at least 1).
    ///   - maxBytesPerFile: the most uncompressed bytes in one part file (at least 1).
    ///   - fileHeader: bytes written at the top of every part file, e.g. a CSV header line.
    ///   - context: what each partition's manifest records; `context.runId` names the part files.
    ///   - sealed: resumes the run `context.runId` left by an earlier process: its staged files listed
    ///     here (from `seal()`) are kept and will be committed with the new ones; everything else it
    ///     staged is deleted. Throws `LoadError` of kind `.resume` when they are not all there.
    public init(
        layout: PartitionLayout, compression: OutputCompression, maxRowsPerFile: Int, maxBytesPerFile: Int,
        fileHeader: [UInt8]?, context: ManifestContext, resuming sealed: [SealedPartFile]? = nil
    ) throws {
        try PartitionLayout.checkComponent(layout.dataset, "dataset name")
        try PartitionLayout.checkComponent(layout.partitionKey, "partition key")
        if layout.partitionKey.contains("=") {
            throw LoadError.invalid("partition key '\(layout.partitionKey)' contains '='; use a plain column name")
        }
        try PartitionLayout.checkComponent(layout.fileExtension, "file extension")
        try PartitionLayout.checkComponent(context.runId, "run id", allowLeadingDot: true)
        guard maxRowsPerFile > 0, maxBytesPerFile > 0 else {
            throw LoadError.invalid(
                "part file limits must be positive (rows \(maxRowsPerFile), bytes \(maxBytesPerFile)); fix the load settings")
        }
        if case .gzip(let level) = compression, !(0...9).contains(level) {
            throw LoadError.invalid("gzip level \(level) is out of range; use a level from 0 (fastest) to 9 (smallest)")
        }
        self.layout = layout
        self.compression = compression
        self.maxRowsPerFile = maxRowsPerFile
        self.maxBytesPerFile = maxBytesPerFile
        self.fileHeader = fileHeader
        self.context = context
        staging = try StagingArea(
            datasetPath: FileSystem.path(of: layout.datasetDirectory), runId: context.runId, resuming: sealed != nil,
            keepsFiles: sealed?.isEmpty == false)
        if let sealed { try adopt(sealed) }
    }

    /// Finishes every open part file (synced and renamed to its final name, still in staging) and
    /// returns all the run's finished files: a checkpoint records them with the work they hold.
    ///
    /// The next record of a partition starts a new part file.
    public func seal() throws -> [SealedPartFile] {
        try checkOpen()
        var sealed: [SealedPartFile] = []
        for partition in partitions.values.sorted(by: { $0.value < $1.value }) {
            do {
                try partition.finishCurrent()
            } catch {
                state = .failed
                throw error
            }
            try FileSystem.syncDirectory(partition.stagedPath)
            sealed += partition.finished.map { SealedPartFile(partition: partition.value, file: $0) }
        }
        return sealed
    }

    /// Appends one encoded record (ending in "\n") to the partition `value` (e.g. "2026-11-21").
    public func append(_ line: UnsafeRawBufferPointer, partition value: String) throws {
        try checkOpen()
        guard line.last == UInt8(ascii: "\n") else {
            throw LoadError.invalid("a record for partition '\(value)' does not end in a newline; the encoder must end each record with \"\\n\"")
        }
        let partition: StagedPartition
        if let last = lastPartition, last.value == value {
            partition = last
        } else {
            partition = try stagedPartition(value)
            lastPartition = partition
        }
        do {
            let file = try partFile(for: partition, adding: line.count)
            try file.append(line)
        } catch {
            state = .failed
            throw error
        }
        rowsWritten += 1
    }

    /// Appends one encoded record (ending in "\n") to the partition `value`.
    public func append(_ line: [UInt8], partition value: String) throws {
        try line.withUnsafeBytes { try append($0, partition: value) }
    }

    /// Declares a partition the run writes even if it gets no rows: it is committed empty, with its
    /// manifest (a change feed's partition of a run that found no change).
    public func declare(partition value: String) throws {
        try checkOpen()
        _ = try stagedPartition(value)
    }

    /// Says which partitions this run is the whole truth for. At commit, each covered partition that
    /// got no record is removed (not written empty), and `<dataset>/_runs/<run>.json` records the
    /// coverage with the partitions written and removed.
    public func cover(_ coverage: PartitionCoverage) throws {
        try checkOpen()
        self.coverage = coverage
    }

    /// Stages a file that becomes visible with the commit, as `<dataset>/<directory>/<fileName>` (a
    /// run's quarantine file), and goes back with it when the commit is rolled back.
    public func attach(_ bytes: [UInt8], directory: String, fileName: String) throws {
        try checkOpen()
        try PartitionLayout.checkComponent(directory, "attachment directory", allowLeadingDot: true)
        try PartitionLayout.checkComponent(fileName, "attachment name")
        let staged = ".attached-\(attachments.count)"
        try staging.stageFile(staged, bytes: bytes)
        attachments.append((staged, directory, fileName))
    }

    /// Closes every file and makes each partition visible whole, replacing the same partitions of
    /// earlier runs: `prepareCommit()`, `publish()` and `finishCommit()` in one call.
    ///
    /// If this throws, nothing it did is visible any more; call `abort()` to remove what was staged.
    public func commit() throws -> [PartitionSummary] {
        try prepareCommit()
        let summaries = try publish()
        try finishCommit()
        return summaries
    }

    /// The first step of a commit, where a full disk or a failing file shows up: finishes every part
    /// file and writes each partition's `_manifest.json` and `_SUCCESS` (and the run record), all
    /// synced, still in staging. Nothing visible changes.
    public func prepareCommit() throws {
        try checkOpen()
        state = .failed  // until every step below has succeeded
        let createdAt = Date().ISO8601Format()
        let ordered = partitions.values.sorted { $0.value < $1.value }
        for partition in ordered {
            try partition.finishCurrent()
            let files = partition.finished.sorted { $0.name < $1.name }
            let manifest = Manifest(
                context: context,
                partition: .init(key: layout.partitionKey, value: partition.value),
                createdAt: createdAt, files: files)
            try FileSystem.writeFile(
                FileSystem.join(partition.stagedPath, Manifest.fileName), bytes: try manifest.encoded())
            try FileSystem.writeFile(FileSystem.join(partition.stagedPath, Manifest.successMarker), bytes: [])
            try FileSystem.syncDirectory(partition.stagedPath)
        }
        let summaries = ordered.map {
            PartitionSummary(
                value: $0.value, directory: layout.partitionDirectory($0.value),
                files: $0.finished.sorted { $0.name < $1.name })
        }
        var removed: [String] = []
        if let coverage {
            let prefix = layout.partitionDirectoryName("")
            for entry in FileSystem.entries(of: staging.datasetPath).sorted() where entry.hasPrefix(prefix) {
                let value = String(entry.dropFirst(prefix.count))
                if coverage.contains(value), partitions[value] == nil { removed.append(value) }
            }
            let record = DatasetRunRecord(
                context: context, partitionKey: layout.partitionKey, covers: coverage, partitions: summaries,
                removed: removed, createdAt: createdAt)
            try staging.stageFile(Self.stagedRunRecord, bytes: try record.encoded())
        }
        try FileSystem.syncDirectory(staging.path)
        prepared = (summaries, removed)
        state = .prepared
    }

    /// The second step: makes every prepared partition visible, removes covered partitions that got no
    /// record, and publishes the run record. If any step fails, the ones before are undone and the
    /// error is thrown: the dataset is as it was.
    public func publish() throws -> [PartitionSummary] {
        guard state == .prepared, let prepared else {
            throw LoadError(.finished, path: staging.datasetPath, message:
                "the writer of dataset '\(layout.dataset)' publishes only after prepareCommit(); this is a bug in the caller")
        }
        state = .failed
        do {
            for summary in prepared.summaries {
                published.append(try staging.swapIn(layout.partitionDirectoryName(summary.value)))
            }
            for value in prepared.removed {
                published.append(try staging.setAside(layout.partitionDirectoryName(value)))
            }
            for attachment in attachments {
                published.append(try staging.publishFile(attachment.staged, to: attachment.directory, as: attachment.name))
            }
            if coverage != nil {
                published.append(try staging.publishFile(
                    Self.stagedRunRecord, to: DatasetRunRecord.directoryName, as: context.runId + ".json"))
            }
            try staging.markPublished()
        } catch {
            rollBack()
            throw error
        }
        state = .published
        return prepared.summaries
    }

    /// Undoes a `publish()`, newest step first, when another dataset of the same run failed to commit:
    /// every partition this writer replaced or removed is back. Returns the errors of steps that could
    /// not be undone (each names its path), empty when all went back.
    @discardableResult
    public func rollBack() -> [LoadError] {
        var errors: [LoadError] = []
        for step in published.reversed() {
            do {
                try step.undo()
            } catch let error as LoadError {
                errors.append(error)
            } catch {
                errors.append(LoadError(.fileSystem, path: staging.datasetPath, message: "\(error)"))
            }
        }
        published = []
        try? FileSystem.syncDirectory(staging.datasetPath)
        state = .failed
        return errors
    }

    /// The last step: deletes the staging area, with the earlier versions of what was replaced.
    public func finishCommit() throws {
        guard state == .published else {
            throw LoadError(.finished, path: staging.datasetPath, message:
                "the writer of dataset '\(layout.dataset)' finishes only a published commit; this is a bug in the caller")
        }
        published = []
        partitions = [:]
        lastPartition = nil
        state = .committed
        try staging.remove()
    }

    /// Removes everything this writer staged; nothing becomes visible. After `publish()`, call
    /// `rollBack()` first.
    public func abort() {
        guard state == .open || state == .failed || state == .prepared else { return }
        for partition in partitions.values { partition.closeCurrent() }
        partitions = [:]
        lastPartition = nil
        try? staging.remove()
        state = .aborted
    }

    private func checkOpen() throws {
        switch state {
        case .open: return
        case .prepared, .published, .committed, .aborted:
            throw LoadError(.finished, path: staging.datasetPath, message:
                "the writer of dataset '\(layout.dataset)' was already committed or aborted; create a new writer")
        case .failed:
            throw LoadError(.finished, path: staging.datasetPath, message:
                "the writer of dataset '\(layout.dataset)' failed earlier; abort it and run again")
        }
    }

    private func stagedPartition(_ value: String) throws -> StagedPartition {
        if let existing = partitions[value] { return existing }
        try PartitionLayout.checkComponent(value, "partition value", allowLeadingDot: true)
        let directoryName = layout.partitionDirectoryName(value)
        let partition = StagedPartition(
            value: value, directoryName: directoryName,
            stagedPath: staging.stagedPartitionPath(directoryName))
        try FileSystem.createDirectories(partition.stagedPath)
        partitions[value] = partition
        return partition
    }

    /// Takes over the files an earlier process of this run sealed, and drops what it wrote after.
    private func adopt(_ sealed: [SealedPartFile]) throws {
        let byPartition = Dictionary(grouping: sealed, by: \.partition).mapValues { files in
            files.map(\.file).sorted { $0.name < $1.name }
        }
        var kept: [String: [(name: String, bytes: Int)]] = [:]
        for (value, ordered) in byPartition {
            for (index, file) in ordered.enumerated()
            where file.name != layout.partFileName(runId: context.runId, index: index, compression: compression) {
                throw LoadError(.resume, path: staging.path, message:
                    "the checkpoint lists part file '\(file.name)' out of sequence; the run starts over")
            }
            kept[layout.partitionDirectoryName(value)] = ordered.map { ($0.name, $0.bytes) }
        }
        try staging.keep(kept)
        for (value, ordered) in byPartition {
            let partition = try stagedPartition(value)
            partition.finished = ordered
            partition.nextIndex = partition.finished.count
            rowsWritten += partition.finished.reduce(0) { $0 + $1.rows }
        }
    }

    /// The part file the next record of `byteCount` bytes goes to, rolling to a new one at a limit.
    private func partFile(for partition: StagedPartition, adding byteCount: Int) throws -> PartFile {
        if let file = partition.current {
            let full = file.rows >= maxRowsPerFile
                || (file.rows > 0 && file.uncompressedBytes + byteCount > maxBytesPerFile)
            if !full { return file }
            try partition.finishCurrent()
        }
        let name = layout.partFileName(runId: context.runId, index: partition.nextIndex, compression: compression)
        partition.nextIndex += 1
        let file = try PartFile(
            directory: partition.stagedPath, name: name, compression: compression, header: fileHeader)
        partition.current = file
        return file
    }
}

/// Not `Sendable`: it owns open files and mutable buffers that one task at a time may touch.
@available(*, unavailable)
extension DatasetWriter: Sendable {}
