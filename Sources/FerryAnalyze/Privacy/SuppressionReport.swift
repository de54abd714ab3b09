/// What privacy rules hid, and why: shown in the report and written as `suppression.json`.
public struct SuppressionReport: Codable, Sendable {
    /// One hidden group.
    public struct Entry: Codable, Sendable, Equatable {
        /// The grouping, e.g. "department", "office", "community_coarse".
        public var dimension: String
        /// The group's name (never a person's).
        public var group: String
        /// How many people it has; nil when that is not shown: fewer than the minimum group size (the exact
        /// count would describe them), or a group merged to protect such groups ("other"'s size minus its
        /// size would give theirs).
        public var people: Int?
        /// Why it is not shown on its own.
        public var reason: String
    }

    public var minimumGroupSize: Int
    public var entries: [Entry] = []
    public var noiseEpsilon: Double?
    public var personLevel: Bool
}
