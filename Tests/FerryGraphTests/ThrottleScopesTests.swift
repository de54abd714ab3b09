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
