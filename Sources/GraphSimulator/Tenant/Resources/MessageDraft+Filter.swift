extension MessageDraft {
    /// The properties of a message `$filter` can test, by lower-cased path.
    static let filterCatalog: [String: FilterType] = [
        "receiveddatetime": .dateTime, "sentdatetime": .dateTime, "createddatetime": .dateTime,
        "lastmodifieddatetime": .dateTime, "subject": .string, "importance": .string, "isread": .bool,
        "hasattachments": .bool, "inferenceclassification": .string, "conversationid": .string,
        "internetmessageid": .string, "from/emailaddress/address": .string, "sender/emailaddress/address": .string,
        "from/emailaddress/name": .string, "flag/flagstatus": .string, "isdraft": .bool,
    ]

    static let filterParser = ODataFilterParser(
        catalog: filterCatalog, syntaxErrorCode: "ErrorInvalidUrlQueryFilter", propertyErrorCode: "ErrorInvalidUrlQueryFilter",
        resource: "microsoft.graph.message")

    /// The timestamp a folder's messages are sorted by, newest first, whose windows need no scan: the time
    /// of receipt, which in Sent Items is also the time of sending.
    static func orderingProperty(of folder: SimulatedMailFolder) -> String {
        folder == .sentItems ? "sentdatetime" : "receiveddatetime"
    }

    /// The message's value of a property in `filterCatalog`.
    func filterValue(_ path: String) -> FilterValue {
        switch path {
        case "receiveddatetime", "createddatetime": .dateTime(received)
        case "sentdatetime": .dateTime(sent)
        case "lastmodifieddatetime": .dateTime(lastModified)
        case "subject": .string(subject)
        case "importance": .string(importance)
        case "isread": .bool(isRead)
        case "hasattachments": .bool(hasAttachments)
        case "inferenceclassification": .string(inferenceClassification)
        case "conversationid": .string(conversationId)
        case "internetmessageid": .string(internetMessageId)
        case "from/emailaddress/address", "sender/emailaddress/address": .string(from.address)
        case "from/emailaddress/name": .string(from.name)
        case "flag/flagstatus": .string(flagStatus)
        case "isdraft": .bool(false)
        default: .string(nil)
        }
    }
}
