#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure while writing, compressing or committing output files.
///
/// The message names the path involved and what the user can do about it. New kinds of failure are
/// added as static members, so callers that only print or rethrow the error never break.
public struct LoadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure happened, for callers that want to react to one in particular.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file or directory could not be created, written, synced, renamed or removed.
        public static let fileSystem = Kind("fileSystem")
        /// zlib reported an error while compressing.
        public static let compression = Kind("compression")
        /// A setting or argument is out of range (level, file limits, names that are not path-safe).
        public static let invalidArgument = Kind("invalidArgument")
        /// The writer was used after `commit()` or `abort()`.
        public static let finished = Kind("finished")
        /// Another live writer holds the staging directory of the same run.
        public static let busy = Kind("busy")
        /// A `_manifest.json` is missing or cannot be decoded.
        public static let manifest = Kind("manifest")
        /// A run's staged files are not as its checkpoint recorded them, so it cannot be resumed.
        public static let resume = Kind("resume")
    }

    /// The kind of failure.
    public let kind: Kind
    /// The file or directory involved, when there is one.
    public let path: String?
    /// What happened and what to do, in words for the user.
    public let message: String

    /// Creates an error; `message` should say what to do, `path` the file or directory involved.
    public init(_ kind: Kind, path: String?, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { message }

    /// An error for a failed system call, with the text of `errno`.
    static func system(_ operation: String, path: String, errno code: Int32) -> LoadError {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case EACCES, EPERM, EROFS:
            hint = "check that the load path exists and is writable by this user"
        case ENOSPC, EDQUOT:
            hint = "free disk space or point load.path at a larger volume"
        case ENOTDIR, ENOENT:
            hint = "check that every parent of the load path is a directory"
        default:
            hint = "check the load path and the disk"
        }
        return LoadError(.fileSystem, path: path, message: "cannot \(operation) '\(path)': \(reason); \(hint)")
    }

    static func invalid(_ message: String) -> LoadError {
        LoadError(.invalidArgument, path: nil, message: message)
    }
}
