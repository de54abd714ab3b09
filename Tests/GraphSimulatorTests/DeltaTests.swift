import Foundation
import Testing
@testable import GraphSimulator

@Suite("Delta queries across tenant changes")
struct DeltaTests {
    static let configuration = SimulatorConfiguration(users: 1_500, seed: 81, messagesPerUser: 12, anchor: testAnchor)

    /// Follows a delta round to its end: the items, and the delta link for the next round.
    static func round(
        _ url: String, client: GraphTestClient, token: String, pageSize: Int = 37
    ) async throws -> (items: [[String: Any]], deltaLink: String, pages: Int) {
        var items: [[String: Any]] = []
        var next = url
        for page in 1...500 {
            let result = try await client.get(next, token: token, headers: ["Prefer": "odata.maxpagesize=\(pageSize)"])
            try #require(result.status == 200, "\(next): \(result.text)")
            let object = try result.object()
            items += object["value"] as? [[String: Any]] ?? []
            if let link = object["@odata.deltaLink"] as? String {
                #expect(object["@odata.nextLink"] == nil)
                return (items, link, page)
            }
            next = try #require(object["@odata.nextLink"] as? String)
        }
        Issue.record("the round did not end")
        return (items, "", 0)
    }

    /// Applies a round to a replica keyed by id: `@removed` deletes, anything else adds or replaces.
    static func apply(_ items: [[String: Any]], to replica: inout [String: [String: Any]]) throws {
        for item in items {
            let id = try #require(item["id"] as? String)
            if item["@removed"] != nil { replica[id] = nil } else { replica[id] = item }
        }
    }

    @Test("users: a first round, then only what changed; a replica ends equal to the evolved tenant")
    func users() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let first = try await Self.round(
                "\(client.server.baseURL)/v1.0/users/delta?$select=displayName,jobTitle,department", client: client, token: token)
            #expect(first.pages == (1_500 + 36) / 37)
            var replica: [String: [String: Any]] = [:]
            try Self.apply(first.items, to: &replica)
            let before = client.server.tenant
            #expect(Set(replica.keys) == Set(before.users().map(\.id)))
            #expect(first.items.allSatisfy { Set($0.keys) == ["id", "displayName", "jobTitle", "department"] })

            #expect(client.server.advanceGeneration() == 1)
            let evolved = try await client.post("\(client.server.baseURL)/_admin/evolve", token: nil, json: [String: Any]())
            #expect(try evolved.object()["generation"] as? Int == 2)
            let after = client.server.tenant
            #expect(after.generation == 2 && after.userCount == 1_500 + 2 * 7)

            let second = try await Self.round(first.deltaLink, client: client, token: token)
            try Self.apply(second.items, to: &replica)
            let users = after.users()
            #expect(Set(replica.keys) == Set(users.map(\.id)))
            for user in users {
                #expect(replica[user.id]?["jobTitle"] as? String == user.jobTitle, "user \(user.index) is up to date")
            }
            let oldUsers = Dictionary(uniqueKeysWithValues: before.users().map { ($0.id, $0) })
            let newUsers = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
            let added = Set(newUsers.keys).subtracting(oldUsers.keys)
            let removed = Set(oldUsers.keys).subtracting(newUsers.keys)
            let changed = Set(newUsers.filter { id, user in oldUsers[id].map { $0 != user } ?? false }.keys)
            // Changed: every user whose data differs, and those touched by a change that left the data as it was.
            let touched = Set(users.filter { after.generationChanged(userAt: $0.index) > 0 && oldUsers[$0.id] != nil }.map(\.id))
            #expect(!added.isEmpty && !removed.isEmpty && !changed.isEmpty && changed.isSubset(of: touched))
            #expect(Set(second.items.compactMap { $0["id"] as? String }) == added.union(removed).union(touched))
            #expect(second.items.filter { $0["@removed"] != nil }.count == removed.count)
            let deleted = try #require(removed.first)
            #expect(try await client.get("\(client.server.baseURL)/v1.0/users/\(deleted)", token: token).status == 404)

            let third = try await Self.round(second.deltaLink, client: client, token: token)
            #expect(third.items.isEmpty && third.pages == 1, "nothing changed since")

            let latest = try await Self.round("\(client.server.baseURL)/v1.0/users/delta?$deltatoken=latest", client: client, token: token)
            #expect(latest.items.isEmpty, "sync from now returns no data")
            client.server.advanceGeneration()
            let fromNow = try await Self.round(latest.deltaLink, client: client, token: token)
            #expect(!fromNow.items.isEmpty && fromNow.items.count < 100)
        }
    }

    @Test("groups: changed and deleted groups come back in the next round")
    func groups() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let first = try await Self.round("\(client.server.baseURL)/v1.0/groups/delta", client: client, token: token)
            var replica: [String: [String: Any]] = [:]
            try Self.apply(first.items, to: &replica)
            #expect(Set(replica.keys) == Set(client.server.tenant.groups().map(\.id)))
            for _ in 0..<3 { client.server.advanceGeneration() }
            let second = try await Self.round(first.deltaLink, client: client, token: token)
            #expect(!second.items.isEmpty)
            try Self.apply(second.items, to: &replica)
            let groups = client.server.tenant.groups()
            #expect(Set(replica.keys) == Set(groups.map(\.id)))
            for group in groups { #expect(replica[group.id]?["description"] as? String == group.description) }
        }
    }

    @Test("messages and calendarView: new items and @removed deletions per mailbox")
    func mailboxes() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let before = client.server.tenant
            let owners = Array(before.mailboxUserIndexes().prefix(12))
            let window = (start: "2026-11-14T00:00:00Z", end: "2026-12-05T00:00:00Z")
            let windowDates = (testAnchor.addingTimeInterval(-7 * 86_400), testAnchor.addingTimeInterval(14 * 86_400))
            var links: [Int: (messages: String, calendar: String)] = [:]
            for index in owners {
                let base = "\(client.server.baseURL)/v1.0/users/\(before.user(at: index).id)"
                let messages = try await Self.round(base + "/mailFolders/inbox/messages/delta?$select=subject", client: client, token: token, pageSize: 5)
                #expect(messages.items.compactMap { $0["id"] as? String } == before.messages(ofUserAt: index).map(\.id))
                let calendar = try await Self.round(
                    base + "/calendarView/delta?startDateTime=\(window.start)&endDateTime=\(window.end)", client: client, token: token, pageSize: 4)
                #expect(calendar.items.compactMap { $0["id"] as? String }
                    == before.calendarView(ofUserAt: index, from: windowDates.0, to: windowDates.1).map(\.id))
                links[index] = (messages.deltaLink, calendar.deltaLink)
            }
            for _ in 0..<3 { client.server.advanceGeneration() }
            let after = client.server.tenant
            var totals = (added: 0, removed: 0, events: 0)
            for index in owners {
                let link = try #require(links[index])
                let messages = try await Self.round(link.messages, client: client, token: token)
                let old = Set(before.messages(ofUserAt: index).map(\.id))
                let new = after.messages(ofUserAt: index)
                let added = new.filter { !old.contains($0.id) }
                let removed = old.subtracting(new.map(\.id))
                #expect(messages.items.filter { $0["@removed"] == nil }.compactMap { $0["id"] as? String } == added.map(\.id))
                #expect(Set(messages.items.filter { $0["@removed"] != nil }.compactMap { $0["id"] as? String }) == removed)
                #expect(messages.items.filter { $0["@removed"] == nil }.allSatisfy { Set($0.keys) == ["@odata.etag", "id", "subject"] })
                #expect(added.allSatisfy { $0.receivedDateTime >= testAnchor }, "new mail arrives after the anchor")
                totals.added += added.count
                totals.removed += removed.count

                let calendar = try await Self.round(link.calendar, client: client, token: token)
                let oldEvents = Set(before.calendarView(ofUserAt: index, from: windowDates.0, to: windowDates.1).map(\.id))
                let newEvents = after.calendarView(ofUserAt: index, from: windowDates.0, to: windowDates.1).map(\.id)
                #expect(Set(calendar.items.compactMap { $0["id"] as? String })
                    == Set(newEvents).symmetricDifference(oldEvents))
                totals.events += calendar.items.count
            }
            #expect(totals.added > 0 && totals.removed > 0 && totals.events > 0)
        }
    }

    @Test("unknown, tampered and expired tokens answer 410 with a resync error")
    func expiredTokens() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let base = client.server.baseURL + "/v1.0/"
            let user = client.server.tenant.user(at: try #require(client.server.tenant.mailboxUserIndexes().first)).id
            let directory = try await client.get(base + "users/delta?$deltatoken=bm9uc2Vuc2U", token: token)
            #expect(directory.status == 410)
            #expect(try directory.graphErrorCode() == "resyncRequired")
            let outlook = try await client.get(base + "users/\(user)/mailFolders/inbox/messages/delta?%24deltatoken=abc", token: token)
            #expect(outlook.status == 410)
            #expect(try outlook.graphErrorCode() == "SyncStateNotFound")

            let first = try await Self.round(base + "groups/delta", client: client, token: token)
            #expect(try await client.get(first.deltaLink, token: token).status == 200)
            let tampered = first.deltaLink.dropLast(3) + "AAA"
            #expect(try await client.get(String(tampered), token: token).status == 410)
            client.server.expireDeltaTokens()
            let expired = try await client.get(first.deltaLink, token: token)
            #expect(expired.status == 410)
            #expect(try expired.graphErrorCode() == "resyncRequired")
            let calendar = try await client.get(base + "users/\(user)/calendarView/delta", token: token)
            #expect(calendar.status == 400, "a first calendarView round needs its window")
        }
    }
}
