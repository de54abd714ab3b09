/// A four-person tenant whose every metric is known by construction (see `PersonWeekMetricsTests`).
///
/// Week of Monday 2026-11-16. Alice works in Berlin (UTC+1 in November) 09-17, Bob (her manager) in
/// Tokyo (UTC+9) 09-17, Carol (Bob's manager, Alice's skip level) and Dave have no mailbox settings.
enum KnownTenant {
    typealias F = ExportFixture

    static func write(to fixture: ExportFixture) throws {
        try fixture.write("users", [
            F.user("alice", department: "Eng"), F.user("bob", department: "Eng"), F.user("carol", department: "Eng"),
            F.user("dave", department: "Eng"),
        ])
        try fixture.write("managers", [F.manager(of: "alice", is: "bob"), F.manager(of: "bob", is: "carol")])
        try fixture.write("mailbox_settings", [
            F.mailboxSettings("alice", timeZone: "W. Europe Standard Time"), F.mailboxSettings("bob", timeZone: "Tokyo Standard Time"),
        ])
        let e4 = F.mail(owner: "alice", id: "e4", from: "x@fabrikam.example", to: ["alice"], sent: "2026-11-17T10:00:00Z")
        let e4reply = F.mail(owner: "alice", id: "e4r", from: "alice", to: ["x@fabrikam.example"], sent: "2026-11-17T11:00:00Z")
        let massRecipients = ["bob", "carol", "dave"] + (1...47).map { "list\($0)" }
        try fixture.write("sent_items", [
            F.mail(owner: "alice", id: "e1", from: "alice", to: ["bob"], sent: "2026-11-17T13:10:00Z"),
            F.mail(owner: "alice", id: "e2", from: "alice", to: massRecipients, sent: "2026-11-18T20:00:00Z"),
            F.mail(owner: "bob", id: "e3", from: "bob", to: ["alice"], sent: "2026-11-19T07:00:00Z"),
            e4reply,
        ], dateColumn: "sentDateTime")
        try fixture.write("messages", [
            F.mail(owner: "bob", id: "e1", from: "alice", to: ["bob"], sent: "2026-11-17T13:10:00Z"),
            F.mail(owner: "alice", id: "e3", from: "bob", to: ["alice"], sent: "2026-11-19T07:00:00Z"),
            e4,
        ], dateColumn: "receivedDateTime")
        var rows: [String] = []
        func meeting(
            _ uid: String, _ start: String, _ end: String, organizer: String, _ attendees: [(String, String)],
            cancelled: Bool = false, type: String = "singleInstance"
        ) {
            let invitees = attendees.map { F.Invitee(who: $0.0, response: $0.1) }
            for owner in [organizer] + attendees.map(\.0) {
                rows.append(F.event(owner: owner, uid: uid, start: start, end: end, organizer: organizer, attendees: invitees,
                                    cancelled: cancelled, type: type))
            }
        }
        meeting("m1", "2026-11-17T13:00:00Z", "2026-11-17T14:00:00Z", organizer: "alice", [("bob", "accepted"), ("dave", "accepted")])
        meeting("m2", "2026-11-17T13:30:00Z", "2026-11-17T14:30:00Z", organizer: "dave", [("alice", "accepted"), ("carol", "accepted")])
        meeting("m3", "2026-11-18T10:00:00Z", "2026-11-18T11:00:00Z", organizer: "alice", [("bob", "accepted")], cancelled: true)
        meeting("m4", "2026-11-18T12:00:00Z", "2026-11-18T13:00:00Z", organizer: "dave", [("alice", "declined"), ("bob", "accepted")])
        meeting("m5", "2026-11-18T14:00:00Z", "2026-11-18T15:00:00Z", organizer: "carol", [("alice", "tentativelyAccepted"), ("bob", "accepted")])
        meeting("m6", "2026-11-19T08:00:00Z", "2026-11-19T08:30:00Z", organizer: "bob", [("alice", "accepted")])
        meeting("m7", "2026-11-19T22:30:00Z", "2026-11-20T00:30:00Z", organizer: "alice", [("bob", "accepted")])
        meeting("m8", "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", organizer: "carol", [("alice", "accepted"), ("dave", "accepted")], type: "occurrence")
        try fixture.write("calendar_view", rows, dateColumn: "start")
    }
}
