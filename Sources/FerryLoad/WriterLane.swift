/// One lane of a `DatasetWriter`: its own open part file in each partition it has written to, so
/// that several lanes compress the same dataset on several cores at once.
///
/// A lane is lent by `DatasetWriter.withLane(_:)` to one caller at a time, for as long as the call
/// lasts (a page of records and whatever must be recorded with them). Its files roll at the writer's
/// limits exactly as a single writer's do; their indices come from the partition's shared counter.
public struct WriterLane: Sendable {
    /// What every lane of a writer shares: the limits, the file format and the partitions.
    struct Settings: Sendable {
        let compression: OutputCompression
        let maxRowsPerFile: Int
        let maxBytesPerFile: Int
        let fileHeader: [UInt8]?
        let partitions: PartitionRegistry
    }

    /// The lane's position among the writer's lanes.
    public let index: Int
    private let settings: Settings
    private var open: [String: PartFile] = [:]
    /// Consecutive records usually share a partition, so the last one's file is kept at hand.
    private var lastValue: String?
    private var lastFile: PartFile?
    /// Records this lane appended in this process.
    private(set) var rows = 0
    /// Set when a file operation failed: the writer is then failed as a whole.
    private(set) var broken = false

    init(index: Int, settings: Settings) {
        self.index = index
        self.settings = settings
    }

    /// Appends one encoded record (ending in "\n") to the partition `value` (e.g. "2026-11-21").
    public mutating func append(_ line: UnsafeRawBufferPointer, partition value: String) throws {
        guard line.last == UInt8(ascii: "\n") else {
            throw LoadError.invalid("a record for partition '\(value)' does not end in a newline; the encoder must end each record with \"\\n\"")
        }
        let file: PartFile
        if lastValue == value, let last = lastFile, !isFull(last, adding: line.count) {
            file = last
        } else {
            file = try partFile(for: value, adding: line.count)
        }
        do {
            try file.append(line)
        } catch {
            broken = true
            throw error
        }
        rows += 1
    }

    /// Appends one encoded record (ending in "\n") to the partition `value`.
    public mutating func append(_ line: [UInt8], partition value: String) throws {
        try line.withUnsafeBytes { try append($0, partition: value) }
    }

    /// Finishes every open file of the lane (synced, renamed to its final name) and records it.
    mutating func finishAll() throws {
        lastValue = nil
        lastFile = nil
        for value in open.keys.sorted() {
            try finish(value)
        }
    }

    /// Closes every open file without finishing it (the staging area is about to be removed).
    mutating func closeAll() {
        lastValue = nil
        lastFile = nil
        for (value, file) in open {
            file.close()
            settings.partitions.abandoned(in: value)
        }
        open = [:]
    }

    private func isFull(_ file: PartFile, adding byteCount: Int) -> Bool {
        file.rows >= settings.maxRowsPerFile
            || (file.rows > 0 && file.uncompressedBytes + byteCount > settings.maxBytesPerFile)
    }

    /// The part file the next record of `byteCount` bytes goes to, rolling to a new one at a limit.
    private mutating func partFile(for value: String, adding byteCount: Int) throws -> PartFile {
        if let file = open[value] {
            if !isFull(file, adding: byteCount) {
                lastValue = value
                lastFile = file
                return file
            }
            try finish(value)
        }
        try settings.partitions.declare(value)
        let next = settings.partitions.nextFile(in: value)
        let file: PartFile
        do {
            file = try PartFile(
                directory: next.directory, name: next.name, compression: settings.compression, header: settings.fileHeader)
        } catch {
            settings.partitions.abandoned(in: value)
            broken = true
            throw error
        }
        open[value] = file
        lastValue = value
        lastFile = file
        return file
    }

    private mutating func finish(_ value: String) throws {
        guard let file = open.removeValue(forKey: value) else { return }
        if lastValue == value {
            lastValue = nil
            lastFile = nil
        }
        do {
            settings.partitions.finished(try file.finish(), in: value)
        } catch {
            settings.partitions.abandoned(in: value)
            broken = true
            throw error
        }
    }
}
