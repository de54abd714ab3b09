/// The folders the simulator serves, by the well-known names Graph accepts in paths.
public enum SimulatedMailFolder: String, Sendable, CaseIterable {
    /// The Inbox (`inbox`), which `/users/{id}/messages` also lists.
    case inbox
    /// Sent Items (`sentitems`).
    case sentItems = "sentitems"

    /// The folder a path segment names: a well-known name in any case.
    init?(wellKnownName: String) {
        switch wellKnownName.lowercased() {
        case "inbox": self = .inbox
        case "sentitems": self = .sentItems
        default: return nil
        }
    }

    /// The display name Outlook gives the folder.
    public var displayName: String {
        switch self {
        case .inbox: "Inbox"
        case .sentItems: "Sent Items"
        }
    }
}
