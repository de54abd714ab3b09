/// Writes an uncompressed part file through a 256 KiB buffer, hashing the bytes as they reach disk.
final class PlainFileWriter {
    static let capacity = 256 * 1024

    private let file: HashedFile
    private let buffer: UnsafeMutableRawBufferPointer
    private var count = 0

    init(filePath: String) throws {
        file = try HashedFile(path: filePath)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try file.write(bytes)
        } else {
            (buffer.baseAddress! + count).copyMemory(from: base, byteCount: bytes.count)
            count += bytes.count
        }
    }

    /// Writes what is buffered, syncs and closes the file; returns its size and hex SHA-256.
    func finish() throws -> (bytes: Int, sha256: String) {
        try flush()
        return try file.finish()
    }

    func close() { file.close() }

    private func flush() throws {
        guard count > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        count = 0
        try file.write(pending)
    }
}
