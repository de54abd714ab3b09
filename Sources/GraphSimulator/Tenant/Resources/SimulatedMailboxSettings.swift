import Foundation

/// A user's mailbox settings (`/users/{id}/mailboxSettings`), as an export of `mailbox_settings` keeps them.
public struct SimulatedMailboxSettings: Sendable, Equatable {
    /// Index of the mailbox owner.
    public let userIndex: Int
    /// A Windows time zone name such as `Pacific Standard Time`.
    public let timeZone: String
    /// A locale such as `en-US`.
    public let locale: String
    /// The locale's display name.
    public let languageDisplayName: String
    /// `disabled`, `alwaysEnabled` or `scheduled`.
    public let automaticRepliesStatus: String
    /// The reply sent inside the organisation; empty when replies are disabled.
    public let internalReplyMessage: String
    /// The reply sent outside; empty when replies are disabled.
    public let externalReplyMessage: String
    /// Lower-case English day names.
    public let workingDays: [String]
    /// `08:00:00.0000000` style.
    public let workingHoursStart: String
    /// `17:00:00.0000000` style.
    public let workingHoursEnd: String
    /// Such as `M/d/yyyy`.
    public let dateFormat: String
    /// Such as `h:mm tt`.
    public let timeFormat: String
}
