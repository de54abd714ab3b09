import FerryCore

/// Sets of JSON object keys, looked up by their raw bytes in a page without making strings.
///
/// Built once per run from the names a schema reads: the top-level properties, the keys of paths such
/// as `start.dateTime`, the keys nested rules go through. A lookup hashes a key's length and two of its
/// bytes (the comparison that follows settles it), probes once or twice and compares bytes once. Every
/// table lives in the same few flat arrays of plain values, so reading them costs no reference counting.
struct KeyDirectory {
    private struct Table {
        /// The table's keys, as positions in `names`.
        var keys: Range<Int>
        /// The table's open-addressing slots in `slots`; each holds a key's position in the table plus one.
        var slots: Range<Int>
    }

    private var tables: [Table] = []
    private var bytes: [UInt8] = []
    private var names: [Range<Int>] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32] = []
    /// For keys that arrive with escapes, which are decoded and looked up by name.
    private var byName: [[String: Int]] = []

    /// Adds a table of `keys` and returns its number; a key's position in `keys` is what lookups return.
    /// Repeated keys keep their first position.
    mutating func add(_ keys: [String]) -> Int {
        let first = names.count
        for key in keys {
            let start = bytes.count
            bytes.append(contentsOf: key.utf8)
            names.append(start..<bytes.count)
            hashes.append(Self.hash(bytes, start..<bytes.count))
        }
        var size = 8
        while size < keys.count * 2 { size *= 2 }
        let slotStart = slots.count
        slots.append(contentsOf: repeatElement(0, count: size))
        var lookup: [String: Int] = [:]
        for (position, key) in keys.enumerated() where lookup[key] == nil {
            lookup[key] = position
            var probe = Int(truncatingIfNeeded: hashes[first + position]) & (size - 1)
            while slots[slotStart + probe] != 0 { probe = (probe + 1) & (size - 1) }
            slots[slotStart + probe] = Int32(position + 1)
        }
        tables.append(Table(keys: first..<names.count, slots: slotStart..<slots.count))
        byName.append(lookup)
        return tables.count - 1
    }

    /// The position in table `table` of `member`'s key, or nil when the table does not hold it.
    @inline(__always)
    func position(in table: Int, of member: JSONMember, in body: [UInt8]) -> Int? {
        guard !member.keyHasEscapes else { return decodedPosition(in: table, of: member, in: body) }
        let key = member.key
        guard key.upperBound <= body.count else { return nil }
        let hash = Self.hash(body, key)
        let entry = tables[table]
        let mask = entry.slots.count - 1
        var probe = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(slots[entry.slots.lowerBound + probe])
            if slot == 0 { return nil }
            let name = entry.keys.lowerBound + slot - 1
            if hashes[name] == hash, JSONScanner.equal(bytes, names[name], body, key) { return slot - 1 }
            probe = (probe + 1) & mask
        }
    }

    /// The key's length and its first and last bytes, mixed: Graph's property names differ in these
    /// nearly always, and the byte comparison after a match makes any collision harmless.
    @inline(__always)
    private static func hash(_ bytes: [UInt8], _ key: Range<Int>) -> UInt64 {
        guard !key.isEmpty else { return 0 }
        let raw = UInt64(key.count) | UInt64(bytes[key.lowerBound]) << 16 | UInt64(bytes[key.upperBound - 1]) << 24
        let product = raw &* 0x9E37_79B9_7F4A_7C15
        return product ^ (product >> 32)
    }

    private func decodedPosition(in table: Int, of member: JSONMember, in body: [UInt8]) -> Int? {
        guard let key = JSONScanner.keyText(body, member.key) else { return nil }
        return byName[table][key]
    }
}
