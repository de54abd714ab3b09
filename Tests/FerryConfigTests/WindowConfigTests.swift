import FerryCore
import Foundation
import Testing

@testable import FerryConfig

@Suite struct WindowConfigTests {
    static func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func lastDaysEndsAtTheStartOfTodayInUTC() throws {
        let window = WindowConfig(lastDays: 7)
        let resolved = window.resolve(now: try Self.date("2026-11-21T09:30:00Z"))
        #expect(resolved.start == (try Self.date("2026-11-14T00:00:00Z")))
        #expect(resolved.end == (try Self.date("2026-11-21T00:00:00Z")))

        let justAfterMidnight = window.resolve(now: try Self.date("2026-11-21T00:00:01Z"))
        #expect(justAfterMidnight.end == (try Self.date("2026-11-21T00:00:00Z")))
        let justBeforeMidnight = window.resolve(now: try Self.date("2026-11-20T23:59:59Z"))
        #expect(justBeforeMidnight.end == (try Self.date("2026-11-20T00:00:00Z")))
    }

    @Test func startAndEndAreWholeUTCDaysWithAnExclusiveEnd() throws {
        let window = WindowConfig(start: try #require(UTCTimestamp(year: 2026, month: 2, day: 27)), end: try #require(UTCTimestamp(year: 2026, month: 3, day: 2)))
        let resolved = window.resolve(now: try Self.date("2030-01-01T12:00:00Z"))
        #expect(resolved.start == (try Self.date("2026-02-27T00:00:00Z")))
        #expect(resolved.end == (try Self.date("2026-03-02T00:00:00Z")))
        #expect(resolved.end.timeIntervalSince(resolved.start) == 3 * 86_400)
    }

    /// The window's column becomes the date column of every dataset that has it as a timestamp and takes
    /// a date filter (contacts then read incrementally), never of the user directory.
    @Test func theWindowColumnDatesTheDatasetsItAppliesTo() throws {
        let yaml = Fixture.minimal + "\n  - dataset: contacts\n  - dataset: mailbox_settings\nwindow:\n  column: lastModifiedDateTime\n  last: 1d\n"
        let pipeline = try Fixture.load(yaml)
        let dates = Dictionary(uniqueKeysWithValues: pipeline.datasets.map { ($0.schema.name, pipeline.schema(of: $0).dateColumn) })
        #expect(dates == ["users": nil, "messages": "lastModifiedDateTime", "contacts": "lastModifiedDateTime", "mailbox_settings": nil])
        #expect(pipeline.datedDatasets.map(\.schema.name) == ["messages", "contacts"])

        let directory = try Fixture.load(
            Fixture.minimal + "\n  - dataset: groups\nwindow:\n  column: createdDateTime\n  last: 1d\n")
        #expect(directory.datedDatasets.map(\.schema.name) == ["messages"], "neither directory is windowed")
        #expect(directory.schema(of: directory.datasets[0]).dateColumn == nil)
        #expect(directory.schema(of: directory.datasets[1]).dateColumn == "createdDateTime")
    }

    @Test func aLoadedWindowResolves() throws {
        let pipeline = try Fixture.load(Fixture.minimal + "\nwindow:\n  column: receivedDateTime\n  last: 1d\n")
        let window = try #require(pipeline.window)
        #expect(window.column == "receivedDateTime")
        let resolved = window.resolve(now: try Self.date("2026-01-01T05:00:00Z"))
        #expect(resolved.start == (try Self.date("2025-12-31T00:00:00Z")))
        #expect(resolved.end == (try Self.date("2026-01-01T00:00:00Z")))
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T00:00:00Z", "today"])
    func onlyRealCalendarDatesParse(text: String) {
        #expect(WindowConfig.date(from: text) == nil)
    }

    @Test func leapDaysParse() {
        #expect(WindowConfig.date(from: "2028-02-29") != nil)
    }
}
