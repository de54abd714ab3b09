import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls the commit protocol is built from, each turning a failure into a `LoadError`.
enum FileSystem {
    /// The file-system path of a file URL, without a trailing slash.
    static func path(of url: URL) -> String {
        var path = url.standardizedFileURL.path(percentEncoded: false)
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    @discardableResult
    static func closeDescriptor(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }

    /// Writes `count` bytes at `base`, retrying short writes and interrupted calls.
    static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, count: Int, path: String) throws {
        var offset = 0
        while offset < count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, base + offset, count - offset)
            #else
            let n = Darwin.write(fd, base + offset, count - offset)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                throw LoadError.system("write", path: path, errno: errno)
            }
            offset += n
        }
    }

    /// Creates `path` (a small file such as `_manifest.json` or `_SUCCESS`) with `bytes` and syncs it.
    static func writeFile(_ path: String, bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoadError.system("create", path: path, errno: errno) }
        defer { closeDescriptor(fd) }
        try bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress { try writeAll(fd, base, count: buffer.count, path: path) }
        }
        guard fsync(fd) == 0 else { throw LoadError.system("sync", path: path, errno: errno) }
    }

    /// Whether anything (file, directory or link) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The size in bytes of the regular file at `path`, or nil when there is none.
    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p`: creates `path` and any missing parents.
    static func createDirectories(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        switch code {
        case EEXIST:
            if isDirectory(path) { return }
            throw LoadError.system("create directory", path: path, errno: ENOTDIR)
        case ENOENT:
            let parent = (path as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != path else {
                throw LoadError.system("create directory", path: path, errno: code)
            }
            try createDirectories(parent)
            if mkdir(path, 0o755) == 0 || (errno == EEXIST && isDirectory(path)) { return }
            throw LoadError.system("create directory", path: path, errno: errno)
        default:
            throw LoadError.system("create directory", path: path, errno: code)
        }
    }

    /// Flushes a directory's entries (new names, renames) to stable storage.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LoadError.system("open directory", path: path, errno: errno) }
        defer { closeDescriptor(fd) }
        guard fsync(fd) == 0 else { throw LoadError.system("sync directory", path: path, errno: errno) }
    }

    static func rename(_ from: String, to: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else { throw LoadError.system("rename '\(from)' to", path: to, errno: errno) }
    }

    /// Atomically swaps two existing paths (Linux `renameat2(RENAME_EXCHANGE)`).
    ///
    /// Returns false when the system or the file system cannot do it, so the caller falls back to
    /// two renames.
    static func exchange(_ first: String, _ second: String) throws -> Bool {
        #if os(Linux)
        guard let renameat2 = renameat2Function else { return false }
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE from <linux/fs.h>
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return true }
        let code = errno
        if code == EINVAL || code == ENOSYS || code == ENOTSUP { return false }
        throw LoadError.system("swap '\(first)' with", path: second, errno: code)
        #else
        return false
        #endif
    }

    /// Asks the kernel to start writing `count` bytes of `fd` from `offset` to disk, without waiting
    /// (Linux's `sync_file_range` with `SYNC_FILE_RANGE_WRITE`). Only a head start for the `fsync` that
    /// commits the file, which alone makes it durable: a failure here is left for that `fsync` to report.
    /// Returns whether the kernel took the request.
    @discardableResult
    static func startWriteback(_ fd: Int32, offset: Int, count: Int) -> Bool {
        #if os(Linux)
        guard let syncFileRange = syncFileRangeFunction, count > 0 else { return false }
        let writeOnly: UInt32 = 2  // SYNC_FILE_RANGE_WRITE from <fcntl.h>
        return syncFileRange(fd, Int64(offset), Int64(count), writeOnly) == 0
        #else
        return false
        #endif
    }

    #if os(Linux)
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    /// Declared only under `_GNU_SOURCE`, like `renameat2`, so looked up once at run time.
    private static let syncFileRangeFunction: SyncFileRange? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()

    private typealias Renameat2 = @convention(c) (
        Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32
    ) -> Int32

    /// Glibc declares `renameat2` only under `_GNU_SOURCE`, which Swift's Glibc module does not set, so
    /// it is looked up once at run time (glibc 2.28+); older systems get nil and the fallback.
    private static let renameat2Function: Renameat2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()
    #endif

    /// `rm -rf`; a missing path is not an error.
    static func removeTree(_ path: String) throws {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            guard exists(path) else { return }
            throw LoadError(.fileSystem, path: path, message:
                "cannot remove '\(path)': \(error.localizedDescription); remove it by hand or fix its permissions")
        }
    }

    /// The names in a directory (hidden ones included), or an empty list if it cannot be read.
    static func entries(of path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    /// Releases a lock `tryLock` took and closes its descriptor. The lock is released before the close:
    /// a process being spawned at this moment (a test's Python, a warehouse client) holds a copy of the
    /// descriptor until its exec closes it (O_CLOEXEC), and closing ours alone would leave the lock held
    /// through that copy for an instant, so that a writer resuming the same run right after is refused.
    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
        closeDescriptor(fd)
    }

    /// Opens (creating if needed) `path` and takes an exclusive `flock` on it without waiting.
    ///
    /// Returns the descriptor that holds the lock (closing it releases the lock, as does the death of
    /// the process), or nil if another open file already holds it.
    static func tryLock(_ path: String, create: Bool) throws -> Int32? {
        let fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
        guard fd >= 0 else { throw LoadError.system("open lock file", path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return fd }
        let code = errno
        closeDescriptor(fd)
        if code == EWOULDBLOCK { return nil }
        throw LoadError.system("lock", path: path, errno: code)
    }
}
