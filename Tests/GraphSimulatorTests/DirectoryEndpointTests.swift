import Foundation
import Testing
@testable import GraphSimulator

@Suite("Directory relations: manager, directReports, memberOf, groups and members")
struct DirectoryEndpointTests {
    static let configuration = SimulatorConfiguration(users: 260, seed: 9, anchor: testAnchor)

    @Test("the manager tree: every user's manager or 404 at the top, and directReports are its inverse")
    func managerTree() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let base = client.server.baseURL + "/v1.0/users/"
            var withoutManager = 0
            var servedLinks = Set<[String]>()
            for index in tenant.presentUserIndexes() {
                let id = tenant.user(at: index).id
                let result = try await client.get(base + id + "/manager?$select=id,displayName", token: token)
                if let manager = tenant.managerIndex(ofUserAt: index) {
                    #expect(result.status == 200)
                    let object = try result.object()
                    #expect(object["id"] as? String == tenant.user(at: manager).id)
                    #expect(object["@odata.type"] as? String == "#microsoft.graph.user")
                    #expect(Set(object.keys) == ["@odata.context", "@odata.type", "id", "displayName"])
                    servedLinks.insert([id, tenant.user(at: manager).id])
                } else {
                    #expect(result.status == 404)
                    #expect(try result.graphErrorCode() == "Request_ResourceNotFound")
                    withoutManager += 1
                }
            }
            #expect(withoutManager >= 1 && withoutManager < 40, "the top and the guests have no manager")
            #expect(servedLinks == Set(tenant.managerLinks().map { [$0.sourceId, $0.target.id] }))

            var reportLinks = Set<[String]>()
            for index in tenant.presentUserIndexes() {
                let id = tenant.user(at: index).id
                for report in try await client.items(from: base + id + "/directReports?$top=3", token: token) {
                    #expect(report["@odata.type"] as? String == "#microsoft.graph.user")
                    reportLinks.insert([try #require(report["id"] as? String), id])
                }
            }
            #expect(reportLinks == servedLinks, "directReports is exactly the inverse of manager")
            #expect(Set(tenant.directReportLinks().map { [$0.target.id, $0.sourceId] }) == servedLinks)
        }
    }

    @Test("groups page completely for several $top values, Microsoft 365 and security groups mixed", arguments: [1, 5, 999])
    func groupsPaging(top: Int) async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let groups = try await client.items(from: client.server.baseURL + "/v1.0/groups?$top=\(top)", token: token)
            let expected = tenant.groups()
            #expect(groups.compactMap { $0["id"] as? String } == expected.map(\.id))
            #expect(Set(groups.compactMap { $0["id"] as? String }).count == groups.count)
            for (object, group) in zip(groups, expected) {
                #expect(object["displayName"] as? String == group.displayName)
                #expect(object["groupTypes"] as? [String] == group.groupTypes)
                #expect(object["mailEnabled"] as? Bool == group.mailEnabled)
                #expect(object["securityEnabled"] as? Bool == group.securityEnabled)
                #expect((object["mail"] as? String) == group.mail)
                #expect(object.keys.contains("visibility") && object.keys.contains("description"))
            }
            #expect(expected.contains { $0.isMicrosoft365 } && expected.contains { !$0.isMicrosoft365 && $0.securityEnabled })
            #expect(expected.contains { $0.displayName.unicodeScalars.contains { (0x0590...0x06FF).contains($0.value) } },
                    "some group names are right-to-left")
        }
    }

    @Test("members list users and nested groups by @odata.type, and memberOf is their inverse")
    func members() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let base = client.server.baseURL + "/v1.0/"
            var served = Set<SimulatedDirectoryLink>()
            var types = Set<String>()
            for group in tenant.groups() {
                let members = try await client.items(from: base + "groups/\(group.id)/members?$top=7&$select=id,displayName", token: token)
                for member in members {
                    let type = try #require(member["@odata.type"] as? String)
                    types.insert(type)
                    let kind: SimulatedDirectoryReference.Kind = type == "#microsoft.graph.group" ? .group : .user
                    let id = try #require(member["id"] as? String)
                    let index = try #require(kind == .user ? tenant.userIndex(forId: id) : tenant.groupIndex(forId: id))
                    served.insert(SimulatedDirectoryLink(sourceId: group.id, target: SimulatedDirectoryReference(kind: kind, index: index, id: id)))
                    #expect(member["displayName"] is String)
                }
            }
            #expect(types == ["#microsoft.graph.user", "#microsoft.graph.group"])
            #expect(served == Set(tenant.groupMemberLinks()))

            for index in tenant.presentUserIndexes().prefix(60) {
                let user = tenant.user(at: index)
                let memberOf = try await client.items(from: base + "users/\(user.id)/memberOf", token: token)
                #expect(memberOf.allSatisfy { $0["@odata.type"] as? String == "#microsoft.graph.group" })
                let ids = Set(memberOf.compactMap { $0["id"] as? String })
                let expected = Set(served.filter { $0.target.id == user.id }.map(\.sourceId))
                #expect(ids == expected, "memberOf of user \(index)")
            }
        }
    }

    @Test("$filter on users and groups matches the tenant; $count needs ConsistencyLevel eventual")
    func filtersAndCount() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let users = tenant.users()
            let base = client.server.baseURL + "/v1.0/"
            let cases: [(String, (SimulatedUser) -> Bool)] = [
                ("startswith(displayName,'A')", { $0.displayName.lowercased().hasPrefix("a") }),
                ("userType eq 'Guest'", { $0.isGuest }),
                ("accountEnabled eq false or mail eq null", { !$0.accountEnabled || $0.mail == nil }),
                ("createdDateTime ge 2024-01-01T00:00:00Z and userType eq 'Member'",
                 { $0.createdDateTime >= Date(timeIntervalSince1970: 1_704_067_200) && !$0.isGuest }),
            ]
            for (filter, predicate) in cases {
                let encoded = try #require(filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let served = try await client.items(from: base + "users?$top=13&$select=id&$filter=\(encoded)", token: token)
                let expected = users.filter(predicate).map(\.id)
                #expect(served.compactMap { $0["id"] as? String } == expected, "\(filter)")
                #expect(!expected.isEmpty, "\(filter) selects someone")
            }
            let counted = try await client.get(
                base + "users?$count=true&$top=1&$filter=userType%20eq%20'Guest'", token: token, headers: ["ConsistencyLevel": "eventual"])
            #expect(try counted.object()["@odata.count"] as? Int == users.filter(\.isGuest).count)
            let refused = try await client.get(base + "users?$count=true", token: token)
            #expect(refused.status == 400)
            #expect(try refused.graphErrorCode() == "Request_BadRequest")
            let unsupported = try await client.get(base + "users?$filter=shoeSize%20eq%2042", token: token)
            #expect(unsupported.status == 400)
            #expect(try unsupported.graphErrorCode() == "Request_UnsupportedQuery")

            let securityGroups = try await client.items(from: base + "groups?$filter=securityEnabled%20eq%20true", token: token)
            #expect(securityGroups.compactMap { $0["id"] as? String } == tenant.groups().filter(\.securityEnabled).map(\.id))
            let unknownGroup = try await client.get(base + "groups/00000000-0000-4000-8000-000000000000/members", token: token)
            #expect(unknownGroup.status == 404)
            #expect(try unknownGroup.graphErrorCode() == "Request_ResourceNotFound")
        }
    }
}
