import FerryCore
import Testing

@testable import FerryAnalyze

/// The analysis reads timestamps from bytes on a fast path of its own; it must read every text as
/// `UTCTimestamp(parsing:)` does, refusing the same ones.
@Suite struct FastTimestampTests {
    static let texts = [
        "2026-11-21T09:30:12Z", "2026-11-21T09:30:12.250Z", "2026-11-21T09:30:12.2500000Z", "2026-11-21 09:30:12z",
        "2026-11-21T09:30:12+02:00", "2026-11-21T00:30:12-05:30", "2028-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "2026-12-31T23:59:60Z",
        // Days the calendar does not have, and texts that are not timestamps.
        "2026-02-30T10:00:00Z", "2025-04-31T12:00:00+02:00", "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-21T09:30:12.Z", "2026-11-21T24:00:00Z",
        "2026-11-21T09:60:00Z", "2026-11-21T09:30:12", "2026-11-21T09:30:12+0200", "2026-11-21X09:30:12Z",
    ]

    @Test(arguments: texts) func readsAsUTCTimestampDoes(_ text: String) {
        let bytes = Array(text.utf8)
        let fast = bytes.withUnsafeBytes { FastTimestamp.milliseconds($0, 0, bytes.count) }
        #expect(fast == UTCTimestamp(parsing: text)?.millisecondsSinceEpoch)
    }

    @Test func refusesDaysTheCalendarDoesNotHave() {
        for text in ["2026-02-30T10:00:00Z", "2025-04-31T12:00:00+02:00", "2100-02-29T00:00:00Z"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { FastTimestamp.milliseconds($0, 0, bytes.count) } == nil, "\(text)")
        }
    }
}
