import Foundation

/// A time zone's offsets from UTC as a table of transitions, so that the offset at an instant is a
/// short search instead of a call into Foundation (which costs microseconds: too slow for millions of mails).
///
/// Covers 1990 to 2060; outside it the zone is asked directly.
public struct ZoneOffsets: Sendable, Equatable {
    /// Instants (seconds since 1970) from which `offsets[i]` holds; `starts[0]` is the start of the table.
    private let starts: [Double]
    private let offsets: [Double]
    public let timeZone: TimeZone

    static let first = 631_152_000.0  // 1990-01-01
    static let last = 2_840_140_800.0  // 2060-01-01

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        var starts = [Self.first]
        var offsets = [Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Self.first)))]
        var cursor = Date(timeIntervalSince1970: Self.first)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < Self.last,
              starts.count < 1_000 {
            starts.append(next.timeIntervalSince1970)
            offsets.append(Double(timeZone.secondsFromGMT(for: next)))
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// Seconds east of UTC at `instant` (seconds since 1970).
    public func offset(at instant: Double) -> Double {
        guard instant >= Self.first, instant < Self.last else { return Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: instant))) }
        return lookup(instant)
    }

    func lookup(_ instant: Double) -> Double {
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= instant { low = middle } else { high = middle }
        }
        return offsets[low]
    }

    public static func == (a: ZoneOffsets, b: ZoneOffsets) -> Bool { a.timeZone.identifier == b.timeZone.identifier }
}
