/// How part files are compressed.
public enum OutputCompression: Sendable, Equatable {
    /// Plain text files.
    case none
    /// gzip (RFC 1952) at a zlib level from 0 (store only, fastest) to 9 (smallest).
    case gzip(level: Int)

    /// The name recorded in manifests: "none" or "gzip".
    public var name: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        }
    }
}
