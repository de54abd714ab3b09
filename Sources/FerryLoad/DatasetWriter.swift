import FerryCore
import Foundation
import Synchronization

/// Writes one dataset's records of one run into Hive partitions, and commits them atomically.
///
/// Files end up as `root/<dataset>/<key>=<value>/part-<run>-<n>.<ext>[.gz]` (n = 00000, 00001, ...)
/// beside a `_manifest.json` and an empty `_SUCCESS`. A part file holds at most `maxRowsPerFile`
/// records and at most `maxBytesPerFile` *uncompressed* bytes (header included); the next record
/// that would pass either limit starts a new file, and a single record larger than the byte limit
/// gets a file of its own. Records are never split across files.
///
/// ## Lanes
/// A writer has `lanes` lanes (one by default), each with its own open part file per partition, so
/// that several tasks append, and zlib compresses, on as many cores at once. `withLane(_:)` lends a
/// free lane for one call; the limits above apply to each lane's files. Part files of a partition
/// are numbered by one counter whichever lane opens them, and `seal()` and the commit finish every
/// lane's open files while holding all lanes (in index order), so what they see is numbered 0..<k.
///
/// ## Commit protocol
/// 1. Everything is written under `root/.ferry-staging/<dataset>/.staging-<run>/<key>=<value>/`
///    (`.../<key>=<value>/shard=<k>/` for shard k of a sharded run, whose staging directory is
///    `.staging-<run>.shard-<k>`). No glob under the dataset directory (`out/messages/**/*.jsonl.gz`,
///    Spark, DuckDB, pyarrow) reaches it. Open files carry a dot-prefixed name too.
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
/// Thread-safe: lanes are lent to one caller at a time and appends on different lanes run in
/// parallel. The commit steps (`prepareCommit()` to `finishCommit()`, `abort()`) are for one caller
/// once the appends are over. Dropping a writer without `commit()` or `abort()` behaves like a crash.
public final class DatasetWriter: Sendable {
    private enum State: Sendable { case open, prepared, published, committed, aborted, failed }
    /// The name of the run record while it is staged.
    private static let stagedRunRecord = ".run.json"

    /// What the commit steps change, under one lock.
    private struct Control {
        var state = State.open
        let staging: StagingArea
        var coverage: PartitionCoverage?
        /// What `prepareCommit()` made ready: the partitions to publish, and the paths below the dataset
        /// directory of covered ones (or leaves, or an unsharded run's files) to remove.
        var prepared: (summaries: [PartitionSummary], removed: [String])?
        /// What `publish()` changed, in order, for `rollBack()`.
        var published: [PublishStep] = []
        /// Files staged with `attach`, published with the partitions.
        var attachments: [(staged: String, directory: String, name: String)] = []
    }

    /// One lane in its own lock, so lanes are lent independently.
    private final class Lane: Sendable {
        let slot: Mutex<WriterLane>
        init(_ lane: WriterLane) { slot = Mutex(lane) }
    }

    private let layout: PartitionLayout
    private let context: ManifestContext
    private let datasetPath: String
    private let partitions: PartitionRegistry
    private let lanes: [Lane]
    private let control: Mutex<Control>
    /// Rows of the files taken over from an earlier process.
    private let adoptedRows: Int
    /// Where the search for a free lane starts next, so callers spread over the lanes.
    private let nextLane = Atomic<Int>(0)

    /// The number of lanes, the most appends that run at one time.
    public var laneCount: Int { lanes.count }

    /// The number of records appended so far, over all partitions and lanes (an earlier process's
    /// sealed ones included when resuming). Waits for lanes in use; do not call it inside `withLane`.
    public var rowsWritten: Int {
        lanes.reduce(adoptedRows) { total, lane in total + lane.slot.withLock { $0.rows } }
    }

    /// Creates the writer and its staging directory, cleaning what earlier crashed runs left behind.
    ///
    /// - Parameters:
    ///   - maxRowsPerFile: the most records in one part file (at least 1).
    ///   - maxBytesPerFile: the most uncompressed bytes in one part file (at least 1).
    ///   - fileHeader: bytes written at the top of every part file, e.g. a CSV header line.
    ///   - context: what each partition's manifest records; `context.runId` names the part files.
    ///   - lanes: how many appends may run at once, each into files of its own (at least 1).
    ///   - sealed: resumes the run `context.runId` left by an earlier process: its staged files listed
    ///     here (from `seal()`) are kept and will be committed with the new ones; everything else it
    ///     staged is deleted. Throws `LoadError` of kind `.resume` when they are not all there.
    ///   - writeSettings: what decides the lines' content (key, modes, columns, format, shard), kept in the
    ///     staging area; resuming with other settings throws `LoadError` of kind `.resume`, so that lines
    ///     written two ways never share a partition.
    public init(
        layout: PartitionLayout, compression: OutputCompression, maxRowsPerFile: Int, maxBytesPerFile: Int,
        fileHeader: [UInt8]?, context: ManifestContext, lanes: Int = 1, resuming sealed: [SealedPartFile]? = nil,
        writeSettings: String = ""
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
        guard lanes > 0 else {
            throw LoadError.invalid("a writer needs at least one lane, not \(lanes); use 1 or more")
        }
        if case .gzip(let level) = compression, !(0...9).contains(level) {
            throw LoadError.invalid("gzip level \(level) is out of range; use a level from 0 (fastest) to 9 (smallest)")
        }
        self.layout = layout
        self.context = context
        let staging = try StagingArea(
            datasetPath: FileSystem.path(of: layout.datasetDirectory),
            stagingDirectory: FileSystem.path(of: layout.stagingDirectory), runId: context.runId,
            name: layout.stagingName(runId: context.runId), resuming: sealed != nil, keepsFiles: sealed?.isEmpty == false)
        datasetPath = staging.datasetPath
        let partitions = PartitionRegistry(
            layout: layout, runId: context.runId, compression: compression, stagingPath: staging.path)
        self.partitions = partitions
        let settings = WriterLane.Settings(
            compression: compression, maxRowsPerFile: maxRowsPerFile, maxBytesPerFile: maxBytesPerFile,
            fileHeader: fileHeader, partitions: partitions)
        self.lanes = (0..<lanes).map { Lane(WriterLane(index: $0, settings: settings)) }
        // The settings the staged lines were written with: a process resuming the run must write the same.
        let settingsPath = FileSystem.join(staging.path, StagingArea.settingsName)
        if let sealed, !sealed.isEmpty, FileSystem.exists(staging.path) {
            let stored = (try? Data(contentsOf: URL(fileURLWithPath: settingsPath))).map { String(decoding: $0, as: UTF8.self) }
            guard stored == writeSettings else {
                throw LoadError(.resume, path: settingsPath, message:
                    "the staged files of run '\(context.runId)' were written with other settings (the pseudonym key, modes, "
                        + "columns, format or shard changed since); the run starts over")
            }
        }
        try staging.stageFile(StagingArea.settingsName, bytes: Array(writeSettings.utf8))
        if let sealed {
            adoptedRows = try Self.adopt(
                sealed, into: partitions, staging: staging, layout: layout, context: context, compression: compression)
        } else {
            adoptedRows = 0
        }
        control = Mutex(Control(staging: staging))
    }

    /// Lends a free lane to `body` for the whole call, waiting for one when all are in use; what
    /// `body` records besides its appends is therefore seen by `seal(_:)` together with them.
    ///
    /// Lanes are locks: `body` must not wait for anything (no `await`, no other lane).
    public func withLane(_ body: (inout WriterLane) throws -> Void) throws {
        try checkOpen()
        let count = lanes.count
        let first = count == 1 ? 0 : Int(UInt(bitPattern: nextLane.wrappingAdd(1, ordering: .relaxed).oldValue) % UInt(count))
        if count > 1 {
            for offset in 0..<count {
                let taken: Void? = try lanes[(first + offset) % count].slot.withLockIfAvailable { lane in
                    try run(body, on: &lane)
                }
                if taken != nil { return }
            }
        }
        try lanes[first].slot.withLock { lane in try run(body, on: &lane) }
    }

    /// Finishes every lane's open part files (synced and renamed to their final names, still in
    /// staging) and returns all the run's finished files: a checkpoint records them with the work
    /// they hold.
    ///
    /// The next record of a partition starts a new part file.
    public func seal() throws -> [SealedPartFile] {
        try seal { $0 }
    }

    /// Seals as `seal()` does and, while every lane is still held, hands the finished files to
    /// `whileQuiet`: nothing is appended until it returns, so what it records of the callers' progress
    /// matches the files exactly.
    public func seal<Result: Sendable>(_ whileQuiet: ([SealedPartFile]) throws -> Result) throws -> Result {
        try checkOpen()
        return try holdingLanes(each: { try $0.finishAll() }) {
            var sealed: [SealedPartFile] = []
            for partition in partitions.all {
                try FileSystem.syncDirectory(partition.stagedPath)
                sealed += partition.finished.map { SealedPartFile(partition: partition.value, file: $0) }
            }
            return try whileQuiet(sealed)
        }
    }

    /// Appends one encoded record (ending in "\n") to the partition `value` (e.g. "2026-11-21"), on
    /// whichever lane is free.
    public func append(_ line: UnsafeRawBufferPointer, partition value: String) throws {
        try withLane { try $0.append(line, partition: value) }
    }

    /// Appends one encoded record (ending in "\n") to the partition `value`.
    public func append(_ line: [UInt8], partition value: String) throws {
        try line.withUnsafeBytes { try append($0, partition: value) }
    }

    /// Declares a partition the run writes even if it gets no rows: it is committed empty, with its
    /// manifest (a change feed's partition of a run that found no change).
    public func declare(partition value: String) throws {
        try checkOpen()
        try partitions.declare(value)
    }

    /// Says which partitions this run is the whole truth for. At commit, each covered partition that
    /// got no record is removed (not written empty), and `<dataset>/_runs/<run>.json` records the
    /// coverage with the partitions written and removed.
    public func cover(_ coverage: PartitionCoverage) throws {
        try checkOpen()
        control.withLock { $0.coverage = coverage }
    }

    /// Stages a file that becomes visible with the commit, as `<dataset>/<directory>/<fileName>` (a
    /// run's quarantine file), and goes back with it when the commit is rolled back.
    public func attach(_ bytes: [UInt8], directory: String, fileName: String) throws {
        try checkOpen()
        try PartitionLayout.checkComponent(directory, "attachment directory", allowLeadingDot: true)
        try PartitionLayout.checkComponent(fileName, "attachment name")
        try control.withLock { control in
            let staged = ".attached-\(control.attachments.count)"
            try control.staging.stageFile(staged, bytes: bytes)
            control.attachments.append((staged, directory, fileName))
        }
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

    /// The first step of a commit, where a full disk or a failing file shows up: finishes every lane's
    /// part files and writes each partition's `_manifest.json` and `_SUCCESS` (and the run record),
    /// all synced, still in staging. Nothing visible changes. `skippedUnits` (users or groups skipped, by
    /// reason) goes into the run record.
    public func prepareCommit(skippedUnits: [String: Int] = [:]) throws {
        try checkOpen()
        fail()  // until every step below has succeeded
        try holdingLanes(each: { try $0.finishAll() }) {
            try control.withLock { control in
                let createdAt = UTCTimestamp(Date()).iso8601Seconds
                let ordered = partitions.all
                for partition in ordered {
                    let manifest = Manifest(
                        context: context,
                        partition: .init(key: layout.partitionKey, value: partition.value),
                        createdAt: createdAt, files: partition.finished, shard: layout.shard)
                    try FileSystem.writeFile(
                        FileSystem.join(partition.stagedPath, Manifest.fileName), bytes: try manifest.encoded())
                    try FileSystem.writeFile(FileSystem.join(partition.stagedPath, Manifest.successMarker), bytes: [])
                    try FileSystem.syncDirectory(partition.stagedPath)
                }
                let summaries = ordered.map {
                    PartitionSummary(value: $0.value, directory: layout.partitionDirectory($0.value), files: $0.finished)
                }
                let written = Set(ordered.map(\.value))
                var removed: [String] = []
                if let coverage = control.coverage {
                    let removals = CoveredLeaves.removals(
                        datasetPath: datasetPath, layout: layout, coverage: coverage, written: written)
                    removed = removals.map(\.path)
                    let record = DatasetRunRecord(
                        context: context, partitionKey: layout.partitionKey, covers: coverage, partitions: summaries,
                        removed: Array(Set(removals.map(\.value))).sorted(), createdAt: createdAt, shard: layout.shard,
                        skippedUnits: skippedUnits)
                    try control.staging.stageFile(Self.stagedRunRecord, bytes: try record.encoded())
                }
                try FileSystem.syncDirectory(control.staging.path)
                control.prepared = (summaries, removed)
                control.state = .prepared
            }
        }
    }

    /// The second step: makes every prepared partition visible, removes covered partitions that got no
    /// record, and publishes the run record. If any step fails, the ones before are undone and the
    /// error is thrown: the dataset is as it was.
    public func publish() throws -> [PartitionSummary] {
        try control.withLock { control in
            guard control.state == .prepared, let prepared = control.prepared else {
                throw LoadError(.finished, path: datasetPath, message:
                    "the writer of dataset '\(layout.dataset)' publishes only after prepareCommit(); this is a bug in the caller")
            }
            control.state = .failed
            do {
                for summary in prepared.summaries {
                    control.published.append(try control.staging.swapIn(layout.partitionDirectoryName(summary.value)))
                }
                for path in prepared.removed {
                    control.published.append(try control.staging.setAside(path))
                }
                for attachment in control.attachments {
                    control.published.append(
                        try control.staging.publishFile(attachment.staged, to: attachment.directory, as: attachment.name))
                }
                if control.coverage != nil {
                    control.published.append(try control.staging.publishFile(
                        Self.stagedRunRecord, to: DatasetRunRecord.directoryName,
                        as: DatasetRunRecord.fileName(runId: context.runId, shard: layout.shard)))
                }
                try control.staging.markPublished()
            } catch {
                _ = Self.rollBack(&control)
                throw error
            }
            control.state = .published
            return prepared.summaries
        }
    }

    /// Undoes a `publish()`, newest step first, when another dataset of the same run failed to commit:
    /// every partition this writer replaced or removed is back. Returns the errors of steps that could
    /// not be undone (each names its path), empty when all went back.
    @discardableResult
    public func rollBack() -> [LoadError] {
        control.withLock { Self.rollBack(&$0) }
    }

    private static func rollBack(_ control: inout Control) -> [LoadError] {
        var errors: [LoadError] = []
        for step in control.published.reversed() {
            do {
                try step.undo()
            } catch let error as LoadError {
                errors.append(error)
            } catch {
                errors.append(LoadError(.fileSystem, path: control.staging.datasetPath, message: "\(error)"))
            }
        }
        control.published = []
        try? FileSystem.syncDirectory(control.staging.datasetPath)
        control.state = .failed
        return errors
    }

    /// The last step: deletes the staging area, with the earlier versions of what was replaced.
    public func finishCommit() throws {
        try control.withLock { control in
            guard control.state == .published else {
                throw LoadError(.finished, path: datasetPath, message:
                    "the writer of dataset '\(layout.dataset)' finishes only a published commit; this is a bug in the caller")
            }
            control.published = []
            control.state = .committed
            partitions.removeAll()
            try control.staging.remove()
        }
    }

    /// Removes everything this writer staged; nothing becomes visible. After `publish()`, call
    /// `rollBack()` first.
    public func abort() {
        let state = control.withLock { $0.state }
        guard state == .open || state == .failed || state == .prepared else { return }
        _ = try? holdingLanes(each: { $0.closeAll() }) {
            partitions.removeAll()
            control.withLock { control in
                try? control.staging.remove()
                control.state = .aborted
            }
        }
    }

    /// Stops writing and keeps what is staged, as a process that died after its checkpoint would:
    /// the open files are closed and the staging lock is released at once (not whenever the last
    /// reference goes), so a resuming writer of the same run, in this process or another, can take
    /// the staging area over. Nothing becomes visible; the writer takes no more calls.
    public func release() {
        let state = control.withLock { $0.state }
        guard state == .open || state == .failed else { return }
        _ = try? holdingLanes(each: { $0.closeAll() }) {
            control.withLock { control in
                control.staging.release()
                control.state = .aborted
            }
        }
    }

    private func checkOpen() throws {
        switch control.withLock({ $0.state }) {
        case .open: return
        case .prepared, .published, .committed, .aborted:
            throw LoadError(.finished, path: datasetPath, message:
                "the writer of dataset '\(layout.dataset)' was already committed or aborted; create a new writer")
        case .failed:
            throw LoadError(.finished, path: datasetPath, message:
                "the writer of dataset '\(layout.dataset)' failed earlier; abort it and run again")
        }
    }

    /// Marks the writer failed: nothing more is appended or committed.
    private func fail() {
        control.withLock { $0.state = .failed }
    }

    /// Runs `body` on a lane held by the caller; a file that failed in it fails the writer.
    private func run(_ body: (inout WriterLane) throws -> Void, on lane: inout WriterLane) throws {
        defer { if lane.broken { fail() } }
        try body(&lane)
    }

    /// Takes every lane in index order, running `each` on it, then runs `then` with all of them held:
    /// no append runs meanwhile. (Lock order: lanes by index, then the partitions and the control.)
    private func holdingLanes<Result: Sendable>(
        from index: Int = 0, each: (inout WriterLane) throws -> Void, then: () throws -> Result
    ) throws -> Result {
        guard index < lanes.count else { return try then() }
        return try lanes[index].slot.withLock { lane in
            try run(each, on: &lane)
            return try holdingLanes(from: index + 1, each: each, then: then)
        }
    }

    /// Takes over the files an earlier process of this run sealed, drops what it wrote after, and
    /// returns their rows.
    private static func adopt(
        _ sealed: [SealedPartFile], into partitions: PartitionRegistry, staging: StagingArea, layout: PartitionLayout,
        context: ManifestContext, compression: OutputCompression
    ) throws -> Int {
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
        try partitions.adopt(byPartition)
        return sealed.reduce(0) { $0 + $1.file.rows }
    }
}
