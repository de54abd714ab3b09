/// One Outlook folder of a mailbox: how many items it holds, its id, and the constant part of its item ids.
struct OutlookFolder: Sendable {
    /// How many items the folder holds at the tenant's first generation.
    let count: Int
    /// The folder's own id, as items show in `parentFolderId`.
    let folderId: String
    /// Item ids: store entry, mailbox GUID, folder and store keys; the item's bytes follow.
    let itemIdTemplate: Base64Template
}
