import Foundation

/// How a dataset's part files are named: `root/<dataset>/<partitionKey>=<value>/part-<run>-<n>.<ext>[.gz]`,
/// or `root/<dataset>/<partitionKey>=<value>/shard=<k>/...` for shard `k` of a sharded run.
public struct PartitionLayout: Sendable {
    /// The output root (`load.path`), e.g. `./out`.
    public var root: URL
    /// The dataset name; its files live under `root/<dataset>/`.
    public var dataset: String
    /// The Hive partition column, e.g. "date".
    public var partitionKey: String
    /// The file extension without the dot, "jsonl" or "csv"; ".gz" is appended for gzip output.
    public var fileExtension: String
    /// The shard this run is, when the run is sharded: each partition then gets one leaf per shard.
    public var shard: ShardLeaf?

    /// The directory below the output root where runs stage their files: `root/.ferry-staging/`. It is
    /// outside every dataset's tree, so no glob a reader writes under a dataset directory reaches a
    /// staged file, and on the same file system, so publishing stays a rename.
    public static let stagingDirectoryName = ".ferry-staging"

    /// Creates a layout; names are checked when a `DatasetWriter` is created.
    public init(root: URL, dataset: String, partitionKey: String = "date", fileExtension: String) {
        self.root = root
        self.dataset = dataset
        self.partitionKey = partitionKey
        self.fileExtension = fileExtension
    }

    /// The directory holding every partition of the dataset.
    public var datasetDirectory: URL {
        root.appending(path: dataset, directoryHint: .isDirectory)
    }

    /// The final directory of one partition, e.g. `out/messages/date=2026-11-21`.
    public func partitionDirectory(_ value: String) -> URL {
        datasetDirectory.appending(path: partitionDirectoryName(value), directoryHint: .isDirectory)
    }

    /// The Hive directory name of the partition whose value is `value`, e.g. `date=2026-11-21`, or the
    /// path of this shard's leaf in it, `date=2026-11-21/shard=3`, relative to the dataset directory.
    public func partitionDirectoryName(_ value: String) -> String {
        let partition = "\(partitionKey)=\(value)"
        return shard.map { partition + "/" + $0.directoryName } ?? partition
    }

    /// Where this dataset's runs stage their files: `root/.ferry-staging/<dataset>/`.
    public var stagingDirectory: URL {
        root.appending(path: Self.stagingDirectoryName, directoryHint: .isDirectory)
            .appending(path: dataset, directoryHint: .isDirectory)
    }

    /// The name of this run's staging area: the run id, with the shard for a sharded run, since all
    /// shards of a run share its id.
    public func stagingName(runId: String) -> String {
        shard.map { "\(runId).shard-\($0.index)" } ?? runId
    }

    /// The name of part file `index` of run `runId`, e.g. `part-<run>-00003.jsonl.gz`.
    public func partFileName(runId: String, index: Int, compression: OutputCompression) -> String {
        var number = String(index)
        if number.count < 5 { number = String(repeating: "0", count: 5 - number.count) + number }
        let suffix = compression == .none ? "" : ".gz"
        return "part-\(runId)-\(number).\(fileExtension)\(suffix)"
    }

    /// Throws unless `name` can be used as one path component that readers' globs will not skip.
    static func checkComponent(_ name: String, _ what: String, allowLeadingDot: Bool = false) throws {
        let problem: String?
        if name.isEmpty {
            problem = "is empty"
        } else if name == "." || name == ".." {
            problem = "is '\(name)'"
        } else if name.contains("/") || name.utf8.contains(0) {
            problem = "contains '/' or a NUL byte"
        } else if !allowLeadingDot && (name.hasPrefix(".") || name.hasPrefix("_")) {
            problem = "starts with '.' or '_', which warehouse readers treat as hidden"
        } else {
            problem = nil
        }
        if let problem {
            throw LoadError.invalid("\(what) '\(name)' \(problem); use a name that is a plain file name")
        }
    }
}
