import Foundation
import Testing

@testable import FerryCore

@Suite struct UTCTimestampTests {
    @Test(arguments: [
        ("2026-11-21T09:30:12Z", "2026-11-21T09:30:12Z"),
        ("2026-11-21T09:30:12.2500000Z", "2026-11-21T09:30:12.250Z"),
        ("2026-11-21T09:30:12", "2026-11-21T09:30:12Z"),
        ("2026-11-21T01:30:00+02:00", "2026-11-20T23:30:00Z"),
        ("2026-11-21T23:30:00-01:00", "2026-11-22T00:30:00Z"),
        ("2026-11-21", "2026-11-21T00:00:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func normalizesToUTC(input: String, expected: String) throws {
        let stamp = try #require(UTCTimestamp(parsing: input))
        #expect(stamp.iso8601 == expected)
    }

    @Test(arguments: ["", "2026-13-01", "2026-02-30", "2026-11-21T25:00:00Z", "yesterday", "2026-11-21T09:30:12+0200", "2026-11-21T09:30:12Zjunk"])
    func rejectsInvalidInput(_ input: String) {
        #expect(UTCTimestamp(parsing: input) == nil)
    }

    @Test func agreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: -86_400 * 400, to: 86_400 * 40_000, by: 86_400 * 37 + 3_671) {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let stamp = UTCTimestamp(date)
            #expect(stamp.iso8601 == formatter.string(from: date))
            #expect(UTCTimestamp(parsing: stamp.iso8601) == stamp)
        }
        let stamp = try #require(UTCTimestamp(parsing: "2026-11-21T09:30:12Z"))
        #expect(stamp.dateText == "2026-11-21")
        #expect(stamp.startOfDay.iso8601 == "2026-11-21T00:00:00Z")
        #expect(stamp.adding(days: -21).dateText == "2026-10-31")
    }

    /// The fixed-width, to-the-second and compact spellings, which replaced Foundation's formatters in
    /// logs, the state database, listings, manifests and run ids.
    @Test func otherSpellingsAgreeWithFoundation() throws {
        let seconds = ISO8601DateFormatter()
        let milliseconds = ISO8601DateFormatter()
        milliseconds.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let compact = ISO8601DateFormatter()
        compact.formatOptions = [.withYear, .withMonth, .withDay, .withTime]
        for millis in stride(from: Int64(-86_400_000) * 400, to: Int64(86_400_000) * 40_000, by: 86_400_000 * 37 + 3_671_123) {
            let stamp = UTCTimestamp(millisecondsSinceEpoch: millis)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            #expect(stamp.iso8601Milliseconds == milliseconds.string(from: date))
            #expect(stamp.iso8601Seconds == seconds.string(from: date))
            #expect(stamp.compact == compact.string(from: date) + "Z")
        }
        let whole = try #require(UTCTimestamp(parsing: "2026-11-21T09:30:12Z"))
        #expect(whole.iso8601Milliseconds == "2026-11-21T09:30:12.000Z")
        #expect(UTCTimestamp(parsing: "1969-12-31T23:59:59.999Z")?.iso8601Seconds == "1969-12-31T23:59:59Z")
    }
}
