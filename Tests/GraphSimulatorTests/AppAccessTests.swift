import Foundation
import Testing
@testable import GraphSimulator

/// What the simulated app may read: its ReadBasic permissions answer without the body text, and an application
/// access policy's mailbox scope refuses the other mailboxes as Exchange Online does.
@Suite("App access: ReadBasic and mailbox scope")
struct AppAccessTests {
    static func configuration() -> SimulatorConfiguration {
        SimulatorConfiguration(users: 6, seed: 9, clientId: "ferry-tests", clientSecret: "s3cret", anchor: testAnchor)
    }

    @Test("Mail.ReadBasic.All and Calendars.ReadBasic.All answer without body and bodyPreview, even when selected")
    func readBasic() async throws {
        var configuration = Self.configuration()
        configuration.permissions = ["User.Read.All", "Mail.ReadBasic.All", "Calendars.ReadBasic.All"]
        try await withServer(configuration) { client in
            let token = try #require(try await client.requestToken().object()["access_token"] as? String)
            let user = client.server.tenant.user(at: try #require(client.server.tenant.mailboxUserIndexes().first)).id
            let base = "\(client.server.baseURL)/v1.0/users/\(user)"
            let messages = try await client.get("\(base)/messages?$select=id,subject,bodyPreview,body", token: token)
            #expect(messages.status == 200)
            let items = try #require(try messages.object()["value"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { $0["subject"] != nil && $0["bodyPreview"] == nil && $0["body"] == nil })
            let events = try await client.get("\(base)/events", token: token)
            #expect(events.status == 200)
            let eventItems = try #require(try events.object()["value"] as? [[String: Any]])
            #expect(eventItems.allSatisfy { $0["bodyPreview"] == nil && $0["body"] == nil && $0["start"] != nil })
            let contacts = try await client.get("\(base)/contacts", token: token)
            #expect(contacts.status == 403, "no contacts permission")
        }
        var full = Self.configuration()
        full.permissions = ["User.Read.All", "Mail.Read", "Mail.ReadBasic.All"]
        try await withServer(full) { client in
            let token = try #require(try await client.requestToken().object()["access_token"] as? String)
            let user = client.server.tenant.user(at: try #require(client.server.tenant.mailboxUserIndexes().first)).id
            let messages = try await client.get("\(client.server.baseURL)/v1.0/users/\(user)/messages?$select=id,bodyPreview", token: token)
            let items = try #require(try messages.object()["value"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["bodyPreview"] is String }, "Mail.Read reads the body text")
        }
    }

    @Test("mailboxes outside the scope answer 403 ErrorAccessDenied as an application access policy does")
    func mailboxScope() async throws {
        var configuration = Self.configuration()
        let tenant = SimulatedTenant(configuration: configuration)
        let mailboxes = tenant.mailboxUserIndexes()
        let inside = tenant.user(at: mailboxes[0])
        let outside = tenant.user(at: mailboxes[1])
        configuration.mailboxScope = [inside.userPrincipalName.uppercased()]
        try await withServer(configuration) { client in
            let token = try #require(try await client.requestToken().object()["access_token"] as? String)
            let base = "\(client.server.baseURL)/v1.0/users"
            #expect(try await client.get("\(base)/\(inside.id)/messages", token: token).status == 200)
            #expect(try await client.get("\(base)/\(inside.userPrincipalName)/events", token: token).status == 200)
            for path in ["messages", "events", "mailboxSettings", "contacts"] {
                let refused = try await client.get("\(base)/\(outside.id)/\(path)", token: token)
                #expect(refused.status == 403, "\(path)")
                let error = try #require(try refused.object()["error"] as? [String: Any])
                #expect(error["code"] as? String == "ErrorAccessDenied")
                #expect(
                    error["message"] as? String
                        == "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.")
            }
            #expect(try await client.get("\(base)/\(outside.id)", token: token).status == 200, "the directory is not restricted")
        }
    }
}
