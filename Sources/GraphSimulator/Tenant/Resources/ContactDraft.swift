import Foundation

/// A contact as drawn from its random stream; written as Graph JSON or turned into a `SimulatedContact`.
struct ContactDraft: Sendable {
    let mailbox: SimulatedMailbox
    let ordinal: Int
    let givenName: String?
    let surname: String?
    let displayName: String
    let emailAddresses: [SimulatedEmailAddress]
    let companyName: String?
    let jobTitle: String?
    let department: String?
    let mobilePhone: String?
    let businessPhones: [String]
    let birthday: Int64?
    let personalNotes: String?
    let city: String?
    let created: Int64
    let lastModified: Int64
    let changeNumber: UInt64
    let hasUnknownProperty: Bool

    var id: String { mailbox.contacts.itemIdTemplate.string(suffix: mailbox.itemIdSuffix(ordinal: ordinal)) }

    var fileAs: String {
        switch (surname, givenName) {
        case let (surname?, givenName?): surname + ", " + givenName
        default: displayName
        }
    }

    var contact: SimulatedContact {
        SimulatedContact(
            id: id, userIndex: mailbox.userIndex, displayName: displayName, givenName: givenName, surname: surname,
            emailAddresses: emailAddresses, companyName: companyName, jobTitle: jobTitle, mobilePhone: mobilePhone,
            businessPhones: businessPhones, birthday: birthday.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            personalNotes: personalNotes, createdDateTime: Date(timeIntervalSince1970: TimeInterval(created)),
            lastModifiedDateTime: Date(timeIntervalSince1970: TimeInterval(lastModified)))
    }

    static let notes = [
        "Met at the partner summit, \"great\" chat.\nFollow up in Q3.", "Prefers calls, not e-mail", "Allergic to nuts; vegan",
        "渡辺さんの紹介", "Assistant: ask for María, ext. 4512", "",
    ]
}
