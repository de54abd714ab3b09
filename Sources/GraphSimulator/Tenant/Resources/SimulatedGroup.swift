import Foundation

/// One group of the simulated directory: a Microsoft 365 team, an interest group or a division.
public struct SimulatedGroup: Sendable, Equatable {
    /// The object id.
    public let id: String
    /// Position in the groups collection, also the order of `GET /groups`.
    public let index: Int
    /// The group's name; may hold accents, CJK, right-to-left script, quotes or emoji.
    public let displayName: String
    /// A free-text description; nil for some groups.
    public let description: String?
    /// The SMTP address; nil for security groups that are not mail-enabled.
    public let mail: String?
    /// The alias before `@`.
    public let mailNickname: String
    /// Whether the group has an address.
    public let mailEnabled: Bool
    /// Whether the group can be granted permissions.
    public let securityEnabled: Bool
    /// `["Unified"]` for Microsoft 365 groups, empty for security groups.
    public let groupTypes: [String]
    /// `Private` or `Public` for Microsoft 365 groups, nil for security groups.
    public let visibility: String?
    /// When the group was created.
    public let createdDateTime: Date

    /// True for Microsoft 365 groups (`groupTypes` contains `Unified`).
    public var isMicrosoft365: Bool { groupTypes.contains("Unified") }
}
