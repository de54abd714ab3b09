/// Someone in a mail or a meeting: a person of the directory, or an address outside it.
public struct Participant: Hashable, Sendable {
    /// The person's index in `CollaborationData.people`, or -1 for someone not in the directory.
    public var person: Int32
    /// The (pseudonymized) address as it appears in the export.
    public var address: String
    /// Whether the address is the organisation's: in the directory, or in one of its domains.
    public var isInternal: Bool

    /// Whether this is a person of the directory (who can have metrics and a node in the graph).
    public var isPerson: Bool { person >= 0 }
}
