/// One part file being written inside a staged partition directory.
///
/// While open it carries a dot-prefixed name, so nothing that lists the directory mistakes it for a
/// finished file; `finish()` syncs it and renames it to its final name.
///
/// `@unchecked Sendable`: a part file belongs to one `WriterLane`, which lives in its lane's
/// `Mutex`, so one thread at a time touches it; it is never shared between lanes.
final class PartFile: @unchecked Sendable {
    private enum Body {
        case plain(PlainFileWriter)
        case gzip(GzipFileWriter)
    }

    let name: String
    private let openPath: String
    private let finalPath: String
    private let body: Body
    private(set) var rows = 0
    /// Uncompressed bytes written, header included; what the byte limit of a part file counts.
    private(set) var uncompressedBytes = 0

    init(directory: String, name: String, compression: OutputCompression, header: [UInt8]?) throws {
        self.name = name
        openPath = FileSystem.join(directory, "." + name)
        finalPath = FileSystem.join(directory, name)
        switch compression {
        case .none: body = .plain(try PlainFileWriter(filePath: openPath))
        case .gzip(let level): body = .gzip(try GzipFileWriter(filePath: openPath, level: level))
        }
        if let header, !header.isEmpty {
            try header.withUnsafeBytes { try write($0) }
        }
    }

    /// Appends one record.
    func append(_ line: UnsafeRawBufferPointer) throws {
        try write(line)
        rows += 1
    }

    /// Syncs and closes the file, gives it its final name, and describes it.
    func finish() throws -> PartFileSummary {
        let result: (bytes: Int, sha256: String)
        switch body {
        case .plain(let writer): result = try writer.finish()
        case .gzip(let writer): result = try writer.finish()
        }
        try FileSystem.rename(openPath, to: finalPath)
        return PartFileSummary(name: name, rows: rows, bytes: result.bytes, sha256: result.sha256)
    }

    /// Closes the file without finishing it (the staging directory is about to be removed).
    func close() {
        switch body {
        case .plain(let writer): writer.close()
        case .gzip(let writer): writer.close()
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        switch body {
        case .plain(let writer): try writer.write(bytes)
        case .gzip(let writer): try writer.write(bytes)
        }
        uncompressedBytes += bytes.count
    }
}
