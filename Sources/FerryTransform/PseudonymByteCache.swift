import FerryCore

/// Remembers pseudonyms by the raw JSON bytes of the values they replace, for `JSONLineProjector`.
///
/// `PseudonymCache` needs a `String` for every lookup; a message holds a dozen addresses and names, so
/// here a lookup hashes the bytes in place, compares them with the stored copy and appends the stored
/// JSON text of the pseudonym: no allocation once an address has been seen. Values are keyed by their
/// bytes as Graph escaped them; two spellings of one value get two entries and the same pseudonym,
/// since the pseudonym is always made from the decoded text. Bounded like `PseudonymCache`.
///
/// A struct, kept in the projector's workspace and mutated in place: as a class's stored properties its
/// arrays would be checked for exclusive access on every lookup.
struct PseudonymByteCache {
    private struct Entry {
        var hash: UInt64
        var key: Range<Int>
        var pseudonym: Range<Int>
        var tag: UInt8
    }

    private let pseudonymizer: Pseudonymizer
    private let capacity: Int
    /// Open addressing: each slot holds an index into `entries` plus one, or 0 when empty.
    private var slots: [Int32]
    private var entries: [Entry] = []
    /// The raw bytes of every key, end to end.
    private var keyBytes: [UInt8] = []
    /// The JSON text of every pseudonym, quotes included, end to end.
    private var pseudonymBytes: [UInt8] = []

    /// Longer values are pseudonymized every time rather than stored.
    private static let longestKey = 512

    init(pseudonymizer: Pseudonymizer, capacity: Int = 65_536) {
        self.pseudonymizer = pseudonymizer
        self.capacity = max(capacity, 1)
        var size = 16
        while size < self.capacity * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// Appends the JSON string of the pseudonym of the string whose JSON text, quotes included, is
    /// `bytes[string]`; false, with nothing appended, when those bytes are not a string.
    mutating func appendPseudonym(
        ofString string: Range<Int>, in bytes: [UInt8], kind: PersonalDataKind, keepDomain: Bool, to out: inout [UInt8]
    ) -> Bool {
        guard string.count >= 2, string.lowerBound >= 0, string.upperBound <= bytes.count else { return false }
        let content = string.lowerBound + 1..<string.upperBound - 1
        let tag = UInt8(truncatingIfNeeded: Self.kindNumber(kind) << 1 | (keepDomain ? 1 : 0))
        let hash = JSONScanner.hash(bytes, content) ^ (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15)
        let mask = slots.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while slots[position] != 0 {
            let entry = entries[Int(slots[position]) - 1]
            if entry.hash == hash, entry.tag == tag, JSONScanner.equal(keyBytes, entry.key, bytes, content) {
                JSONScanner.append(pseudonymBytes, entry.pseudonym, to: &out)
                return true
            }
            position = (position + 1) & mask
        }
        guard case .string(let text) = try? JSONScanner.parse(bytes, string) else { return false }
        let made = PseudonymCache.pseudonym(of: text, kind: kind, keepDomain: keepDomain, using: pseudonymizer)
        guard content.count <= Self.longestKey else {
            JSONWriter.writeString(made, into: &out)
            return true
        }
        if entries.count >= capacity {
            clear()
            position = Int(truncatingIfNeeded: hash) & mask
        }
        let keyStart = keyBytes.count
        JSONScanner.append(bytes, content, to: &keyBytes)
        let pseudonymStart = pseudonymBytes.count
        JSONWriter.writeString(made, into: &pseudonymBytes)
        entries.append(
            Entry(hash: hash, key: keyStart..<keyBytes.count, pseudonym: pseudonymStart..<pseudonymBytes.count, tag: tag))
        slots[position] = Int32(entries.count)
        JSONScanner.append(pseudonymBytes, pseudonymStart..<pseudonymBytes.count, to: &out)
        return true
    }

    private mutating func clear() {
        for index in slots.indices { slots[index] = 0 }
        entries.removeAll(keepingCapacity: true)
        keyBytes.removeAll(keepingCapacity: true)
        pseudonymBytes.removeAll(keepingCapacity: true)
    }

    private static func kindNumber(_ kind: PersonalDataKind) -> Int {
        switch kind {
        case .email: 0
        case .name: 1
        case .text: 2
        case .identifier: 3
        }
    }
}
