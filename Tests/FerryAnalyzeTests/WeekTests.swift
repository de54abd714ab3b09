import FerryCore
import Testing

@testable import FerryAnalyze

/// Weeks start on Monday 00:00 UTC, before 1970 as after.
@Suite struct WeekTests {
    @Test func everyDayBelongsToTheMondayBeforeIt() {
        for day in -800...800 {
            let monday = Week.start(ofDay: day)
            #expect(CivilCalendar.weekday(days: Int64(monday)) == 1, "day \(day)")
            #expect((0..<7).contains(day - monday), "day \(day)")
            #expect(WorkingHours.weekday(ofDay: day) == CivilCalendar.weekday(days: Int64(day)))
        }
        #expect(Week.text(Week.start(ofDay: 0)) == "1969-12-29")
        let instant = UTCTimestamp(parsing: "2026-12-06T23:59:59.999Z")!
        #expect(Week.text(Week.start(of: instant)) == "2026-11-30")
        #expect(Week.text(Week.start(of: UTCTimestamp(parsing: "1969-12-28T12:00:00Z")!)) == "1969-12-22")
    }
}
