/// Someone in a mail or a meeting: a person of the directory, or an outsider, by number (no strings).
///
/// Addresses are interned once, when the export is read: a person by their index in
/// `CollaborationData.people`, anyone else by their number among the data's outsiders.
public struct Participant: Hashable, Sendable {
    /// `>= 0`: the person's index; `< 0`: outsider number `-raw - 1`.
    public let raw: Int32

    init(raw: Int32) { self.raw = raw }

    /// A person of the directory.
    public init(person: Int) { raw = Int32(person) }

    /// Someone outside the directory, by number (`CollaborationData.outsiderIsInternal` says whether their
    /// domain is the organisation's).
    public init(outsider: Int) { raw = -Int32(outsider) - 1 }

    /// Whether this is a person of the directory (who can have metrics and a node in the graph).
    public var isPerson: Bool { raw >= 0 }

    /// The person's index, or -1 for an outsider.
    public var person: Int32 { raw >= 0 ? raw : -1 }

    /// The outsider's number (meaningful only when `!isPerson`).
    public var outsider: Int { Int(-raw - 1) }
}
