import FerryCore
import Foundation

/// A person's working hours: the days of the week, a start and end time of day, in their own time zone.
public struct WorkingHours: Sendable, Equatable {
    /// Days of the week worked as bits, bit 0 = Sunday ... bit 6 = Saturday.
    public var dayMask: UInt8
    /// Seconds after local midnight the working day starts.
    public var startSecond: Int
    /// Seconds after local midnight the working day ends.
    public var endSecond: Int
    /// The zone the hours are read in, with its offsets as a table.
    public var zone: ZoneOffsets

    /// The zone the hours are read in.
    public var timeZone: TimeZone { zone.timeZone }

    /// Days of the week worked, 0 = Sunday ... 6 = Saturday.
    public var days: Set<Int> {
        get { Set((0..<7).filter { dayMask & (1 << $0) != 0 }) }
        set { dayMask = newValue.reduce(0) { $1 >= 0 && $1 < 7 ? $0 | UInt8(1 << $1) : $0 } }
    }

    /// Monday to Friday, 08:00 to 17:00, in `zone`: Outlook's default.
    public static func standard(in zone: ZoneOffsets = utc) -> WorkingHours {
        WorkingHours(dayMask: 0b0111110, startSecond: 8 * 3600, endSecond: 17 * 3600, zone: zone)
    }

    /// The UTC zone's table, shared.
    public static let utc = ZoneOffsets(TimeZone(identifier: "UTC")!)

    public init(dayMask: UInt8, startSecond: Int, endSecond: Int, zone: ZoneOffsets) {
        self.dayMask = dayMask
        self.startSecond = startSecond
        self.endSecond = endSecond
        self.zone = zone
    }

    public init(days: Set<Int>, startSecond: Int, endSecond: Int, timeZone: TimeZone) {
        self.init(dayMask: 0, startSecond: startSecond, endSecond: endSecond, zone: ZoneOffsets(timeZone))
        self.days = days
    }

    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// Parses `HH:MM[:SS[.fraction]]` into seconds after midnight.
    static func seconds(ofTimeOfDay text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count >= 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
        let seconds = parts.count > 2 ? Int(Double(parts[2]) ?? 0) : 0
        return hours * 3600 + minutes * 60 + seconds
    }

    func worksOn(day: Int) -> Bool { dayMask & (1 << UInt8(Self.weekday(ofDay: day))) != 0 }

    /// Whether the instant is within working hours.
    public func contains(_ instant: UTCTimestamp) -> Bool {
        contains(seconds: Double(instant.millisecondsSinceEpoch) / 1000)
    }

    /// Whether the instant (UTC seconds since 1970) is within working hours.
    public func contains(seconds utc: Double) -> Bool {
        let local = utc + zone.offset(at: utc)
        let day = Int((local / 86_400).rounded(.down))
        let second = local - Double(day) * 86_400
        return worksOn(day: day) && second >= Double(startSecond) && second < Double(endSecond)
    }

    /// The seconds of `[start, end)` (UTC seconds) that fall within working hours.
    public func secondsWithin(from start: Double, to end: Double) -> Double {
        guard end > start, endSecond > startSecond else { return 0 }
        let offsetAtStart = zone.offset(at: start)
        let firstDay = Int(((start + offsetAtStart) / 86_400).rounded(.down)) - 1
        let offsetAtEnd = zone.offset(at: end)
        let lastDay = Int(((end + offsetAtEnd) / 86_400).rounded(.down)) + 1
        var within = 0.0
        for day in firstDay...lastDay where worksOn(day: day) {
            let localStart = Double(day) * 86_400 + Double(startSecond)
            // The local wall time of the window, turned into UTC with the offset in force at that wall time.
            let guess = localStart - offsetAtStart
            let offset = zone.offset(at: guess)
            let windowStart = localStart - offset
            let windowEnd = windowStart + Double(endSecond - startSecond)
            within += max(0, min(end, windowEnd) - max(start, windowStart))
        }
        return within
    }

    /// 0 = Sunday for a day count since 1970-01-01.
    static func weekday(ofDay day: Int) -> Int {
        CivilCalendar.weekday(days: Int64(day))
    }
}
