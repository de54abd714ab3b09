import FerryCore
import FerryLoad
import Foundation

// `make bench`'s input for `ferry analyze` at scale: a pseudonymized export written directly, without
// Graph or the simulator (exporting ten million rows through HTTP would take longer than the analysis
// it feeds). Rows have the columns and value shapes a real export of the same datasets writes under the
// default pseudonymization (ids kept, addresses and names as 32-hex HMACs, text dropped), and go
// through Ferry's own writer and commit protocol, with a pseudonym key id in every manifest.
//
// The organisation is planted: teams of 10 in departments of 50 teams; mail mostly within the team,
// less within the department, rarely across; one mail is one Sent Items row and one Inbox row per
// internal recipient (one internetMessageId); one meeting is one calendar row per internal invitee (one
// iCalUId): weekly team meetings, 1:1s with the manager, small ad-hoc meetings; 5% of people work late.
//
// Usage: analyze-bench-input OUT_DIR PEOPLE MESSAGE_ROWS MEETING_ROWS [SEED]

let arguments = CommandLine.arguments
guard arguments.count >= 5, let people = Int(arguments[2]), let messageRows = Int(arguments[3]), let meetingRows = Int(arguments[4]),
      people >= 20 else {
    FileHandle.standardError.write(Data("usage: analyze-bench-input OUT_DIR PEOPLE MESSAGE_ROWS MEETING_ROWS [SEED]\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let seed = arguments.count > 5 ? UInt64(arguments[5]) ?? 7 : 7
let weeks = 4
let teamSize = 10
let teamsPerDepartment = 50
// Monday 2026-11-02 00:00 UTC.
let firstDay: Int64 = 20_759
let tenant = "6f1c0a57-3b5e-4d3c-9a1e-7f2b8c4d5e6f"
let zones: [(windows: String, offsetHours: Int)] = [
    ("W. Europe Standard Time", 1), ("GMT Standard Time", 0), ("Eastern Standard Time", -5), ("Pacific Standard Time", -8),
    ("India Standard Time", 5),
]

struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

@Sendable func mixed(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var r = Random(state: a &* 0x2545_F491_4F6C_DD1D ^ b)
    return r.next()
}

let hexDigits = Array("0123456789abcdef".utf8)
@Sendable func appendHex(_ value: UInt64, _ digits: Int, to out: inout [UInt8]) {
    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt64(shift)) & 0xF)]) }
}
/// A 32-hex pseudonym, as the HMAC pseudonymizer writes one.
@Sendable func appendPseudonym(_ kind: UInt64, _ value: UInt64, to out: inout [UInt8]) {
    appendHex(mixed(seed ^ kind, value), 16, to: &out)
    appendHex(mixed(seed ^ kind ^ 0xABCDEF, value), 16, to: &out)
}
@Sendable func appendGUID(_ value: UInt64, to out: inout [UInt8]) {
    let a = mixed(seed ^ 0x6A1D, value)
    appendHex(a >> 32, 8, to: &out); out.append(UInt8(ascii: "-"))
    appendHex((a >> 16) & 0xFFFF, 4, to: &out); out += Array("-4".utf8)
    appendHex(a & 0xFFF, 3, to: &out); out += Array("-8".utf8)
    appendHex(value & 0xFFF, 3, to: &out); out.append(UInt8(ascii: "-"))
    appendHex(value, 12, to: &out)
}
/// A Graph item id: long base64-like text (ids are kept as they come).
@Sendable func appendItemId(_ value: UInt64, length: Int, to out: inout [UInt8]) {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    out += Array("AAMkAG".utf8)
    var r = Random(state: value ^ seed)
    var word = r.next()
    for i in 0..<length {
        if i % 10 == 9 { word = r.next() }
        out.append(alphabet[Int(word & 63)])
        word >>= 6
    }
}
@Sendable func appendTime(_ seconds: Int64, to out: inout [UInt8]) {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = Int(seconds - days * 86_400)
    let (y, m, d) = CivilCalendar.civil(days: Int64(days))
    func two(_ v: Int) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
    out.append(UInt8(48 + y / 1000)); out.append(UInt8(48 + y / 100 % 10)); two(y % 100)
    out.append(UInt8(ascii: "-")); two(m); out.append(UInt8(ascii: "-")); two(d); out.append(UInt8(ascii: "T"))
    two(rest / 3600); out.append(UInt8(ascii: ":")); two(rest / 60 % 60); out.append(UInt8(ascii: ":")); two(rest % 60)
    out.append(UInt8(ascii: "Z"))
}
@Sendable func dateText(_ seconds: Int64) -> String {
    var out: [UInt8] = []
    appendTime(seconds, to: &out)
    return String(decoding: out.prefix(10), as: UTF8.self)
}

// MARK: The organisation

@Sendable func team(of person: Int) -> Int { person / teamSize }
@Sendable func department(of person: Int) -> Int { team(of: person) / teamsPerDepartment }
@Sendable func manager(of person: Int) -> Int? {
    let lead = team(of: person) * teamSize
    let head = department(of: person) * teamsPerDepartment * teamSize
    if person == 0 { return nil }
    if person == head { return 0 }
    if person == lead { return head }
    return lead
}
@Sendable func zone(of person: Int) -> Int { department(of: person) % zones.count }
@Sendable func worksLate(_ person: Int) -> Bool { mixed(seed ^ 0x1A7E, UInt64(person)) % 20 == 0 }
@Sendable func colleague(of person: Int, _ random: inout Random) -> Int {
    let roll = random.below(100)
    var other: Int
    if roll < 70 {
        other = team(of: person) * teamSize + random.below(teamSize)
    } else if roll < 97 {
        other = department(of: person) * teamsPerDepartment * teamSize + random.below(teamsPerDepartment * teamSize)
    } else {
        other = random.below(people)
    }
    other = min(other, people - 1)
    return other == person ? (person + 1) % people : other
}
/// A working-time instant of `person` (or, for late workers now and then, an evening or weekend one), seconds since 1970.
@Sendable func instant(of person: Int, _ random: inout Random) -> Int64 {
    let day = firstDay + Int64(random.below(7 * weeks))
    let weekday = Int((day + 4) % 7)
    var localHour = 8 + random.below(9)
    var localDay = day
    if worksLate(person) && random.chance(40) {
        localHour = 19 + random.below(4)
    } else if weekday == 0 || weekday == 6 {
        localDay = day + (weekday == 6 ? 2 : 1)
    }
    let local = localDay * 86_400 + Int64(localHour * 3600 + random.below(3600))
    return local - Int64(zones[zone(of: person)].offsetHours * 3600)
}

// MARK: Mail and meetings, in memory

struct Mail {
    var sender: Int32
    var sent: Int64
    var to: [Int32]  // negative: external (-1 - n)
    var cc: [Int32]
}
struct MeetingDraft {
    var organizer: Int32
    var start: Int64
    var minutes: Int32
    var attendees: [Int32]
    var responses: [UInt8]  // 0 accepted, 1 tentative, 2 declined, 3 none
    var recurring: Bool
}

@Sendable func generateMails() -> [Mail] {
    var random = Random(state: seed)
    var mails: [Mail] = []
    var rows = 0
    while rows < messageRows {
        let sender = random.below(people)
        var mail = Mail(sender: Int32(sender), sent: instant(of: sender, &random), to: [], cc: [])
        for _ in 0..<(1 + random.below(3)) {
            mail.to.append(random.chance(3) ? Int32(-1 - random.below(50_000)) : Int32(colleague(of: sender, &random)))
        }
        if random.chance(25) { mail.cc.append(Int32(colleague(of: sender, &random))) }
        var seen = Set<Int32>()
        mail.to = mail.to.filter { seen.insert($0).inserted }
        mail.cc = mail.cc.filter { seen.insert($0).inserted }
        rows += 1 + (mail.to + mail.cc).filter { $0 >= 0 }.count
        mails.append(mail)
    }
    return mails
}

@Sendable func response(_ random: inout Random) -> UInt8 {
    let roll = random.below(100)
    return roll < 80 ? 0 : roll < 88 ? 1 : roll < 95 ? 2 : 3
}

@Sendable func generateMeetings() -> [MeetingDraft] {
    var random = Random(state: seed ^ 0x3EE7)
    var meetings: [MeetingDraft] = []
    var calendarRows = 0
    while calendarRows < meetingRows {
        let kind = random.below(10)
        var draft: MeetingDraft
        if kind < 3 {
            // A team meeting, weekly (one occurrence drawn).
            let t = random.below((people + teamSize - 1) / teamSize)
            let members = (t * teamSize..<min(people, (t + 1) * teamSize)).map { Int32($0) }
            draft = MeetingDraft(organizer: members[0], start: 0, minutes: 60, attendees: Array(members.dropFirst()), responses: [], recurring: true)
        } else if kind < 6 {
            // A 1:1 with the manager.
            var person = random.below(people)
            while manager(of: person) == nil { person = random.below(people) }
            draft = MeetingDraft(organizer: Int32(manager(of: person)!), start: 0, minutes: 30, attendees: [Int32(person)], responses: [], recurring: true)
        } else {
            let organizer = random.below(people)
            var attendees = Set<Int32>()
            for _ in 0..<(2 + random.below(4)) {
                attendees.insert(random.chance(5) ? Int32(-1 - random.below(50_000)) : Int32(colleague(of: organizer, &random)))
            }
            attendees.remove(Int32(organizer))
            draft = MeetingDraft(
                organizer: Int32(organizer), start: 0, minutes: [30, 60, 60, 90][random.below(4)], attendees: attendees.sorted(), responses: [],
                recurring: false)
        }
        draft.start = instant(of: Int(draft.organizer), &random) / 1800 * 1800
        draft.responses = draft.attendees.map { _ in response(&random) }
        calendarRows += 1 + draft.attendees.filter { $0 >= 0 }.count
        meetings.append(draft)
    }
    return meetings
}

let start = Date()
let mails = generateMails()
let meetings = generateMeetings()

// MARK: Writing

let keyId = "hmac-sha256:" + String(mixed(seed, 0xC0FFEE), radix: 16)
let runId = "bench-input"
let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)

@Sendable func writer(_ dataset: String) throws -> DatasetWriter {
    try DatasetWriter(
        layout: PartitionLayout(root: root, dataset: dataset, fileExtension: "jsonl"),
        compression: .gzip(level: 1), maxRowsPerFile: 250_000, maxBytesPerFile: 256 * 1024 * 1024, fileHeader: nil,
        context: ManifestContext(
            runId: runId, pipeline: "bench-analyze-input", dataset: dataset, schemaVersion: 1, pseudonymKeyId: keyId, format: "jsonl",
            compression: "gzip"),
        lanes: lanes)
}

/// Appends `count` rows made by `row(index, &line)` (returns the partition, or nil for no row) on every core.
@Sendable func write(_ dataset: String, count: Int, _ row: @escaping @Sendable (Int, inout [UInt8]) -> String?) throws {
    let out = try writer(dataset)
    let failures = NSLock()
    nonisolated(unsafe) var failure: (any Error)?
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
        var line: [UInt8] = []
        line.reserveCapacity(4096)
        var index = lane
        while index < count {
            line.removeAll(keepingCapacity: true)
            if let partition = row(index, &line) {
                line.append(0x0A)
                do { try out.append(line, partition: partition) } catch {
                    failures.lock(); failure = error; failures.unlock()
                    return
                }
            }
            index += lanes
        }
    }
    if let failure { throw failure }
    _ = try out.commit()
}

@Sendable func appendString(_ key: String, _ value: String, to line: inout [UInt8]) {
    line += Array("\"\(key)\":\"\(value)\",".utf8)
}
@Sendable func appendAddress(_ who: Int32, to line: inout [UInt8]) {
    // {"emailAddress":{"name":"<hash>","address":"<hash>"}}
    line += Array("{\"emailAddress\":{\"name\":\"".utf8)
    appendPseudonym(0x4E, UInt64(bitPattern: Int64(who)), to: &line)
    line += Array("\",\"address\":\"".utf8)
    appendPseudonym(0xAD, UInt64(bitPattern: Int64(who)), to: &line)
    line += Array("\"}}".utf8)
}
@Sendable func appendPerson(_ key: String, _ person: Int, to line: inout [UInt8]) {
    line += Array("\"\(key)\":\"".utf8)
    appendGUID(UInt64(person), to: &line)
    line += Array("\",".utf8)
}
@Sendable func appendTimeMember(_ key: String, _ seconds: Int64, to line: inout [UInt8]) {
    line += Array("\"\(key)\":\"".utf8)
    appendTime(seconds, to: &line)
    line += Array("\",".utf8)
}

let departmentNames = ["Engineering", "Sales", "Marketing", "Finance", "Operations", "Support", "Legal", "Research"]
try write("users", count: people) { person, line in
    line += Array("{\"ptenant\":\"\(tenant)\",".utf8)
    appendPerson("id", person, to: &line)
    for key in ["displayName", "givenName", "surname"] {
        line += Array("\"\(key)\":\"".utf8); appendPseudonym(0x4E ^ UInt64(key.utf8.count), UInt64(person), to: &line); line += Array("\",".utf8)
    }
    for key in ["mail", "userPrincipalName"] {
        line += Array("\"\(key)\":\"".utf8); appendPseudonym(0xAD, UInt64(person), to: &line); line += Array("\",".utf8)
    }
    appendString("jobTitle", "Engineer", to: &line)
    appendString("department", "\(departmentNames[department(of: person) % departmentNames.count]) \(department(of: person))", to: &line)
    appendString("officeLocation", zones[zone(of: person)].windows.components(separatedBy: " ").first!, to: &line)
    line += Array("\"mobilePhone\":null,\"businessPhones\":[],\"preferredLanguage\":\"en-US\",\"accountEnabled\":true,\"userType\":\"Member\",".utf8)
    appendTimeMember("createdDateTime", (firstDay - 400) * 86_400, to: &line)
    line += Array("\"companyName\":\"Contoso\",\"country\":\"DE\",\"city\":\"Berlin\",\"usageLocation\":\"DE\",\"employeeId\":\"".utf8)
    appendPseudonym(0xE1, UInt64(person), to: &line)
    line += Array("\"}".utf8)
    return dateText((firstDay + 7 * Int64(weeks)) * 86_400)
}
try write("managers", count: people) { person, line in
    guard let boss = manager(of: person) else { return nil }
    line.append(UInt8(ascii: "{"))
    appendPerson("puser", person, to: &line)
    line += Array("\"ptenant\":\"\(tenant)\",\"odataType\":\"#microsoft.graph.user\",".utf8)
    appendPerson("id", boss, to: &line)
    line += Array("\"displayName\":\"".utf8); appendPseudonym(0x4E, UInt64(boss), to: &line)
    line += Array("\",\"mail\":\"".utf8); appendPseudonym(0xAD, UInt64(boss), to: &line)
    line += Array("\",\"userPrincipalName\":\"".utf8); appendPseudonym(0xAD, UInt64(boss), to: &line)
    line += Array("\",\"jobTitle\":\"Manager\",\"department\":null}".utf8)
    return dateText((firstDay + 7 * Int64(weeks)) * 86_400)
}
try write("mailbox_settings", count: people) { person, line in
    let zone = zones[zone(of: person)].windows
    line.append(UInt8(ascii: "{"))
    appendPerson("puser", person, to: &line)
    line += Array(("\"ptenant\":\"\(tenant)\",\"userPurpose\":\"user\",\"timeZone\":\"\(zone)\",\"language\":{\"locale\":\"en-US\",\"displayName\":\"English (United States)\"},"
        + "\"dateFormat\":\"M/d/yyyy\",\"timeFormat\":\"h:mm tt\",\"workingHours\":{\"daysOfWeek\":[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"],"
        + "\"startTime\":\"08:00:00.0000000\",\"endTime\":\"17:00:00.0000000\",\"timeZone\":{\"name\":\"\(zone)\"}},"
        + "\"automaticRepliesSetting\":{\"status\":\"disabled\"},\"delegateMeetingMessageDeliveryOptions\":\"sendToDelegateOnly\",\"archiveFolder\":\"").utf8)
    appendItemId(UInt64(person) ^ 0xA7, length: 114, to: &line)
    line += Array("\"}".utf8)
    return dateText((firstDay + 7 * Int64(weeks)) * 86_400)
}

/// The (mail, recipient) of each Inbox row: every internal recipient of every mail.
struct Copy: Sendable {
    var item: Int32
    var owner: Int32
}
let inboxRows: [Copy] = mails.enumerated().flatMap { index, mail in
    (mail.to + mail.cc).filter { $0 >= 0 }.map { Copy(item: Int32(index), owner: $0) }
}
@Sendable func appendMessage(_ index: Int, owner: Int, received: Int64, folder: UInt64, to line: inout [UInt8]) {
    let mail = mails[index]
    line.append(UInt8(ascii: "{"))
    appendPerson("puser", owner, to: &line)
    line += Array("\"ptenant\":\"\(tenant)\",\"id\":\"".utf8)
    appendItemId(UInt64(index) << 20 ^ UInt64(owner) ^ folder, length: 146, to: &line)
    line += Array("\",".utf8)
    appendTimeMember("createdDateTime", received, to: &line)
    appendTimeMember("lastModifiedDateTime", received + 5, to: &line)
    appendTimeMember("receivedDateTime", received, to: &line)
    appendTimeMember("sentDateTime", mail.sent, to: &line)
    line += Array("\"hasAttachments\":false,\"internetMessageId\":\"".utf8)
    appendPseudonym(0x1D, UInt64(index), to: &line)
    line += Array("\",\"importance\":\"normal\",\"parentFolderId\":\"".utf8)
    appendItemId(UInt64(owner) ^ folder, length: 114, to: &line)
    line += Array("\",\"conversationId\":\"".utf8)
    appendItemId(UInt64(index) ^ 0xC0, length: 94, to: &line)
    line += Array("\",\"conversationIndex\":\"AQHZ".utf8)
    appendHex(UInt64(index), 16, to: &line)
    line += Array("\",\"isDeliveryReceiptRequested\":false,\"isReadReceiptRequested\":false,\"isRead\":true,\"isDraft\":false,\"webLink\":\"".utf8)
    appendPseudonym(0x3B, UInt64(index) << 20 ^ UInt64(owner), to: &line)
    line += Array("\",\"inferenceClassification\":\"focused\",\"categories\":[],\"sender\":".utf8)
    appendAddress(mail.sender, to: &line)
    line += Array(",\"from\":".utf8)
    appendAddress(mail.sender, to: &line)
    line += Array(",\"toRecipients\":[".utf8)
    for (position, who) in mail.to.enumerated() {
        if position > 0 { line.append(UInt8(ascii: ",")) }
        appendAddress(who, to: &line)
    }
    line += Array("],\"ccRecipients\":[".utf8)
    for (position, who) in mail.cc.enumerated() {
        if position > 0 { line.append(UInt8(ascii: ",")) }
        appendAddress(who, to: &line)
    }
    line += Array("],\"bccRecipients\":[],\"replyTo\":[],\"flag\":{\"flagStatus\":\"notFlagged\"}}".utf8)
}
try write("sent_items", count: mails.count) { index, line in
    appendMessage(index, owner: Int(mails[index].sender), received: mails[index].sent, folder: 0x5E, to: &line)
    return dateText(mails[index].sent)
}
try write("messages", count: inboxRows.count) { index, line in
    let row = inboxRows[index]
    let received = mails[Int(row.item)].sent + 2
    appendMessage(Int(row.item), owner: Int(row.owner), received: received, folder: 0x1B, to: &line)
    return dateText(received)
}

/// The (meeting, owner) of each calendar row: the organizer's and every internal attendee's copy.
let calendarCopies: [Copy] = meetings.enumerated().flatMap { index, meeting in
    ([meeting.organizer] + meeting.attendees.filter { $0 >= 0 }).map { Copy(item: Int32(index), owner: $0) }
}
let responseNames = ["accepted", "tentativelyAccepted", "declined", "none"]
try write("calendar_view", count: calendarCopies.count) { index, line in
    let copy = calendarCopies[index]
    let meeting = meetings[Int(copy.item)]
    let isOrganizer = copy.owner == meeting.organizer
    let own = isOrganizer ? "organizer" : responseNames[Int(meeting.responses[meeting.attendees.firstIndex(of: copy.owner)!])]
    let end = meeting.start + Int64(meeting.minutes) * 60
    line.append(UInt8(ascii: "{"))
    appendPerson("puser", Int(copy.owner), to: &line)
    line += Array("\"ptenant\":\"\(tenant)\",\"id\":\"".utf8)
    appendItemId(UInt64(copy.item) << 20 ^ UInt64(copy.owner) ^ 0xCA, length: 146, to: &line)
    line += Array("\",".utf8)
    appendTimeMember("createdDateTime", meeting.start - 86_400 * 3, to: &line)
    appendTimeMember("lastModifiedDateTime", meeting.start - 86_400 * 2, to: &line)
    line += Array("\"iCalUId\":\"".utf8)
    appendPseudonym(0x1C, UInt64(copy.item), to: &line)
    line += Array("\",\"type\":\"\(meeting.recurring ? "occurrence" : "singleInstance")\",\"seriesMasterId\":".utf8)
    if meeting.recurring {
        line.append(UInt8(ascii: "\""))
        appendItemId(UInt64(copy.item) ^ 0x5E, length: 146, to: &line)
        line += Array("\",".utf8)
    } else {
        line += Array("null,".utf8)
    }
    line += Array("\"originalStart\":null,".utf8)
    appendTimeMember("start", meeting.start, to: &line)
    appendTimeMember("end", end, to: &line)
    let zoneName = zones[zone(of: Int(meeting.organizer))].windows
    line += Array(("\"originalStartTimeZone\":\"\(zoneName)\",\"originalEndTimeZone\":\"\(zoneName)\",\"isAllDay\":false,\"isCancelled\":false,"
        + "\"isOrganizer\":\(isOrganizer),\"isOnlineMeeting\":true,\"onlineMeetingProvider\":\"teamsForBusiness\",\"onlineMeeting\":{\"joinUrl\":\"").utf8)
    appendPseudonym(0x70, UInt64(copy.item), to: &line)
    line += Array("\"},\"responseRequested\":true,\"responseStatus\":{\"response\":\"\(own)\",\"time\":\"".utf8)
    appendTime(meeting.start - 86_400, to: &line)
    let showAs = own == "accepted" || own == "organizer" ? "busy" : "tentative"
    line += Array(("\"},\"allowNewTimeProposals\":true,\"showAs\":\"\(showAs)\",\"importance\":\"normal\",\"sensitivity\":\"normal\",\"isReminderOn\":true,"
        + "\"reminderMinutesBeforeStart\":15,\"hasAttachments\":false,\"categories\":[],\"webLink\":\"").utf8)
    appendPseudonym(0x3C, UInt64(copy.item) << 20 ^ UInt64(copy.owner), to: &line)
    line += Array("\",\"recurrence\":null,\"organizer\":".utf8)
    appendAddress(meeting.organizer, to: &line)
    line += Array(",\"attendees\":[".utf8)
    for (position, who) in meeting.attendees.enumerated() {
        if position > 0 { line.append(UInt8(ascii: ",")) }
        line += Array("{\"type\":\"required\",\"status\":{\"response\":\"\(responseNames[Int(meeting.responses[position])])\",\"time\":\"".utf8)
        appendTime(meeting.start - 86_400, to: &line)
        line += Array("\"},\"emailAddress\":{\"name\":\"".utf8)
        appendPseudonym(0x4E, UInt64(bitPattern: Int64(who)), to: &line)
        line += Array("\",\"address\":\"".utf8)
        appendPseudonym(0xAD, UInt64(bitPattern: Int64(who)), to: &line)
        line += Array("\"}}".utf8)
    }
    line += Array("],\"location\":{\"displayName\":\"".utf8)
    appendPseudonym(0x10, UInt64(copy.item), to: &line)
    line += Array("\"},\"locations\":[]}".utf8)
    return dateText(meeting.start)
}
let late = (0..<people).filter(worksLate).count
print("wrote \(people) people (\(late) who work late), \(mails.count) mails as \(mails.count + inboxRows.count) message rows "
    + "(sent_items \(mails.count), messages \(inboxRows.count)), \(meetings.count) meetings as \(calendarCopies.count) calendar rows, "
    + String(format: "in %.1f s", Date().timeIntervalSince(start)))
