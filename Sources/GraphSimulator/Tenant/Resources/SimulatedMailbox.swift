/// What every item of one mailbox shares: owner, folder sizes and the constant parts of its Outlook ids.
///
/// Computed once per request so a page of items does not redo the mailbox's hashing for each one. A class
/// (immutable) so that the drafts of a page share it: copying a draft copies one reference, not the
/// mailbox's many strings and arrays.
final class SimulatedMailbox: Sendable {
    let userIndex: Int
    /// The generation that created the mailbox (with its owner); later generations add and remove items.
    let firstGeneration: Int
    let owner: SimulatedEmailAddress
    /// How messages greet the owner.
    let ownerGivenName: String
    let inbox: OutlookFolder
    let sentItems: OutlookFolder
    let calendar: OutlookFolder
    let contacts: OutlookFolder
    /// Change keys: a fixed header and the store key; the change number follows.
    let changeKeyTemplate: Base64Template
    /// Conversation ids: the mailbox GUID as text; the conversation's 16 bytes follow.
    let conversationIdTemplate: Base64Template
    /// The mailbox GUID's 16 bytes, which iCalUIds and join URLs derive from.
    let guidWords: (UInt64, UInt64)
    /// Seconds added to the first generation's Sent Items times: the owner's mail follows their own working
    /// day (or, for the planted after-hours people, their evenings). See `SimulatedTenant.sentItemShift`.
    let sentShift: Int64
    /// The planted mail the owner sent and received, by folder (counted in the Inbox and Sent Items).
    let plantedMail: PlantedMailLayout

    /// The Inbox's message count at the first generation.
    var messageCount: Int { inbox.count }
    /// The Inbox's folder id.
    var parentFolderId: String { inbox.folderId }

    struct Counts {
        var inbox = 0
        var sentItems = 0
        var events = 0
        var contacts = 0
    }

    init(
        userIndex: Int, firstGeneration: Int, owner: SimulatedEmailAddress, ownerGivenName: String, counts: Counts, seed: UInt64,
        sentShift: Int64 = 0, plantedMail: PlantedMailLayout = PlantedMailLayout()
    ) {
        self.userIndex = userIndex
        self.sentShift = sentShift
        self.plantedMail = plantedMail
        self.firstGeneration = firstGeneration
        self.owner = owner
        self.ownerGivenName = ownerGivenName
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.mailboxGuid.rawValue, UInt64(truncatingIfNeeded: userIndex)))
        // A leading hex letter makes every id start `AAMkAG`, as most real ones do.
        let high = random.next() & 0x0FFF_FFFF_FFFF_FFFF | (0xA + random.next() % 6) << 60
        let low = random.next()
        guidWords = (high, low)
        var guid: [UInt8] = []
        GUIDText.append(high: high, low: low, to: &guid)
        let inboxKey = Self.bytes(of: random.next(), random.next())
        let storeKey = Self.bytes(of: random.next(), random.next())
        let storeEntry: [UInt8] = [0x00, 0x03, 0x24, 0x00] + guid
        // Drawn after the Inbox's keys, so that Inbox ids stay what they were before other folders existed.
        let sentKey = Self.bytes(of: random.next(), random.next())
        let calendarKey = Self.bytes(of: random.next(), random.next())
        let contactsKey = Self.bytes(of: random.next(), random.next())

        func folder(key: [UInt8], number: UInt8, count: Int, planted: Int = 0) -> OutlookFolder {
            let folderPart = key + [0x01, 0x00] + storeKey + [0x00, 0x00, 0x00, 0x00, 0x01, number, 0x00, 0x00]
            return OutlookFolder(
                drawn: count,
                planted: planted,
                folderId: Base64Text.string(storeEntry + [0x00, 0x2E, 0x00, 0x00, 0x00, 0x00] + folderPart, alphabet: .urlSafe),
                itemIdTemplate: Base64Template(
                    prefix: storeEntry + [0x00, 0x46, 0x00, 0x00, 0x00, 0x00] + folderPart + storeKey + [0x00, 0x00],
                    alphabet: .urlSafe))
        }
        inbox = folder(key: inboxKey, number: 0x0C, count: counts.inbox, planted: plantedMail.count(in: .inbox))
        sentItems = folder(key: sentKey, number: 0x0D, count: counts.sentItems, planted: plantedMail.count(in: .sentItems))
        calendar = folder(key: calendarKey, number: 0x0E, count: counts.events)
        contacts = folder(key: contactsKey, number: 0x0F, count: counts.contacts)
        changeKeyTemplate = Base64Template(prefix: [0x09, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00] + storeKey, alphabet: .standard)
        conversationIdTemplate = Base64Template(prefix: [0x00, 0x04, 0x24, 0x00] + guid + [0x00, 0x10, 0x00], alphabet: .urlSafe)
    }

    func folder(_ kind: SimulatedMailFolder) -> OutlookFolder {
        switch kind {
        case .inbox: inbox
        case .sentItems: sentItems
        }
    }

    /// A folder's id, without copying the folder.
    func folderId(of kind: SimulatedMailFolder) -> String {
        switch kind {
        case .inbox: inbox.folderId
        case .sentItems: sentItems.folderId
        }
    }

    /// Appends the item id of the item at `ordinal` of a folder: what the folder's `itemIdTemplate` and
    /// `itemIdSuffix(ordinal:)` make, without copying the folder or building the suffix.
    func appendItemId(in kind: SimulatedMailFolder, ordinal: Int, to output: inout [UInt8]) {
        let suffix = UInt64(UInt32(truncatingIfNeeded: userIndex)) << 32 | UInt64(UInt32(truncatingIfNeeded: ordinal))
        switch kind {
        case .inbox: inbox.itemIdTemplate.append(last: 8, of: suffix, to: &output)
        case .sentItems: sentItems.itemIdTemplate.append(last: 8, of: suffix, to: &output)
        }
    }

    /// The bytes that end the item id of the item at `ordinal`: the owner's index and the ordinal.
    func itemIdSuffix(ordinal: Int) -> [UInt8] {
        Self.bytes(of: UInt32(truncatingIfNeeded: userIndex)) + Self.bytes(of: UInt32(truncatingIfNeeded: ordinal))
    }

    /// Big-endian bytes of 64-bit words.
    static func bytes(of words: UInt64...) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 8)
        for word in words {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return bytes
    }

    static func bytes(of word: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
         UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
    }
}
