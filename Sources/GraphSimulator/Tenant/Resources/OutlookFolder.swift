/// One Outlook folder of a mailbox: how many items it holds, its id, and the constant part of its item ids.
struct OutlookFolder: Sendable {
    /// How many drawn items the folder holds at the tenant's first generation: ordinals `0..<drawn`.
    let drawn: Int
    /// How many planted items it holds (mail mirrored between mailboxes, see `SimulatedTenant+PlantedMail`);
    /// evolution never adds or removes one.
    var planted = 0
    /// The folder's own id, as items show in `parentFolderId`.
    let folderId: String
    /// Item ids: store entry, mailbox GUID, folder and store keys; the item's bytes follow.
    let itemIdTemplate: Base64Template

    /// How many items the folder holds at the tenant's first generation, drawn and planted.
    var count: Int { drawn + planted }
}
