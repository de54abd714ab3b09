import Foundation
import Testing
@testable import GraphSimulator

@Suite("GET /v1.0/users")
struct UsersEndpointTests {
    static let defaultProperties: Set<String> = [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName", "id",
    ]

    /// Checks a served user object against the tenant's user, property by property.
    static func expect(_ object: [String: Any], matches user: SimulatedUser) {
        #expect(object["id"] as? String == user.id)
        #expect(object["displayName"] as? String == user.displayName)
        #expect(object["givenName"] as? String == user.givenName)
        #expect(object["surname"] as? String == user.surname)
        #expect(object["userPrincipalName"] as? String == user.userPrincipalName)
        #expect(object["mail"] as? String == user.mail)
        #expect((object["mail"] is NSNull) == (user.mail == nil))
        #expect(object["jobTitle"] as? String == user.jobTitle)
        #expect(object["mobilePhone"] as? String == user.mobilePhone)
        #expect(object["officeLocation"] as? String == user.officeLocation)
        #expect(object["preferredLanguage"] as? String == user.preferredLanguage)
        #expect(object["businessPhones"] as? [String] == user.businessPhones)
    }

    @Test("paging with $top returns every user exactly once, equal to the tenant's", arguments: [1, 7, 100, 999])
    func paging(top: Int) async throws {
        let users = top == 999 ? 1_050 : 230
        try await withServer(SimulatorConfiguration(users: users, seed: 11, anchor: testAnchor)) { client in
            let token = try await client.token()
            let pages = try await client.pages(from: "\(client.server.baseURL)/v1.0/users?$top=\(top)", token: token)
            #expect(pages.count == (users + top - 1) / top)
            var seen = Set<String>()
            var position = 0
            for (number, page) in pages.enumerated() {
                #expect(page["@odata.context"] as? String == "\(client.server.baseURL)/v1.0/$metadata#users")
                let value = try #require(page["value"] as? [[String: Any]])
                #expect(value.count == min(top, users - number * top))
                if let next = page["@odata.nextLink"] as? String {
                    #expect(next.contains("$top=\(top)"))
                    #expect(next.contains("$skiptoken="))
                } else {
                    #expect(number == pages.count - 1, "only the last page lacks a nextLink")
                }
                for object in value {
                    #expect(Set(object.keys) == Self.defaultProperties)
                    let id = try #require(object["id"] as? String)
                    #expect(seen.insert(id).inserted, "user \(id) served twice")
                    Self.expect(object, matches: client.server.tenant.user(at: position))
                    position += 1
                }
            }
            #expect(seen.count == users)
        }
    }

    @Test("the default page holds 100 users")
    func defaultPageSize() async throws {
        try await withServer(SimulatorConfiguration(users: 150, anchor: testAnchor)) { client in
            let token = try await client.token()
            let pages = try await client.pages(from: "\(client.server.baseURL)/v1.0/users", token: token)
            #expect(pages.map { ($0["value"] as? [Any])?.count } == [100, 50])
        }
    }

    @Test("$select limits the properties, always keeps id, and is repeated in nextLink")
    func select() async throws {
        try await withServer(SimulatorConfiguration(users: 30, anchor: testAnchor)) { client in
            let token = try await client.token()
            let url = "\(client.server.baseURL)/v1.0/users?$select=displayName,mail,userType,accountEnabled&$top=20"
            let pages = try await client.pages(from: url, token: token)
            #expect(pages.count == 2)
            let first = try #require(pages.first)
            #expect((first["@odata.nextLink"] as? String)?.contains("$select=displayName,mail,userType,accountEnabled") == true)
            #expect(first["@odata.context"] as? String
                == "\(client.server.baseURL)/v1.0/$metadata#users(displayName,mail,userType,accountEnabled)")
            let objects = pages.flatMap { $0["value"] as? [[String: Any]] ?? [] }
            #expect(objects.count == 30)
            for (index, object) in objects.enumerated() {
                #expect(Set(object.keys) == ["id", "displayName", "mail", "userType", "accountEnabled"])
                let user = client.server.tenant.user(at: index)
                #expect(object["userType"] as? String == user.userType)
                #expect(object["accountEnabled"] as? Bool == user.accountEnabled)
            }
        }
    }

    @Test("bad $top, $select and $skiptoken are 400 with a Graph error body")
    func badQueries() async throws {
        try await withServer(SimulatorConfiguration(users: 10, anchor: testAnchor)) { client in
            let token = try await client.token()
            let base = "\(client.server.baseURL)/v1.0/users"
            for query in ["$top=1000", "$top=0", "$top=ten", "$select=displayName,shoeSize", "$skiptoken=bm9wZQ",
                          "$orderby=displayName", "$top=5&$top=6"] {
                let result = try await client.get("\(base)?\(query)", token: token)
                #expect(result.status == 400, "\(query): \(result.text)")
                let error = try #require(try result.object()["error"] as? [String: Any])
                #expect(error["code"] is String)
                #expect(error["message"] is String)
            }
            #expect(try await client.get("\(base)?$top=1000", token: token).graphErrorCode() == "Request_BadRequest")
        }
    }

    @Test("GET /users/{id} returns that user; unknown ids and paths are 404")
    func singleUser() async throws {
        try await withServer(SimulatorConfiguration(users: 40, anchor: testAnchor)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: 17)
            let result = try await client.get("\(client.server.baseURL)/v1.0/users/\(user.id)", token: token)
            #expect(result.status == 200)
            let object = try result.object()
            #expect(object["@odata.context"] as? String == "\(client.server.baseURL)/v1.0/$metadata#users/$entity")
            Self.expect(object, matches: user)

            let selected = try await client.get(
                "\(client.server.baseURL)/v1.0/users/\(user.id.uppercased())?$select=department", token: token)
            #expect(Set(try selected.object().keys) == ["@odata.context", "id", "department"])

            let outside = SimulatedTenant(configuration: SimulatorConfiguration(users: 41, anchor: testAnchor)).user(at: 40)
            for id in ["00000000-0000-4000-8000-000000000000", outside.id, "not-a-guid"] {
                let missing = try await client.get("\(client.server.baseURL)/v1.0/users/\(id)", token: token)
                #expect(missing.status == 404)
                #expect(try missing.graphErrorCode() == "Request_ResourceNotFound")
            }
            let unknown = try await client.get("\(client.server.baseURL)/v1.0/sites", token: token)
            #expect(unknown.status == 404)
            #expect(try unknown.graphErrorCode() != nil)
            let outsideGraph = try await client.get("\(client.server.baseURL)/favicon.ico", token: nil)
            #expect(outsideGraph.status == 404)
            #expect(try outsideGraph.graphErrorCode() != nil)
        }
    }

    @Test("users are found by principal name as by id, guests' #EXT# names included")
    func principalNames() async throws {
        try await withServer(SimulatorConfiguration(users: 3_000, seed: 13, anchor: testAnchor)) { client in
            let tenant = client.server.tenant
            for index in stride(from: 0, to: 3_000, by: 7) {
                let user = tenant.user(at: index)
                #expect(tenant.userIndex(forIdOrPrincipalName: user.userPrincipalName) == index, "\(user.userPrincipalName)")
                #expect(tenant.userIndex(forIdOrPrincipalName: user.userPrincipalName.uppercased()) == index)
            }
            #expect(tenant.userIndex(forIdOrPrincipalName: "nobody.here@contoso.example") == nil)
            let token = try await client.token()
            let guest = try #require(tenant.users().first { $0.isGuest })
            let encoded = try #require(guest.userPrincipalName.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let result = try await client.get("\(client.server.baseURL)/v1.0/users/\(encoded)?$select=id", token: token)
            #expect(try result.object()["id"] as? String == guest.id)
            let owner = tenant.user(at: try #require(tenant.mailboxUserIndexes().first))
            let messages = try await client.items(
                from: "\(client.server.baseURL)/v1.0/users/\(owner.userPrincipalName)/messages?$select=id", token: token)
            #expect(messages.compactMap { $0["id"] as? String } == tenant.messages(ofUserAt: owner.index).map(\.id))
        }
    }
}
