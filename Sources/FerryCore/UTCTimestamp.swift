import Foundation

/// An instant with millisecond precision, parsed from and written as ISO 8601 in UTC.
///
/// Hand-written because projection normalizes a timestamp in every record: `ISO8601DateFormatter`
/// costs microseconds per call, this costs nanoseconds.
public struct UTCTimestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public init(_ date: Date) {
        millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`, `±HH:MM` or no zone (taken as UTC).
    public init?(parsing text: String) {
        var text = text
        guard let value = text.withUTF8({ UTCTimestamp.parse($0) }) else { return nil }
        self = value
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> UTCTimestamp? {
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<start + count {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = digits(0, 4), b.count >= 10, b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let day = digits(8, 2), CivilCalendar.isValid(year: year, month: month, day: day)
        else { return nil }
        var seconds = CivilCalendar.days(year: year, month: month, day: day) * 86_400
        var millis: Int64 = 0
        var i = 10
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " "), let hour = digits(i + 1, 2),
                i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let minute = digits(i + 4, 2), hour < 24, minute < 60
            else { return nil }
            seconds += Int64(hour * 3600 + minute * 60)
            i += 6
            if i < b.count, b[i] == UInt8(ascii: ":") {
                guard let second = digits(i + 1, 2), second < 61 else { return nil }
                seconds += Int64(second)
                i += 3
                if i < b.count, b[i] == UInt8(ascii: ".") {
                    i += 1
                    var scale: Int64 = 100
                    let fractionStart = i
                    while i < b.count, (48...57).contains(b[i]) {
                        millis += Int64(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > fractionStart else { return nil }
                }
            }
            if i < b.count {
                switch b[i] {
                case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                    i += 1
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    guard let offsetHours = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                        let offsetMinutes = digits(i + 4, 2)
                    else { return nil }
                    let offset = Int64(offsetHours * 3600 + offsetMinutes * 60)
                    seconds += b[i] == UInt8(ascii: "+") ? -offset : offset
                    i += 6
                default:
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return UTCTimestamp(millisecondsSinceEpoch: seconds * 1000 + millis)
    }

    /// `2026-11-21T09:30:12Z`, or `2026-11-21T09:30:12.250Z` when there are milliseconds.
    public var iso8601: String {
        let (days, millisOfDay) = CivilCalendar.floorDivide(millisecondsSinceEpoch, 86_400_000)
        let (year, month, day) = CivilCalendar.civil(days: days)
        let seconds = Int(millisOfDay / 1000)
        let millis = Int(millisOfDay % 1000)
        // Written into a fixed buffer: projection formats a timestamp in nearly every column of a message.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var at = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[at + offset] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
                at += width
            }
            func put(_ byte: Unicode.Scalar) {
                buffer[at] = UInt8(ascii: byte)
                at += 1
            }
            put(year, 4); put("-"); put(month, 2); put("-"); put(day, 2)
            put("T"); put(seconds / 3600, 2); put(":"); put(seconds / 60 % 60, 2); put(":"); put(seconds % 60, 2)
            if millis != 0 { put("."); put(millis, 3) }
            put("Z")
            return at
        }
    }

    /// `2026-11-21T09:30:12.000Z`: always with milliseconds, so that texts sort as their instants do
    /// (log lines, the state database).
    public var iso8601Milliseconds: String {
        let text = iso8601
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    /// `2026-11-21T09:30:12Z`: to the second, the fraction dropped (what people read in listings).
    public var iso8601Seconds: String {
        UTCTimestamp(millisecondsSinceEpoch: CivilCalendar.floorDivide(millisecondsSinceEpoch, 1000).quotient * 1000).iso8601
    }

    /// `20261121T093012Z`: to the second, without separators, for names (run ids).
    public var compact: String {
        iso8601Seconds.filter { $0 != "-" && $0 != ":" }
    }

    /// The UTC calendar date, `2026-11-21`.
    public var dateText: String {
        let (year, month, day) = CivilCalendar.civil(days: dayNumber)
        return UTCTimestamp.dateText(year: year, month: month, day: day)
    }

    /// The start of this instant's UTC day.
    public var startOfDay: UTCTimestamp {
        UTCTimestamp(millisecondsSinceEpoch: dayNumber * 86_400_000)
    }

    /// The UTC day this instant falls on, as `CivilCalendar` numbers days (0 is 1970-01-01).
    public var dayNumber: Int64 {
        CivilCalendar.floorDivide(millisecondsSinceEpoch, 86_400_000).quotient
    }

    /// Midnight UTC starting `year-month-day`; nil for a day the calendar does not have (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.init(millisecondsSinceEpoch: CivilCalendar.days(year: year, month: month, day: day) * 86_400_000)
    }

    /// This instant moved by whole days.
    public func adding(days: Int) -> UTCTimestamp {
        UTCTimestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + Int64(days) * 86_400_000)
    }

    private static func dateText(year: Int, month: Int, day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
