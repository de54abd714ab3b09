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
        try await scopes.wait(for: "mailbox:b")
        #expect(ContinuousClock.now - started < .milliseconds(150))
        try await scopes.wait(for: "mailbox:a")
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        scopes.hold("mailbox:a", for: .milliseconds(1))
        scopes.hold("mailbox:a", for: .zero)
    }

    @Test func afterADirectory429RequestsLeaveAtTheBucketsRate() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("directory", for: .milliseconds(20))
        let started = ContinuousClock.now
        for _ in 0..<6 { try await scopes.wait(for: "directory") }
        // The hold, then five more gaps of about 20 ms: sleeping never ends early, so this cannot flake.
        #expect(ContinuousClock.now - started >= .milliseconds(20) + .milliseconds(19) * 5)
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
        let mailbox = ContinuousClock.now
        try await scopes.pace("mailbox:a", slots: 20)
        #expect(ContinuousClock.now - mailbox < .milliseconds(19), "a mailbox is not paced")
    }

    @Test func successesNarrowTheGapUntilPacingEnds() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("directory", for: .milliseconds(1))
        for _ in 0..<40_000 { scopes.succeeded("directory") }
        try await Task.sleep(for: .milliseconds(2))
        // With the gap gone, many requests leave without waiting for slots: far under 1 ms each.
        let started = ContinuousClock.now
        for _ in 0..<200 { try await scopes.wait(for: "directory") }
        #expect(ContinuousClock.now - started < .milliseconds(200) * 0.999, "200 waits would take 200 ms if still paced")
    }

    @Test func mailboxesAreHeldButNotPaced() async throws {
        let scopes = ThrottleScopes()
        scopes.hold("mailbox:a", for: .milliseconds(5))
        try await scopes.wait(for: "mailbox:a")
        let started = ContinuousClock.now
        for _ in 0..<100 { try await scopes.wait(for: "mailbox:a") }
        #expect(ContinuousClock.now - started < .milliseconds(500), "100 waits would take 500 ms if paced")
    }
}
