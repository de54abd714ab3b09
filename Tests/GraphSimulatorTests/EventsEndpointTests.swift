import Foundation
import Testing
@testable import GraphSimulator

@Suite("Calendars: /events and /calendarView")
struct EventsEndpointTests {
    static let configuration = SimulatorConfiguration(users: 120, seed: 31, anchor: testAnchor, eventsPerUser: 8)
    static let windowStart = testAnchor.addingTimeInterval(-7 * 86_400)
    static let windowEnd = testAnchor.addingTimeInterval(7 * 86_400)

    @Test("/events pages every single event and series master exactly once", arguments: [1, 3, 1000])
    func events(top: Int) async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            for index in tenant.mailboxUserIndexes().prefix(10) {
                let url = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/events?$top=\(top)"
                let served = try await client.items(from: url, token: token)
                let expected = tenant.events(ofUserAt: index)
                #expect(served.compactMap { $0["id"] as? String } == expected.map(\.id))
                for (object, event) in zip(served, expected) {
                    #expect(object["type"] as? String == event.type)
                    #expect(event.type == "singleInstance" || event.type == "seriesMaster")
                    let recurrence = object["recurrence"] as? [String: Any]
                    #expect((recurrence != nil) == (event.type == "seriesMaster"))
                    if let pattern = recurrence?["pattern"] as? [String: Any] {
                        #expect(pattern["type"] as? String == event.recurrencePattern)
                    }
                    #expect(object["subject"] as? String == event.subject)
                    #expect((object["@odata.etag"] as? String)?.hasPrefix("W/\"") == true)
                }
            }
        }
    }

    @Test("/calendarView returns the instances in the window: singles, occurrences and exceptions, with attendees")
    func calendarView() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let start = MessagesEndpointTests.iso(Self.windowStart)
            let end = MessagesEndpointTests.iso(Self.windowEnd)
            var types = Set<String>()
            var responses = Set<String>()
            var sawOnline = false
            var sawAllDay = false
            var sawCancelled = false
            for index in tenant.mailboxUserIndexes().prefix(40) {
                let id = tenant.user(at: index).id
                let url = "\(client.server.baseURL)/v1.0/users/\(id)/calendarView?startDateTime=\(start)&endDateTime=\(end)&$top=4"
                let pages = try await client.pages(from: url, token: token)
                for page in pages.dropLast() {
                    let next = try #require(page["@odata.nextLink"] as? String)
                    #expect(next.contains("startDateTime=") && next.contains("endDateTime=") && next.contains("%24skip="))
                }
                let served = pages.flatMap { $0["value"] as? [[String: Any]] ?? [] }
                let expected = tenant.calendarView(ofUserAt: index, from: Self.windowStart, to: Self.windowEnd)
                #expect(served.compactMap { $0["id"] as? String } == expected.map(\.id))
                let masters = Set(tenant.events(ofUserAt: index).filter { $0.type == "seriesMaster" }.map(\.id))
                for (object, event) in zip(served, expected) {
                    types.insert(event.type)
                    #expect(event.start < Self.windowEnd && event.end > Self.windowStart)
                    let startObject = try #require(object["start"] as? [String: Any])
                    #expect(startObject["timeZone"] as? String == "UTC")
                    #expect((startObject["dateTime"] as? String)?.hasSuffix(".0000000") == true)
                    if event.type == "occurrence" || event.type == "exception" {
                        #expect(masters.contains(try #require(object["seriesMasterId"] as? String)))
                    } else {
                        #expect(object["seriesMasterId"] is NSNull)
                    }
                    for attendee in object["attendees"] as? [[String: Any]] ?? [] {
                        responses.insert(try #require((attendee["status"] as? [String: Any])?["response"] as? String))
                    }
                    if event.isOnlineMeeting {
                        sawOnline = true
                        let join = (object["onlineMeeting"] as? [String: Any])?["joinUrl"] as? String
                        #expect(join?.hasPrefix("https://teams.microsoft.com/l/meetup-join/") == true)
                    }
                    if event.isAllDay {
                        sawAllDay = true
                        #expect(event.start.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
                    }
                    sawCancelled = sawCancelled || event.isCancelled
                }
            }
            #expect(types == ["singleInstance", "occurrence", "exception"])
            #expect(responses.isSuperset(of: ["accepted", "declined", "tentativelyAccepted", "none"]))
            #expect(sawOnline && sawAllDay && sawCancelled)
        }
    }

    @Test("calendarView needs its window; mailbox-less users get MailboxNotEnabledForRESTAPI")
    func errors() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let withMailbox = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let base = "\(client.server.baseURL)/v1.0/users/"
            for query in ["", "?startDateTime=2026-11-01T00:00:00Z", "?startDateTime=yesterday&endDateTime=2026-11-01T00:00:00Z",
                          "?startDateTime=2026-11-02T00:00:00Z&endDateTime=2026-11-01T00:00:00Z"] {
                let result = try await client.get(base + withMailbox + "/calendarView" + query, token: token)
                #expect(result.status == 400, "\(query)")
                #expect(try result.graphErrorCode() == "ErrorInvalidParameter")
            }
            let noOffset = try await client.get(
                base + withMailbox + "/calendarView?startDateTime=2026-11-14T00:00:00&endDateTime=2026-11-28T00:00:00.0000000", token: token)
            #expect(noOffset.status == 200)
            let without = try #require((0..<tenant.userCount).first { !tenant.hasMailbox(userAt: $0) })
            let withoutId = tenant.user(at: without).id
            for path in ["/events", "/calendarView?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-02T00:00:00Z",
                         "/mailFolders/sentitems/messages"] {
                let result = try await client.get(base + withoutId + path, token: token)
                #expect(result.status == 404, "\(path)")
                #expect(try result.graphErrorCode() == "MailboxNotEnabledForRESTAPI")
            }
        }
    }
}
