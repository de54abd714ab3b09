import FerryCore

/// Reads the mail or calendar rows of one JSON-lines file straight from its bytes into `RawEvents`:
/// each line's members are located without building JSON values, and only the columns the analysis
/// needs are looked at (addresses hashed in place, timestamps parsed from bytes).
struct JSONLEventScanner {
    /// The bytes being scanned: a chunk of whole lines, lent by the reader (see `scan(_:count:calendar:into:)`).
    private(set) var bytes: [UInt8] = []
    let path: String
    let directory: DirectoryIndex
    private var row: [JSONMember] = []
    private var inner: [JSONMember] = []
    private var innermost: [JSONMember] = []
    private var elements: [JSONMember] = []
    private var mailRows = MailRowReader()
    private var lineNumber = 0

    init(path: String, directory: DirectoryIndex) {
        self.path = path
        self.directory = directory
    }

    /// Scans the lines in `chunk[0..<count]` (whole lines of one file, in order) as mail (`calendar` false)
    /// or calendar rows into `raw`. The chunk is borrowed and handed back unchanged.
    mutating func scan(_ chunk: inout [UInt8], count: Int, calendar: Bool, into raw: inout RawEvents) throws {
        swap(&bytes, &chunk)
        defer { swap(&bytes, &chunk) }
        try scan(count: count, calendar: calendar, into: &raw)
    }

    private mutating func scan(count: Int, calendar: Bool, into raw: inout RawEvents) throws {
        var start = 0
        while start < count {
            let end = bytes.withUnsafeBytes { LineBreak.next(in: $0, from: start, to: count) }
            lineNumber += 1
            if end > start {
                let added: Bool?
                if calendar {
                    added = JSONScanner.members(of: bytes, object: start..<end, into: &row) ? calendarRow(into: &raw) : nil
                } else {
                    added = mailRows.read(bytes, line: start..<end, directory: directory, into: &raw)
                }
                guard let added else {
                    throw AnalyzeError(.input, "'\(path)' line \(lineNumber) is not a JSON object; the file was damaged")
                }
                raw.rows += 1
                if !added { raw.skipped += 1 }
            }
            start = end + 1
        }
    }

    // MARK: Mail

    // MARK: Calendars

    private mutating func calendarRow(into raw: inout RawEvents) -> Bool {
        var puser: JSONMember?, id: JSONMember?, uid: JSONMember?, type: JSONMember?, series: JSONMember?, start: JSONMember?
        var end: JSONMember?, allDay: JSONMember?, cancelled: JSONMember?, isOrganizer: JSONMember?, response: JSONMember?
        var showAs: JSONMember?, organizer: JSONMember?, attendees: JSONMember?
        bytes.withUnsafeBytes { b in
            for member in row {
                let key = member.key
                switch key.count {
                case 2 where Self.equal(b, key, "id"): id = member
                case 3 where Self.equal(b, key, "end"): end = member
                case 4 where Self.equal(b, key, "type"): type = member
                case 5:
                    if Self.equal(b, key, "puser") { puser = member } else if Self.equal(b, key, "start") { start = member }
                case 6 where Self.equal(b, key, "showAs"): showAs = member
                case 7 where Self.equal(b, key, "iCalUId"): uid = member
                case 8 where Self.equal(b, key, "isAllDay"): allDay = member
                case 9:
                    if Self.equal(b, key, "organizer") { organizer = member } else if Self.equal(b, key, "attendees") { attendees = member }
                case 11:
                    if Self.equal(b, key, "isCancelled") { cancelled = member } else if Self.equal(b, key, "isOrganizer") { isOrganizer = member }
                case 14:
                    if Self.equal(b, key, "seriesMasterId") { series = member } else if Self.equal(b, key, "responseStatus") { response = member }
                default: break
                }
            }
        }
        guard let startTime = timestamp(start), let endTime = timestamp(end), let ownerId = string(puser) else { return false }
        let owner = directory.owner(id: ownerId, in: &raw)
        let uidHash = stringHash(uid) ?? KeyHash.combine(KeyHash.hash(ownerId), stringHash(id) ?? 0)
        var ownResponse: Meeting.Response?
        if let response, response.first == UInt8(ascii: "{"), let answer = Self.member(bytes, named: "response", in: response.value, scratch: &inner) {
            ownResponse = responseValue(answer)
        }
        let typeIsOccurrence = type.map { equalString($0, "occurrence") || equalString($0, "exception") } ?? false
        let seriesPresent = series.map { $0.first == UInt8(ascii: "\"") } ?? false
        let inviteeStart = Int32(raw.invitees.count)
        let organizerCode = address(organizer)
        if let attendees, attendees.first == UInt8(ascii: "[") {
            var list = elements
            if JSONScanner.elements(of: bytes, array: attendees.value, into: &list) {
                for element in list where element.first == UInt8(ascii: "{") {
                    guard JSONScanner.members(of: bytes, object: element.value, into: &inner) else { continue }
                    var kind: JSONMember?, status: JSONMember?, emailAddress: JSONMember?, bare: JSONMember?
                    bytes.withUnsafeBytes { b in
                        for m in inner {
                            if Self.equal(b, m.key, "type") { kind = m }
                            else if Self.equal(b, m.key, "status") { status = m }
                            else if Self.equal(b, m.key, "emailAddress") { emailAddress = m }
                            else if Self.equal(b, m.key, "address") { bare = m }
                        }
                    }
                    if let kind, equalString(kind, "resource") { continue }
                    guard let who = emailAddress.flatMap({ nestedAddress($0) }) ?? bare.flatMap({ participant($0) }) else { continue }
                    if who == organizerCode { continue }
                    var answer = Meeting.Response.none
                    if let status, status.first == UInt8(ascii: "{"), let r = Self.member(bytes, named: "response", in: status.value, scratch: &innermost) {
                        answer = responseValue(r) ?? .none
                    }
                    raw.invitees.append(RawEvents.Invitee(code: who, response: answer))
                }
            }
            elements = list
        }
        raw.calendar.append(RawEvents.CalendarRow(
            key: KeyHash.combine(uidHash, UInt64(bitPattern: startTime)), start: startTime, end: endTime, owner: owner,
            organizer: organizerCode, inviteeStart: inviteeStart, inviteeCount: Int32(raw.invitees.count) - inviteeStart,
            showAs: showAs.flatMap { showAsValue($0) } ?? .busy, ownResponse: ownResponse,
            isOrganizer: isOrganizer.map(isTrue) ?? false, isCancelled: cancelled.map(isTrue) ?? false, isAllDay: allDay.map(isTrue) ?? false,
            isRecurring: typeIsOccurrence || seriesPresent))
        return true
    }

    // MARK: Values

    private static func equal(_ b: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for i in 0..<range.count where b[range.lowerBound + i] != pointer[i] { return false }
        return true
    }

    private func plainString(_ member: JSONMember) -> Range<Int>? { ScannedValue.plainString(member) }

    private func string(_ member: JSONMember?) -> String? { ScannedValue.string(bytes, member) }

    private func stringHash(_ member: JSONMember?) -> UInt64? { ScannedValue.stringHash(bytes, member) }

    private func equalString(_ member: JSONMember, _ literal: StaticString) -> Bool {
        guard let plain = plainString(member) else { return false }
        return bytes.withUnsafeBytes { Self.equal($0, plain, literal) }
    }

    private func isTrue(_ member: JSONMember) -> Bool {
        member.first == UInt8(ascii: "t") || equalString(member, "true")
    }

    private func timestamp(_ member: JSONMember?) -> Int64? { ScannedValue.timestamp(bytes, member) }

    private func participant(_ member: JSONMember) -> UInt64? { ScannedValue.participant(bytes, member, directory: directory) }

    private static func member(_ bytes: [UInt8], named name: StaticString, in object: Range<Int>, scratch: inout [JSONMember]) -> JSONMember? {
        guard JSONScanner.members(of: bytes, object: object, into: &scratch) else { return nil }
        return bytes.withUnsafeBytes { b in scratch.first { equal(b, $0.key, name) } }
    }

    /// `{"emailAddress": {"address": ...}}` (or `{"address": ...}`) to a participant code.
    private mutating func address(_ member: JSONMember?) -> UInt64? {
        guard let member, member.first == UInt8(ascii: "{") else { return nil }
        guard JSONScanner.members(of: bytes, object: member.value, into: &inner) else { return nil }
        var emailAddress: JSONMember?, bare: JSONMember?
        bytes.withUnsafeBytes { b in
            for m in inner {
                if Self.equal(b, m.key, "emailAddress") { emailAddress = m } else if Self.equal(b, m.key, "address") { bare = m }
            }
        }
        if let emailAddress, let code = nestedAddress(emailAddress) { return code }
        return bare.flatMap { participant($0) }
    }

    /// The `address` inside an `emailAddress` object.
    private mutating func nestedAddress(_ emailAddress: JSONMember) -> UInt64? {
        guard emailAddress.first == UInt8(ascii: "{"),
              let address = Self.member(bytes, named: "address", in: emailAddress.value, scratch: &innermost) else { return nil }
        return participant(address)
    }

    private func responseValue(_ member: JSONMember) -> Meeting.Response? {
        guard let plain = plainString(member) else { return string(member).map(Meeting.Response.init(text:)) }
        return bytes.withUnsafeBytes { b -> Meeting.Response in
            if Self.equal(b, plain, "accepted") { return .accepted }
            if Self.equal(b, plain, "organizer") { return .organizer }
            if Self.equal(b, plain, "declined") { return .declined }
            if Self.equal(b, plain, "tentativelyAccepted") { return .tentativelyAccepted }
            if Self.equal(b, plain, "notResponded") { return .notResponded }
            return .none
        }
    }

    private func showAsValue(_ member: JSONMember) -> Meeting.ShowAs? {
        guard member.first == UInt8(ascii: "\"") else { return nil }
        guard let plain = plainString(member) else { return string(member).map(Meeting.ShowAs.init(text:)) }
        return bytes.withUnsafeBytes { b -> Meeting.ShowAs in
            if Self.equal(b, plain, "busy") { return .busy }
            if Self.equal(b, plain, "free") { return .free }
            if Self.equal(b, plain, "tentative") { return .tentative }
            if Self.equal(b, plain, "oof") { return .oof }
            if Self.equal(b, plain, "workingElsewhere") { return .workingElsewhere }
            return .unknown
        }
    }
}
