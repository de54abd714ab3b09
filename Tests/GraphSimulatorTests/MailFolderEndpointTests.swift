import Foundation
import Testing
@testable import GraphSimulator

@Suite("GET /v1.0/users/{id}/mailFolders/{inbox|sentitems}/messages")
struct MailFolderEndpointTests {
    static let configuration = SimulatorConfiguration(
        users: 80, seed: 21, messagesPerUser: 14, anchor: testAnchor, sentItemsPerUser: 9)

    @Test("inbox is /messages; sentitems holds the owner's sent mail; both page completely", arguments: [1, 4, 1000])
    func folders(top: Int) async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            var sentTotal = 0
            for index in tenant.mailboxUserIndexes().prefix(12) {
                let user = tenant.user(at: index)
                let base = "\(client.server.baseURL)/v1.0/users/\(user.id)/"
                let inbox = try await client.items(from: base + "mailFolders/Inbox/messages?$top=\(top)&$select=subject", token: token)
                #expect(inbox.compactMap { $0["id"] as? String } == tenant.messages(ofUserAt: index).map(\.id))
                let sent = try await client.items(from: base + "mailFolders/sentitems/messages?$top=\(top)", token: token)
                let expected = tenant.sentItems(ofUserAt: index)
                #expect(sent.compactMap { $0["id"] as? String } == expected.map(\.id))
                for (object, message) in zip(sent, expected) {
                    let from = (object["from"] as? [String: Any])?["emailAddress"] as? [String: Any]
                    #expect(from?["address"] as? String == user.mail)
                    #expect(object["parentFolderId"] as? String == message.parentFolderId)
                    #expect(object["sentDateTime"] as? String == object["receivedDateTime"] as? String)
                    #expect(!message.toRecipients.isEmpty && !message.toAddresses.contains(user.mail ?? ""))
                }
                #expect(Set(expected.map(\.parentFolderId)).count <= 1)
                #expect(expected.first?.parentFolderId != tenant.messages(ofUserAt: index).first?.parentFolderId || expected.isEmpty)
                sentTotal += expected.count
            }
            #expect(sentTotal > 20)
        }
    }

    @Test("message filters combine dates with eq, startswith and or, and page by $skip")
    func filters() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let index = try #require(tenant.mailboxUserIndexes().first { tenant.messages(ofUserAt: $0).count > 15 })
            let messages = tenant.messages(ofUserAt: index)
            let middle = messages[messages.count / 2].receivedDateTime
            let iso = MessagesEndpointTests.iso(middle)
            let cases: [(String, (SimulatedMessage) -> Bool)] = [
                ("receivedDateTime lt \(iso) and (isRead eq false or importance eq 'high')",
                 { $0.receivedDateTime < middle && (!$0.isRead || $0.importance == "high") }),
                ("sentDateTime ge \(iso)", { $0.sentDateTime >= middle }),
                ("lastModifiedDateTime lt \(iso) or hasAttachments eq true", { $0.lastModifiedDateTime < middle || $0.hasAttachments }),
                ("startswith(subject,'RE: ')", { $0.subject.hasPrefix("RE: ") }),
                ("from/emailAddress/address eq '\(messages[0].fromAddress)'", { $0.fromAddress == messages[0].fromAddress }),
            ]
            let base = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/mailFolders/inbox/messages"
            for (filter, predicate) in cases {
                let encoded = try #require(filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let served = try await client.items(from: base + "?$top=3&$select=id&$filter=\(encoded)", token: token)
                #expect(served.compactMap { $0["id"] as? String } == messages.filter(predicate).map(\.id), "\(filter)")
            }
            let sentOwner = try #require(tenant.mailboxUserIndexes().first { tenant.sentItems(ofUserAt: $0).count > 8 })
            let sent = tenant.sentItems(ofUserAt: sentOwner)
            let (from, to) = (sent[sent.count - 3].sentDateTime, sent[2].sentDateTime)
            let window = "sentDateTime ge \(MessagesEndpointTests.iso(from)) and sentDateTime lt \(MessagesEndpointTests.iso(to))"
            let encoded = try #require(window.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let sentURL = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: sentOwner).id)/mailFolders/sentitems/messages"
            let served = try await client.items(from: sentURL + "?$top=2&$filter=\(encoded)", token: token)
            #expect(served.compactMap { $0["id"] as? String } == sent.filter { $0.sentDateTime >= from && $0.sentDateTime < to }.map(\.id))

            let unknown = try await client.get(
                "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/mailFolders/archive/messages", token: token)
            #expect(unknown.status == 404)
            #expect(try unknown.graphErrorCode() == "ErrorItemNotFound")
        }
    }
}
