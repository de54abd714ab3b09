import Foundation

/// One contact in a user's default contacts folder, with what an export of `contacts` keeps.
public struct SimulatedContact: Sendable, Equatable {
    /// The Outlook item id.
    public let id: String
    /// Index of the mailbox owner.
    public let userIndex: Int
    /// The name shown; may hold accents, CJK or emoji.
    public let displayName: String
    /// First name; nil for some.
    public let givenName: String?
    /// Last name; nil for some.
    public let surname: String?
    /// Zero, one or two addresses.
    public let emailAddresses: [SimulatedEmailAddress]
    /// The contact's company; nil for some.
    public let companyName: String?
    /// Job title; nil for most.
    public let jobTitle: String?
    /// Mobile number, when known.
    public let mobilePhone: String?
    /// Office numbers; often empty.
    public let businessPhones: [String]
    /// Birthday at 11:59 UTC, as Outlook stores it; nil for most.
    public let birthday: Date?
    /// Free-text notes with commas, quotes or newlines; nil for most.
    public let personalNotes: String?
    /// When the contact was created.
    public let createdDateTime: Date
    /// When it last changed.
    public let lastModifiedDateTime: Date
}
