import Crypto
import FerryCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for writing whose bytes are counted and hashed (SHA-256) as they reach the disk.
///
/// Owns the file descriptor. Writes go straight to `write(2)`; callers hand it large chunks.
///
/// Every `writeBehindBytes` written, the kernel is asked to start writing them to disk (write-behind,
/// like RocksDB's `bytes_per_sync`): the `fsync` of the commit then waits for the last stretch only,
/// rather than for the whole file at once at the end of a run.
final class HashedFile {
    static let writeBehindBytes = 1 << 20

    let path: String
    private(set) var bytesWritten = 0
    /// The bytes whose writeback has been asked for.
    private(set) var writtenBehind = 0
    private var descriptor: Int32
    private var hasher = SHA256()

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoadError.system("create", path: path, errno: errno) }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = FileSystem.closeDescriptor(descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        guard descriptor >= 0 else {
            throw LoadError(.finished, path: path, message: "internal: write to closed file '\(path)'")
        }
        hasher.update(bufferPointer: bytes)
        try FileSystem.writeAll(descriptor, base, count: bytes.count, path: path)
        bytesWritten += bytes.count
        if bytesWritten - writtenBehind >= Self.writeBehindBytes {
            FileSystem.startWriteback(descriptor, offset: writtenBehind, count: bytesWritten - writtenBehind)
            writtenBehind = bytesWritten
        }
    }

    /// Flushes the file to stable storage, closes it, and returns its size and hex SHA-256.
    func finish() throws -> (bytes: Int, sha256: String) {
        guard descriptor >= 0 else {
            throw LoadError(.finished, path: path, message: "internal: file '\(path)' finished twice")
        }
        let fd = descriptor
        descriptor = -1
        if fsync(fd) != 0 {
            let code = errno
            _ = FileSystem.closeDescriptor(fd)
            throw LoadError.system("sync", path: path, errno: code)
        }
        if FileSystem.closeDescriptor(fd) != 0 { throw LoadError.system("close", path: path, errno: errno) }
        return (bytesWritten, HashedFile.hex(hasher.finalize()))
    }

    /// Closes the file without syncing; used when the output is thrown away.
    func close() {
        if descriptor >= 0 { _ = FileSystem.closeDescriptor(descriptor) }
        descriptor = -1
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { HexText.string($0) }
    }
}
