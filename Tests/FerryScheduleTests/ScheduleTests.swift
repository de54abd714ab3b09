import Foundation
import Testing

@testable import FerrySchedule

@Suite struct ScheduleTests {
    @Test(arguments: [
        ("@every 30s", 30), ("@every 5m", 300), ("@every 1h", 3600), ("@every 1h30m", 5400),
        ("@every 2h0m15s", 7215), ("  @EVERY 90S ", 90), ("@every 36h", 129_600),
    ])
    func parsesIntervals(text: String, seconds: Int64) throws {
        #expect(try Schedule(parsing: text) == .every(.seconds(seconds)))
    }

    @Test(arguments: ["@every", "@every ", "@every 0s", "@every 5", "@every m5", "@every 5x", "@every 5m1h",
        "@every 1h1h", "@every5m", "@every -5m", "@every 1.5h", "@every 99999999999h"])
    func rejectsBadIntervals(text: String) throws {
        let error = try #require(throws: ScheduleError.self) { try Schedule(parsing: text) }
        #expect(error.message.contains("@every needs a positive duration such as 30s, 5m, 1h or 1h30m"))
    }

    @Test func intervalsFireOnMultiplesSinceTheEpoch() throws {
        let schedule = try Schedule(parsing: "@every 1h30m")
        let after = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28T20:26:40Z
        let next = try #require(schedule.nextFire(after: after))
        #expect(next.timeIntervalSince1970 == 1_780_002_000)
        #expect(next.timeIntervalSince1970.truncatingRemainder(dividingBy: 5400) == 0)
        #expect(schedule.nextFire(after: next)?.timeIntervalSince(next) == 5400)
        #expect(Schedule.every(.milliseconds(500)).nextFire(after: Date(timeIntervalSince1970: 10.2))
            == Date(timeIntervalSince1970: 10.5))
    }

    @Test func cronInANamedZone() throws {
        let schedule = try Schedule(parsing: "0 2 * * *", timeZoneIdentifier: "Europe/Berlin")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(schedule == .cron(try CronExpression(parsing: "0 2 * * *"), berlin))
        // 2026-05-28T20:26:40Z is 22:26 in Berlin (CEST); 02:00 CEST is 00:00Z.
        #expect(schedule.nextFire(after: Date(timeIntervalSince1970: 1_780_000_000))
            == Date(timeIntervalSince1970: 1_780_012_800))
        #expect(schedule.description == "0 2 * * * (Europe/Berlin)")
        #expect(try Schedule(parsing: "@every 1h30m").description == "@every 1h30m")
    }

    @Test func unknownTimeZonesAreNamed() throws {
        let error = try #require(throws: ScheduleError.self) {
            try Schedule(parsing: "0 2 * * *", timeZoneIdentifier: "Europe/Berln")
        }
        #expect(error.message == "unknown time zone 'Europe/Berln'; use an IANA name such as UTC or Europe/Berlin")
    }

    @Test func cronErrorsComeThroughSchedule() throws {
        let error = try #require(throws: ScheduleError.self) { try Schedule(parsing: "61 * * * *") }
        #expect(error.description == "invalid schedule '61 * * * *': minute field '61' is out of range 0-59")
    }
}
