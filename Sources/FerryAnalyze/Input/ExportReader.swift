import FerryCore
import FerryLoad
import Foundation

/// Reads the committed partitions Ferry wrote under an output directory, for a date range.
///
/// Only committed partitions are read (those with `_manifest.json` and `_SUCCESS`); staging
/// directories and hidden files are skipped. A sharded run's partitions are read leaf by leaf
/// (`date=D/shard=K/`, each with its own manifest), after checking that every shard of the run that
/// wrote them has committed the dataset, so that no shard's users are silently left out. Dated datasets (messages, sent_items, calendar_view)
/// contribute every `date=` partition in `[from, to)`; snapshot datasets (users, managers, ...)
/// their latest partition dated before `to`, or their latest at all.
///
/// Before any record is read every manifest's pseudonym key id is checked: input without one (not
/// pseudonymized) or with more than one (pseudonyms that do not join) is refused unless allowed.
public struct ExportReader: Sendable {
    /// The export's root directory (`load.path` of the pipeline).
    public let root: URL
    /// The first day read (inclusive).
    public let from: UTCTimestamp?
    /// The day after the last day read (exclusive).
    public let to: UTCTimestamp?

    /// What was found, before reading records.
    public struct Inventory: Sendable {
        /// For each dataset present, the directories to read: partitions, or the shard leaves of a sharded run's.
        public var partitions: [ExportedDataset: [URL]] = [:]
        /// The pseudonym key ids found in the manifests (normally exactly one).
        public var keyIds: Set<String> = []
        /// Partitions whose manifest names no pseudonym key.
        public var unpseudonymized: [String] = []
        /// The datasets not found at all.
        public var missing: [ExportedDataset] {
            ExportedDataset.allCases.filter { partitions[$0] == nil }
        }
    }

    /// Creates a reader of `root` for days in `[from, to)`; nil leaves that side open.
    public init(root: URL, from: UTCTimestamp? = nil, to: UTCTimestamp? = nil) {
        self.root = root
        self.from = from
        self.to = to
    }

    /// Lists the partitions to read and checks their manifests' pseudonym keys.
    public func inventory(allowUnpseudonymized: Bool = false, allowMixedKeys: Bool = false) throws -> Inventory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path(percentEncoded: false), isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw AnalyzeError(.input, "'\(root.path(percentEncoded: false))' is not a directory; give the load.path of an export")
        }
        var inventory = Inventory()
        for dataset in ExportedDataset.allCases {
            let directory = root.appending(path: dataset.rawValue, directoryHint: .isDirectory)
            let committed = CommittedPartition.list(in: directory)
            let chosen = dataset.isSnapshot ? latestSnapshot(committed) : committed.filter { inRange($0.value) }
            guard !chosen.isEmpty else { continue }
            inventory.partitions[dataset] = chosen.flatMap(\.leaves)
            for partition in chosen {
                var manifests: [Manifest] = []
                for leaf in partition.leaves {
                    let manifest = try readManifest(leaf)
                    manifests.append(manifest)
                    if let keyId = manifest.pseudonymKeyId, !keyId.isEmpty {
                        inventory.keyIds.insert(keyId)
                    } else {
                        inventory.unpseudonymized.append("\(dataset.rawValue)/\(CommittedPartition.name(of: leaf))")
                    }
                }
                try ShardCompleteness.check(partition, manifests: manifests, dataset: dataset.rawValue, datasetDirectory: directory)
            }
        }
        if !inventory.unpseudonymized.isEmpty && !allowUnpseudonymized {
            let examples = inventory.unpseudonymized.prefix(3).joined(separator: ", ")
            throw AnalyzeError(.privacy,
                "refusing to analyse an export that was not pseudonymized: \(inventory.unpseudonymized.count) partition(s) "
                + "have no pseudonym key in their manifest (\(examples)); export again with transform.pseudonymize.key set, "
                + "or pass --allow-unpseudonymized if you are entitled to see identities")
        }
        if inventory.keyIds.count > 1 && !allowMixedKeys {
            throw AnalyzeError(.privacy,
                "refusing to analyse partitions written with \(inventory.keyIds.count) different pseudonym keys "
                + "(\(inventory.keyIds.sorted().joined(separator: ", "))): their pseudonyms do not join; export every dataset "
                + "again with one key, or pass --allow-mixed-keys")
        }
        return inventory
    }

    /// Every record of one dataset's chosen partitions.
    public func records(of dataset: ExportedDataset, in inventory: Inventory) throws -> [ExportRecord] {
        var records: [ExportRecord] = []
        try forEachRecord(of: dataset, in: inventory) { records.append($0) }
        return records
    }

    /// Calls `body` with each record of one dataset's chosen partitions, one part file in memory at a time.
    public func forEachRecord(of dataset: ExportedDataset, in inventory: Inventory, _ body: (ExportRecord) throws -> Void) throws {
        for partition in inventory.partitions[dataset] ?? [] {
            for file in try partFiles(partition) {
                for record in try Self.records(file: file, columns: dataset.columnsRead) { try body(record) }
            }
        }
    }

    /// Parses the records of the directory's `datasets` (in that order) file by file in parallel, and hands
    /// each file's records to `add` in file order; memory holds only the files read ahead (see `readAhead`).
    func readRecords(
        of datasets: [ExportedDataset], in inventory: Inventory, _ add: ([ExportRecord], ExportedDataset) throws -> Void
    ) throws {
        try readAhead(datasets, in: inventory, start: { dataset, file in
            { try Self.records(file: file, columns: dataset.columnsRead) }
        }, add)
    }

    /// Reads the mail or calendar files of `datasets` (in that order) in parallel and hands each file's
    /// events to `merge` in file order. `directory` is asked again as each file is started.
    func readEvents(
        of datasets: [ExportedDataset], in inventory: Inventory, directory: () -> DirectoryIndex,
        _ merge: (RawEvents, ExportedDataset) throws -> Void
    ) throws {
        try readAhead(datasets, in: inventory, start: { dataset, file in
            let index = directory()
            return { try Self.readEvents(file: file, calendar: dataset == .calendarView, directory: index) }
        }, merge)
    }

    /// Runs the work `start` gives for each part file of `datasets` (in that order) on worker threads, and
    /// hands each file's result to `consume` in file order (so the result never depends on timing) while
    /// the next files are being read: up to two files per processor are read ahead of the one being
    /// consumed, and no more are in memory. One pipeline runs through every dataset, so no core waits at a
    /// dataset's last file.
    private func readAhead<Value>(
        _ datasets: [ExportedDataset], in inventory: Inventory,
        start: (ExportedDataset, URL) -> @Sendable () throws -> Value, _ consume: (Value, ExportedDataset) throws -> Void
    ) throws {
        var files: [(dataset: ExportedDataset, file: URL)] = []
        for dataset in datasets {
            for partition in inventory.partitions[dataset] ?? [] { files += try partFiles(partition).map { (dataset, $0) } }
        }
        let ahead = 2 * UsableProcessors.count
        let results = ResultSlots<Value>(count: files.count)
        let done = (0..<files.count).map { _ in DispatchSemaphore(value: 0) }
        let started = DispatchGroup()
        // Files already started finish even when a consumer fails; nothing outlives this call.
        defer { started.wait() }
        var next = 0
        for position in files.indices {
            while next < files.count && next <= position + ahead {
                let work = start(files[next].dataset, files[next].file)
                let slot = next, signal = done[next]
                DispatchQueue.global().async(group: started) {
                    results.set(slot, Result { try work() })
                    signal.signal()
                }
                next += 1
            }
            done[position].wait()
            try consume(try results.take(position).get(), files[position].dataset)
        }
    }

    /// The records of one part file, only `columns` of JSON lines parsed.
    private static func records(file: URL, columns: [String]) throws -> [ExportRecord] {
        let bytes = try wholeFile(file)
        if isCSV(file) { return CSVRecordParser.records(bytes) }
        var records: [ExportRecord] = []
        try jsonLines(bytes, path: file.path(percentEncoded: false), columns: columns) { records.append($0) }
        return records
    }

    /// A part file's bytes, decompressed when it is gzip.
    private static func wholeFile(_ file: URL) throws -> [UInt8] {
        do {
            return file.pathExtension == "gz" ? try GzipDecompression.decompress(file: file) : Array(try Data(contentsOf: file))
        } catch {
            throw AnalyzeError(.input, "cannot read '\(file.path(percentEncoded: false))': \(error)")
        }
    }

    private static func readEvents(file: URL, calendar: Bool, directory: DirectoryIndex) throws -> RawEvents {
        let path = file.path(percentEncoded: false)
        var raw = RawEvents()
        if isCSV(file) {
            // CSV fields may hold line breaks, so a CSV file is parsed whole.
            let bytes = try wholeFile(file)
            let reader = RecordEventReader(directory: directory)
            for record in CSVRecordParser.records(bytes) { reader.add(record, calendar: calendar, to: &raw) }
        } else {
            // JSON lines are read a few megabytes at a time: memory stays bounded whatever the file's size.
            var scanner = JSONLEventScanner(path: path, directory: directory)
            try LineChunkReader.forEachChunk(of: file) { chunk, count in
                try scanner.scan(&chunk, count: count, calendar: calendar, into: &raw)
            }
        }
        return raw
    }

    private static func isCSV(_ file: URL) -> Bool {
        file.lastPathComponent.hasSuffix(".csv") || file.lastPathComponent.hasSuffix(".csv.gz")
    }

    /// Each line's members are located without building JSON trees, and only `columns` are parsed.
    private static func jsonLines(_ bytes: [UInt8], path: String, columns: [String], _ body: (ExportRecord) throws -> Void) throws {
        let wanted = columns.map { Array($0.utf8) }
        var members: [JSONMember] = []
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            let end = bytes.withUnsafeBytes { LineBreak.next(in: $0, from: start, to: bytes.count) }
            lineNumber += 1
            if end > start {
                guard JSONScanner.members(of: bytes, object: start..<end, into: &members) else {
                    throw AnalyzeError(.input, "'\(path)' line \(lineNumber) is not a JSON object; the file was damaged")
                }
                var values: [(key: String, value: JSONValue)] = []
                for member in members {
                    let key = member.key
                    guard let column = wanted.firstIndex(where: { $0.count == key.count && $0.elementsEqual(bytes[key]) }) else { continue }
                    do {
                        values.append((columns[column], try JSONScanner.parse(bytes, member.value)))
                    } catch {
                        throw AnalyzeError(.input, "'\(path)' line \(lineNumber): \(columns[column]) is not valid JSON (\(error)); the file was damaged")
                    }
                }
                try body(ExportRecord(.object(values)))
            }
            start = end + 1
        }
    }

    private func inRange(_ value: String) -> Bool {
        guard let day = UTCTimestamp(parsing: value) else { return false }
        if let from, day < from.startOfDay { return false }
        if let to, day >= to { return false }
        return true
    }

    private func latestSnapshot(_ partitions: [CommittedPartition]) -> [CommittedPartition] {
        let dated = partitions.filter { UTCTimestamp(parsing: $0.value) != nil }
        let before = dated.filter { to == nil || UTCTimestamp(parsing: $0.value)! < to! }
        return (before.last ?? dated.last ?? partitions.last).map { [$0] } ?? []
    }

    private func readManifest(_ partition: URL) throws -> Manifest {
        do {
            return try Manifest.read(from: partition)
        } catch {
            throw AnalyzeError(.input, "\(error)")
        }
    }

    private func partFiles(_ partition: URL) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: partition.path(percentEncoded: false))) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }.map {
            partition.appending(path: $0, directoryHint: .notDirectory)
        }
    }
}
