import FerryCore

/// Run identifiers: sortable by start time, unique across processes, safe in file names.
enum RunID {
    /// `20261122T122740Z-3f9a`: the UTC start second and 16 random bits.
    static func make(at instant: UTCTimestamp) -> String {
        let suffix = String(UInt16.random(in: .min ... .max), radix: 16)
        return instant.compact + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
    }
}
