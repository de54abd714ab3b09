extension ContactDraft {
    /// Writes the contact as a Graph JSON object; `@odata.etag` and `id` are always written.
    func write(to writer: inout JSONWriter, selection: PropertySelection<ContactProperty>, isDefault: Bool) {
        writer.beginObject()
        writer.key("@odata.etag")
        writer.string("W/\"" + changeKey + "\"")
        for property in ContactProperty.allCases where property == .id || selection.contains(property) {
            writer.key(property.name)
            switch property {
            case .id: writer.string(id)
            case .createdDateTime: writer.timestamp(epochSeconds: created)
            case .lastModifiedDateTime: writer.timestamp(epochSeconds: lastModified)
            case .changeKey: writer.string(changeKey)
            case .categories, .imAddresses, .homePhones, .children: writer.stringArray([])
            case .parentFolderId:
                writer.string(mailbox.contacts.folderId)
            case .birthday:
                if let birthday { writer.timestamp(epochSeconds: birthday) } else { writer.null() }
            case .fileAs: writer.string(fileAs)
            case .displayName: writer.string(displayName)
            case .givenName: writer.string(givenName)
            case .surname: writer.string(surname)
            case .initials, .middleName, .nickName, .title, .generation, .officeLocation, .profession, .businessHomePage,
                .assistantName, .manager, .spouseName:
                writer.null()
            case .jobTitle: writer.string(jobTitle)
            case .companyName: writer.string(companyName)
            case .department: writer.string(department)
            case .mobilePhone: writer.string(mobilePhone)
            case .businessPhones: writer.stringArray(businessPhones)
            case .personalNotes: writer.string(personalNotes ?? "")
            case .emailAddresses:
                writer.beginArray()
                for address in emailAddresses { EventInstance.writeAddress(address, to: &writer) }
                writer.endArray()
            case .homeAddress, .otherAddress:
                writer.beginObject()
                writer.endObject()
            case .businessAddress:
                writer.beginObject()
                if let city {
                    writer.key("city")
                    writer.string(city)
                }
                writer.endObject()
            }
        }
        if isDefault, hasUnknownProperty {
            // Not in the documented v1.0 schema; clients must ignore properties they do not know.
            writer.key("yomiNickName")
            writer.string("")
        }
        writer.endObject()
    }

    var changeKey: String {
        mailbox.changeKeyTemplate.string(suffix: Array(SimulatedMailbox.bytes(of: changeNumber).suffix(6)))
    }

    func filterValue(_ path: String) -> FilterValue {
        switch path {
        case "displayname": .string(displayName)
        case "givenname": .string(givenName)
        case "surname": .string(surname)
        case "companyname": .string(companyName)
        case "jobtitle": .string(jobTitle)
        case "createddatetime": .dateTime(created)
        case "lastmodifieddatetime": .dateTime(lastModified)
        default: .string(nil)
        }
    }
}
