extension SimulatedUser {
    /// The user's value of a property in `UserProperty.filterCatalog`.
    func filterValue(_ path: String) -> FilterValue {
        switch path {
        case "id": .string(id)
        case "displayname": .string(displayName)
        case "givenname": .string(givenName)
        case "surname": .string(surname)
        case "userprincipalname": .string(userPrincipalName)
        case "mail": .string(mail)
        case "jobtitle": .string(jobTitle)
        case "department": .string(department)
        case "usertype": .string(userType)
        case "accountenabled": .bool(accountEnabled)
        case "createddatetime": .dateTime(GraphTimestamp.epochSeconds(createdDateTime))
        case "companyname": .string(companyName)
        case "country": .string(country)
        case "city": .string(city)
        case "employeeid": .string(employeeId)
        case "usagelocation": .string(usageLocation)
        case "officelocation": .string(officeLocation)
        case "preferredlanguage": .string(preferredLanguage)
        case "mobilephone": .string(mobilePhone)
        default: .string(nil)
        }
    }
}

extension UserProperty {
    /// The properties of a user `$filter` can test, by lower-cased name.
    static let filterCatalog: [String: FilterType] = [
        "id": .string, "displayname": .string, "givenname": .string, "surname": .string, "userprincipalname": .string,
        "mail": .string, "jobtitle": .string, "department": .string, "usertype": .string, "accountenabled": .bool,
        "createddatetime": .dateTime, "companyname": .string, "country": .string, "city": .string, "employeeid": .string,
        "usagelocation": .string, "officelocation": .string, "preferredlanguage": .string, "mobilephone": .string,
    ]

    static let filterParser = ODataFilterParser(
        catalog: filterCatalog, syntaxErrorCode: "BadRequest", propertyErrorCode: "Request_UnsupportedQuery",
        resource: "User")
}
