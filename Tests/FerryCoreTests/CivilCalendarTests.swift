import FerryCore
import Foundation
import Testing

/// The one calendar, checked against Foundation's Gregorian calendar in UTC.
@Suite struct CivilCalendarTests {
    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    @Test func dayNumbersDatesAndWeekdaysAgreeWithFoundation() throws {
        // Every 31st day from 1601 to 2400: leap centuries, negative day numbers, every weekday and month.
        var days = CivilCalendar.days(year: 1601, month: 1, day: 1)
        let last = CivilCalendar.days(year: 2400, month: 12, day: 31)
        var checked = 0
        var disagreements: [String] = []
        while days <= last {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let expected = Self.gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let (year, month, day) = CivilCalendar.civil(days: days)
            if year != expected.year || month != expected.month || day != expected.day
                || CivilCalendar.days(year: year, month: month, day: day) != days
                || CivilCalendar.weekday(days: days) != (expected.weekday ?? 0) - 1
            {
                disagreements.append("day \(days): \(year)-\(month)-\(day), Foundation \(expected)")
            }
            checked += 1
            days += 31
        }
        #expect(checked > 9_000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func monthLengthsAndValidDays() {
        #expect(CivilCalendar.daysIn(month: 2, year: 2028) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2100) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.isValid(year: 2026, month: 4, day: 30))
        #expect(!CivilCalendar.isValid(year: 2026, month: 4, day: 31))
        #expect(!CivilCalendar.isValid(year: 2026, month: 13, day: 1))
        #expect(CivilCalendar.floorDivide(-1, 86_400) == (-1, 86_399))
    }

    @Test func utcTimestampsOfWholeDaysUseIt() throws {
        let day = try #require(UTCTimestamp(year: 2026, month: 11, day: 21))
        #expect(day.iso8601 == "2026-11-21T00:00:00Z")
        #expect(day.dayNumber == CivilCalendar.days(year: 2026, month: 11, day: 21))
        #expect(UTCTimestamp(year: 2026, month: 2, day: 29) == nil)
        #expect(UTCTimestamp(parsing: "2026-11-21T23:59:59.999Z")?.startOfDay == day)
    }
}
