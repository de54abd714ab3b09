import FerryCore
import Foundation

/// The dataset-level record of one committed run, `<dataset>/_runs/<run>.json`: which partitions the
/// run covered, which it wrote (with their rows) and which it emptied.
///
/// Partition directories exist only for days that hold records, so an empty day and a day no run
/// covered look alike from the directory listing; this record tells them apart. It becomes visible in
/// the same commit as the partitions it lists, and goes back with them when a commit is rolled back.
public struct DatasetRunRecord: Codable, Sendable, Equatable {
    /// The directory beside the partitions that holds one record per committed run.
    public static let directoryName = "_runs"

    /// One partition the run wrote.
    public struct WrittenPartition: Codable, Sendable, Equatable {
        public var value: String
        public var rows: Int
        public var files: Int
        public var bytes: Int
    }

    public var runId: String
    public var pipeline: String
    public var dataset: String
    public var schemaVersion: Int
    public var window: Manifest.Window
    public var pseudonymKeyId: String?
    public var format: String
    public var compression: String
    /// The partition column, e.g. "date".
    public var partitionKey: String
    /// What the run is the whole truth for.
    public var covers: PartitionCoverage
    /// The partitions the run wrote, in value order.
    public var partitions: [WrittenPartition]
    /// Covered partitions of earlier runs that this run found no record for, and removed.
    public var removed: [String]
    /// The records over all partitions.
    public var rows: Int
    public var createdAt: String
    /// The shard that wrote this record, for a sharded run: each shard commits a record of its own,
    /// `_runs/<run>.shard-<k>.json`.
    public var shard: ShardLeaf?
    /// The output names of every dataset of the run (empty in records of older releases).
    public var runDatasets: [String]?
    /// Units of work (users, groups) the run skipped, by reason: `unavailable` (Graph has no such collection:
    /// no mailbox, no manager), `access_denied` (a mailbox an application access policy keeps out of the app's
    /// reach). Absent in records of older releases.
    public var skippedUnits: [String: Int]?

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case pipeline, dataset
        case schemaVersion = "schema_version"
        case window
        case pseudonymKeyId = "pseudonym_key_id"
        case format, compression
        case partitionKey = "partition_key"
        case covers, partitions, removed, rows
        case createdAt = "created_at"
        case shard
        case runDatasets = "run_datasets"
        case skippedUnits = "skipped_units"
    }

    init(
        context: ManifestContext, partitionKey: String, covers: PartitionCoverage, partitions: [PartitionSummary],
        removed: [String], createdAt: String, shard: ShardLeaf? = nil, skippedUnits: [String: Int] = [:]
    ) {
        runId = context.runId
        pipeline = context.pipeline
        dataset = context.dataset
        schemaVersion = context.schemaVersion
        window = Manifest.Window(start: context.windowStart, end: context.windowEnd)
        pseudonymKeyId = context.pseudonymKeyId
        format = context.format
        compression = context.compression
        self.partitionKey = partitionKey
        self.covers = covers
        self.partitions = partitions.map {
            WrittenPartition(value: $0.value, rows: $0.rows, files: $0.files.count, bytes: $0.bytes)
        }
        self.removed = removed
        rows = partitions.reduce(0) { $0 + $1.rows }
        self.createdAt = createdAt
        self.shard = shard
        runDatasets = context.runDatasets
        self.skippedUnits = skippedUnits
    }

    /// The record's file name in `_runs/`: `<run>.json`, or `<run>.shard-<k>.json` for a shard.
    public static func fileName(runId: String, shard: ShardLeaf?) -> String {
        runId + (shard.map { ".shard-\($0.index)" } ?? "") + ".json"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runId, forKey: .runId)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(window, forKey: .window)
        try container.encode(pseudonymKeyId, forKey: .pseudonymKeyId)  // null rather than left out
        try container.encode(format, forKey: .format)
        try container.encode(compression, forKey: .compression)
        try container.encode(partitionKey, forKey: .partitionKey)
        try container.encode(covers, forKey: .covers)
        try container.encode(partitions, forKey: .partitions)
        try container.encode(removed, forKey: .removed)
        try container.encode(rows, forKey: .rows)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(shard, forKey: .shard)
        try container.encode(runDatasets ?? [], forKey: .runDatasets)
        try container.encode(skippedUnits ?? [:], forKey: .skippedUnits)
    }

    /// The record of run `runId` (of its shard `shard`, for a sharded run) in the dataset directory `datasetDirectory`.
    public static func read(runId: String, shard: Int? = nil, datasetDirectory: URL) throws -> DatasetRunRecord {
        let name = runId + (shard.map { ".shard-\($0)" } ?? "") + ".json"
        let url = datasetDirectory.appending(path: directoryName).appending(path: name)
        let path = FileSystem.path(of: url)
        guard let data = try? Data(contentsOf: url) else {
            throw LoadError(.manifest, path: path, message: "cannot read the run record '\(path)'; did run '\(runId)' commit this dataset?")
        }
        return try decode(Array(data), path: path)
    }

    /// The run record whose JSON is `bytes`, read from `path`.
    public static func decode(_ bytes: [UInt8], path: String) throws -> DatasetRunRecord {
        do {
            return try JSONValueDecoder().decode(DatasetRunRecord.self, from: bytes)
        } catch {
            throw LoadError(.manifest, path: path, message: "run record '\(path)' is not valid: \(error)")
        }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
