/// One Outlook folder of a mailbox: how many items it holds, its id, and the constant part of its item ids.
struct OutlookFolder: Sendable {
    /// How many items the folder holds at the tenant's first generation.
    let count: Int
    /// The folder's own id, as items show in `parentFolderId`.
    let folderId: String
    /// Item ids: store entry, mailbox GUID, folder and store keys; the item's bytes follow.
    let itemIdTemplate: Base64Template
}

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
