import FerryCore

/// Turns mail and calendar records already parsed (CSV rows, records a test spells out) into
/// `RawEvents`, as `JSONLEventScanner` does from JSON-lines bytes.
struct RecordEventReader {
    let directory: DirectoryIndex

    func add(_ record: ExportRecord, calendar: Bool, to raw: inout RawEvents) {
        raw.rows += 1
        let added = calendar ? addCalendar(record, to: &raw) : addMail(record, to: &raw)
        if !added { raw.skipped += 1 }
    }

    private func participant(_ value: JSONValue?) -> UInt64? {
        guard let address = (value?["emailAddress"]?["address"] ?? value?["address"])?.stringValue, !address.isEmpty else { return nil }
        return directory.participant(address)
    }

    private func participants(_ value: JSONValue?, into codes: inout [UInt64]) -> Int32 {
        guard case .array(let elements)? = value else { return 0 }
        var added: Int32 = 0
        for element in elements {
            if let code = participant(element) {
                codes.append(code)
                added += 1
            }
        }
        return added
    }

    private func addMail(_ record: ExportRecord, to raw: inout RawEvents) -> Bool {
        guard let sent = record.timestamp("sentDateTime") ?? record.timestamp("receivedDateTime"),
              let sender = participant(record["from"]) ?? participant(record["sender"])
        else { return false }
        let key = record.string("internetMessageId").map(KeyHash.hash)
            ?? KeyHash.combine(KeyHash.hash(record.string("puser") ?? ""), KeyHash.hash(record.string("id") ?? ""))
        let start = Int32(raw.recipients.count)
        let to = participants(record["toRecipients"], into: &raw.recipients)
        let cc = participants(record["ccRecipients"], into: &raw.recipients) + participants(record["bccRecipients"], into: &raw.recipients)
        raw.mails.append(RawEvents.Mail(
            key: key, sent: sent.millisecondsSinceEpoch, sender: sender, recipientStart: start, toCount: to, ccCount: cc,
            owner: directory.person(idHash: record.string("puser").map(KeyHash.hash))))
        return true
    }

    private func addCalendar(_ record: ExportRecord, to raw: inout RawEvents) -> Bool {
        guard let start = record.timestamp("start"), let end = record.timestamp("end"), let ownerId = record.string("puser") else { return false }
        let owner = directory.owner(id: ownerId, in: &raw)
        let uid = record.string("iCalUId").map(KeyHash.hash) ?? KeyHash.combine(KeyHash.hash(ownerId), KeyHash.hash(record.string("id") ?? ""))
        let organizer = participant(record["organizer"])
        let inviteeStart = Int32(raw.invitees.count)
        if case .array(let attendees)? = record["attendees"] {
            for attendee in attendees {
                guard let who = participant(attendee), who != organizer else { continue }
                if attendee["type"]?.stringValue == "resource" { continue }
                let answer = attendee["status"]?["response"]?.stringValue.map(Meeting.Response.init(text:)) ?? .none
                raw.invitees.append(RawEvents.Invitee(code: who, response: answer))
            }
        }
        let type = record.string("type")
        raw.calendar.append(RawEvents.CalendarRow(
            key: KeyHash.combine(uid, UInt64(bitPattern: start.millisecondsSinceEpoch)), start: start.millisecondsSinceEpoch,
            end: end.millisecondsSinceEpoch, owner: owner, organizer: organizer, inviteeStart: inviteeStart,
            inviteeCount: Int32(raw.invitees.count) - inviteeStart,
            showAs: record.string("showAs").map(Meeting.ShowAs.init(text:)) ?? .busy,
            ownResponse: record["responseStatus"]?["response"]?.stringValue.map(Meeting.Response.init(text:)),
            isOrganizer: record.bool("isOrganizer") ?? false, isCancelled: record.bool("isCancelled") ?? false,
            isAllDay: record.bool("isAllDay") ?? false,
            isRecurring: type == "occurrence" || type == "exception" || record.string("seriesMasterId") != nil))
        return true
    }
}
