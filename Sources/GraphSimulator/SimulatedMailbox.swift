/// What every message of one mailbox shares: owner, size and the constant parts of its Outlook ids.
///
/// Computed once per request so a page of messages does not redo the mailbox's hashing for each one.
struct SimulatedMailbox: Sendable {
    let userIndex: Int
    let owner: SimulatedEmailAddress
    /// How messages greet the owner.
    let ownerGivenName: String
    let messageCount: Int
    let parentFolderId: String
    /// Item ids: store entry, the mailbox GUID as text, Inbox and store keys; the item's bytes follow.
    let messageIdTemplate: Base64Template
    /// Change keys: a fixed header and the store key; the change number follows.
    let changeKeyTemplate: Base64Template
    /// Conversation ids: the mailbox GUID as text; the conversation's 16 bytes follow.
    let conversationIdTemplate: Base64Template

    init(userIndex: Int, owner: SimulatedEmailAddress, ownerGivenName: String, messageCount: Int, seed: UInt64) {
        self.userIndex = userIndex
        self.owner = owner
        self.ownerGivenName = ownerGivenName
        self.messageCount = messageCount
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.mailboxGuid.rawValue, UInt64(truncatingIfNeeded: userIndex)))
        // A leading hex letter makes every id start `AAMkAG`, as most real ones do.
        let high = random.next() & 0x0FFF_FFFF_FFFF_FFFF | (0xA + random.next() % 6) << 60
        var guid: [UInt8] = []
        GUIDText.append(high: high, low: random.next(), to: &guid)
        let folderKey = Self.bytes(of: random.next(), random.next())
        let storeKey = Self.bytes(of: random.next(), random.next())
        let storeEntry: [UInt8] = [0x00, 0x03, 0x24, 0x00] + guid
        let folderPart = folderKey + [0x01, 0x00] + storeKey + [0x00, 0x00, 0x00, 0x00, 0x01, 0x0C, 0x00, 0x00]
        parentFolderId = Base64Text.string(storeEntry + [0x00, 0x2E, 0x00, 0x00, 0x00, 0x00] + folderPart, alphabet: .urlSafe)
        messageIdTemplate = Base64Template(
            prefix: storeEntry + [0x00, 0x46, 0x00, 0x00, 0x00, 0x00] + folderPart + storeKey + [0x00, 0x00],
            alphabet: .urlSafe)
        changeKeyTemplate = Base64Template(prefix: [0x09, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00] + storeKey, alphabet: .standard)
        conversationIdTemplate = Base64Template(prefix: [0x00, 0x04, 0x24, 0x00] + guid + [0x00, 0x10, 0x00], alphabet: .urlSafe)
    }

    /// The bytes that end the item id of the message at `ordinal`: the owner's index and the ordinal.
    func messageIdSuffix(ordinal: Int) -> [UInt8] {
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
