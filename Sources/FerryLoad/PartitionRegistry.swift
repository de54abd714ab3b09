import Synchronization

/// The partitions of one run's dataset, shared by the writer's lanes: each partition's staged
/// directory, its finished part files, and the counter that numbers its part files.
///
/// Lanes take its lock briefly, only to open or finish a file; the records themselves never pass
/// through it. A part file index is handed out once, so the lanes' files of a partition never
/// collide, and once every lane has finished its open files (a seal, a commit) the partition's
/// finished files are numbered 0..<k without a gap.
final class PartitionRegistry: Sendable {
    private let layout: PartitionLayout
    private let runId: String
    private let compression: OutputCompression
    private let stagingPath: String
    private let partitions = Mutex<[String: StagedPartition]>([:])

    init(layout: PartitionLayout, runId: String, compression: OutputCompression, stagingPath: String) {
        self.layout = layout
        self.runId = runId
        self.compression = compression
        self.stagingPath = stagingPath
    }

    /// Creates the partition's staged directory if this is its first mention.
    func declare(_ value: String) throws {
        try partitions.withLock { partitions in
            if partitions[value] != nil { return }
            try PartitionLayout.checkComponent(value, "partition value", allowLeadingDot: true)
            let directoryName = layout.partitionDirectoryName(value)
            let partition = StagedPartition(
                value: value, directoryName: directoryName,
                stagedPath: FileSystem.join(stagingPath, directoryName))
            try FileSystem.createDirectories(partition.stagedPath)
            partitions[value] = partition
        }
    }

    /// The directory and name of a new part file of `value` (declared before), with the next index.
    func nextFile(in value: String) -> (directory: String, name: String) {
        partitions.withLock { partitions in
            let index = partitions[value]!.nextIndex
            partitions[value]!.nextIndex += 1
            partitions[value]!.openFiles += 1
            return (partitions[value]!.stagedPath, layout.partFileName(runId: runId, index: index, compression: compression))
        }
    }

    /// Records a part file of `value` a lane finished.
    func finished(_ file: PartFileSummary, in value: String) {
        partitions.withLock { partitions in
            partitions[value]!.finished.append(file)
            partitions[value]!.openFiles -= 1
        }
    }

    /// A part file of `value` a lane closed without finishing (its writer is aborting).
    func abandoned(in value: String) {
        partitions.withLock { $0[value]?.openFiles -= 1 }
    }

    /// Every partition, in value order, its finished files in name order.
    var all: [StagedPartition] {
        partitions.withLock { partitions in
            partitions.values.sorted { $0.value < $1.value }.map { partition in
                var sorted = partition
                sorted.finished.sort { $0.name < $1.name }
                return sorted
            }
        }
    }

    func contains(_ value: String) -> Bool {
        partitions.withLock { $0[value] != nil }
    }

    /// Takes over files an earlier process sealed (each partition's in name order, numbered 0..<k).
    func adopt(_ files: [String: [PartFileSummary]]) throws {
        for (value, ordered) in files {
            try declare(value)
            partitions.withLock { partitions in
                partitions[value]!.finished = ordered
                partitions[value]!.nextIndex = ordered.count
            }
        }
    }

    func removeAll() {
        partitions.withLock { $0 = [:] }
    }
}
