import FerryCore
import Foundation

/// The `_manifest.json` of one committed partition: which run wrote it, from what, and each file's checksum.
///
/// Keys are snake_case and sorted; optional fields are written as `null` rather than left out, so every manifest
/// has the same shape.
public struct Manifest: Codable, Sendable, Equatable {
    /// The file name of the manifest inside a partition directory.
    public static let fileName = "_manifest.json"
    /// The name of the empty marker file written beside the manifest.
    public static let successMarker = "_SUCCESS"

    /// The extraction window of the run.
    public struct Window: Codable, Sendable, Equatable {
        /// The window start (ISO 8601), or nil.
        public var start: String?
        /// The window end (ISO 8601), or nil.
        public var end: String?

        /// Creates a window.
        public init(start: String?, end: String?) {
            self.start = start
            self.end = end
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
        }
    }

    /// The Hive partition the manifest describes, e.g. key "date", value "2026-11-21".
    public struct Partition: Codable, Sendable, Equatable {
        /// The partition column.
        public var key: String
        /// The partition value.
        public var value: String

        /// Creates a partition.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The run that wrote the partition.
    public var runId: String
    /// The pipeline's name.
    public var pipeline: String
    /// The dataset's name.
    public var dataset: String
    /// The partition column and value.
    public var partition: Partition
    /// The version of the dataset's schema the records follow.
    public var schemaVersion: Int
    /// The extraction window of the run.
    public var window: Window
    /// The id of the pseudonymization key, never the key itself.
    public var pseudonymKeyId: String?
    /// The record format, e.g. "jsonl" or "csv".
    public var format: String
    /// The compression, e.g. "gzip" or "none".
    public var compression: String
    /// When the partition was committed (ISO 8601, UTC).
    public var createdAt: String
    /// The total records over all files.
    public var rows: Int
    /// The total bytes on disk over all files.
    public var bytes: Int
    /// Every part file of the partition.
    public var files: [PartFileSummary]
    /// The shard that wrote this leaf of the partition, for a sharded run; nil otherwise.
    public var shard: ShardLeaf?

    /// Creates a manifest for `files` of `partition`; `rows` and `bytes` are their totals.
    public init(
        context: ManifestContext, partition: Partition, createdAt: String, files: [PartFileSummary], shard: ShardLeaf? = nil
    ) {
        runId = context.runId
        pipeline = context.pipeline
        dataset = context.dataset
        self.partition = partition
        schemaVersion = context.schemaVersion
        window = Window(start: context.windowStart, end: context.windowEnd)
        pseudonymKeyId = context.pseudonymKeyId
        format = context.format
        compression = context.compression
        self.createdAt = createdAt
        rows = files.reduce(0) { $0 + $1.rows }
        bytes = files.reduce(0) { $0 + $1.bytes }
        self.files = files
        self.shard = shard
    }

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case pipeline, dataset, partition
        case schemaVersion = "schema_version"
        case window
        case pseudonymKeyId = "pseudonym_key_id"
        case format, compression
        case createdAt = "created_at"
        case rows, bytes, files, shard
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runId, forKey: .runId)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(partition, forKey: .partition)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(window, forKey: .window)
        try container.encode(pseudonymKeyId, forKey: .pseudonymKeyId)
        try container.encode(format, forKey: .format)
        try container.encode(compression, forKey: .compression)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(rows, forKey: .rows)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(files, forKey: .files)
        try container.encode(shard, forKey: .shard)
    }

    /// Reads and decodes `_manifest.json` from a partition directory.
    public static func read(from directory: URL) throws -> Manifest {
        let url = directory.appending(path: fileName, directoryHint: .notDirectory)
        let path = FileSystem.path(of: url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(.manifest, path: path, message:
                "cannot read manifest '\(path)': \(error.localizedDescription); is this a committed partition directory?")
        }
        do {
            return try JSONValueDecoder().decode(Manifest.self, from: Array(data))
        } catch {
            throw LoadError(.manifest, path: path, message:
                "manifest '\(path)' is not valid: \(error); it was changed by hand or written by another tool")
        }
    }

    /// The manifest as pretty-printed JSON, ending in a newline.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]  // sorted: stable across runs
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
