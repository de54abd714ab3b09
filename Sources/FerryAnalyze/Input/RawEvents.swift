/// What one part file of mail or calendars holds, read on its own (in parallel with other files) before
/// the rows are de-duplicated and merged in file order.
///
/// Participants are codes (`ParticipantCode`): people already resolved through the directory, anyone
/// else by the hash of their address. Nothing here holds a string but the ids of calendar owners
/// missing from the directory.
struct RawEvents: Sendable {
    struct Mail: Sendable {
        /// The hash of `internetMessageId` (or of owner and item id when it is missing).
        var key: UInt64
        var sent: Int64
        var sender: UInt64
        var recipientStart: Int32
        var toCount: Int32
        var ccCount: Int32
        /// The person whose mailbox the row came from, or -1 when the owner is not in the directory.
        var owner: Int32 = -1
    }

    struct CalendarRow: Sendable {
        /// The hash of `iCalUId` (or owner and item id) combined with the start.
        var key: UInt64
        var start: Int64
        var end: Int64
        /// A person code, or `ParticipantCode.unknownOwner(n)`: `unknownOwners[n]`.
        var owner: UInt64
        var organizer: UInt64?
        var inviteeStart: Int32
        var inviteeCount: Int32
        var showAs: Meeting.ShowAs
        var ownResponse: Meeting.Response?
        var isOrganizer: Bool
        var isCancelled: Bool
        var isAllDay: Bool
        var isRecurring: Bool
    }

    struct Invitee: Sendable {
        var code: UInt64
        var response: Meeting.Response
    }

    var mails: [Mail] = []
    var recipients: [UInt64] = []
    var calendar: [CalendarRow] = []
    var invitees: [Invitee] = []
    var unknownOwners: [String] = []
    /// Rows read, and rows skipped because a column they need was missing.
    var rows = 0
    var skipped = 0
}

/// A participant before interning: a person's index, or an outsider's address hash with its domain's status.
enum ParticipantCode {
    static let outsiderBit: UInt64 = 1 << 63
    static let internalBit: UInt64 = 1 << 62
    static let hashMask: UInt64 = (1 << 62) - 1

    static func person(_ index: Int32) -> UInt64 { UInt64(index) }

    static func outsider(hash: UInt64, isInternal: Bool) -> UInt64 {
        outsiderBit | (isInternal ? internalBit : 0) | (hash & hashMask)
    }

    /// A calendar owner missing from the directory, by position in `RawEvents.unknownOwners`.
    static func unknownOwner(_ index: Int) -> UInt64 { outsiderBit | UInt64(index) }

    static func isPerson(_ code: UInt64) -> Bool { code & outsiderBit == 0 }
}

/// The directory as the readers of mail and calendars need it: people by id and by address hash, and the
/// organisation's domains. Read-only while files are read in parallel.
struct DirectoryIndex: Sendable {
    var personById = HashIndex()
    var personByAddress = HashIndex()
    var domains = HashIndex()

    /// The code of the address in `buffer[start..<end]`.
    func participant(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt64 {
        let hash = KeyHash.hash(buffer, start, end)
        if let person = personByAddress[hash] { return ParticipantCode.person(person) }
        let isInternal = KeyHash.domainHash(buffer, start, end).map { domains.contains($0) } ?? false
        return ParticipantCode.outsider(hash: hash, isInternal: isInternal)
    }

    func participant(_ address: String) -> UInt64 {
        var address = address
        return address.withUTF8 { participant(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// The person whose id hashes to `idHash` (`KeyHash` of the id's text), or -1.
    func person(idHash: UInt64?) -> Int32 {
        idHash.flatMap { personById[$0] } ?? -1
    }

    /// The code of a mailbox owner by their id.
    func owner(id: String, in raw: inout RawEvents) -> UInt64 {
        if let person = personById[KeyHash.hash(id)] { return ParticipantCode.person(person) }
        raw.unknownOwners.append(id)
        return ParticipantCode.unknownOwner(raw.unknownOwners.count - 1)
    }
}
