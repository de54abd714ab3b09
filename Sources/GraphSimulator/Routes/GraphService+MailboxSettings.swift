/// `GET /v1.0/users/{id}/mailboxSettings`: one object, not a collection.
extension GraphService {
    private static let settingsProperties = [
        "archiveFolder", "timeZone", "delegateMeetingMessageDeliveryOptions", "dateFormat", "timeFormat", "userPurpose",
        "automaticRepliesSetting", "language", "workingHours",
    ]

    func getMailboxSettings(userId: String, request: GraphRequest) throws(GraphError) -> GraphResponse {
        let mailbox = try mailbox(ofUser: userId)
        let query = try ODataQuery(rawQuery: request.query)
        try query.allowOnly(["$select"], resource: "mailboxSettings")
        var selected = Set(Self.settingsProperties)
        if let select = query["$select"] {
            selected = []
            for item in select.split(separator: ",", omittingEmptySubsequences: false) {
                let name = String(item).trimmingSpaces
                guard let property = Self.settingsProperties.first(where: { $0.lowercased() == name.lowercased() }) else {
                    throw GraphError(
                        status: 400, code: "RequestBroker--ParseUri",
                        message: "Could not find a property named '\(name)' on type 'microsoft.graph.mailboxSettings'.")
                }
                selected.insert(property)
            }
        }
        guard let settings = tenant.mailboxSettings(ofUserAt: mailbox.userIndex) else { throw .mailboxNotEnabled }
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.key("@odata.context")
        writer.string(outlookContext(request, mailbox: mailbox, "mailboxSettings", query: query))
        for property in Self.settingsProperties where selected.contains(property) {
            writer.key(property)
            switch property {
            case "archiveFolder": writer.string(mailbox.folder(.inbox).folderId.replacingOccurrences(of: "AQ", with: "AR"))
            case "timeZone": writer.string(settings.timeZone)
            case "delegateMeetingMessageDeliveryOptions": writer.string("sendToDelegateOnly")
            case "dateFormat": writer.string(settings.dateFormat)
            case "timeFormat": writer.string(settings.timeFormat)
            case "userPurpose": writer.string("user")
            case "automaticRepliesSetting": writeAutomaticReplies(settings, to: &writer)
            case "language":
                writer.beginObject()
                writer.key("locale")
                writer.string(settings.locale)
                writer.key("displayName")
                writer.string(settings.languageDisplayName)
                writer.endObject()
            default:
                writer.beginObject()
                writer.key("daysOfWeek")
                writer.stringArray(settings.workingDays)
                writer.key("startTime")
                writer.string(settings.workingHoursStart)
                writer.key("endTime")
                writer.string(settings.workingHoursEnd)
                writer.key("timeZone")
                writer.beginObject()
                writer.key("name")
                writer.string(settings.timeZone)
                writer.endObject()
                writer.endObject()
            }
        }
        writer.endObject()
        return .json(writer)
    }

    private func writeAutomaticReplies(_ settings: SimulatedMailboxSettings, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("status")
        writer.string(settings.automaticRepliesStatus)
        writer.key("externalAudience")
        writer.string(settings.externalReplyMessage.isEmpty ? "none" : "all")
        writer.key("internalReplyMessage")
        writer.string(settings.internalReplyMessage)
        writer.key("externalReplyMessage")
        writer.string(settings.externalReplyMessage)
        writer.key("scheduledStartDateTime")
        EventInstance.writeTime(tenant.anchorSeconds + 86_400, to: &writer)
        writer.key("scheduledEndDateTime")
        EventInstance.writeTime(tenant.anchorSeconds + 8 * 86_400, to: &writer)
        writer.endObject()
    }
}
