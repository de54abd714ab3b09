/// A finished part file of a run still in staging: durable on disk, but not yet visible.
///
/// `DatasetWriter.seal()` returns them so a checkpoint can record exactly which files hold the
/// records written so far; a writer resumed with the same list keeps those files and deletes the rest.
public struct SealedPartFile: Sendable, Equatable, Codable {
    /// The partition value, e.g. "2026-11-21".
    public let partition: String
    /// The file's name, rows, size and SHA-256.
    public let file: PartFileSummary

    /// Describes one sealed file.
    public init(partition: String, file: PartFileSummary) {
        self.partition = partition
        self.file = file
    }
}
