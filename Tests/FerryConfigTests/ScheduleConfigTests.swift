import FerrySchedule
import Foundation
import Testing

@testable import FerryConfig

@Suite struct ScheduleConfigTests {
    @Test func intervalsMacrosAndCatchUpAreAccepted() throws {
        let every = try Fixture.load(Fixture.minimal + "\nschedule:\n  cron: \"@every 30s\"\n  catch_up: none\n")
        #expect(every.schedule?.cron == "@every 30s")
        #expect(every.schedule?.catchUp == CatchUp.none)
        #expect(every.schedule?.schedule == .every(.seconds(30)))
        let daily = try Fixture.load(Fixture.minimal + "\nschedule:\n  cron: \"@daily\"\n  timezone: Europe/Berlin\n")
        #expect(daily.schedule?.catchUp == .one)
        let next = try #require(daily.schedule?.schedule.nextFire(after: Date(timeIntervalSince1970: 1_795_305_600)))
        #expect(next == Date(timeIntervalSince1970: 1_795_388_400), "midnight in Berlin is 23:00 UTC in winter")
    }

    @Test func badSchedulesPointAtTheirValue() throws {
        let messages = try Fixture.messages(
            Fixture.minimal + "\nschedule:\n  cron: \"61 * * * *\"\n  catch_up: twice\n")
        #expect(messages.count == 2)
        #expect(messages[0].hasPrefix("10:9: 'schedule.cron' is not a schedule: "))
        #expect(messages[0].contains("'61'"))
        #expect(messages[1] == "11:13: 'schedule.catch_up' must be one of one, none, not 'twice'")
    }
}
