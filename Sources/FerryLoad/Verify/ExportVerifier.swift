import Crypto
import Foundation

/// Checks a whole export for one run: every dataset of the run has all its shards' records, every
/// partition a record lists is there with its manifest and `_SUCCESS`, every file's rows, bytes and
/// SHA-256 match the manifest, the days the run covered hold no other run's files, and no staged or
/// partial file is reachable under a dataset directory.
///
/// Completeness rests on the run records (`<dataset>/_runs/<run>[.shard-<k>].json`), never on which
/// directories happen to exist: a day without records has no directory, and a shard that never
/// committed leaves nothing behind but the absence of its record.
public struct ExportVerifier: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Verifies run `runId`, or the newest run of the export (by the time its records were committed).
    public func verify(runId: String? = nil) throws -> ExportVerification {
        let rootPath = FileSystem.path(of: root)
        guard FileSystem.isDirectory(rootPath) else {
            throw LoadError(.fileSystem, path: rootPath, message: "'\(rootPath)' is not a directory; give the export's output directory (load.path)")
        }
        var records: [String: [DatasetRunRecord]] = [:]
        var unreadable: [String] = []
        for dataset in FileSystem.entries(of: rootPath).sorted() where !dataset.hasPrefix(".") && !dataset.hasPrefix("_") {
            let runsPath = FileSystem.join(FileSystem.join(rootPath, dataset), DatasetRunRecord.directoryName)
            guard FileSystem.isDirectory(runsPath) else { continue }
            for file in FileSystem.entries(of: runsPath).sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
                let path = FileSystem.join(runsPath, file)
                guard let data = FileManager.default.contents(atPath: path) else {
                    unreadable.append("the run record '\(path)' cannot be read")
                    continue
                }
                do {
                    records[dataset, default: []].append(try DatasetRunRecord.decode(Array(data), path: path))
                } catch {
                    unreadable.append("\(error)")
                }
            }
        }
        let all = records.values.flatMap { $0 }
        guard let run = runId ?? all.max(by: { ($0.createdAt, $0.runId) < ($1.createdAt, $1.runId) })?.runId else {
            throw LoadError(.manifest, path: rootPath, message:
                "'\(rootPath)' holds no run record (<dataset>/_runs/*.json); is it an export's output directory, written by a run that committed?")
        }
        let ofRun = records.mapValues { $0.filter { $0.runId == run } }.filter { !$0.value.isEmpty }
        var problems = unreadable
        guard !ofRun.isEmpty else {
            problems.append("no dataset has a record of run '\(run)': no shard of it committed anything")
            return ExportVerification(runId: run, datasets: [], problems: problems)
        }
        let shardCounts = Set(ofRun.values.flatMap { $0 }.map { $0.shard?.count ?? 1 })
        if shardCounts.count > 1 {
            problems.append("the records of run '\(run)' disagree on the number of shards: \(shardCounts.sorted())")
        }
        let shardCount = shardCounts.max() ?? 1
        var names = Set(ofRun.keys)
        for record in ofRun.values.flatMap({ $0 }) { names.formUnion(record.runDatasets ?? []) }
        let windows = Set(ofRun.values.flatMap { $0 }.map { "[\($0.window.start ?? "-"), \($0.window.end ?? "-"))" })
        if windows.count > 1 {
            problems.append(
                "the shards of run '\(run)' exported different windows \(windows.sorted().joined(separator: ", ")): "
                    + "give every shard the same fixed window (or start them on the same UTC day)")
        }
        var results: [ExportVerification.DatasetResult] = []
        for name in names.sorted() {
            results.append(
                DatasetCheck(root: rootPath, dataset: name, runId: run, shardCount: shardCount, records: ofRun[name] ?? [])
                    .run())
        }
        return ExportVerification(runId: run, datasets: results, problems: problems)
    }
}

/// The checks of one dataset of the run.
private struct DatasetCheck {
    let root: String
    let dataset: String
    let runId: String
    let shardCount: Int
    let records: [DatasetRunRecord]
    var datasetPath: String { FileSystem.join(root, dataset) }

    func run() -> ExportVerification.DatasetResult {
        let sharded = records.contains { $0.shard != nil } || shardCount > 1
        var result = ExportVerification.DatasetResult(
            name: dataset, shards: records.map { $0.shard?.index ?? 0 }.sorted(), shardCount: shardCount, sharded: sharded,
            partitions: 0, files: 0, rows: 0, problems: [])
        if records.isEmpty {
            result.problems.append(
                "no record of run '\(runId)' (\(DatasetRunRecord.directoryName)/\(runId)\(sharded ? ".shard-0" : "").json): "
                    + (sharded
                        ? "shard 0 of \(shardCount), which writes the tenant-wide datasets, or every shard, did not commit it; "
                            + "run shard 0 again with --shard 0/\(shardCount) --run-id \(runId)"
                        : "the run did not commit this dataset; run it again")
                    + stagingNote(shard: sharded ? 0 : nil))
        }
        if sharded, let byUser = records.first?.shard?.byUser {
            let expected = byUser ? Array(0..<shardCount) : [0]
            let present = Set(records.compactMap { $0.shard?.index })
            for missing in expected where !present.contains(missing) {
                result.problems.append(
                    "shard \(missing) of \(shardCount) has not committed run '\(runId)'; its partitions "
                        + "\(coverageText(records.first?.covers, leaf: missing)) are missing: run it again with "
                        + "--shard \(missing)/\(shardCount) --run-id \(runId)" + stagingNote(shard: missing))
            }
        }
        result.problems += checkShardsCoverTheSamePartitions()
        for record in records {
            let leaf = record.shard.map { "/" + $0.directoryName } ?? ""
            for partition in record.partitions {
                let relative = "\(record.partitionKey)=\(partition.value)\(leaf)"
                result.partitions += 1
                result.problems += checkPartition(relative, listed: partition, result: &result)
            }
            result.problems += checkCovered(record)
        }
        result.problems += reachableStaging()
        return result
    }

    /// A listed partition: its manifest and `_SUCCESS`, each file's rows, bytes and SHA-256, no other file.
    private func checkPartition(
        _ relative: String, listed: DatasetRunRecord.WrittenPartition, result: inout ExportVerification.DatasetResult
    ) -> [String] {
        let path = FileSystem.join(datasetPath, relative)
        guard FileSystem.isDirectory(path) else {
            return ["partition \(relative), listed by run '\(runId)', is missing"]
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.read(from: URL(fileURLWithPath: path, isDirectory: true))
        } catch {
            return ["partition \(relative) has no readable \(Manifest.fileName): \(error)"]
        }
        var problems: [String] = []
        if manifest.runId != runId {
            problems.append("partition \(relative) holds run '\(manifest.runId)', not run '\(runId)' (replaced by a later run?)")
            return problems
        }
        if !FileSystem.exists(FileSystem.join(path, Manifest.successMarker)) {
            problems.append("partition \(relative) has no \(Manifest.successMarker)")
        }
        if manifest.rows != listed.rows || manifest.files.count != listed.files {
            problems.append(
                "partition \(relative): the manifest says \(manifest.rows) rows in \(manifest.files.count) files, "
                    + "the run record \(listed.rows) rows in \(listed.files) files")
        }
        let csv = manifest.format == "csv"
        let gzip = manifest.compression == "gzip"
        for file in manifest.files {
            result.files += 1
            let filePath = FileSystem.join(path, file.name)
            guard let data = FileManager.default.contents(atPath: filePath) else {
                problems.append("\(relative)/\(file.name), listed in the manifest, is missing")
                continue
            }
            let bytes = [UInt8](data)
            if bytes.count != file.bytes {
                problems.append("\(relative)/\(file.name) has \(bytes.count) bytes, the manifest says \(file.bytes)")
                continue
            }
            let digest = HashedFile.hex(SHA256.hash(data: bytes))
            if digest != file.sha256 {
                problems.append("\(relative)/\(file.name) does not match its SHA-256 in the manifest: it was changed or damaged")
                continue
            }
            do {
                let rows = try RowCounter.count(bytes, gzip: gzip, csv: csv, path: filePath)
                if rows != file.rows {
                    problems.append("\(relative)/\(file.name) holds \(rows) rows, the manifest says \(file.rows)")
                }
                result.rows += rows
            } catch {
                problems.append("\(relative)/\(file.name) cannot be read: \(error)")
            }
        }
        let listedNames = Set(manifest.files.map(\.name)) + [Manifest.fileName, Manifest.successMarker]
        for entry in FileSystem.entries(of: path).sorted() where !listedNames.contains(entry) {
            problems.append(
                entry.hasPrefix(".")
                    ? "\(relative)/\(entry) is a staged or partial file inside a committed partition"
                    : "\(relative)/\(entry) is not listed in the partition's manifest")
        }
        return problems
    }

    /// The days the record covers must hold nothing of another run once the run is complete: no leaf of
    /// a shard beyond the run's count, no file of an unsharded run beside the shards, no other run's leaf.
    private func checkCovered(_ record: DatasetRunRecord) -> [String] {
        let prefix = record.partitionKey + "="
        var problems: [String] = []
        for entry in FileSystem.entries(of: datasetPath).sorted() where entry.hasPrefix(prefix) {
            let value = String(entry.dropFirst(prefix.count))
            guard record.covers.contains(value) else { continue }
            let partitionPath = FileSystem.join(datasetPath, entry)
            guard let shard = record.shard else {
                if let manifest = try? Manifest.read(from: URL(fileURLWithPath: partitionPath, isDirectory: true)),
                    manifest.runId != runId
                {
                    problems.append("\(entry), in the days run '\(runId)' covered, holds run '\(manifest.runId)'")
                }
                continue
            }
            guard shard.index == 0 else {
                let leaf = entry + "/" + shard.directoryName
                if let manifest = try? Manifest.read(from: URL(fileURLWithPath: FileSystem.join(datasetPath, leaf), isDirectory: true)),
                    manifest.runId != runId
                {
                    problems.append("\(leaf), in the days run '\(runId)' covered, holds run '\(manifest.runId)'")
                }
                continue
            }
            for child in FileSystem.entries(of: partitionPath).sorted() {
                if let index = ShardLeaf.index(ofDirectory: child) {
                    if index >= shard.count {
                        problems.append(
                            "\(entry)/\(child) is a leaf of another run split into more shards; run '\(runId)' has \(shard.count) shards")
                    } else if !shard.byUser, index != 0 {
                        problems.append("\(entry)/\(child) should not exist: shard 0 alone writes this tenant-wide dataset")
                    } else if let manifest = try? Manifest.read(
                        from: URL(fileURLWithPath: FileSystem.join(partitionPath, child), isDirectory: true)),
                        manifest.runId != runId
                    {
                        problems.append("\(entry)/\(child), in the days run '\(runId)' covered, holds run '\(manifest.runId)'")
                    }
                } else {
                    problems.append("\(entry)/\(child) belongs to an unsharded run, beside the shards of run '\(runId)'")
                }
            }
        }
        return problems
    }

    /// Anything dot-prefixed (staged, being written) anywhere under the dataset directory is reachable by
    /// readers that descend into hidden directories.
    private func reachableStaging() -> [String] {
        var problems: [String] = []
        var stack = [""]
        while let relative = stack.popLast() {
            let path = relative.isEmpty ? datasetPath : FileSystem.join(datasetPath, relative)
            for entry in FileSystem.entries(of: path) {
                let entryRelative = relative.isEmpty ? entry : relative + "/" + entry
                if entry.hasPrefix(".") {
                    problems.append("\(entryRelative) is a staged or partial file or directory where readers' globs reach it")
                } else if FileSystem.isDirectory(FileSystem.join(path, entry)), entryRelative.split(separator: "/").count < 4 {
                    stack.append(entryRelative)
                }
            }
        }
        return problems.sorted()
    }

    /// Where the missing leaves would be: the partitions the other shards' records cover.
    private func coverageText(_ coverage: PartitionCoverage?, leaf: Int) -> String {
        coverage.map { ShardCoverage.describe($0, key: records.first?.partitionKey ?? "date", leaf: leaf) } ?? "(unknown)"
    }

    /// Each partition a shard of a dataset split by user wrote, or answers for, must be answered for by
    /// every shard: one that covered other days left its users out of it (`ShardCoverage`).
    private func checkShardsCoverTheSamePartitions() -> [String] {
        guard records.count > 1, records.allSatisfy({ $0.shard?.byUser == true }),
            Set(records.map { ShardCoverage.describe($0.covers, key: "") }).count > 1
        else { return [] }
        let key = records.first?.partitionKey ?? "date"
        var values = Set(records.flatMap { $0.partitions.map(\.value) })
        for record in records { if case .values(let covered) = record.covers { values.formUnion(covered) } }
        let problems = values.sorted().compactMap { value -> String? in
            let missing = ShardCoverage.shards(notCovering: value, in: records)
            guard !missing.isEmpty else { return nil }
            return ShardCoverage.problem(
                partition: value, key: key, runId: runId, count: shardCount, missing: missing, records: records)
        }
        guard problems.isEmpty else { return problems }
        // Different days, none of them written: a day one shard covered and found empty may hold the
        // others' users' records all the same.
        let each = records.sorted { ($0.shard?.index ?? 0) < ($1.shard?.index ?? 0) }
            .map { "shard \($0.shard?.index ?? 0): \(ShardCoverage.describe($0.covers, key: key))" }
        return [
            "the shards of run '\(runId)' covered different partitions (\(each.joined(separator: "; "))): run every shard "
                + "again on one day (or give them one fixed window), with --shard K/\(shardCount) --run-id \(runId)"
        ]
    }

    /// Says when the shard's staging area is still there: it is running, or was killed.
    private func stagingNote(shard: Int?) -> String {
        let name = ".staging-" + runId + (shard.map { ".shard-\($0)" } ?? "")
        let path = FileSystem.join(FileSystem.join(FileSystem.join(root, PartitionLayout.stagingDirectoryName), dataset), name)
        return FileSystem.exists(path)
            ? " (its staging area \(PartitionLayout.stagingDirectoryName)/\(dataset)/\(name) is still there: the shard is running, or was killed)"
            : ""
    }
}

extension Set where Element == String {
    fileprivate static func + (set: Set<String>, more: [String]) -> Set<String> { set.union(more) }
}
