/// What `ExportVerifier` found in an export: per dataset, what the run committed, and every problem.
public struct ExportVerification: Sendable {
    /// One dataset of the run.
    public struct DatasetResult: Sendable {
        public var name: String
        /// The shards whose record of the run was found (`[0]` for an unsharded run).
        public var shards: [Int]
        /// How many shards the run was split into; 1 when unsharded.
        public var shardCount: Int
        /// Whether the run was sharded (`--shard`), even into one shard.
        public var sharded: Bool
        public var partitions: Int
        public var files: Int
        public var rows: Int
        public var problems: [String]
    }

    /// The run checked.
    public var runId: String
    public var datasets: [DatasetResult]
    /// Problems that belong to no single dataset (no record of the run at all, say).
    public var problems: [String]

    /// True when every dataset of the run is complete and consistent.
    public var isComplete: Bool { problems.isEmpty && datasets.allSatisfy(\.problems.isEmpty) }

    /// Every problem, each prefixed with its dataset.
    public var allProblems: [String] {
        problems + datasets.flatMap { dataset in dataset.problems.map { "\(dataset.name): \($0)" } }
    }

    /// The report `ferry verify` prints: one line per dataset, then every problem.
    public func render() -> String {
        var lines: [String] = []
        for dataset in datasets {
            let shards = dataset.sharded
                ? "shards \(dataset.shards.map(String.init).joined(separator: ",")) of \(dataset.shardCount), "
                : ""
            let verdict = dataset.problems.isEmpty ? "complete" : "INCOMPLETE (\(dataset.problems.count) problems)"
            lines.append(
                "\(dataset.name): \(shards)\(dataset.partitions) partitions, \(dataset.files) files, \(dataset.rows) rows: \(verdict)")
        }
        for problem in allProblems { lines.append("error: \(problem)") }
        lines.append(
            isComplete
                ? "run \(runId) is complete: every shard committed, every file matches its manifest"
                : "run \(runId) is NOT complete: \(allProblems.count) problems")
        return lines.joined(separator: "\n")
    }
}
