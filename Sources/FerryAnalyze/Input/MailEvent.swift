import FerryCore

/// One mail, however many mailboxes it was seen in (de-duplicated by `internetMessageId`).
///
/// Its recipients live in `CollaborationData.recipients`, To first then Cc and Bcc:
/// `recipientStart ..< recipientStart + toCount + ccCount`.
public struct MailEvent: Sendable {
    /// When it was sent.
    public var sent: UTCTimestamp
    /// Who sent it.
    public var sender: Participant
    /// Where its recipients start in `CollaborationData.recipients`.
    public var recipientStart: Int32
    /// The number of To recipients.
    public var toCount: Int32
    /// The number of Cc (and Bcc, where the sender's copy shows them) recipients.
    public var ccCount: Int32

    /// The positions of every recipient in `CollaborationData.recipients`, To first.
    public var recipientSlots: Range<Int> { Int(recipientStart)..<Int(recipientStart + toCount + ccCount) }

    /// The number of recipients.
    public var recipientCount: Int { Int(toCount + ccCount) }
}
