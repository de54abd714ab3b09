import FerryCore

/// One mail, however many mailboxes it was seen in (de-duplicated by `internetMessageId`).
public struct MailEvent: Sendable {
    /// When it was sent.
    public var sent: UTCTimestamp
    /// Who sent it.
    public var sender: Participant
    /// The To recipients.
    public var to: [Participant]
    /// The Cc (and Bcc, where the sender's copy shows them) recipients.
    public var cc: [Participant]

    /// Every recipient, To first.
    public var recipients: [Participant] { to + cc }
}
