import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive hold on one pipeline, across every process on the machine.
///
/// It is a `flock(2)` lock on `locks/<pipeline>.lock` beside the state database. The kernel drops it
/// when the descriptor closes, so it is released by `release()`, by `deinit`, and when the process dies
/// even by SIGKILL: a crashed run never leaves a stale lock behind. flock locks belong to the open file,
/// not to the process, so a second acquisition in the same process is refused too. Lock files are never
/// deleted, because deleting one would let a second process lock a new file with the same name.
public final class RunLock: Sendable {
    /// The pipeline this lock holds.
    public let pipeline: String
    /// The lock file.
    public let path: String

    private let descriptor: Mutex<Int32?>
    private let onRelease: @Sendable () -> Void

    private init(pipeline: String, path: String, descriptor: Int32, onRelease: @escaping @Sendable () -> Void) {
        self.pipeline = pipeline
        self.path = path
        self.descriptor = Mutex(descriptor)
        self.onRelease = onRelease
    }

    deinit { release() }

    /// Whether this object still holds the lock.
    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// Releases the lock; later calls do nothing.
    public func release() {
        let released: Bool = descriptor.withLock { fd in
            guard let open = fd else { return false }
            fd = nil
            // Unlock before closing: a process being spawned at this moment holds a copy of the
            // descriptor until its exec closes it (O_CLOEXEC), and closing ours alone would leave
            // the lock held through that copy for an instant.
            _ = flock(open, LOCK_UN)
            _ = close(open)
            return true
        }
        if released { onRelease() }
    }

    /// Tries to lock `path` without waiting; nil when another open file holds it.
    static func acquire(
        pipeline: String, path: String, onAcquire: () -> Void, onRelease: @escaping @Sendable () -> Void
    ) throws -> RunLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StateError(
                .cannotOpen, path: path,
                message: "cannot open the lock file (\(String(cString: strerror(errno)))); "
                    + "check that the directory exists and is writable")
        }
        var result: Int32
        repeat {
            result = flock(fd, LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        if result != 0 {
            let code = errno
            _ = close(fd)
            if code == EWOULDBLOCK { return nil }
            throw StateError(
                .other, path: path,
                message: "cannot lock the pipeline (\(String(cString: strerror(code)))); "
                    + "the file system may not support flock")
        }
        // For a human who looks at the file: who holds it. The lock itself, not this text, is the truth.
        let owner = RunOwner.current
        let text = Array("pid \(owner.pid) host \(owner.host)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        onAcquire()
        return RunLock(pipeline: pipeline, path: path, descriptor: fd, onRelease: onRelease)
    }
}
