/// The properties of Graph's `group` the simulator serves, in the order Graph writes them.
enum GroupProperty: Int, GraphProperty {
    case id, deletedDateTime, classification, createdDateTime, creationOptions, description, displayName
    case expirationDateTime, groupTypes, isAssignableToRole, mail, mailEnabled, mailNickname, membershipRule
    case membershipRuleProcessingState, onPremisesSyncEnabled, preferredDataLocation, preferredLanguage
    case proxyAddresses, renewedDateTime, resourceBehaviorOptions, resourceProvisioningOptions, securityEnabled
    case securityIdentifier, theme, visibility

    var name: String { Self.names[rawValue] }

    static let entityTypeName = "microsoft.graph.group"
    static let byLowercasedName = makeLookup()
    static let defaultSelection = PropertySelection<GroupProperty>(allCases)

    private static let names = [
        "id", "deletedDateTime", "classification", "createdDateTime", "creationOptions", "description", "displayName",
        "expirationDateTime", "groupTypes", "isAssignableToRole", "mail", "mailEnabled", "mailNickname", "membershipRule",
        "membershipRuleProcessingState", "onPremisesSyncEnabled", "preferredDataLocation", "preferredLanguage",
        "proxyAddresses", "renewedDateTime", "resourceBehaviorOptions", "resourceProvisioningOptions", "securityEnabled",
        "securityIdentifier", "theme", "visibility",
    ]

    /// The properties of a group `$filter` can test, by lower-cased name.
    static let filterCatalog: [String: FilterType] = [
        "id": .string, "displayname": .string, "description": .string, "mail": .string, "mailnickname": .string,
        "mailenabled": .bool, "securityenabled": .bool, "createddatetime": .dateTime, "visibility": .string,
    ]

    static let filterParser = ODataFilterParser(
        catalog: filterCatalog, syntaxErrorCode: "BadRequest", propertyErrorCode: "Request_UnsupportedQuery",
        resource: "Group")
}
