/// What a throttling limit applies to: one mailbox (by the user id in the path) or the tenant's directory.
enum TrafficScope: Hashable, Sendable {
    case mailbox(String)
    case directory
    /// Requests no limit applies to (the token endpoint, `$batch` itself).
    case none

    var key: String {
        switch self {
        case .mailbox(let user): user
        case .directory: "directory"
        case .none: ""
        }
    }
}
