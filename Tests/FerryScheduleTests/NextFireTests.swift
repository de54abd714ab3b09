import Foundation
import Testing

@testable import FerrySchedule

/// Next-fire computations, written as wall times with their UTC offset in the schedule's zone.
@Suite struct NextFireTests {
    /// The first `count` fires after `start` (a wall time with offset: "2026-03-08 01:30 -0500").
    private func fires(_ text: String, zone: String = "UTC", after start: String, count: Int) throws -> [String] {
        let timeZone = try #require(TimeZone(identifier: zone))
        let schedule = try Schedule(parsing: text, timeZone: timeZone)
        var date = try parse(start)
        var result: [String] = []
        for _ in 0..<count {
            guard let next = schedule.nextFire(after: date) else { break }
            #expect(next > date)
            result.append(format(next, timeZone))
            date = next
        }
        return result
    }

    private func parse(_ text: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm xx"
        return try #require(formatter.date(from: text), "bad test date \(text)")
    }

    private func format(_ date: Date, _ timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm xx"
        return formatter.string(from: date)
    }

    @Test func stepsListsAndRanges() throws {
        #expect(
            try fires("*/15 * * * *", after: "2026-05-04 10:07 +0000", count: 4) == [
                "2026-05-04 10:15 +0000", "2026-05-04 10:30 +0000", "2026-05-04 10:45 +0000", "2026-05-04 11:00 +0000",
            ])
        #expect(
            try fires("5,35 9-10 * * *", after: "2026-05-04 10:35 +0000", count: 3) == [
                "2026-05-05 09:05 +0000", "2026-05-05 09:35 +0000", "2026-05-05 10:05 +0000",
            ])
        #expect(
            try fires("0 8-18/4 * * *", after: "2026-05-04 12:00 +0000", count: 3) == [
                "2026-05-04 16:00 +0000", "2026-05-05 08:00 +0000", "2026-05-05 12:00 +0000",
            ])
        // A fire exactly at `after` is not "after".
        #expect(try fires("0 12 * * *", after: "2026-05-04 12:00 +0000", count: 1) == ["2026-05-05 12:00 +0000"])
    }

    @Test func namesAndWeekdays() throws {
        // 2026-05-08 is a Friday.
        #expect(
            try fires("30 6 * * MON-FRI", after: "2026-05-08 07:00 +0000", count: 2) == [
                "2026-05-11 06:30 +0000", "2026-05-12 06:30 +0000",
            ])
        #expect(
            try fires("0 0 1 jan,JUL *", after: "2026-05-08 07:00 +0000", count: 3) == [
                "2026-07-01 00:00 +0000", "2027-01-01 00:00 +0000", "2027-07-01 00:00 +0000",
            ])
        #expect(try fires("0 12 * * 7", after: "2026-05-08 07:00 +0000", count: 1) == ["2026-05-10 12:00 +0000"])
    }

    @Test func macros() throws {
        let after = "2026-05-08 07:20 +0000"  // a Friday
        #expect(try fires("@hourly", after: after, count: 2) == ["2026-05-08 08:00 +0000", "2026-05-08 09:00 +0000"])
        #expect(try fires("@daily", after: after, count: 1) == ["2026-05-09 00:00 +0000"])
        #expect(try fires("@midnight", after: after, count: 1) == ["2026-05-09 00:00 +0000"])
        #expect(try fires("@weekly", after: after, count: 1) == ["2026-05-10 00:00 +0000"])
        #expect(try fires("@monthly", after: after, count: 1) == ["2026-06-01 00:00 +0000"])
        #expect(try fires("@yearly", after: after, count: 1) == ["2027-01-01 00:00 +0000"])
        #expect(try fires("@annually", after: after, count: 1) == ["2027-01-01 00:00 +0000"])
    }

    @Test func vixieDayRule() throws {
        // Both restricted: the 13th or any Friday.
        #expect(
            try fires("0 0 13 * FRI", after: "2026-02-01 00:00 +0000", count: 4) == [
                "2026-02-06 00:00 +0000", "2026-02-13 00:00 +0000", "2026-02-20 00:00 +0000", "2026-02-27 00:00 +0000",
            ])
        #expect(
            try fires("0 0 14 * FRI", after: "2026-02-01 00:00 +0000", count: 3) == [
                "2026-02-06 00:00 +0000", "2026-02-13 00:00 +0000", "2026-02-14 00:00 +0000",
            ])
        // A day-of-month starting with '*' makes it an AND: days 1, 11, 21, 31 that are Mondays.
        #expect(
            try fires("0 0 */10 * MON", after: "2026-01-01 00:00 +0000", count: 3) == [
                "2026-05-11 00:00 +0000", "2026-06-01 00:00 +0000", "2026-08-31 00:00 +0000",
            ])
    }

    @Test func leapDaysAndMonthEnds() throws {
        #expect(
            try fires("0 0 29 2 *", after: "2025-01-01 00:00 +0000", count: 2) == [
                "2028-02-29 00:00 +0000", "2032-02-29 00:00 +0000",
            ])
        // 2100 is not a leap year.
        #expect(try fires("0 0 29 2 *", after: "2096-03-01 00:00 +0000", count: 1) == ["2104-02-29 00:00 +0000"])
        #expect(
            try fires("0 0 31 * *", after: "2026-01-31 00:00 +0000", count: 4) == [
                "2026-03-31 00:00 +0000", "2026-05-31 00:00 +0000", "2026-07-31 00:00 +0000", "2026-08-31 00:00 +0000",
            ])
        #expect(
            try fires("0 0 30 * *", after: "2026-01-30 00:00 +0000", count: 2) == [
                "2026-03-30 00:00 +0000", "2026-04-30 00:00 +0000",
            ])
        #expect(try fires("59 23 31 12 *", after: "2026-12-31 23:59 +0000", count: 1) == ["2027-12-31 23:59 +0000"])
    }

    @Test func fixedTimesInNewYorkAcrossSpringForward() throws {
        // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT; 02:30 does not exist and fires at 03:00.
        #expect(
            try fires("30 2 * * *", zone: "America/New_York", after: "2026-03-07 00:00 -0500", count: 3) == [
                "2026-03-07 02:30 -0500", "2026-03-08 03:00 -0400", "2026-03-09 02:30 -0400",
            ])
        // 03:00 itself is not doubled by the gap.
        #expect(
            try fires("0 3 * * *", zone: "America/New_York", after: "2026-03-07 12:00 -0500", count: 2) == [
                "2026-03-08 03:00 -0400", "2026-03-09 03:00 -0400",
            ])
    }

    @Test func intervalsInNewYorkAcrossSpringForward() throws {
        // Every skipped time folds into one fire at the end of the gap.
        #expect(
            try fires("*/30 * * * *", zone: "America/New_York", after: "2026-03-08 00:50 -0500", count: 5) == [
                "2026-03-08 01:00 -0500", "2026-03-08 01:30 -0500", "2026-03-08 03:00 -0400",
                "2026-03-08 03:30 -0400", "2026-03-08 04:00 -0400",
            ])
    }

    @Test func fixedTimesInNewYorkAcrossFallBack() throws {
        // 2026-11-01: clocks go back from 02:00 EDT to 01:00 EST; 01:30 happens twice and fires once.
        #expect(
            try fires("30 1 * * *", zone: "America/New_York", after: "2026-10-31 00:00 -0400", count: 3) == [
                "2026-10-31 01:30 -0400", "2026-11-01 01:30 -0400", "2026-11-02 01:30 -0500",
            ])
        // Starting inside the repeated hour, after the first 01:30: the second one does not fire.
        #expect(
            try fires("30 1 * * *", zone: "America/New_York", after: "2026-11-01 01:10 -0500", count: 1) == [
                "2026-11-02 01:30 -0500"
            ])
        // Starting inside the repeated hour, before the first 01:30.
        #expect(
            try fires("30 1 * * *", zone: "America/New_York", after: "2026-11-01 01:10 -0400", count: 1) == [
                "2026-11-01 01:30 -0400"
            ])
    }

    @Test func intervalsInNewYorkAcrossFallBack() throws {
        // An hour field of '*' names intervals: it keeps firing through the repeated hour.
        #expect(
            try fires("30 * * * *", zone: "America/New_York", after: "2026-11-01 00:00 -0400", count: 4) == [
                "2026-11-01 00:30 -0400", "2026-11-01 01:30 -0400", "2026-11-01 01:30 -0500",
                "2026-11-01 02:30 -0500",
            ])
        #expect(
            try fires("@hourly", zone: "America/New_York", after: "2026-11-01 01:10 -0500", count: 2) == [
                "2026-11-01 02:00 -0500", "2026-11-01 03:00 -0500",
            ])
    }

    @Test func berlinAcrossBothTransitions() throws {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        #expect(
            try fires("30 2 * * *", zone: "Europe/Berlin", after: "2026-03-28 00:00 +0100", count: 3) == [
                "2026-03-28 02:30 +0100", "2026-03-29 03:00 +0200", "2026-03-30 02:30 +0200",
            ])
        // 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 fires once.
        #expect(
            try fires("30 2 * * *", zone: "Europe/Berlin", after: "2026-10-24 00:00 +0200", count: 3) == [
                "2026-10-24 02:30 +0200", "2026-10-25 02:30 +0200", "2026-10-26 02:30 +0100",
            ])
        #expect(
            try fires("0 * * * *", zone: "Europe/Berlin", after: "2026-10-25 00:30 +0200", count: 4) == [
                "2026-10-25 01:00 +0200", "2026-10-25 02:00 +0200", "2026-10-25 02:00 +0100",
                "2026-10-25 03:00 +0100",
            ])
        // A daily run at midnight is untouched by either transition.
        #expect(
            try fires("@daily", zone: "Europe/Berlin", after: "2026-10-24 12:00 +0200", count: 2) == [
                "2026-10-25 00:00 +0200", "2026-10-26 00:00 +0100",
            ])
    }

    /// Minute-by-minute iteration would take minutes here; skipping by fields takes milliseconds. The
    /// time limit is a hang guard, not a measurement (`make bench` would be the place for one).
    @Test(.timeLimit(.minutes(10))) func searchesSkipByFieldsRatherThanMinutes() throws {
        // Twelve years of leap days, and a thousand five-minute steps across a transition.
        #expect(try fires("0 0 29 2 *", zone: "Europe/Berlin", after: "2096-01-01 00:00 +0100", count: 3).count == 3)
        #expect(try fires("*/5 * * * *", zone: "America/New_York", after: "2026-10-31 22:00 -0400", count: 1000).count == 1000)
    }

    @Test func impossibleDaysAreRejectedAndFarDatesAnswerNil() throws {
        // With a '*'-prefixed weekday field the days must match both fields, and February has no 31st.
        #expect(throws: ScheduleError.self) { try CronExpression(parsing: "0 0 31 2 */1") }
        let expression = try CronExpression(parsing: "0 0 31 * *")
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: 1e13), in: .gmt) == nil)
        #expect(Schedule.every(.seconds(60)).nextFire(after: Date(timeIntervalSince1970: .infinity)) == nil)
    }
}
