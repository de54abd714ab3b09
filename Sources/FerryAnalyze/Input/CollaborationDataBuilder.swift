import FerryCore
import Foundation

/// Turns exported records into `CollaborationData`: joins addresses to people, de-duplicates mail by
/// `internetMessageId` and meetings by `iCalUId` and start, reads working hours and time zones.
///
/// Everything is joined on pseudonyms as the export wrote them: a user's `id` is `puser` in the
/// per-mailbox datasets, and their `mail` and `userPrincipalName` are the addresses in messages and
/// calendars (the same keyed HMAC of the same normalized value).
public struct CollaborationDataBuilder {
    private var data = CollaborationData()
    private var personById: [String: Int] = [:]
    private var personByAddress: [String: Int] = [:]
    private var mailIndex: [String: Int] = [:]
    private var meetingIndex: [String: Int] = [:]

    public init() {}

    /// Builds the data from the records of each dataset present (absent datasets: empty).
    public static func build(_ records: [ExportedDataset: [ExportRecord]], missing: [ExportedDataset] = []) -> CollaborationData {
        // Records in memory cannot fail to read.
        try! build(missing: missing) { dataset, body in
            for record in records[dataset] ?? [] { try body(record) }
        }
    }

    /// Builds the data from an export as it is read, one record at a time: users first (addresses to
    /// people), then the manager tree and mailbox settings, then mail and calendars.
    public static func build(
        missing: [ExportedDataset] = [],
        reading: (ExportedDataset, (ExportRecord) throws -> Void) throws -> Void
    ) throws -> CollaborationData {
        var builder = CollaborationDataBuilder()
        builder.data.quality.missingDatasets = missing.map { ($0.rawValue, $0.costWhenMissing) }
        let order: [ExportedDataset] = [.users, .managers, .mailboxSettings, .groupMembers, .sentItems, .messages, .calendarView]
        for dataset in order {
            var rows = 0
            try reading(dataset) { record in
                rows += 1
                builder.add(record, from: dataset)
            }
            builder.data.quality.rowsRead[dataset.rawValue] = rows
        }
        builder.data.quality.people = builder.data.people.count
        builder.data.quality.peopleWithoutMailboxSettings = builder.data.people.filter { !$0.hasMailboxSettings }.count
        return builder.data
    }

    private mutating func add(_ record: ExportRecord, from dataset: ExportedDataset) {
        switch dataset {
        case .users: addUser(record)
        case .managers: addManager(record)
        case .mailboxSettings: addMailboxSettings(record)
        case .groupMembers: break
        case .sentItems, .messages: addMail(record, dataset: dataset)
        case .calendarView: addCalendar(record)
        }
    }

    private mutating func person(id: String) -> Int {
        if let index = personById[id] { return index }
        let index = data.people.count
        data.people.append(Person(id: id, workingHours: .standard()))
        personById[id] = index
        return index
    }

    private mutating func addUser(_ record: ExportRecord) {
        guard let id = record.string("id") else {
            data.quality.skippedRows["users", default: 0] += 1
            return
        }
        let index = person(id: id)
        data.people[index].department = record.string("department")
        data.people[index].office = record.string("officeLocation")
        for column in ["mail", "userPrincipalName"] {
            guard let address = record.string(column)?.lowercased() else { continue }
            personByAddress[address] = index
            if let at = address.lastIndex(of: "@") { data.domains.insert(String(address[address.index(after: at)...])) }
        }
    }

    private mutating func addManager(_ record: ExportRecord) {
        guard let user = record.string("puser"), let manager = record.string("id") else { return }
        let managerIndex = person(id: manager)
        data.people[person(id: user)].manager = managerIndex
    }

    private mutating func addMailboxSettings(_ record: ExportRecord) {
        guard let owner = record.string("puser") else { return }
        let index = person(id: owner)
        let mailboxZone = record.string("timeZone")
        let working = record["workingHours"]
        let workingZone = working?["timeZone"]?["name"]?.stringValue
        let zoneName = workingZone ?? mailboxZone ?? "UTC"
        if let mailboxZone, let workingZone, WindowsTimeZones.ianaName(for: mailboxZone) != WindowsTimeZones.ianaName(for: workingZone) {
            data.quality.timeZoneMismatches += 1
        }
        var zone = TimeZone(identifier: "UTC")!
        if let iana = WindowsTimeZones.ianaName(for: zoneName), let known = TimeZone(identifier: iana) {
            zone = known
        } else {
            data.quality.unknownTimeZones[zoneName, default: 0] += 1
        }
        var hours = WorkingHours.standard(in: zone)
        if case .array(let days)? = working?["daysOfWeek"] {
            hours.days = Set(days.compactMap { $0.stringValue.flatMap { WorkingHours.dayNames.firstIndex(of: $0.lowercased()) } })
        }
        if let start = working?["startTime"]?.stringValue.flatMap(WorkingHours.seconds(ofTimeOfDay:)) { hours.startSecond = start }
        if let end = working?["endTime"]?.stringValue.flatMap(WorkingHours.seconds(ofTimeOfDay:)) { hours.endSecond = end }
        data.people[index].workingHours = hours
        data.people[index].hasMailboxSettings = true
    }

    private func participant(_ value: JSONValue?) -> Participant? {
        guard let address = (value?["emailAddress"]?["address"] ?? value?["address"])?.stringValue?.lowercased() else { return nil }
        if let person = personByAddress[address] {
            return Participant(person: Int32(person), address: address, isInternal: true)
        }
        var isInternal = false
        if let at = address.lastIndex(of: "@") { isInternal = data.domains.contains(String(address[address.index(after: at)...])) }
        return Participant(person: -1, address: address, isInternal: isInternal)
    }

    private func participants(_ value: JSONValue?) -> [Participant] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { participant($0) }
    }

    private mutating func addMail(_ record: ExportRecord, dataset: ExportedDataset) {
        guard let sent = record.timestamp("sentDateTime") ?? record.timestamp("receivedDateTime"),
              let sender = participant(record["from"]) ?? participant(record["sender"])
        else {
            data.quality.skippedRows[dataset.rawValue, default: 0] += 1
            return
        }
        let key = record.string("internetMessageId") ?? "\(record.string("puser") ?? "")|\(record.string("id") ?? "")"
        if mailIndex[key] != nil {
            data.quality.duplicateMailRows += 1
            return
        }
        mailIndex[key] = data.mails.count
        data.mails.append(MailEvent(
            sent: sent, sender: sender, to: participants(record["toRecipients"]),
            cc: participants(record["ccRecipients"]) + participants(record["bccRecipients"])))
    }

    private mutating func addCalendar(_ record: ExportRecord) {
        guard let start = record.timestamp("start"), let end = record.timestamp("end"), let owner = record.string("puser") else {
            data.quality.skippedRows["calendar_view", default: 0] += 1
            return
        }
        let ownerIndex = Int32(person(id: owner))
        let showAs = record.string("showAs") ?? "busy"
        let ownResponse = record["responseStatus"]?["response"]?.stringValue
        let isOrganizer = record.bool("isOrganizer") ?? false
        let key = (record.string("iCalUId") ?? "\(owner)|\(record.string("id") ?? "")") + "|" + start.iso8601
        if let existing = meetingIndex[key] {
            data.quality.duplicateMeetingRows += 1
            data.meetings[existing].showAs[ownerIndex] = showAs
            if record.bool("isCancelled") == true { data.meetings[existing].isCancelled = true }
            apply(response: isOrganizer ? "organizer" : ownResponse, of: ownerIndex, to: &data.meetings[existing])
            return
        }
        guard let organizer = participant(record["organizer"]) else {
            data.quality.skippedRows["calendar_view", default: 0] += 1
            return
        }
        var invitees = [Meeting.Invitee(participant: organizer, response: "organizer", type: "required")]
        if case .array(let attendees)? = record["attendees"] {
            for attendee in attendees {
                guard let who = participant(attendee), who.address != organizer.address else { continue }
                let type = attendee["type"]?.stringValue ?? "required"
                if type == "resource" { continue }
                invitees.append(Meeting.Invitee(
                    participant: who, response: attendee["status"]?["response"]?.stringValue ?? "none", type: type))
            }
        }
        let type = record.string("type")
        var meeting = Meeting(
            start: start, end: end, organizer: organizer, invitees: invitees,
            isCancelled: record.bool("isCancelled") ?? false, isAllDay: record.bool("isAllDay") ?? false,
            isRecurring: type == "occurrence" || type == "exception" || record.string("seriesMasterId") != nil,
            showAs: [ownerIndex: showAs], defaultShowAs: showAs)
        apply(response: isOrganizer ? "organizer" : ownResponse, of: ownerIndex, to: &meeting)
        meetingIndex[key] = data.meetings.count
        data.meetings.append(meeting)
    }

    /// The calendar owner's own answer wins over what another copy's attendee list says.
    private func apply(response: String?, of person: Int32, to meeting: inout Meeting) {
        guard let response, response != "none" || meeting.invitees.contains(where: { $0.participant.person == person }) else { return }
        if let index = meeting.invitees.firstIndex(where: { $0.participant.person == person }) {
            if meeting.invitees[index].response != "organizer" { meeting.invitees[index].response = response }
        }
    }
}
