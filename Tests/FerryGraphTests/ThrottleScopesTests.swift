import Foundation
import Testing

@testable import FerryGraph

@Suite struct ThrottleScopesTests {
    @Test func outlookDataIsPerMailboxTheRestIsTheDirectory() {
        let base = "https://graph.microsoft.com/v1.0"
        #expect(ThrottleScopes.scope(of: base + "/users/ABC/messages?$top=10") == "mailbox:abc")
        #expect(ThrottleScopes.scope(of: base + "/users/abc/mailFolders/sentitems/messages") == "mailbox:abc")
        #expect(ThrottleScopes.scope(of: base + "/users/abc/calendarView?startDateTime=x") == "mailbox:abc")
        #expect(ThrottleScopes.scope(of: base + "/users/abc/mailboxSettings") == "mailbox:abc")
        #expect(ThrottleScopes.scope(of: base + "/users/abc/manager") == "directory")
        #expect(ThrottleScopes.scope(of: base + "/users?$select=id") == "directory")
        #expect(ThrottleScopes.scope(of: base + "/groups/g/members") == "directory")
        #expect(ThrottleScopes.scope(of: "not a url") == "directory")
    }

    /// The scope is read from the URL's bytes; the old reading through `String` (kept here) is the oracle,
    /// on empty segments, trailing slashes, `$batch`, odd cases and letters beyond ASCII.
    @Test func readingTheBytesGivesTheScopeTheStringsGave() {
        func oracle(_ url: String) -> String {
            guard let version = url.range(of: "/v1.0/") else { return "directory" }
            var path = url[version.upperBound...]
            if let query = path.firstIndex(of: "?") { path = path[..<query] }
            let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            if segments.count == 1, segments[0] == "$batch" { return ThrottleScopes.batch }
            guard segments.count >= 3, segments[0] == "users", ThrottleScopes.mailboxSegments.contains(segments[2].lowercased()) else {
                return "directory"
            }
            return "mailbox:" + segments[1].lowercased()
        }
        let pieces = ["users", "USERS", "ÄBC", "abc", "Messages", "events", "$batch", "", "manager", "v1.0", "x?y", "?", "İd", "%C3%A4"]
        var urls = ["https://g/v1.0/", "https://g/v1.0", "/v1.0//", "https://g/beta/users/a/messages", "https://g/v1.0/$batch?x=1",
                    // a partial match just before the real one, and one at the very end
                    "https://g/v1./v1.0/users/a/messages", "https://g//v1.0/users/b/events", "https://g/v1.v1.0/", "/v1.0/"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...5, using: &generator)
            let path = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
            urls.append("https://graph.microsoft.com/v1.0/" + path + (Bool.random(using: &generator) ? "/" : ""))
        }
        for url in urls {
            #expect(ThrottleScopes.scope(of: url) == oracle(url), "\(url)")
        }
    }

    @Test func aHoldDelaysEveryRequestToItsScopeOnly() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("mailbox:a", for: .milliseconds(150))
        let started = ContinuousClock.now
        #expect(!scopes.isHeld("mailbox:b"))
        try await scopes.wait(for: "mailbox:b")
        try await scopes.wait(for: "mailbox:a")
        // Sleeping never ends early, so lower bounds cannot flake; upper bounds would on a busy machine.
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(!scopes.isHeld("mailbox:a"))
        // A shorter hold never shortens a longer one.
        scopes.hold("mailbox:a", for: .seconds(600))
        scopes.hold("mailbox:a", for: .zero)
        #expect(scopes.isHeld("mailbox:a"))
    }

    @Test func afterADirectory429RequestsLeaveAtTheBucketsRate() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("directory", for: .milliseconds(20))
        #expect(scopes.pacingGap(of: "directory") == .milliseconds(20))
        let started = ContinuousClock.now
        for _ in 0..<6 { try await scopes.wait(for: "directory") }
        // The hold, then five more gaps of about 20 ms.
        #expect(ContinuousClock.now - started >= .milliseconds(20) + .milliseconds(19) * 5)
        // A Retry-After longer than a rate holds, but paces no slower than the widest gap.
        scopes.hold("directory", for: .seconds(30))
        #expect(scopes.pacingGap(of: "directory") == ThrottleScopes.maximumInterval)
    }

    @Test func theItemsOfABatchTakeOneSlotEach() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("directory", for: .milliseconds(20))
        try await scopes.wait(for: "directory")
        let started = ContinuousClock.now
        try await scopes.pace("directory", slots: 5)
        try await scopes.wait(for: "directory")
        // Five slots for the batch, the first one gap after the request before it, then one more.
        #expect(ContinuousClock.now - started >= .milliseconds(19) * 6)
    }

    @Test func successesNarrowTheGapUntilPacingEnds() {
        let scopes = ThrottleScopes()
        scopes.hold("directory", for: .milliseconds(1))
        scopes.succeeded("directory")
        #expect(scopes.pacingGap(of: "directory") == .milliseconds(1) * ThrottleScopes.intervalDecay)
        // 0.998^1955 of 1 ms is under 20 µs: pacing ends there, and not long before.
        for _ in 0..<1_900 { scopes.succeeded("directory") }
        #expect(scopes.pacingGap(of: "directory").map { $0 < .microseconds(25) && $0 > .microseconds(20) } == true)
        for _ in 0..<100 { scopes.succeeded("directory") }
        #expect(scopes.pacingGap(of: "directory") == nil)
        // Successes elsewhere change nothing.
        scopes.hold("directory", for: .milliseconds(1))
        scopes.succeeded("mailbox:a")
        #expect(scopes.pacingGap(of: "directory") == .milliseconds(1))
    }

    @Test func mailboxesAreHeldButNotPaced() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("mailbox:a", for: .milliseconds(5))
        #expect(scopes.pacingGap(of: "mailbox:a") == nil)
        try await scopes.wait(for: "mailbox:a")
        try await scopes.pace("mailbox:a", slots: 20)
        #expect(scopes.pacingGap(of: "mailbox:a") == nil)
        #expect(!scopes.isHeld("mailbox:a"))
    }
}
