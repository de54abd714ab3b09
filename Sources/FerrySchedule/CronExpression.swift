import FerryCore

/// A standard 5-field cron expression: minute, hour, day of month, month, day of week.
///
/// Fields accept `*`, numbers, lists (`1,15`), ranges (`1-5`), steps (`*/15`, `1-20/2`, and `5/15`
/// for "from 5 to the end every 15"), month names `JAN`–`DEC` and weekday names `SUN`–`SAT` in any
/// case, and 0 or 7 for Sunday. Macros: `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`,
/// `@yearly`/`@annually`.
///
/// Day matching follows Vixie cron: when both the day-of-month and day-of-week fields are restricted
/// (neither starts with `*`), a day matches if either matches; otherwise both must match. So
/// `0 0 1,15 * MON` runs on the 1st, the 15th and every Monday.
///
/// See `nextFire(after:in:)` for how daylight saving time is handled.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public let text: String

    let minutes: UInt64
    let hours: UInt32
    let daysOfMonth: UInt32
    let months: UInt16
    let daysOfWeek: UInt8
    /// Whether the day-of-month field does not start with `*` (Vixie's rule).
    let dayOfMonthRestricted: Bool
    /// Whether the day-of-week field does not start with `*` (Vixie's rule).
    let dayOfWeekRestricted: Bool
    /// Whether the hour field starts with `*`: the expression then names intervals through the day
    /// rather than times of day, and fires in both passes of a repeated fall-back hour.
    let hourIsWildcard: Bool

    public var description: String { text }

    /// Equal when they fire at the same times, whatever the spelling (`@daily` equals `0 0 * * *`).
    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.minutes == rhs.minutes && lhs.hours == rhs.hours && lhs.daysOfMonth == rhs.daysOfMonth
            && lhs.months == rhs.months && lhs.daysOfWeek == rhs.daysOfWeek
            && lhs.dayOfMonthRestricted == rhs.dayOfMonthRestricted
            && lhs.dayOfWeekRestricted == rhs.dayOfWeekRestricted && lhs.hourIsWildcard == rhs.hourIsWildcard
    }

    /// Whether a calendar day matches the day-of-month, month and day-of-week fields.
    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months & (1 << month) != 0 else { return false }
        let dayOfMonth = daysOfMonth & (1 << day) != 0
        let dayOfWeek = daysOfWeek & (1 << weekday) != 0
        return dayOfMonthRestricted && dayOfWeekRestricted ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek
    }

    /// The first matching wall-clock minute in `start..<limit`, both in wall seconds (seconds
    /// since 1970-01-01T00:00 of the wall clock, with `CivilCalendar`'s day numbers).
    ///
    /// Skips whole months, days and hours that cannot match, so a search over years takes a few
    /// thousand steps at most.
    func firstMatch(from start: Int64, before limit: Int64) -> Int64? {
        let (startMinute, remainder) = CivilCalendar.floorDivide(start, 60)
        let firstMinute = remainder == 0 ? startMinute : startMinute + 1
        var (days, minuteOfDay) = CivilCalendar.floorDivide(firstMinute, 1440)
        var (year, month, day) = CivilCalendar.civil(days: days)
        var hour = Int(minuteOfDay / 60)
        var minute = Int(minuteOfDay % 60)

        func nextDay() {
            days += 1
            hour = 0
            minute = 0
            if day < CivilCalendar.daysIn(month: month, year: year) {
                day += 1
            } else {
                (year, month, day) = CivilCalendar.civil(days: days)
            }
        }

        while days * 86_400 < limit {
            if months & (1 << month) == 0 {
                // Jump to the first day of the next allowed month.
                if let next = CronExpression.lowestBit(UInt64(months), from: month + 1) {
                    month = next
                } else {
                    year += 1
                    month = CronExpression.lowestBit(UInt64(months), from: 1) ?? 1
                }
                day = 1
                days = CivilCalendar.days(year: year, month: month, day: 1)
                hour = 0
                minute = 0
                continue
            }
            guard matchesDay(month: month, day: day, weekday: CivilCalendar.weekday(days: days)) else {
                nextDay()
                continue
            }
            guard let matchingHour = CronExpression.lowestBit(UInt64(hours), from: hour) else {
                nextDay()
                continue
            }
            if matchingHour != hour {
                hour = matchingHour
                minute = 0
            }
            guard let matchingMinute = CronExpression.lowestBit(minutes, from: minute) else {
                if hour == 23 {
                    nextDay()
                } else {
                    hour += 1
                    minute = 0
                }
                continue
            }
            let wall = days * 86_400 + Int64(hour) * 3600 + Int64(matchingMinute) * 60
            return wall < limit ? wall : nil
        }
        return nil
    }

    /// The lowest set bit at or above `from`, if any.
    static func lowestBit(_ bits: UInt64, from: Int) -> Int? {
        guard from < 64 else { return nil }
        let masked = bits & ~((UInt64(1) << from) &- 1)
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }
}
