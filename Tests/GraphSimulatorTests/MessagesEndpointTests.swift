import Foundation
import Testing
@testable import GraphSimulator

@Suite("GET /v1.0/users/{id}/messages")
struct MessagesEndpointTests {
    static let configuration = SimulatorConfiguration(users: 60, seed: 5, messagesPerUser: 25, days: 7, anchor: testAnchor)

    /// A user with a mailbox holding at least `minimum` messages.
    static func busyUser(in tenant: SimulatedTenant, minimum: Int = 20) throws -> Int {
        try #require((0..<tenant.userCount).first { tenant.messages(ofUserAt: $0).count >= minimum })
    }

    static func iso(_ date: Date) -> String {
        GraphTimestamp.string(epochSeconds: GraphTimestamp.epochSeconds(date))
    }

    @Test("paging a $filter window returns exactly the tenant's messages in it, newest first, each once")
    func filteredPaging() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let start = testAnchor.addingTimeInterval(-4 * 86_400)
            let end = testAnchor.addingTimeInterval(-1 * 86_400)
            var checkedMailboxes = 0
            for index in 0..<tenant.userCount where tenant.hasMailbox(userAt: index) {
                let expected = tenant.messages(ofUserAt: index).filter { $0.receivedDateTime >= start && $0.receivedDateTime < end }
                let filter = "receivedDateTime%20ge%20\(Self.iso(start))%20and%20receivedDateTime%20lt%20\(Self.iso(end))"
                let url = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/messages?$filter=\(filter)&$top=4&$select=receivedDateTime,subject"
                let pages = try await client.pages(from: url, token: token)
                let objects = pages.flatMap { $0["value"] as? [[String: Any]] ?? [] }
                #expect(objects.compactMap { $0["id"] as? String } == expected.map(\.id))
                #expect(objects.compactMap { $0["receivedDateTime"] as? String } == expected.map { Self.iso($0.receivedDateTime) })
                #expect(objects.compactMap { $0["subject"] as? String } == expected.map(\.subject))
                #expect(Set(objects.compactMap { $0["id"] as? String }).count == objects.count)
                for page in pages.dropLast() {
                    let next = try #require(page["@odata.nextLink"] as? String)
                    #expect(next.contains("%24filter=") && next.contains("%24top=4") && next.contains("%24skip="))
                    #expect(next.contains("%24select=receivedDateTime,subject"))
                }
                checkedMailboxes += 1
                if checkedMailboxes == 8 { break }
            }
            #expect(checkedMailboxes == 8)
        }
    }

    @Test("without $filter, default pages of 10 cover the whole mailbox")
    func wholeMailbox() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let index = try Self.busyUser(in: tenant)
            let expected = tenant.messages(ofUserAt: index)
            let pages = try await client.pages(
                from: "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/messages", token: token)
            #expect(pages.count == (expected.count + 9) / 10)
            let objects = pages.flatMap { $0["value"] as? [[String: Any]] ?? [] }
            #expect(objects.compactMap { $0["id"] as? String } == expected.map(\.id))
            let received = objects.compactMap { $0["receivedDateTime"] as? String }
            #expect(received == received.sorted(by: >), "newest first")

            for (object, message) in zip(objects, expected) {
                Self.expect(object, matches: message, owner: tenant.user(at: index))
            }
        }
    }

    /// Checks every property of a served message against the tenant's message.
    static func expect(_ object: [String: Any], matches message: SimulatedMessage, owner: SimulatedUser) {
        func address(_ value: Any?) -> [String]? {
            (value as? [String: Any]).flatMap { ($0["emailAddress"] as? [String: Any]).map { [$0["name"] as? String ?? "?", $0["address"] as? String ?? "?"] } }
        }
        func addresses(_ value: Any?) -> [[String]]? {
            (value as? [Any])?.compactMap(address)
        }
        #expect(Set(object.keys) == Set(["@odata.etag"] + MessageProperty.allCases.map(\.name)))
        #expect(object["@odata.etag"] as? String == "W/\"\(message.changeKey)\"")
        #expect(object["id"] as? String == message.id)
        #expect(message.id.hasPrefix("AAMkAG"))
        #expect(object["createdDateTime"] as? String == iso(message.createdDateTime))
        #expect(object["lastModifiedDateTime"] as? String == iso(message.lastModifiedDateTime))
        #expect(object["receivedDateTime"] as? String == iso(message.receivedDateTime))
        #expect(object["sentDateTime"] as? String == iso(message.sentDateTime))
        #expect(object["changeKey"] as? String == message.changeKey)
        #expect(object["categories"] as? [String] == message.categories)
        #expect(object["hasAttachments"] as? Bool == message.hasAttachments)
        #expect(object["internetMessageId"] as? String == message.internetMessageId)
        #expect(object["subject"] as? String == message.subject)
        #expect(object["bodyPreview"] as? String == message.bodyPreview)
        #expect(object["importance"] as? String == message.importance)
        #expect(object["parentFolderId"] as? String == message.parentFolderId)
        #expect(object["conversationId"] as? String == message.conversationId)
        #expect(object["conversationIndex"] as? String == message.conversationIndex)
        #expect(object["isDeliveryReceiptRequested"] as? Bool == false)
        #expect(object["isReadReceiptRequested"] as? Bool == message.isReadReceiptRequested)
        #expect(object["isRead"] as? Bool == message.isRead)
        #expect(object["isDraft"] as? Bool == false)
        #expect(object["webLink"] as? String == message.webLink)
        #expect(object["inferenceClassification"] as? String == message.inferenceClassification)
        #expect((object["body"] as? [String: Any])?["contentType"] as? String == "html")
        #expect((object["body"] as? [String: Any])?["content"] as? String == message.body)
        #expect(address(object["from"]) == [message.fromName, message.fromAddress])
        #expect(address(object["sender"]) == [message.fromName, message.fromAddress])
        #expect(addresses(object["toRecipients"]) == message.toRecipients.map { [$0.name, $0.address] })
        #expect(addresses(object["ccRecipients"]) == message.ccRecipients.map { [$0.name, $0.address] })
        #expect(message.toAddresses.first == owner.mail, "the mailbox owner is a recipient")
        #expect((object["bccRecipients"] as? [Any])?.isEmpty == true)
        #expect((object["replyTo"] as? [Any])?.isEmpty == true)
        #expect((object["flag"] as? [String: Any])?["flagStatus"] as? String == message.flagStatus)
    }

    @Test("ge/gt/le/lt treat a message's own second as the bound says")
    func boundaries() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let index = try Self.busyUser(in: tenant)
            let message = tenant.messages(ofUserAt: index)[5]
            let at = Self.iso(message.receivedDateTime)
            let base = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: index).id)/messages?$select=id&$filter="
            func ids(_ filter: String) async throws -> [String] {
                let encoded = filter.replacingOccurrences(of: " ", with: "%20")
                let pages = try await client.pages(from: base + encoded, token: token)
                return pages.flatMap { $0["value"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String }
            }
            #expect(try await ids("receivedDateTime ge \(at) and receivedDateTime le \(at)").contains(message.id))
            #expect(try await ids("receivedDateTime gt \(at) and receivedDateTime le \(at)").isEmpty)
            #expect(try await ids("receivedDateTime ge \(at) and receivedDateTime lt \(at)").isEmpty)
            let notAfter = tenant.messages(ofUserAt: index).filter { $0.receivedDateTime <= message.receivedDateTime }
            #expect(try await ids("receivedDateTime le \(at)") == notAfter.map(\.id))
        }
    }

    @Test("mailbox-less, unknown users and bad queries get Graph's errors")
    func errors() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let base = client.server.baseURL
            let without = try #require((0..<tenant.userCount).first { !tenant.hasMailbox(userAt: $0) })
            let noMailbox = try await client.get("\(base)/v1.0/users/\(tenant.user(at: without).id)/messages", token: token)
            #expect(noMailbox.status == 404)
            let error = try #require(try noMailbox.object()["error"] as? [String: Any])
            #expect(error["code"] as? String == "MailboxNotEnabledForRESTAPI")
            #expect(error["message"] as? String == "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")

            let unknown = try await client.get("\(base)/v1.0/users/00000000-0000-4000-8000-000000000000/messages", token: token)
            #expect(unknown.status == 404)
            #expect(try unknown.graphErrorCode() == "ErrorInvalidUser")

            let messages = "\(base)/v1.0/users/\(tenant.user(at: try Self.busyUser(in: tenant)).id)/messages"
            let badFilters = ["subject%20eq%20x", "receivedDateTime%20ge%20'2026-11-01T00:00:00Z'",
                              "receivedDateTime%20ge%202026-11-01", "bodyPreview%20eq%20'x'",
                              "receivedDateTime%20ge"]
            for filter in badFilters {
                let result = try await client.get("\(messages)?$filter=\(filter)", token: token)
                #expect(result.status == 400, "\(filter)")
                #expect(try result.graphErrorCode() == "ErrorInvalidUrlQueryFilter")
            }
            for query in ["$top=1001", "$top=0", "$skip=-1", "$select=subject,nonsense", "$orderby=subject"] {
                let result = try await client.get("\(messages)?\(query)", token: token)
                #expect(result.status == 400, "\(query): \(result.text)")
                #expect(try result.graphErrorCode() != nil)
            }
            let selected = try await client.get("\(messages)?$select=subject&$top=1000", token: token)
            #expect(selected.status == 200)
            let first = try #require((try selected.object()["value"] as? [[String: Any]])?.first)
            #expect(Set(first.keys) == ["@odata.etag", "id", "subject"])
        }
    }
}
