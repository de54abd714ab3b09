import Foundation

/// One directory user of the simulated tenant, with the properties Graph's `user` resource serves.
public struct SimulatedUser: Sendable, Equatable {
    /// The object id, a GUID that encodes the user's index (see `SimulatedTenant.userIndex(forId:)`).
    public let id: String
    /// Position in the directory, `0..<userCount`; also the order of `GET /users`.
    public let index: Int
    /// The name shown in address books; sometimes decorated (an emoji, "(Contractor)").
    public let displayName: String
    /// First name; may contain accents or CJK characters.
    public let givenName: String
    /// Last name; may contain accents, an apostrophe or CJK characters.
    public let surname: String
    /// The sign-in name: `first.last@contoso.example`, or `…#EXT#@contoso.onmicrosoft.com` for guests.
    public let userPrincipalName: String
    /// The SMTP address; nil for accounts without one.
    public let mail: String?
    /// Job title; nil for guests and some members.
    public let jobTitle: String?
    /// Department; nil for guests and some members.
    public let department: String?
    /// `Member` or `Guest`.
    public let userType: String
    /// False for the few disabled accounts.
    public let accountEnabled: Bool
    /// Zero or one office phone number.
    public let businessPhones: [String]
    /// Mobile number, when the user has one.
    public let mobilePhone: String?
    /// Office room or floor, when known.
    public let officeLocation: String?
    /// A language tag such as `en-US`, when set.
    public let preferredLanguage: String?
    /// When the account was created, within five years before the anchor.
    public let createdDateTime: Date
    /// `Contoso` for most members; nil for guests.
    public let companyName: String?
    /// Country of the user's office; nil for guests.
    public let country: String?
    /// City of the user's office; nil for guests.
    public let city: String?
    /// A six-digit employee number; nil for guests.
    public let employeeId: String?
    /// Two-letter licensing country; nil for guests.
    public let usageLocation: String?

    /// True for B2B guests (`userType` `Guest`), whose principal name carries `#EXT#`.
    public var isGuest: Bool { userType == "Guest" }
}
