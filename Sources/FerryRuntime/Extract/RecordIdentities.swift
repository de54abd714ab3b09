import FerryCore

/// The ids one unit of work (a user's mailbox, the tenant's user list) has produced so far, so that a
/// record Graph hands out twice is written once.
///
/// It happens: with `$skip` paging a record moves from one page to the next when the collection
/// changes during the read, and shows up on both. Ids are kept as 128-bit hashes, not strings, so a
/// unit of a million users costs about 32 MB rather than the ids' text; two different ids colliding
/// in 128 bits is not a case to plan for. The hash seeds are per process: nothing is persisted.
package struct RecordIdentities: Sendable {
    private struct Fingerprint: Hashable, Sendable {
        var high: Int
        var low: Int
    }

    private var seen: Set<Fingerprint> = []
    /// Records dropped because their id was seen before in this unit.
    private(set) var duplicates = 0

    package init() {}

    /// True the first time `id` (the id's bytes) is offered; false, counted as a duplicate, after.
    mutating func isNew(_ id: UnsafeRawBufferPointer) -> Bool {
        var high = Hasher()
        high.combine(bytes: id)
        var low = Hasher()
        low.combine(0x5f_e1_7a as UInt32)  // a different stream from `high`
        low.combine(bytes: id)
        let inserted = seen.insert(Fingerprint(high: high.finalize(), low: low.finalize())).inserted
        if !inserted { duplicates += 1 }
        return inserted
    }

    mutating func isNew(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { isNew(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the item at `index` of a scanned page has an id seen before: its "id" member's bytes,
    /// as they stand in the page, are the identity. Items without a string id are always new (the
    /// projection quarantines them if the schema needs one).
    mutating func isNew(item index: Int, of scan: JSONPageScan, in body: [UInt8]) -> Bool {
        guard let range = Self.idValue(item: index, of: scan, in: body) else { return true }
        return body.withUnsafeBytes { isNew(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The bytes of the item's top-level `"id"` string (quotes included), if it has one.
    private static func idValue(item index: Int, of scan: JSONPageScan, in body: [UInt8]) -> Range<Int>? {
        guard let member = scan.member("id", ofItem: index, in: body), member.first == UInt8(ascii: "\"") else { return nil }
        return member.value
    }
}
