import FerryLoad
import Foundation

/// Checks that a sharded run's partition is whole before it is read: its leaves were written by runs split
/// into one number of shards (else a user could be read twice), and every shard of each of those runs has
/// committed the dataset and answers for the partition (else a shard's users would silently be missing:
/// `ShardCoverage`).
///
/// Leaves cannot show this alone: a shard whose users had no record on a day writes no leaf for it. The
/// run records (`<dataset>/_runs/<run>.shard-<k>.json`, as `ferry verify` reads them) can: a shard's
/// record is committed with its partitions.
enum ShardCompleteness {
    static func check(_ partition: CommittedPartition, manifests: [Manifest], dataset: String, datasetDirectory: URL) throws {
        let shards = manifests.compactMap(\.shard)
        guard !shards.isEmpty else { return }
        let partitionName = "\(dataset)/\(partition.directory.lastPathComponent)"
        let counts = Set(shards.map(\.count))
        guard counts.count == 1, let count = counts.first else {
            throw AnalyzeError(.input,
                "\(partitionName) holds shard leaves of runs split into different numbers of shards (\(counts.sorted().map(String.init).joined(separator: ", "))), "
                + "so some users may be read twice; export that day again with one shard count, and check it with `ferry verify`")
        }
        guard shards.allSatisfy(\.byUser) else { return }  // a tenant-wide dataset: shard 0 writes it alone
        for runId in Set(manifests.map(\.runId)).sorted() {
            let missing = (0..<count).filter { index in
                let record = datasetDirectory.appending(path: DatasetRunRecord.directoryName)
                    .appending(path: DatasetRunRecord.fileName(runId: runId, shard: ShardLeaf(index: index, count: count, byUser: true)))
                return !FileManager.default.fileExists(atPath: record.path(percentEncoded: false))
            }
            guard missing.isEmpty else {
                throw AnalyzeError(.input,
                    "\(partitionName) was written by run '\(runId)' split into \(count) shards, but shard(s) "
                    + "\(missing.map(String.init).joined(separator: ", ")) of it have not committed \(dataset): their users would be missing "
                    + "from the analysis; wait for those shards or resume them (`ferry run --shard K/\(count) --run-id \(runId)`), "
                    + "then check with `ferry verify OUT --run \(runId)`")
            }
            // Every shard committed, but each answers only for the partitions its record covers.
            let records = try (0..<count).map { index in
                do {
                    return try DatasetRunRecord.read(runId: runId, shard: index, datasetDirectory: datasetDirectory)
                } catch {
                    throw AnalyzeError(.input, "\(partitionName): \(error)")
                }
            }
            let uncovered = ShardCoverage.shards(notCovering: partition.value, in: records)
            guard uncovered.isEmpty else {
                let key = records.first?.partitionKey ?? "date"
                throw AnalyzeError(.input,
                    "\(dataset): " + ShardCoverage.problem(
                        partition: partition.value, key: key, runId: runId, count: count, missing: uncovered, records: records)
                    + "; their users would be missing from the analysis")
            }
        }
    }
}
