/// The properties of Graph's `user` the simulator serves, in the order they are written.
enum UserProperty: Int, GraphProperty {
    case businessPhones, displayName, givenName, jobTitle, mail, mobilePhone, officeLocation, preferredLanguage
    case surname, userPrincipalName
    case accountEnabled, department, userType, createdDateTime, companyName, country, city, employeeId
    case usageLocation
    case id

    var name: String { Self.names[rawValue] }

    static let entityTypeName = "Microsoft.DirectoryServices.User"
    static let byLowercasedName = makeLookup()

    /// What Graph returns when a request has no `$select`.
    static let defaultSelection = PropertySelection<UserProperty>([
        .businessPhones, .displayName, .givenName, .jobTitle, .mail, .mobilePhone, .officeLocation,
        .preferredLanguage, .surname, .userPrincipalName, .id,
    ])

    private static let names = [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName",
        "accountEnabled", "department", "userType", "createdDateTime", "companyName", "country", "city",
        "employeeId", "usageLocation",
        "id",
    ]
}
