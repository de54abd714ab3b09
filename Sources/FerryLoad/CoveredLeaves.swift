/// What a commit takes out of readers' sight besides replacing the partitions it wrote: the covered
/// partitions (or, for a shard, its leaves in them) that got no record this time, so a re-run of a
/// window empties the days that are empty now.
///
/// Shard 0 of a sharded run also clears, in the days it covers, whatever no shard of this run will
/// replace: the leaves of shards numbered `count` or more (an earlier run split into more shards) and
/// the files of an unsharded run's partition. Once every shard of the run has committed, the covered
/// days hold this run's files alone.
enum CoveredLeaves {
    /// One entry to remove: the partition value it belongs to, and its path below the dataset directory.
    struct Removal: Equatable {
        var value: String
        var path: String
    }

    static func removals(
        datasetPath: String, layout: PartitionLayout, coverage: PartitionCoverage, written: Set<String>
    ) -> [Removal] {
        let prefix = layout.partitionKey + "="
        var removals: [Removal] = []
        for entry in FileSystem.entries(of: datasetPath).sorted() where entry.hasPrefix(prefix) {
            let value = String(entry.dropFirst(prefix.count))
            guard coverage.contains(value) else { continue }
            guard let shard = layout.shard else {
                if !written.contains(value) { removals.append(Removal(value: value, path: entry)) }
                continue
            }
            let ownLeaf = entry + "/" + shard.directoryName
            if !written.contains(value), FileSystem.exists(FileSystem.join(datasetPath, ownLeaf)) {
                removals.append(Removal(value: value, path: ownLeaf))
            }
            guard shard.index == 0 else { continue }
            for child in FileSystem.entries(of: FileSystem.join(datasetPath, entry)).sorted() {
                if let index = ShardLeaf.index(ofDirectory: child), index < shard.count { continue }
                removals.append(Removal(value: value, path: entry + "/" + child))
            }
        }
        return removals
    }
}
