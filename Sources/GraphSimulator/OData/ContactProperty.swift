/// The properties of Graph's `contact` the simulator serves, in the order Graph writes them.
enum ContactProperty: Int, GraphProperty {
    case id, createdDateTime, lastModifiedDateTime, changeKey, categories, parentFolderId, birthday, fileAs, displayName
    case givenName, initials, middleName, nickName, surname, title, generation, imAddresses, jobTitle, companyName
    case department, officeLocation, profession, businessHomePage, assistantName, manager, homePhones, mobilePhone
    case businessPhones, spouseName, personalNotes, children, emailAddresses, homeAddress, businessAddress, otherAddress

    var name: String { Self.names[rawValue] }

    static let entityTypeName = "microsoft.graph.contact"
    static let byLowercasedName = makeLookup()
    static let defaultSelection = PropertySelection<ContactProperty>(allCases)

    private static let names = [
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "parentFolderId", "birthday", "fileAs",
        "displayName", "givenName", "initials", "middleName", "nickName", "surname", "title", "generation", "imAddresses",
        "jobTitle", "companyName", "department", "officeLocation", "profession", "businessHomePage", "assistantName",
        "manager", "homePhones", "mobilePhone", "businessPhones", "spouseName", "personalNotes", "children",
        "emailAddresses", "homeAddress", "businessAddress", "otherAddress",
    ]

    /// The properties of a contact `$filter` can test, by lower-cased name.
    static let filterCatalog: [String: FilterType] = [
        "displayname": .string, "givenname": .string, "surname": .string, "companyname": .string, "jobtitle": .string,
        "createddatetime": .dateTime, "lastmodifieddatetime": .dateTime,
    ]

    static let filterParser = ODataFilterParser(
        catalog: filterCatalog, syntaxErrorCode: "ErrorInvalidUrlQueryFilter", propertyErrorCode: "ErrorInvalidUrlQueryFilter",
        resource: "microsoft.graph.contact")
}
