import FerryCore
import Foundation

/// Turns exported records into `CollaborationData`: joins addresses to people, de-duplicates mail by
/// `internetMessageId` and meetings by `iCalUId` and start, reads working hours and time zones.
///
/// Everything is joined on pseudonyms as the export wrote them: a user's `id` is `puser` in the
/// per-mailbox datasets, and their `mail` and `userPrincipalName` are the addresses in messages and
/// calendars (the same keyed HMAC of the same normalized value). Addresses, ids and message ids are
/// interned by a 64-bit hash as they are read (`KeyHash`); no event keeps a string.
///
/// The directory (users, managers, mailbox settings) is read first; mail and calendar files are then
/// read in parallel into `RawEvents` and merged here in file order, so the result does not depend on
/// which file finished first.
public struct CollaborationDataBuilder {
    private(set) var data = CollaborationData()
    private(set) var directory = DirectoryIndex()
    private var outsiders = HashIndex()
    private var mailSeen = HashIndex()
    /// The mail copies kept in `data.mailCopies`, as mail << 32 | person: a mailbox may hold a mail twice.
    private var copiesKept = Set<Int64>()
    /// Calendar owners each meeting's attendee list does not name, by meeting, until `finish()`.
    private var unnamedInvitees: [Int: [Meeting.Invitee]] = [:]
    private var meetingIndex = HashIndex()
    private var zones: [String: ZoneOffsets] = [:]

    public init() {}

    /// The datasets of the directory, read before mail and calendars.
    static let directoryDatasets: [ExportedDataset] = [.users, .managers, .mailboxSettings, .groupMembers]

    /// Builds the data from the records of each dataset present (absent datasets: empty).
    public static func build(_ records: [ExportedDataset: [ExportRecord]], missing: [ExportedDataset] = []) -> CollaborationData {
        var builder = CollaborationDataBuilder()
        builder.data.quality.missingDatasets = missing.map { ($0.rawValue, $0.costWhenMissing) }
        for dataset in directoryDatasets {
            for record in records[dataset] ?? [] { builder.addDirectory(record, from: dataset) }
            builder.data.quality.rowsRead[dataset.rawValue] = records[dataset]?.count ?? 0
        }
        let reader = RecordEventReader(directory: builder.directory)
        for dataset in [ExportedDataset.sentItems, .messages, .calendarView] {
            var raw = RawEvents()
            for record in records[dataset] ?? [] { reader.add(record, calendar: dataset == .calendarView, to: &raw) }
            builder.merge(raw, from: dataset)
            builder.data.quality.rowsRead[dataset.rawValue] = raw.rows
        }
        return builder.finish()
    }

    /// Builds the data from an export on disk: the directory first, then mail and calendar files in parallel.
    static func build(reader: ExportReader, inventory: ExportReader.Inventory) throws -> CollaborationData {
        var builder = CollaborationDataBuilder()
        builder.data.quality.missingDatasets = inventory.missing.map { ($0.rawValue, $0.costWhenMissing) }
        // The directory's files are parsed side by side and added in file order.
        var directoryRows: [ExportedDataset: Int] = [:]
        try reader.readRecords(of: directoryDatasets, in: inventory) { records, dataset in
            directoryRows[dataset, default: 0] += records.count
            for record in records { builder.addDirectory(record, from: dataset) }
        }
        for dataset in directoryDatasets { builder.data.quality.rowsRead[dataset.rawValue] = directoryRows[dataset, default: 0] }
        let eventDatasets: [ExportedDataset] = [.sentItems, .messages, .calendarView]
        var rows: [ExportedDataset: Int] = [:]
        try reader.readEvents(of: eventDatasets, in: inventory, directory: { builder.directory }) { raw, dataset in
            rows[dataset, default: 0] += raw.rows
            builder.merge(raw, from: dataset)
        }
        for dataset in eventDatasets { builder.data.quality.rowsRead[dataset.rawValue] = rows[dataset, default: 0] }
        builder.data.quality.daysRead = Self.days(of: eventDatasets.flatMap { inventory.partitions[$0] ?? [] })
        return builder.finish()
    }

    /// The first and last day of partitions `date=YYYY-MM-DD` (or their shard leaves).
    static func days(of leaves: [URL]) -> ClosedRange<Int>? {
        let days = leaves.compactMap { leaf -> Int? in
            let name = CommittedPartition.name(of: leaf)
            guard let equals = name.firstIndex(of: "=") else { return nil }
            let value = name[name.index(after: equals)...].prefix { $0 != "/" }
            return UTCTimestamp(parsing: String(value)).map { Int($0.dayNumber) }
        }
        guard let first = days.min(), let last = days.max() else { return nil }
        return first...last
    }

    private mutating func finish() -> CollaborationData {
        placeUnnamedInvitees()
        var data = data
        data.quality.people = data.people.count
        data.quality.peopleWithoutMailboxSettings = data.people.filter { !$0.hasMailboxSettings }.count
        return data
    }

    // MARK: The directory

    mutating func addDirectory(_ record: ExportRecord, from dataset: ExportedDataset) {
        switch dataset {
        case .users: addUser(record)
        case .managers: addManager(record)
        case .mailboxSettings: addMailboxSettings(record)
        default: break
        }
    }

    private mutating func person(id: String) -> Int {
        let hash = KeyHash.hash(id)
        if let index = directory.personById[hash] { return Int(index) }
        let index = data.people.count
        data.people.append(Person(id: id, workingHours: .standard()))
        directory.personById.set(hash, Int32(index))
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
        // A guest's address keeps its home domain (gmail.com, a partner's): the organisation's own
        // domains come from its members alone, or everyone at the partner would count as internal.
        let isGuest = record.string("userType") == "Guest"
        for column in ["mail", "userPrincipalName"] {
            guard let address = record.string(column), !address.isEmpty else { continue }
            directory.personByAddress.set(KeyHash.hash(address), Int32(index))
            let lowered = address.lowercased()
            if !isGuest, let at = lowered.lastIndex(of: "@"), lowered.index(after: at) < lowered.endIndex {
                data.domains.insert(String(lowered[lowered.index(after: at)...]))
                if let domain = KeyHash.domainHash(lowered) { directory.domains.insert(domain, 0) }
            }
        }
    }

    private mutating func addManager(_ record: ExportRecord) {
        guard let user = record.string("puser"), let manager = record.string("id") else { return }
        let managerIndex = person(id: manager)
        data.people[person(id: user)].manager = managerIndex
    }

    private mutating func zone(named name: String) -> ZoneOffsets? {
        if let known = zones[name] { return known }
        guard let iana = WindowsTimeZones.ianaName(for: name), let zone = TimeZone(identifier: iana) else { return nil }
        let offsets = ZoneOffsets(zone)
        zones[name] = offsets
        return offsets
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
        var hours = WorkingHours.standard()
        if let known = zone(named: zoneName) {
            hours.zone = known
        } else {
            data.quality.unknownTimeZones[zoneName, default: 0] += 1
        }
        if case .array(let days)? = working?["daysOfWeek"] {
            hours.days = Set(days.compactMap { $0.stringValue.flatMap { WorkingHours.dayNames.firstIndex(of: $0.lowercased()) } })
        }
        if let start = working?["startTime"]?.stringValue.flatMap(WorkingHours.seconds(ofTimeOfDay:)) { hours.startSecond = start }
        if let end = working?["endTime"]?.stringValue.flatMap(WorkingHours.seconds(ofTimeOfDay:)) { hours.endSecond = end }
        data.people[index].workingHours = hours
        data.people[index].hasMailboxSettings = true
    }

    // MARK: Mail and calendars

    private mutating func resolve(_ code: UInt64) -> Participant {
        if ParticipantCode.isPerson(code) { return Participant(person: Int(code)) }
        let hash = code & ParticipantCode.hashMask
        if let known = outsiders[hash] { return Participant(outsider: Int(known)) }
        let participant = data.addOutsider(isInternal: code & ParticipantCode.internalBit != 0)
        outsiders.set(hash, Int32(participant.outsider))
        return participant
    }

    /// Keeps a copy of mail `index` in `owner`'s mailbox when its header does not name them (a mail to a
    /// list they are on): the copy is what says they received it. Copies of the sender's or of a named
    /// recipient's add nothing and are not kept, so memory grows with list mail only.
    private mutating func noteCopy(of index: Int32, heldBy owner: Int32) {
        guard owner >= 0 else { return }
        let mail = data.mails[Int(index)]
        let person = Participant(person: Int(owner))
        guard person != mail.sender, !data.recipients(of: mail).contains(person),
            copiesKept.insert(Int64(index) << 32 | Int64(owner)).inserted
        else { return }
        data.mailCopies.append((index, owner))
    }

    mutating func merge(_ raw: RawEvents, from dataset: ExportedDataset) {
        if raw.skipped > 0 { data.quality.skippedRows[dataset.rawValue, default: 0] += raw.skipped }
        var to: [Participant] = []
        var cc: [Participant] = []
        for mail in raw.mails {
            if let known = mailSeen.insert(mail.key, Int32(data.mails.count)) {
                data.quality.duplicateMailRows += 1
                noteCopy(of: known, heldBy: mail.owner)
                continue
            }
            to.removeAll(keepingCapacity: true)
            cc.removeAll(keepingCapacity: true)
            let first = Int(mail.recipientStart)
            for slot in first..<first + Int(mail.toCount) { to.append(resolve(raw.recipients[slot])) }
            for slot in first + Int(mail.toCount)..<first + Int(mail.toCount + mail.ccCount) { cc.append(resolve(raw.recipients[slot])) }
            data.addMail(sent: UTCTimestamp(millisecondsSinceEpoch: mail.sent), sender: resolve(mail.sender), to: to, cc: cc)
            noteCopy(of: Int32(data.mails.count - 1), heldBy: mail.owner)
        }
        var invitees: [Meeting.Invitee] = []
        for row in raw.calendar {
            let owner: Int32
            if ParticipantCode.isPerson(row.owner) {
                owner = Int32(row.owner)
            } else {
                owner = Int32(person(id: raw.unknownOwners[Int(row.owner & ParticipantCode.hashMask)]))
            }
            let response: Meeting.Response? = row.isOrganizer ? .organizer : row.ownResponse
            if let existing = meetingIndex[row.key] {
                data.quality.duplicateMeetingRows += 1
                if row.isCancelled { data.meetings[Int(existing)].isCancelled = true }
                apply(showAs: row.showAs, response: response, of: owner, to: Int(existing))
                continue
            }
            guard let organizerCode = row.organizer else {
                data.quality.skippedRows[dataset.rawValue, default: 0] += 1
                continue
            }
            let organizer = resolve(organizerCode)
            invitees.removeAll(keepingCapacity: true)
            invitees.append(Meeting.Invitee(participant: organizer, response: .organizer))
            for slot in Int(row.inviteeStart)..<Int(row.inviteeStart + row.inviteeCount) {
                invitees.append(Meeting.Invitee(participant: resolve(raw.invitees[slot].code), response: raw.invitees[slot].response))
            }
            meetingIndex.set(row.key, Int32(data.meetings.count))
            data.addMeeting(
                start: UTCTimestamp(millisecondsSinceEpoch: row.start), end: UTCTimestamp(millisecondsSinceEpoch: row.end),
                organizer: organizer, invitees: invitees, isCancelled: row.isCancelled, isAllDay: row.isAllDay,
                isRecurring: row.isRecurring, defaultShowAs: row.showAs)
            apply(showAs: row.showAs, response: response, of: owner, to: data.meetings.count - 1)
        }
    }

    /// The calendar owner's own copy: how it shows for them, and their own answer, which wins over what
    /// another copy's attendee list says (the organizer stays the organizer). An owner the attendee list
    /// does not name (invited through a distribution list) is added as an invitee with their own answer.
    private mutating func apply(showAs: Meeting.ShowAs, response: Meeting.Response?, of owner: Int32, to meeting: Int) {
        for slot in data.meetings[meeting].inviteeSlots where data.invitees[slot].participant.raw == owner {
            data.invitees[slot].showAs = showAs
            if let response, data.invitees[slot].response != .organizer { data.invitees[slot].response = response }
            return
        }
        guard owner >= 0 else { return }
        var added = unnamedInvitees[meeting, default: []]
        if let known = added.firstIndex(where: { $0.participant.raw == owner }) {
            added[known].showAs = showAs
            if let response { added[known].response = response }
        } else {
            added.append(Meeting.Invitee(participant: Participant(person: Int(owner)), response: response ?? .none, showAs: showAs))
        }
        unnamedInvitees[meeting] = added
    }

    /// Gives each meeting with invitees its attendee list did not name one contiguous list again: its
    /// invitees, then those, moved to the end of `data.invitees` once, after every copy is merged.
    private mutating func placeUnnamedInvitees() {
        for (meeting, added) in unnamedInvitees.sorted(by: { $0.key < $1.key }) {
            let named = Array(data.invitees[data.meetings[meeting].inviteeSlots])
            data.meetings[meeting].inviteeStart = Int32(data.invitees.count)
            data.meetings[meeting].inviteeCount = Int32(named.count + added.count)
            data.invitees += named + added
        }
        unnamedInvitees = [:]
    }
}
