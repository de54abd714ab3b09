/// A member of a group or a user's group: what `@odata.type` says it is, and its id.
public struct SimulatedDirectoryReference: Sendable, Hashable {
    /// The kinds of directory object the simulator puts in groups.
    public enum Kind: String, Sendable, Hashable {
        /// `#microsoft.graph.user`.
        case user
        /// `#microsoft.graph.group`.
        case group
    }

    /// User or group.
    public let kind: Kind
    /// The index of the user or group.
    public let index: Int
    /// The object id.
    public let id: String

    /// `#microsoft.graph.user` or `#microsoft.graph.group`.
    public var odataType: String { "#microsoft.graph." + kind.rawValue }
}
