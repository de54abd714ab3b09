import FerryCore

/// Remembers pseudonyms by the raw JSON bytes of the values they replace, for `LineProjector`.
///
/// `PseudonymCache` needs a `String` for every lookup; a message holds a dozen addresses and names, so
/// here a lookup hashes the bytes in place, compares them with the stored copy and appends the stored
/// JSON text of the pseudonym: no allocation once an address has been seen. Values are keyed by their
/// bytes as Graph escaped them; two spellings of one value get two entries and the same pseudonym,
/// since the pseudonym is always made from the decoded text. Bounded like `PseudonymCache`.
///
/// A struct, lent by `PseudonymCachePool` to a projector's workspace and mutated in place there: as a
/// class's stored properties its arrays would be checked for exclusive access on every lookup.
struct PseudonymByteCache {
    private let pseudonymizer: Pseudonymizer
    private let capacity: Int
    /// Open addressing. A slot is 0 when empty, else the low 32 bits of the key's hash in its upper half
    /// and the offset of its record in `records`, plus one, in its lower half: most misses are settled
    /// in the slot array, and a hit reads one place in `records`.
    private var slots: [UInt64]
    private var count = 0
    /// Records end to end, each: the tag, the key's length (2 bytes), the pseudonym's length (1 byte),
    /// the key's raw bytes, then the JSON text of its pseudonym, quotes included. A key and its pseudonym
    /// share cache lines, since memory latency, not arithmetic, is what a lookup costs.
    private var records: [UInt8] = []

    /// Longer values are pseudonymized every time rather than stored.
    private static let longestKey = 512
    private static let headerSize = 4

    init(pseudonymizer: Pseudonymizer, capacity: Int = 65_536) {
        self.pseudonymizer = pseudonymizer
        self.capacity = max(capacity, 1)
        slots = [UInt64](repeating: 0, count: 1024)
    }

    /// Appends the JSON string of the pseudonym of the string whose JSON text, quotes included, is
    /// `bytes[string]`; false, with nothing appended, when those bytes are not a string.
    mutating func appendPseudonym(
        ofString string: Range<Int>, in bytes: [UInt8], kind: PersonalDataKind, keepDomain: Bool, to out: inout [UInt8]
    ) -> Bool {
        guard string.count >= 2, string.lowerBound >= 0, string.upperBound <= bytes.count,
            bytes[string.lowerBound] == UInt8(ascii: "\""), bytes[string.upperBound - 1] == UInt8(ascii: "\"")
        else { return false }
        let content = string.lowerBound + 1..<string.upperBound - 1
        // Values never stored are never found: no hash of their bytes, no probe of a slot out of cache.
        guard Self.isStored(kind) else {
            return appendFresh(ofString: string, content: content, in: bytes, kind: kind, keepDomain: keepDomain, to: &out)
        }
        let tag = UInt8(truncatingIfNeeded: Self.kindNumber(kind) << 1 | (keepDomain ? 1 : 0))
        let hash = UInt32(truncatingIfNeeded: JSONScanner.hash(bytes, content) ^ (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15))
        let mask = slots.count - 1
        var position = Int(hash) & mask
        while slots[position] != 0 {
            let slot = slots[position]
            if UInt32(truncatingIfNeeded: slot >> 32) == hash,
                let pseudonym = pseudonymRange(record: Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1, tag: tag, key: content, in: bytes)
            {
                JSONScanner.append(records, pseudonym, to: &out)
                return true
            }
            position = (position + 1) & mask
        }
        let mark = out.count
        guard appendFresh(ofString: string, content: content, in: bytes, kind: kind, keepDomain: keepDomain, to: &out) else {
            return false
        }
        let pseudonymLength = out.count - mark
        guard content.count <= Self.longestKey, pseudonymLength <= Int(UInt8.max) else { return true }
        if count >= capacity { clear() }
        if (count + 1) * 2 > slots.count { grow() }
        let record = records.count
        records.append(tag)
        records.append(UInt8(truncatingIfNeeded: content.count >> 8))
        records.append(UInt8(truncatingIfNeeded: content.count))
        records.append(UInt8(pseudonymLength))
        JSONScanner.append(bytes, content, to: &records)
        JSONScanner.append(out, mark..<out.count, to: &records)
        insert(UInt64(hash) << 32 | UInt64(record + 1))
        count += 1
        return true
    }

    /// How many values the cache holds (for tests).
    var storedCount: Int { count }

    /// External ids (a message's internetMessageId) and free text (a subject, a body preview) are mostly
    /// seen once: stored, they would push the addresses and names that recur out of the cache, and fill
    /// it with hundreds of bytes each.
    private static func isStored(_ kind: PersonalDataKind) -> Bool {
        kind != .externalId && kind != .text
    }

    /// Appends the pseudonym of the string `bytes[string]` (its content `bytes[content]`), made anew.
    private func appendFresh(
        ofString string: Range<Int>, content: Range<Int>, in bytes: [UInt8], kind: PersonalDataKind, keepDomain: Bool,
        to out: inout [UInt8]
    ) -> Bool {
        if pseudonymizer.appendPseudonym(ofPlainJSON: bytes, content, kind: kind, keepDomain: keepDomain, to: &out) { return true }
        guard case .string(let text) = try? JSONScanner.parse(bytes, string) else { return false }
        JSONWriter.writeString(
            PseudonymCache.pseudonym(of: text, kind: kind, keepDomain: keepDomain, using: pseudonymizer), into: &out)
        return true
    }

    /// Where the pseudonym of the record at `offset` lies in `records`, if that record is `tag`'s `key`.
    private func pseudonymRange(record offset: Int, tag: UInt8, key: Range<Int>, in bytes: [UInt8]) -> Range<Int>? {
        guard records[offset] == tag else { return nil }
        let keyLength = Int(records[offset + 1]) << 8 | Int(records[offset + 2])
        let keyStart = offset + Self.headerSize
        guard keyLength == key.count, JSONScanner.equal(records, keyStart..<keyStart + keyLength, bytes, key) else { return nil }
        let pseudonymStart = keyStart + keyLength
        return pseudonymStart..<pseudonymStart + Int(records[offset + 3])
    }

    private mutating func insert(_ slot: UInt64) {
        let mask = slots.count - 1
        var position = Int(truncatingIfNeeded: slot >> 32) & mask
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = slot
    }

    /// Doubles the slot array: small tables for the few addresses of a small tenant, which stay in cache.
    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        for slot in old where slot != 0 { insert(slot) }
    }

    private mutating func clear() {
        for index in slots.indices { slots[index] = 0 }
        count = 0
        records.removeAll(keepingCapacity: true)
    }

    private static func kindNumber(_ kind: PersonalDataKind) -> Int {
        switch kind {
        case .email: 0
        case .name: 1
        case .text: 2
        case .identifier: 3
        case .phone: 4
        case .externalId: 5
        }
    }
}
