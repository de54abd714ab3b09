/// The hidden directory where one run writes a dataset, and the swaps that make its partitions visible.
///
/// A writer stages under `root/.ferry-staging/<dataset>/.staging-<run>[.shard-<k>]/`, outside the
/// dataset's tree, so no glob under the dataset directory (`*/*.jsonl.gz`, `**/*.jsonl.gz`,
/// `date=*/shard=*/*`) reaches a staged file, even in readers that descend into dot-directories; it is
/// on the same file system as the output, so publishing stays a rename. (Older releases staged in
/// `<dataset>/.staging-<run>/`; what they left is still cleaned up.) The staging directory holds a
/// `.lock` file (an `flock` held while the writer lives, released by the kernel if the process dies)
/// and one `<key>=<value>/` directory per partition, or `<key>=<value>/shard=<k>/` for a shard.
final class StagingArea {
    static let prefix = ".staging-"
    static let lockName = ".lock"
    /// What the staged lines were written with (`DatasetWriter`'s `settings`), kept for a resuming process.
    static let settingsName = ".settings"
    static let trashPrefix = ".trash-"
    /// Covered partitions a commit takes away, kept until the commit is over.
    static let removedPrefix = ".removed-"
    /// Written once a commit has made everything visible: the staging area then holds only the past.
    static let publishedMarker = ".published"
    /// A staging directory being created, before its lock is taken.
    static let creatingPrefix = ".creating"

    let datasetPath: String
    let path: String
    private var lockDescriptor: Int32?

    /// Creates `<stagingDirectory>/.staging-<name>/` (`stagingDirectory` defaults to the dataset
    /// directory itself), first cleaning what crashed or abandoned writers left behind there and in the
    /// dataset directory.
    ///
    /// With `resuming`, the run's own staging directory, left by an earlier process of the same run,
    /// is taken over instead of refused; `keep(_:)` then trims it to what a checkpoint recorded.
    /// A run's staging directory that is gone can only be resumed when the checkpoint kept no file.
    init(
        datasetPath: String, stagingDirectory: String? = nil, runId: String, name: String? = nil, resuming: Bool = false,
        keepsFiles: Bool = false
    ) throws {
        self.datasetPath = datasetPath
        let stagingDirectory = stagingDirectory ?? datasetPath
        let spared = Self.prefix + (name ?? runId)
        path = FileSystem.join(stagingDirectory, spared)
        try FileSystem.createDirectories(datasetPath)
        try FileSystem.createDirectories(stagingDirectory)
        try Self.cleanStale(in: stagingDirectory, datasetPath: datasetPath, sparing: resuming ? spared : nil)
        if stagingDirectory != datasetPath {
            try Self.cleanStale(in: datasetPath, datasetPath: datasetPath)  // an older release's leftovers
        }
        if FileSystem.exists(path) && !resuming {
            throw LoadError(.busy, path: path, message:
                "another writer of run '\(runId)' is writing '\(datasetPath)' right now; give each run its own id")
        }
        if resuming && keepsFiles && !FileSystem.exists(path) {
            throw LoadError(.resume, path: path, message:
                "the staged files of run '\(runId)' are gone (another run of this dataset cleaned them up); the run starts over")
        }
        // A writer of this same staging area killed while creating it (before its lock was taken) left
        // `.creating<name>~...`; no other writer can be creating this name now, since a second writer
        // of one run's dataset is refused, so what is there and not locked is dead.
        for entry in FileSystem.entries(of: stagingDirectory) where entry.hasPrefix(Self.creatingPrefix + spared + "~") {
            let leftover = FileSystem.join(stagingDirectory, entry)
            let lockPath = FileSystem.join(leftover, Self.lockName)
            if FileSystem.exists(lockPath) {
                guard let fd = try? FileSystem.tryLock(lockPath, create: false) else { continue }
                FileSystem.unlock(fd)
            }
            try? FileSystem.removeTree(leftover)
        }
        let busy = LoadError(.busy, path: path, message:
            "another writer of run '\(runId)' is writing '\(datasetPath)' right now; give each run its own id")
        if FileSystem.exists(path) {
            guard let fd = try FileSystem.tryLock(FileSystem.join(path, Self.lockName), create: true) else { throw busy }
            lockDescriptor = fd
        } else {
            // Created under another name with its lock held, then renamed into place: a staging
            // directory is never seen without its lock, which another writer's clean-up (the shards of a
            // run start together) would take for a dead writer's and remove.
            let creating = FileSystem.join(
                stagingDirectory, Self.creatingPrefix + spared + "~" + String(UInt64.random(in: .min ... .max), radix: 36))
            try FileSystem.createDirectories(creating)
            guard let fd = try FileSystem.tryLock(FileSystem.join(creating, Self.lockName), create: true) else { throw busy }
            do {
                try FileSystem.rename(creating, to: path)
            } catch {
                FileSystem.unlock(fd)
                try? FileSystem.removeTree(creating)
                throw busy
            }
            lockDescriptor = fd
        }
    }

    /// Deletes every staged file and partition directory not in `files` (partition directory path, such
    /// as `date=d` or `date=d/shard=2`, to file names and sizes), and checks that each of `files` is there
    /// with its recorded size.
    func keep(_ files: [String: [(name: String, bytes: Int)]]) throws {
        try prune("", keeping: files)
        for (directory, kept) in files {
            for file in kept {
                let filePath = FileSystem.join(stagedPartitionPath(directory), file.name)
                guard FileSystem.size(of: filePath) == file.bytes else {
                    throw LoadError(.resume, path: filePath, message:
                        "the staged file '\(filePath)' is missing or not the size its checkpoint recorded; the run starts over")
                }
            }
            try FileSystem.syncDirectory(stagedPartitionPath(directory))
        }
    }

    /// Removes what is below `relative` in the staging area and neither a kept file nor on the way to one.
    private func prune(_ relative: String, keeping files: [String: [(name: String, bytes: Int)]]) throws {
        let directoryPath = relative.isEmpty ? path : FileSystem.join(path, relative)
        for entry in FileSystem.entries(of: directoryPath)
        where !(relative.isEmpty && (entry == Self.lockName || entry == Self.settingsName)) {
            let entryRelative = relative.isEmpty ? entry : relative + "/" + entry
            let entryPath = FileSystem.join(directoryPath, entry)
            if let kept = files[entryRelative], FileSystem.isDirectory(entryPath) {
                let names = Set(kept.map(\.name))
                for file in FileSystem.entries(of: entryPath) where !names.contains(file) {
                    try FileSystem.removeTree(FileSystem.join(entryPath, file))
                }
            } else if FileSystem.isDirectory(entryPath), files.keys.contains(where: { $0.hasPrefix(entryRelative + "/") }) {
                try prune(entryRelative, keeping: files)
            } else {
                try FileSystem.removeTree(entryPath)
            }
        }
    }

    deinit { unlock() }

    func stagedPartitionPath(_ directoryName: String) -> String {
        FileSystem.join(path, directoryName)
    }

    /// Makes the staged partition directory visible as `<dataset>/<name>`, replacing any earlier one,
    /// and returns the step that undoes it. The earlier version stays in the staging area until
    /// `remove()`, so a commit that fails later can still put it back.
    ///
    /// On Linux an existing partition is swapped with the staged one in a single `renameat2` call
    /// (`RENAME_EXCHANGE`), so some complete version is visible at every instant. Where that is not
    /// available the old directory is first renamed to `.trash-<name>` inside the staging area; if the
    /// process dies between the two renames, the next writer of the dataset renames it back.
    func swapIn(_ directoryName: String, allowExchange: Bool = true) throws -> PublishStep {
        let staged = stagedPartitionPath(directoryName)
        let visible = FileSystem.join(datasetPath, directoryName)
        if directoryName.contains("/") {
            // A shard's leaf: its partition directory is shared with the other shards, and may be new.
            try FileSystem.createDirectories(FileSystem.join(datasetPath, String(directoryName.prefix { $0 != "/" })))
        }
        if FileSystem.exists(visible) {
            if allowExchange, try FileSystem.exchange(staged, visible) {
                return .exchanged(staged: staged, visible: visible)
            }
            let trash = FileSystem.join(path, Self.trashPrefix + Self.flatName(directoryName))
            try FileSystem.removeTree(trash)
            try FileSystem.rename(visible, to: trash)
            try FileSystem.rename(staged, to: visible)
            return .moved(from: staged, to: visible, previous: trash)
        }
        try FileSystem.rename(staged, to: visible)
        return .moved(from: staged, to: visible, previous: nil)
    }

    /// Takes the visible partition `<dataset>/<name>` out of readers' sight (a covered partition this
    /// run has no record for) into the staging area, from where `remove()` deletes it. `name` may be a
    /// path below the dataset directory: a shard's leaf, or a file of an unsharded run's partition.
    func setAside(_ directoryName: String) throws -> PublishStep {
        let visible = FileSystem.join(datasetPath, directoryName)
        let removed = FileSystem.join(path, Self.removedPrefix + Self.flatName(directoryName))
        try FileSystem.rename(visible, to: removed)
        return .moved(from: visible, to: removed, previous: nil)
    }

    /// Writes a small file into the staging area (synced), to be published later with `publishFile`.
    func stageFile(_ name: String, bytes: [UInt8]) throws {
        try FileSystem.writeFile(FileSystem.join(path, name), bytes: bytes)
    }

    /// Moves the staged file `name` to `<dataset>/<directory>/<fileName>`, keeping any file it replaces
    /// in the staging area until `remove()`.
    func publishFile(_ name: String, to directory: String, as fileName: String) throws -> PublishStep {
        let directoryPath = FileSystem.join(datasetPath, directory)
        try FileSystem.createDirectories(directoryPath)
        let staged = FileSystem.join(path, name)
        let visible = FileSystem.join(directoryPath, fileName)
        var previous: String?
        if FileSystem.exists(visible) {
            let aside = FileSystem.join(path, Self.trashPrefix + name)
            try FileSystem.rename(visible, to: aside)
            previous = aside
        }
        try FileSystem.rename(staged, to: visible)
        return .moved(from: staged, to: visible, previous: previous)
    }

    /// Records that every step of the commit is done: from now on, what the staging area still holds
    /// is the past, and a crash before `remove()` must not bring it back.
    func markPublished() throws {
        try FileSystem.syncDirectory(datasetPath)
        try FileSystem.writeFile(FileSystem.join(path, Self.publishedMarker), bytes: [])
    }

    /// Deletes the staging directory and everything in it, and releases the lock.
    func remove() throws {
        try FileSystem.removeTree(path)
        unlock()
    }

    /// Releases the lock and keeps everything staged, for the next process (or run) of the same run
    /// id to take over with `resuming`.
    func release() {
        unlock()
    }

    private func unlock() {
        if let fd = lockDescriptor { FileSystem.unlock(fd) }
        lockDescriptor = nil
    }

    /// Removes staging directories whose writer is gone, first putting back any partition that a
    /// crash in the middle of a commit left in a staging area's trash (or took away as not covered).
    ///
    /// A staging directory whose lock another writer holds is alive and left alone.
    static func cleanStale(in stagingDirectory: String, datasetPath: String, sparing spared: String? = nil) throws {
        // A directory still being created (`.creating...`) is left alone: its writer may have created its
        // lock file and not yet locked it. One left by a writer that died in those microseconds holds only
        // its lock; the next writer of the same run and dataset removes it.
        for name in FileSystem.entries(of: stagingDirectory) where name.hasPrefix(prefix) && name != spared {
            let stale = FileSystem.join(stagingDirectory, name)
            let lockPath = FileSystem.join(stale, lockName)
            var lock: Int32?
            if FileSystem.exists(lockPath) {
                guard let fd = try? FileSystem.tryLock(lockPath, create: false) else { continue }
                lock = fd
            }
            defer { if let lock { FileSystem.unlock(lock) } }
            // Before a commit finished publishing, a partition it took away is put back; after, not.
            let published = FileSystem.exists(FileSystem.join(stale, publishedMarker))
            for entry in FileSystem.entries(of: stale) where !published {
                guard let prefix = [trashPrefix, removedPrefix].first(where: { entry.hasPrefix($0) }) else { continue }
                let visible = FileSystem.join(datasetPath, unflatName(String(entry.dropFirst(prefix.count))))
                // Only partitions (`key=value`) are put back; the earlier version of a side file is the same run's.
                guard entry.contains("=") else { continue }
                if !FileSystem.exists(visible) {
                    if let slash = visible.lastIndex(of: "/") { try FileSystem.createDirectories(String(visible[..<slash])) }
                    try FileSystem.rename(FileSystem.join(stale, entry), to: visible)
                }
            }
            // Leftovers are invisible to readers, so failing to delete one must not stop a new run.
            try? FileSystem.removeTree(stale)
        }
    }

    /// A path below the dataset directory as one file name (`date=d/shard=2` as `date=d%2Fshard=2`), so
    /// that what a commit sets aside sits directly in the staging area, and `unflatName` finds its place.
    static func flatName(_ relativePath: String) -> String {
        relativePath.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
    }

    static func unflatName(_ name: String) -> String {
        name.replacingOccurrences(of: "%2F", with: "/").replacingOccurrences(of: "%25", with: "%")
    }
}
