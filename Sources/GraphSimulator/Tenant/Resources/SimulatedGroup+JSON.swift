extension SimulatedGroup {
    /// Writes the selected properties into an object the caller has opened.
    func writeProperties(to writer: inout JSONWriter, selection: PropertySelection<GroupProperty>) {
        // Derived from the index rather than stored: two thirds of teams were created from Teams.
        let isTeam = isMicrosoft365 && index % 3 != 0
        for property in GroupProperty.allCases where selection.contains(property) {
            writer.key(property.name)
            switch property {
            case .id: writer.string(id)
            case .createdDateTime, .renewedDateTime: writer.timestamp(epochSeconds: GraphTimestamp.epochSeconds(createdDateTime))
            case .creationOptions: writer.stringArray(isTeam ? ["Team", "ExchangeProvisioningFlags:3552"] : [])
            case .description: writer.string(description)
            case .displayName: writer.string(displayName)
            case .groupTypes: writer.stringArray(groupTypes)
            case .mail: writer.string(mail)
            case .mailEnabled: writer.bool(mailEnabled)
            case .mailNickname: writer.string(mailNickname)
            case .proxyAddresses:
                writer.stringArray(mail.map { ["SMTP:" + $0, "smtp:" + mailNickname + "@contoso.onmicrosoft.com"] } ?? [])
            case .resourceBehaviorOptions: writer.stringArray([])
            case .resourceProvisioningOptions: writer.stringArray(isTeam ? ["Team"] : [])
            case .securityEnabled: writer.bool(securityEnabled)
            case .securityIdentifier: writer.string(securityIdentifier)
            case .visibility: writer.string(visibility)
            case .onPremisesSyncEnabled, .deletedDateTime, .classification, .expirationDateTime, .isAssignableToRole,
                .membershipRule, .membershipRuleProcessingState, .preferredDataLocation, .preferredLanguage, .theme:
                writer.null()
            }
        }
    }

    /// `S-1-12-1-` and the id's four 32-bit words, as Entra ID derives a group's SID from its object id.
    var securityIdentifier: String {
        let hex = id.replacingOccurrences(of: "-", with: "")
        let words = stride(from: 0, to: 32, by: 8).map { offset -> String in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(UInt32(hex[start..<hex.index(start, offsetBy: 8)], radix: 16) ?? 0)
        }
        return "S-1-12-1-" + words.joined(separator: "-")
    }

    func filterValue(_ path: String) -> FilterValue {
        switch path {
        case "id": .string(id)
        case "displayname": .string(displayName)
        case "description": .string(description)
        case "mail": .string(mail)
        case "mailnickname": .string(mailNickname)
        case "mailenabled": .bool(mailEnabled)
        case "securityenabled": .bool(securityEnabled)
        case "createddatetime": .dateTime(GraphTimestamp.epochSeconds(createdDateTime))
        case "visibility": .string(visibility)
        default: .string(nil)
        }
    }
}
