/// A map from 64-bit key hashes (`KeyHash`, already well mixed) to `Int32`, as one flat table with
/// linear probing.
///
/// Reading an export looks up every address of ten million rows; Swift's `Dictionary` hashes a
/// `UInt64` key again and reaches keys and values through separate storage, which made those lookups
/// a tenth of the read. Here the key's own low bits pick the slot, and a lookup usually touches one
/// cache line (a key and its value are stored side by side). Key 0 marks an empty slot, so a key of 0 is
/// kept beside the table.
struct HashIndex: Sendable {
    private struct Entry {
        var key: UInt64
        var value: Int32
    }
    private var entries: [Entry]
    private var mask: Int
    private var zeroKeyValue: Int32?
    /// The number of keys held.
    private(set) var count = 0

    init() {
        entries = Array(repeating: Entry(key: 0, value: 0), count: 16)
        mask = 15
    }

    /// The value of `key`, or nil.
    subscript(key: UInt64) -> Int32? {
        guard key != 0 else { return zeroKeyValue }
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let entry = entries[slot]
            if entry.key == key { return entry.value }
            if entry.key == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `key` is held.
    func contains(_ key: UInt64) -> Bool { self[key] != nil }

    /// Sets the value of `key` (added or replaced).
    mutating func set(_ key: UInt64, _ value: Int32) {
        _ = insert(key, value, replacing: true)
    }

    /// Adds `key` with `value` unless it is held; returns the value it already had, or nil if it was added.
    @discardableResult
    mutating func insert(_ key: UInt64, _ value: Int32, replacing: Bool = false) -> Int32? {
        guard key != 0 else {
            let old = zeroKeyValue
            if old == nil { count += 1 }
            if old == nil || replacing { zeroKeyValue = value }
            return old
        }
        if 2 * (count + 1) > entries.count { grow() }
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = entries[slot].key
            if found == key {
                let old = entries[slot].value
                if replacing { entries[slot].value = value }
                return old
            }
            if found == 0 {
                entries[slot] = Entry(key: key, value: value)
                count += 1
                return nil
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: 0, value: 0), count: old.count * 2)
        mask = entries.count - 1
        for entry in old where entry.key != 0 {
            var slot = Int(truncatingIfNeeded: entry.key) & mask
            while entries[slot].key != 0 { slot = (slot + 1) & mask }
            entries[slot] = entry
        }
    }
}
