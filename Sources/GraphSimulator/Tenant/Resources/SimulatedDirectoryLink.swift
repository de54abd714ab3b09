/// One row of a relation dataset: a user's manager, a manager's direct report, or a group's member.
public struct SimulatedDirectoryLink: Sendable, Hashable {
    /// The user (managers), manager (direct reports) or group (members) the relation is read from.
    public let sourceId: String
    /// The related object.
    public let target: SimulatedDirectoryReference
}
