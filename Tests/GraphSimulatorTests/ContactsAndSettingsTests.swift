import Foundation
import Testing
@testable import GraphSimulator

@Suite("Contacts and mailbox settings")
struct ContactsAndSettingsTests {
    static let configuration = SimulatorConfiguration(users: 90, seed: 41, anchor: testAnchor, contactsPerUser: 7)

    @Test("/contacts pages every contact once and matches the tenant", arguments: [2, 1000])
    func contacts(top: Int) async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            var all: [SimulatedContact] = []
            for index in tenant.mailboxUserIndexes().prefix(25) {
                let url = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/contacts?$top=\(top)"
                let served = try await client.items(from: url, token: token)
                let expected = tenant.contacts(ofUserAt: index)
                #expect(served.compactMap { $0["id"] as? String } == expected.map(\.id))
                for (object, contact) in zip(served, expected) {
                    #expect(object["displayName"] as? String == contact.displayName)
                    #expect(object["givenName"] as? String == contact.givenName)
                    let addresses = (object["emailAddresses"] as? [[String: Any]])?.compactMap { $0["address"] as? String }
                    #expect(addresses == contact.emailAddresses.map(\.address))
                    #expect((object["birthday"] is NSNull) == (contact.birthday == nil))
                }
                all += expected
            }
            #expect(all.contains { $0.emailAddresses.isEmpty } && all.contains { $0.emailAddresses.count == 2 })
            #expect(all.contains { $0.givenName == nil } && all.contains { $0.personalNotes?.contains("\n") == true })
        }
    }

    @Test("/mailboxSettings is one object with Graph's shape; $select narrows it")
    func mailboxSettings() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            var statuses = Set<String>()
            for index in tenant.mailboxUserIndexes().prefix(40) {
                let url = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/mailboxSettings"
                let object = try await client.get(url, token: token).object()
                let settings = try #require(tenant.mailboxSettings(ofUserAt: index))
                #expect(object["timeZone"] as? String == settings.timeZone)
                #expect((object["language"] as? [String: Any])?["locale"] as? String == settings.locale)
                let replies = try #require(object["automaticRepliesSetting"] as? [String: Any])
                #expect(replies["status"] as? String == settings.automaticRepliesStatus)
                #expect(replies["internalReplyMessage"] as? String == settings.internalReplyMessage)
                let hours = try #require(object["workingHours"] as? [String: Any])
                #expect(hours["daysOfWeek"] as? [String] == settings.workingDays)
                #expect(hours["startTime"] as? String == settings.workingHoursStart)
                #expect((object["@odata.context"] as? String)?.hasSuffix("/mailboxSettings") == true)
                statuses.insert(settings.automaticRepliesStatus)
            }
            #expect(statuses.contains("disabled") && statuses.count >= 2)
            let index = try #require(tenant.mailboxUserIndexes().first)
            let url = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/mailboxSettings?$select=timeZone,language"
            #expect(Set(try await client.get(url, token: token).object().keys) == ["@odata.context", "timeZone", "language"])
            let bad = try await client.get(url.replacingOccurrences(of: "language", with: "shoeSize"), token: token)
            #expect(bad.status == 400)
            let without = try #require((0..<tenant.userCount).first { !tenant.hasMailbox(userAt: $0) })
            for path in ["/contacts", "/mailboxSettings"] {
                let result = try await client.get("\(client.server.baseURL)/v1.0/users/\(tenant.user(at: without).id)\(path)", token: token)
                #expect(result.status == 404)
                #expect(try result.graphErrorCode() == "MailboxNotEnabledForRESTAPI")
            }
            #expect(tenant.mailboxSettings(ofUserAt: without) == nil)
        }
    }
}
