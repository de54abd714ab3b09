/// The properties of Graph's `event` the simulator serves, in the order Graph writes them.
enum EventProperty: Int, GraphProperty {
    case id, createdDateTime, lastModifiedDateTime, changeKey, categories, transactionId, originalStartTimeZone
    case originalEndTimeZone, iCalUId, uid, reminderMinutesBeforeStart, isReminderOn, hasAttachments, subject
    case bodyPreview, importance, sensitivity, isAllDay, isCancelled, isOrganizer, responseRequested, seriesMasterId
    case showAs, type, webLink, onlineMeetingUrl, isOnlineMeeting, onlineMeetingProvider, allowNewTimeProposals
    case occurrenceId, isDraft, hideAttendees, responseStatus, body, start, end, location, locations, recurrence
    case attendees, organizer, onlineMeeting, originalStart

    var name: String { Self.names[rawValue] }

    static let entityTypeName = "microsoft.graph.event"
    static let byLowercasedName = makeLookup()
    static let defaultSelection = PropertySelection<EventProperty>(allCases)

    private static let names = [
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "transactionId", "originalStartTimeZone",
        "originalEndTimeZone", "iCalUId", "uid", "reminderMinutesBeforeStart", "isReminderOn", "hasAttachments", "subject",
        "bodyPreview", "importance", "sensitivity", "isAllDay", "isCancelled", "isOrganizer", "responseRequested",
        "seriesMasterId", "showAs", "type", "webLink", "onlineMeetingUrl", "isOnlineMeeting", "onlineMeetingProvider",
        "allowNewTimeProposals", "occurrenceId", "isDraft", "hideAttendees", "responseStatus", "body", "start", "end",
        "location", "locations", "recurrence", "attendees", "organizer", "onlineMeeting", "originalStart",
    ]

    /// The properties of an event `$filter` can test, by lower-cased path.
    static let filterCatalog: [String: FilterType] = [
        "createddatetime": .dateTime, "lastmodifieddatetime": .dateTime, "subject": .string, "iscancelled": .bool,
        "isallday": .bool, "isonlinemeeting": .bool, "isorganizer": .bool, "type": .string, "showas": .string,
        "organizer/emailaddress/address": .string, "importance": .string, "sensitivity": .string,
    ]

    static let filterParser = ODataFilterParser(
        catalog: filterCatalog, syntaxErrorCode: "ErrorInvalidUrlQueryFilter", propertyErrorCode: "ErrorInvalidUrlQueryFilter",
        resource: "microsoft.graph.event")
}
