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

    @Test(arguments: ["", "soon", "-1", "+3", "1e3", "inf", "nan", "1.", ".5", "1.2.3", "5s", "Wed, 99 Foo 2015"])
    func garbageIsNil(value: String) {
        #expect(RetryAfter.parse(value) == nil)
    }
}
