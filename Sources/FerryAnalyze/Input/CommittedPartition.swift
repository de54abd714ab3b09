import FerryLoad
import Foundation

/// One committed partition of a dataset, `date=D/`: its own files when an unsharded run wrote it, or the
/// `shard=K/` leaves the shards of a sharded run wrote under it (each with its own manifest and `_SUCCESS`).
struct CommittedPartition {
    /// The partition's value, e.g. `2026-11-21`.
    let value: String
    /// The directory `date=D/`.
    let directory: URL
    /// The directories whose part files are read: the partition itself, or its committed shard leaves in shard order.
    let leaves: [URL]

    /// The committed partitions under a dataset directory, by name. Staging, hidden and `_runs` entries are
    /// skipped, and so is a partition with neither its own `_SUCCESS` nor a committed shard leaf.
    static func list(in dataset: URL) -> [CommittedPartition] {
        entries(of: dataset).compactMap { name in
            guard !name.hasPrefix("."), !name.hasPrefix("_"), let equals = name.firstIndex(of: "=") else { return nil }
            let directory = dataset.appending(path: name, directoryHint: .isDirectory)
            let value = String(name[name.index(after: equals)...])
            if isCommitted(directory) { return CommittedPartition(value: value, directory: directory, leaves: [directory]) }
            let leaves = entries(of: directory)
                .compactMap { leaf in ShardLeaf.index(ofDirectory: leaf).map { ($0, directory.appending(path: leaf, directoryHint: .isDirectory)) } }
                .filter { isCommitted($0.1) }
                .sorted { $0.0 < $1.0 }
                .map(\.1)
            return leaves.isEmpty ? nil : CommittedPartition(value: value, directory: directory, leaves: leaves)
        }
    }

    /// The partition's path below the dataset directory, with the leaf for a shard's: `date=D` or `date=D/shard=K`.
    static func name(of leaf: URL) -> String {
        let last = leaf.lastPathComponent
        guard ShardLeaf.index(ofDirectory: last) != nil else { return last }
        return leaf.deletingLastPathComponent().lastPathComponent + "/" + last
    }

    private static func isCommitted(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appending(path: Manifest.successMarker).path(percentEncoded: false))
    }

    private static func entries(of directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false))) ?? []).sorted()
    }
}
