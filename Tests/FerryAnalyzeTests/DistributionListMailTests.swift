import FerryCore
import Foundation
import Testing

@testable import FerryAnalyze

/// A mail to a distribution list names the list, not its members: each member's copy in their own
/// mailbox is what says they received it.
@Suite struct DistributionListMailTests {
    @Test(arguments: ["jsonl", "csv"])
    func aMailToAListIsReceivedByTheMembersWhoHoldACopy(format: String) throws {
        var fixture = try ExportFixture()
        defer { fixture.remove() }
        fixture.format = format
        try fixture.write("users", ["alice", "bob", "carol", "dan"].map { ExportFixture.user($0, department: "sales") })
        let list = "all-sales@lists.contoso.example"
        // Bob's mail to the list: his Sent Items copy, and the copies in Alice's and Carol's mailboxes
        // (Alice's twice, in two folders); Dan is not on the list. One mail to Dan by name, for contrast.
        try fixture.write("sent_items", [ExportFixture.mail(owner: "bob", id: "dl", from: "bob", to: [list], sent: "2026-11-18T10:00:00Z")])
        try fixture.write(
            "messages",
            [
                ExportFixture.mail(owner: "alice", id: "dl", from: "bob", to: [list], sent: "2026-11-18T10:00:00Z"),
                ExportFixture.mail(owner: "alice", id: "dl", from: "bob", to: [list], sent: "2026-11-18T10:00:00Z"),
                ExportFixture.mail(owner: "carol", id: "dl", from: "bob", to: [list], sent: "2026-11-18T10:00:00Z"),
                ExportFixture.mail(owner: "dan", id: "direct", from: "bob", to: ["dan"], sent: "2026-11-18T11:00:00Z"),
            ])
        let analysis = try CollaborationAnalysis.run(AnalysisOptions(root: fixture.root, runId: "lists"))
        var received: [String: Double] = [:]
        var sent: [String: Double] = [:]
        for row in analysis.personWeeks {
            received[analysis.data.people[row.person].id, default: 0] += row[.emailsReceived]
            sent[analysis.data.people[row.person].id, default: 0] += row[.emailsSent]
        }
        #expect(received == ["alice": 1, "bob": 0, "carol": 1, "dan": 1], "\(received)")
        #expect(sent["bob"] == 2)
        #expect(analysis.data.mails.count == 2)
    }

    /// A meeting whose only attendee is a list: each member's own calendar copy, with their own answer,
    /// is what says they were invited and took part.
    @Test(arguments: ["jsonl", "csv"])
    func aMeetingWithAListCountsForTheMembersWhoAccepted(format: String) throws {
        var fixture = try ExportFixture()
        defer { fixture.remove() }
        fixture.format = format
        try fixture.write("users", ["alice", "bob", "carol", "dan"].map { ExportFixture.user($0, department: "sales") })
        let list = ExportFixture.Invitee(who: "all-sales@lists.contoso.example", response: "none")
        let copy = { (owner: String, response: String?) in
            ExportFixture.event(
                owner: owner, uid: "standup", start: "2026-11-18T09:00:00Z", end: "2026-11-18T10:00:00Z", organizer: "bob",
                attendees: [list], ownResponse: response)
        }
        // Bob organises it; Alice accepted, Carol declined, Dan is not on the list.
        try fixture.write(
            "calendar_view", [copy("bob", nil), copy("alice", "accepted"), copy("carol", "declined")], dateColumn: "start")
        let analysis = try CollaborationAnalysis.run(AnalysisOptions(root: fixture.root, runId: "lists"))
        var hours: [String: Double] = [:]
        for row in analysis.personWeeks { hours[analysis.data.people[row.person].id, default: 0] += row[.meetingHours] }
        #expect(hours == ["alice": 1, "bob": 1, "carol": 0, "dan": 0], "\(hours)")
        #expect(analysis.data.meetings.count == 1)
    }
}

