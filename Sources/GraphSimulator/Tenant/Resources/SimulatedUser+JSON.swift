extension SimulatedUser {
    /// Writes the user as a Graph JSON object with the selected properties.
    func write(to writer: inout JSONWriter, selection: PropertySelection<UserProperty>) {
        writer.beginObject()
        writeProperties(to: &writer, selection: selection)
        writer.endObject()
    }

    /// Writes the selected properties into an object the caller has opened.
    func writeProperties(to writer: inout JSONWriter, selection: PropertySelection<UserProperty>) {
        for property in UserProperty.allCases where selection.contains(property) {
            writer.key(property.name)
            switch property {
            case .businessPhones: writer.stringArray(businessPhones)
            case .displayName: writer.string(displayName)
            case .givenName: writer.string(givenName)
            case .jobTitle: writer.string(jobTitle)
            case .mail: writer.string(mail)
            case .mobilePhone: writer.string(mobilePhone)
            case .officeLocation: writer.string(officeLocation)
            case .preferredLanguage: writer.string(preferredLanguage)
            case .surname: writer.string(surname)
            case .userPrincipalName: writer.string(userPrincipalName)
            case .accountEnabled: writer.bool(accountEnabled)
            case .department: writer.string(department)
            case .userType: writer.string(userType)
            case .createdDateTime: writer.timestamp(epochSeconds: GraphTimestamp.epochSeconds(createdDateTime))
            case .companyName: writer.string(companyName)
            case .country: writer.string(country)
            case .city: writer.string(city)
            case .employeeId: writer.string(employeeId)
            case .usageLocation: writer.string(usageLocation)
            case .id: writer.string(id)
            }
        }
    }
}
