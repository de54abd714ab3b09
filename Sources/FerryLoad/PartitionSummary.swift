import Foundation

/// One partition a commit made visible.
public struct PartitionSummary: Sendable, Equatable {
    /// The partition value, e.g. "2026-11-21".
    public let value: String
    /// The final directory, e.g. `out/messages/date=2026-11-21`.
    public let directory: URL
    /// The part files, in name order (empty for a declared partition that got no rows).
    public let files: [PartFileSummary]
    /// The total records over all files.
    public var rows: Int
    /// The total bytes on disk over all part files.
    public var bytes: Int

    /// Creates a summary; `rows` and `bytes` are the totals of `files`.
    public init(value: String, directory: URL, files: [PartFileSummary]) {
        self.value = value
        self.directory = directory
        self.files = files
        rows = files.reduce(0) { $0 + $1.rows }
        bytes = files.reduce(0) { $0 + $1.bytes }
    }
}
