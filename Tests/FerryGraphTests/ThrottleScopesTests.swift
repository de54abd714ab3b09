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
}
