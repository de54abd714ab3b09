import Foundation

/// One message in a simulated mailbox's Inbox, with the properties Graph's `message` resource serves.
public struct SimulatedMessage: Sendable, Equatable {
    /// The Outlook item id (`AAMkAG…`), which encodes the mailbox and the message's position.
    public let id: String
    /// Index of the mailbox owner in the directory.
    public let userIndex: Int
    /// The item's ordinal in its folder: drawn mail of the first generation counts from 0 (the newest); mail
    /// of later generations and planted mail carry flags above (see `PlantedMailLayout`).
    public let ordinal: Int
    /// When the message arrived, in whole seconds; messages are ordered by it, newest first.
    public let receivedDateTime: Date
    /// When the sender sent it, a little before it arrived.
    public let sentDateTime: Date
    /// Equal to `receivedDateTime`, as for mail delivered to an Inbox.
    public let createdDateTime: Date
    /// Up to an hour after arrival (the message was read or flagged).
    public let lastModifiedDateTime: Date
    /// The sender (Graph's `from` and `sender`).
    public let from: SimulatedEmailAddress
    /// The mailbox owner first, then sometimes others.
    public let toRecipients: [SimulatedEmailAddress]
    /// Often empty.
    public let ccRecipients: [SimulatedEmailAddress]
    /// May be empty or contain commas, double quotes, a newline, non-Latin script or emoji.
    public let subject: String
    /// The start of the body as plain text, at most 255 characters.
    public let bodyPreview: String
    /// The HTML body.
    public let body: String
    /// `low`, `normal` or `high`.
    public let importance: String
    /// Whether the owner has read it.
    public let isRead: Bool
    /// Whether it has attachments.
    public let hasAttachments: Bool
    /// Whether the sender asked for a read receipt.
    public let isReadReceiptRequested: Bool
    /// Outlook categories; usually none.
    public let categories: [String]
    /// `focused` or `other`.
    public let inferenceClassification: String
    /// `notFlagged` or `flagged`.
    public let flagStatus: String
    /// The RFC 5322 `Message-ID`, `<…@sender-domain>`.
    public let internetMessageId: String
    /// Shared by messages on the same topic from the same sender.
    public let conversationId: String
    /// Outlook's conversation index (base64).
    public let conversationIndex: String
    /// The version of the item, also its `@odata.etag` (`W/"changeKey"`).
    public let changeKey: String
    /// The Inbox folder's id.
    public let parentFolderId: String
    /// The Outlook on the web link to the item.
    public let webLink: String

    /// The sender's address.
    public var fromAddress: String { from.address }
    /// The sender's display name.
    public var fromName: String { from.name }
    /// The To addresses, the owner's first.
    public var toAddresses: [String] { toRecipients.map(\.address) }
    /// The Cc addresses.
    public var ccAddresses: [String] { ccRecipients.map(\.address) }
}
