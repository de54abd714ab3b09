import FerryCore
import Foundation

/// A person's working hours: the days of the week, a start and end time of day, in their own time zone.
public struct WorkingHours: Sendable, Equatable {
    /// Days of the week worked, 0 = Sunday ... 6 = Saturday.
    public var days: Set<Int>
    /// Seconds after local midnight the working day starts.
    public var startSecond: Int
    /// Seconds after local midnight the working day ends.
    public var endSecond: Int
    /// The zone the hours are read in.
    public var timeZone: TimeZone

    /// Monday to Friday, 08:00 to 17:00, in `timeZone`: Outlook's default.
    public static func standard(in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> WorkingHours {
        WorkingHours(days: [1, 2, 3, 4, 5], startSecond: 8 * 3600, endSecond: 17 * 3600, timeZone: timeZone)
    }

    public init(days: Set<Int>, startSecond: Int, endSecond: Int, timeZone: TimeZone) {
        self.days = days
        self.startSecond = startSecond
        self.endSecond = endSecond
        self.timeZone = timeZone
    }

    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// Parses `HH:MM[:SS[.fraction]]` into seconds after midnight.
    static func seconds(ofTimeOfDay text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count >= 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
        let seconds = parts.count > 2 ? Int(Double(parts[2]) ?? 0) : 0
        return hours * 3600 + minutes * 60 + seconds
    }

    /// Whether the instant is within working hours.
    public func contains(_ instant: UTCTimestamp) -> Bool {
        let utc = Double(instant.millisecondsSinceEpoch) / 1000
        let local = utc + Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: utc)))
        let day = Int((local / 86_400).rounded(.down))
        let second = local - Double(day) * 86_400
        return days.contains(Self.weekday(ofDay: day)) && second >= Double(startSecond) && second < Double(endSecond)
    }

    /// The seconds of `[start, end)` (UTC seconds) that fall within working hours.
    public func secondsWithin(from start: Double, to end: Double) -> Double {
        guard end > start, endSecond > startSecond else { return 0 }
        let offsetAtStart = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: start)))
        let firstDay = Int(((start + offsetAtStart) / 86_400).rounded(.down)) - 1
        let offsetAtEnd = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: end)))
        let lastDay = Int(((end + offsetAtEnd) / 86_400).rounded(.down)) + 1
        var within = 0.0
        for day in firstDay...lastDay where days.contains(Self.weekday(ofDay: day)) {
            let localStart = Double(day) * 86_400 + Double(startSecond)
            // The local wall time of the window, turned into UTC with the offset in force at that wall time.
            let guess = localStart - offsetAtStart
            let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
            let windowStart = localStart - offset
            let windowEnd = windowStart + Double(endSecond - startSecond)
            within += max(0, min(end, windowEnd) - max(start, windowStart))
        }
        return within
    }

    /// 0 = Sunday for a day count since 1970-01-01 (a Thursday).
    static func weekday(ofDay day: Int) -> Int {
        ((day + 4) % 7 + 7) % 7
    }
}
