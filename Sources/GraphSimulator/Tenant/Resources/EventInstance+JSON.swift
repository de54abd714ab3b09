extension EventInstance {
    /// Writes the instance as a Graph event object; `@odata.etag` and `id` are always written.
    func write(to writer: inout JSONWriter, selection: PropertySelection<EventProperty>, tenantId: String, isDefault: Bool) {
        let draft = self.draft
        writer.beginObject()
        writer.key("@odata.etag")
        writer.rawString { bytes in
            bytes.append(contentsOf: Self.etagOpening)
            draft.mailbox.changeKeyTemplate.append(suffix: Array(SimulatedMailbox.bytes(of: draft.changeNumber).suffix(6)), to: &bytes)
            bytes.append(contentsOf: Self.etagClosing)
        }
        let location = EventVocabulary.locations[draft.location]
        for property in EventProperty.allCases where property == .id || selection.contains(property) {
            writer.key(property.name)
            switch property {
            case .id: writer.string(id)
            case .createdDateTime: writer.timestamp(epochSeconds: draft.created)
            case .lastModifiedDateTime: writer.timestamp(epochSeconds: draft.lastModified)
            case .changeKey:
                writer.rawString { draft.mailbox.changeKeyTemplate.append(suffix: Array(SimulatedMailbox.bytes(of: draft.changeNumber).suffix(6)), to: &$0) }
            case .categories: writer.stringArray(draft.categories)
            case .transactionId, .onlineMeetingUrl, .occurrenceId: writer.null()
            case .originalStartTimeZone, .originalEndTimeZone: writer.string("UTC")
            case .iCalUId: writer.string(iCalUId)
            case .uid: writer.string(uid)
            case .reminderMinutesBeforeStart: writer.int(draft.reminderMinutes)
            case .isReminderOn: writer.bool(draft.reminderMinutes > 0)
            case .hasAttachments: writer.bool(false)
            case .subject: writer.string(draft.subject)
            case .bodyPreview: writer.string(draft.bodyPreview)
            case .importance: writer.string(draft.importance)
            case .sensitivity: writer.string(draft.sensitivity)
            case .isAllDay: writer.bool(draft.isAllDay)
            case .isCancelled: writer.bool(draft.isCancelled)
            case .isOrganizer: writer.bool(draft.isOrganizer)
            case .responseRequested: writer.bool(true)
            case .seriesMasterId:
                if occurrence != nil { writer.string(seriesMasterId) } else { writer.null() }
            case .originalStart:
                // The start the series gave an occurrence; only occurrences and exceptions have one.
                if occurrence != nil { writer.timestamp(epochSeconds: start) } else { writer.null() }
            case .showAs: writer.string(draft.showAs)
            case .type: writer.string(type)
            case .webLink: writer.string("https://outlook.office365.com/owa/?itemid=" + PercentEncoding.encodeQueryValue(id) + "&exvsurl=1&path=/calendar/item")
            case .isOnlineMeeting: writer.bool(draft.isOnlineMeeting)
            case .onlineMeetingProvider: writer.string(draft.isOnlineMeeting ? "teamsForBusiness" : "unknown")
            case .allowNewTimeProposals: writer.bool(true)
            case .isDraft, .hideAttendees: writer.bool(false)
            case .responseStatus: Self.writeStatus(draft.ownerResponse, draft.ownerResponded, to: &writer)
            case .body:
                writer.beginObject()
                writer.key("contentType")
                writer.string("html")
                writer.key("content")
                writer.string(draft.body)
                writer.endObject()
            case .start: Self.writeTime(start, to: &writer)
            case .end: Self.writeTime(end, to: &writer)
            case .location: writeLocation(location, to: &writer)
            case .locations:
                writer.beginArray()
                if !location.name.isEmpty { writeLocation(location, to: &writer) }
                writer.endArray()
            case .recurrence: writeRecurrence(to: &writer)
            case .attendees:
                writer.beginArray()
                for attendee in draft.attendees {
                    writer.beginObject()
                    writer.key("type")
                    writer.string(attendee.type)
                    writer.key("status")
                    Self.writeStatus(attendee.response, attendee.responded, to: &writer)
                    writer.key("emailAddress")
                    Self.writeAddress(attendee.address, to: &writer)
                    writer.endObject()
                }
                writer.endArray()
            case .organizer:
                writer.beginObject()
                writer.key("emailAddress")
                Self.writeAddress(draft.organizer, to: &writer)
                writer.endObject()
            case .onlineMeeting:
                if draft.isOnlineMeeting {
                    writer.beginObject()
                    writer.key("joinUrl")
                    writer.string(joinURL(tenantId: tenantId))
                    writer.endObject()
                } else {
                    writer.null()
                }
            }
        }
        if isDefault, draft.hasUnknownProperty {
            // A property outside the documented v1.0 schema, as Graph sometimes sends: clients must ignore it.
            writer.key("cancelledOccurrences")
            writer.stringArray(draft.cancelledOccurrence.map { ["OID.\(seriesMasterId).\($0)"] } ?? [])
        }
        writer.endObject()
    }

    var seriesMasterId: String { draft.id }

    /// The same for every instance of a series, as Outlook's `uid`, and for every attendee's copy of a planted meeting.
    var uid: String {
        var bytes: [UInt8] = []
        let words = draft.uidWords
        GUIDText.appendHex(words.0, digits: 16, to: &bytes)
        GUIDText.appendHex(words.1, digits: 16, to: &bytes)
        return "040000008200E00074C5B7101A82E00800000000" + String(decoding: bytes, as: UTF8.self).uppercased()
    }

    var iCalUId: String {
        guard let occurrence else { return uid }
        var bytes: [UInt8] = []
        GUIDText.appendHex(UInt64(occurrence + 1), digits: 4, to: &bytes)
        return uid + String(decoding: bytes, as: UTF8.self).uppercased()
    }

    func joinURL(tenantId: String) -> String {
        let meeting = Base64Text.string(SimulatedMailbox.bytes(of: draft.mailbox.guidWords.0 ^ draft.changeNumber, UInt64(draft.ordinal)), alphabet: .urlSafe)
            .replacingOccurrences(of: "=", with: "")
        return "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + meeting + "%40thread.v2/0?context=%7b%22Tid%22%3a%22"
            + tenantId + "%22%7d"
    }

    private func writeLocation(_ location: (name: String, isRoom: Bool), to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("displayName")
        writer.string(location.name)
        writer.key("locationType")
        writer.string(location.isRoom ? "conferenceRoom" : "default")
        if !location.name.isEmpty {
            writer.key("uniqueId")
            writer.string(location.name)
            writer.key("uniqueIdType")
            writer.string(location.isRoom ? "directory" : "private")
        }
        writer.endObject()
    }

    private func writeRecurrence(to writer: inout JSONWriter) {
        guard isSeriesMaster, case .series(let weekly, let interval, let count, let endsByDate) = draft.kind else {
            writer.null()
            return
        }
        writer.beginObject()
        writer.key("pattern")
        writer.beginObject()
        writer.key("type")
        writer.string(weekly ? "weekly" : "daily")
        writer.key("interval")
        writer.int(interval)
        writer.key("month")
        writer.int(0)
        writer.key("dayOfMonth")
        writer.int(0)
        writer.key("daysOfWeek")
        let weekday = Int(((draft.start / 86_400 % 7) + 4) % 7)  // 1970-01-01 was a Thursday (4).
        writer.stringArray(weekly ? [EventVocabulary.weekdays[weekday]] : [])
        writer.key("firstDayOfWeek")
        writer.string("sunday")
        writer.key("index")
        writer.string("first")
        writer.endObject()
        writer.key("range")
        writer.beginObject()
        writer.key("type")
        writer.string(endsByDate ? "endDate" : "numbered")
        writer.key("startDate")
        writer.string(Self.date(draft.start))
        writer.key("endDate")
        writer.string(endsByDate ? Self.date(draft.lastOccurrenceStart) : "0001-01-01")
        writer.key("recurrenceTimeZone")
        writer.string("UTC")
        writer.key("numberOfOccurrences")
        writer.int(endsByDate ? 0 : count)
        writer.endObject()
        writer.endObject()
    }

    private static let etagOpening = Array("W/\\\"".utf8)
    private static let etagClosing = Array("\\\"".utf8)

    /// `{"dateTime":"2026-11-21T09:30:00.0000000","timeZone":"UTC"}`, as Graph writes event times.
    static func writeTime(_ seconds: Int64, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("dateTime")
        writer.rawString { bytes in
            GraphTimestamp.append(epochSeconds: seconds, to: &bytes)
            bytes.removeLast()
            bytes.append(contentsOf: Array(".0000000".utf8))
        }
        writer.key("timeZone")
        writer.string("UTC")
        writer.endObject()
    }

    static func date(_ seconds: Int64) -> String {
        String(GraphTimestamp.string(epochSeconds: seconds).prefix(10))
    }

    private static func writeStatus(_ response: String, _ time: Int64?, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("response")
        writer.string(response)
        writer.key("time")
        if let time { writer.timestamp(epochSeconds: time) } else { writer.string("0001-01-01T00:00:00Z") }
        writer.endObject()
    }

    static func writeAddress(_ address: SimulatedEmailAddress, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("name")
        writer.string(address.name)
        writer.key("address")
        writer.string(address.address)
        writer.endObject()
    }

    func filterValue(_ path: String) -> FilterValue {
        switch path {
        case "createddatetime": .dateTime(draft.created)
        case "lastmodifieddatetime": .dateTime(draft.lastModified)
        case "subject": .string(draft.subject)
        case "iscancelled": .bool(draft.isCancelled)
        case "isallday": .bool(draft.isAllDay)
        case "isonlinemeeting": .bool(draft.isOnlineMeeting)
        case "isorganizer": .bool(draft.isOrganizer)
        case "type": .string(type)
        case "showas": .string(draft.showAs)
        case "organizer/emailaddress/address": .string(draft.organizer.address)
        case "importance": .string(draft.importance)
        case "sensitivity": .string(draft.sensitivity)
        default: .string(nil)
        }
    }
}
