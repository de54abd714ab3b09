import FerryCore
import Foundation
import Testing

@testable import FerryGraph

@Suite("RetryAfter")
struct RetryAfterTests {
    @Test func delaySeconds() {
        #expect(RetryAfter.parse("5") == .seconds(5))
        #expect(RetryAfter.parse(" 0 ") == .zero)
        #expect(RetryAfter.parse("1.5") == .milliseconds(1500))
        #expect(RetryAfter.parse("0.2") == .milliseconds(200))
        #expect(RetryAfter.parse("120") == .seconds(120))
    }

    @Test func httpDates() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:28:00Z"))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Wednesday, 21-Oct-15 07:29:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Wed Oct 21 07:28:10 2015", now: now) == .seconds(10))
        // A date already past means: go now.
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
    }

    /// The three forms of an HTTP-date, written by Foundation's formatter, read back as the same instant
    /// through the one calendar; RFC 850's two-digit year within 50 years of now.
    @Test func httpDatesReadAsFoundationWritesThem() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-05T12:00:00Z"))
        var checked = 0
        for seconds in stride(from: 0.0, to: 4_102_444_800, by: 86_400 * 13 + 3_661) {
            let date = Date(timeIntervalSince1970: seconds)
            var forms = ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"]
            if abs(date.timeIntervalSince(now)) < 49 * 365 * 86_400 { forms.append("EEEE, dd-MMM-yy HH:mm:ss 'GMT'") }
            for form in forms {
                formatter.dateFormat = form
                let text = formatter.string(from: date).replacingOccurrences(of: #"^(\w{3}) (\w{3}) (\d) "#, with: "$1 $2  $3 ", options: .regularExpression)
                #expect(HTTPDate.parse(text, now: UTCTimestamp(now))?.date == date, "\(text)")
                checked += 1
            }
        }
        #expect(checked > 10_000)
        for text in ["Wed, 30 Feb 2015 07:28:30 GMT", "Wed, 21 Oct 2015 24:00:00 GMT", "Wed, +1 Oct 2015 07:28:30 GMT",
            "Wed, 21 Oct 2015 07:28:30 UTC", "Wednesday, 21-Oct-2015 07:29:00 GMT", "Wed Oct 21 07:28 2015"] {
            #expect(HTTPDate.parse(text, now: UTCTimestamp(now)) == nil, "\(text)")
        }
    }

    @Test(arguments: ["", "soon", "-1", "+3", "1e3", "inf", "nan", "1.", ".5", "1.2.3", "5s", "Wed, 99 Foo 2015"])
    func garbageIsNil(value: String) {
        #expect(RetryAfter.parse(value) == nil)
    }
}
