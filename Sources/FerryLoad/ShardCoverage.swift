/// Whether the shards of a run answer for a partition together.
///
/// Each shard of a dataset split by user covers what its run record says: the days of its window, or
/// the day of its snapshot. A partition that one shard covers and another does not holds only the first
/// one's users, with every file whole and every shard committed. It happens when the shards start on
/// different UTC days: a snapshot is dated by the day its shard ran, and a window such as `last: 7d`
/// ends on it. `ferry verify` and `ferry analyze` both refuse such a partition.
public enum ShardCoverage {
    /// The shards among `records` (the run records of one run's shards, for one dataset split by user)
    /// whose record does not cover the partition `value`, in shard order.
    public static func shards(notCovering value: String, in records: [DatasetRunRecord]) -> [Int] {
        records.filter { !$0.covers.contains(value) }.compactMap { $0.shard?.index }.sorted()
    }

    /// The partitions `coverage` names, as a message shows them: `date=2026-11-20, date=2026-11-21` or
    /// `date=2026-11-20 to date=2026-11-27 (exclusive)`, each with `/shard=<leaf>` when a leaf is given.
    public static func describe(_ coverage: PartitionCoverage, key: String, leaf: Int? = nil) -> String {
        let suffix = leaf.map { "/" + ShardLeaf.directoryName($0) } ?? ""
        switch coverage {
        case .range(let from, let to): return "\(key)=\(from) to \(key)=\(to) (exclusive)" + (leaf.map { ", shard=\($0)" } ?? "")
        case .values(let values): return values.map { "\(key)=\($0)\(suffix)" }.joined(separator: ", ")
        }
    }

    /// Why the partition `value` is not whole and what to do, for the shards `missing` of `runId` (split
    /// into `count`) that do not cover it; `records` are that run's records of the dataset.
    public static func problem(
        partition value: String, key: String, runId: String, count: Int, missing: [Int], records: [DatasetRunRecord]
    ) -> String {
        let covered = missing.compactMap { index in
            records.first { $0.shard?.index == index }.map { "shard \(index): \(describe($0.covers, key: key))" }
        }
        return "partition \(key)=\(value) holds only some users: shard(s) \(missing.map(String.init).joined(separator: ", ")) "
            + "of run '\(runId)' (\(count) shards) covered other partitions (\(covered.joined(separator: "; "))), so their "
            + "users' records for it were never written; shards that start on different UTC days take their snapshot, or "
            + "end their window, on different days: run every shard of the run again on one day (or give them one fixed "
            + "window), with --shard K/\(count) --run-id \(runId)"
    }
}
