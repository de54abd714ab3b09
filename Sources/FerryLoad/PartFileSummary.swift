/// One committed part file: its name, rows, size on disk and SHA-256.
public struct PartFileSummary: Sendable, Equatable, Codable {
    /// The file name inside the partition directory.
    public let name: String
    /// The number of records (a CSV header line is not a record).
    public let rows: Int
    /// The size of the file on disk, compressed if gzip.
    public let bytes: Int
    /// The lowercase hex SHA-256 of the file's bytes on disk.
    public let sha256: String

    /// Creates a summary.
    public init(name: String, rows: Int, bytes: Int, sha256: String) {
        self.name = name
        self.rows = rows
        self.bytes = bytes
        self.sha256 = sha256
    }
}
