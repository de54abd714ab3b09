import Foundation
import GRDB
import Synchronization

/// Ferry's durable state in one SQLite file: runs, watermarks, delta links, checkpoints and run locks.
///
/// The file (default `.ferry/state.sqlite`) is opened in WAL mode, so readers such as `ferry status`
/// never block a running pipeline, and several processes may share it: a writer waits up to
/// ten seconds for another before it reports `StateError.Code.locked`. The schema evolves through
/// versioned migrations that run when the store opens. Every call is short and blocking; every write
/// is its own transaction unless grouped with `transaction(_:)`.
///
/// Durability: WAL with `synchronous = NORMAL` keeps every committed transaction through a crash of the
/// process (SIGKILL included). A power loss may forget the last few commits, never half of one, which
/// resumes safely: a forgotten checkpoint only means its unit is written again.
public final class StateStore: Sendable {
    /// The default location, relative to the working directory.
    public static let defaultPath = ".ferry/state.sqlite"

    /// The database file.
    public let path: String

    let pool: DatabasePool
    private let heldLocks = HeldLocks()

    /// Opens (creating it and its parent directories if needed) and migrates the state database.
    ///
    /// - Throws: `StateError` when the file cannot be opened, is not a Ferry state database, or was
    ///   written by a newer Ferry.
    public convenience init(path: String = StateStore.defaultPath) throws {
        try self.init(path: path, busyTimeout: 10)
    }

    /// Opens the store, waiting up to `busyTimeout` seconds for another writer before failing.
    init(path: String, busyTimeout: TimeInterval) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(
                .cannotOpen, path: path,
                message: "cannot create the directory \(directory.path) (\(error.localizedDescription)); "
                    + "check its permissions or choose another state path")
        }
        var configuration = Configuration()
        configuration.label = "ferry.state"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = StateStore.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StateError(
                    .newerVersion, path: path,
                    message: "the database was written by a newer version of Ferry; upgrade Ferry to use it")
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StateStore.stateError(error, path: path)
        }
    }

    /// Runs `body` in one write transaction: its updates commit together, or none does if it throws.
    ///
    /// Errors thrown by `body` come out unchanged; database failures come out as `StateError`.
    public func transaction<T>(_ body: (StateTransaction) throws -> T) throws -> T {
        do {
            return try pool.write { db in try body(StateTransaction(db: db, path: path)) }
        } catch let error as DatabaseError {
            throw StateStore.stateError(error, path: path)
        }
    }

    /// Reads from one consistent snapshot of the database, concurrently with writers.
    func read<T>(_ body: (StateTransaction) throws -> T) throws -> T {
        do {
            return try pool.read { db in try body(StateTransaction(db: db, path: path)) }
        } catch let error as DatabaseError {
            throw StateStore.stateError(error, path: path)
        }
    }

    // MARK: Run locks

    /// Takes the pipeline's run lock without waiting; nil when another holder (any process, or another
    /// `RunLock` in this one) has it.
    ///
    /// Hold it for the whole run, from before `unfinishedRun`/`beginRun` to after `finishRun`. See
    /// `RunLock` for how it is released.
    public func acquireRunLock(pipeline: String) throws -> RunLock? {
        guard !pipeline.isEmpty else {
            throw StateError(.invalidArgument, path: path, message: "a pipeline name must not be empty")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("locks")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(
                .cannotOpen, path: directory.path,
                message: "cannot create the lock directory (\(error.localizedDescription)); check its permissions")
        }
        let file = directory.appendingPathComponent(StateStore.lockFileName(pipeline)).path
        let heldLocks = heldLocks
        return try RunLock.acquire(
            pipeline: pipeline, path: file,
            onAcquire: { heldLocks.add(pipeline) },
            onRelease: { heldLocks.remove(pipeline) })
    }

    /// The pipeline's most recent run if it can be resumed from its checkpoints, else nil.
    ///
    /// That is the latest run when it is `interrupted`, or when it is still `running` but its process is
    /// gone: this store holds the pipeline's `RunLock` (every runner takes it first, so nobody else can be
    /// running it), or the run's process no longer exists on this host. A run of this very process is
    /// never returned. Continue it with `resumeRun(id:)`, or give it up with `markInterrupted`.
    public func unfinishedRun(pipeline: String) throws -> RunRecord? {
        let lockHeld = heldLocks.contains(pipeline)
        return try read { try $0.unfinishedRun(pipeline: pipeline, lockHeld: lockHeld) }
    }

    /// A lock file name for any pipeline name: safe characters as they are, the rest percent-encoded.
    static func lockFileName(_ pipeline: String) -> String {
        var name = ""
        for byte in pipeline.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                name.append(Character(UnicodeScalar(byte)))
            default:
                name += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return name + ".lock"
    }

    // MARK: Errors

    static func stateError(_ error: DatabaseError, path: String) -> StateError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StateError(
                .locked, path: path,
                message: "another process kept the database locked too long (\(detail)); "
                    + "retry, or find the process holding it")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StateError(
                .corrupt, path: path,
                message: "the file is damaged or not a Ferry state database (\(detail)); move it aside and run "
                    + "again to start from empty state (runs, watermarks and delta links start over)")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return StateError(
                .cannotOpen, path: path,
                message: "cannot open or write the database (\(detail)); check the path and its permissions")
        case .SQLITE_FULL, .SQLITE_IOERR:
            return StateError(
                .other, path: path, message: "cannot write the database (\(detail)); check the free disk space")
        default:
            return StateError(.other, path: path, message: "SQLite failed: \(detail)")
        }
    }
}

/// The pipelines whose `RunLock` is held through this store.
private final class HeldLocks: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func add(_ pipeline: String) { counts.withLock { $0[pipeline, default: 0] += 1 } }

    func remove(_ pipeline: String) {
        counts.withLock { counts in
            let remaining = (counts[pipeline] ?? 1) - 1
            counts[pipeline] = remaining > 0 ? remaining : nil
        }
    }

    func contains(_ pipeline: String) -> Bool { counts.withLock { $0[pipeline] != nil } }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
