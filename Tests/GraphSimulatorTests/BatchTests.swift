import Foundation
import Testing
@testable import GraphSimulator

@Suite("POST /v1.0/$batch")
struct BatchTests {
    static let configuration = SimulatorConfiguration(users: 60, seed: 51, anchor: testAnchor)

    @Test("each request is answered on its own, matched by id, as a direct GET would answer it")
    func answers() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let mailboxUser = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let urls = [
                "1": "/users?$top=5&$select=id,displayName", "2": "/users/\(tenant.user(at: 3).id)",
                "3": "users/\(mailboxUser)/messages?$top=3", "4": "/users/00000000-0000-4000-8000-000000000000",
                "5": "/users/\(mailboxUser)/calendarView?startDateTime=2026-11-14T00:00:00Z&endDateTime=2026-11-28T00:00:00Z",
                "6": "/groups?$top=2", "7": "/nowhere",
            ]
            let requests = urls.sorted { $0.key < $1.key }.map { ["id": $0.key, "method": "GET", "url": $0.value] as [String: Any] }
            let (result, answers, order) = try await client.batch(requests, token: token)
            #expect(result.status == 200)
            #expect(Set(answers.keys) == Set(urls.keys))
            #expect(order != order.sorted(), "answers come in another order than the requests")
            #expect(answers["4"]?["status"] as? Int == 404)
            #expect(answers["7"]?["status"] as? Int == 404)
            for (id, url) in urls where id != "4" && id != "7" {
                let answer = try #require(answers[id])
                #expect(answer["status"] as? Int == 200, "\(id): \(answer)")
                #expect((answer["headers"] as? [String: Any])?["Content-Type"] as? String != nil)
                let body = try #require(answer["body"] as? [String: Any])
                let path = url.hasPrefix("/") ? url : "/" + url
                let direct = try await client.get(client.server.baseURL + "/v1.0" + path, token: token).object()
                let ids = { (object: [String: Any]) in
                    (object["value"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? [object["id"] as? String ?? "?"]
                }
                #expect(ids(body) == ids(direct), "\(id)")
                #expect((body["@odata.nextLink"] as? String) == (direct["@odata.nextLink"] as? String))
            }
            let counters = client.server.counters
            #expect(counters.batches == 1 && counters.batchedRequests == 7)
            #expect(counters.count(.users, status: 200) == 2 && counters.count(.user, status: 404) == 1)
        }
    }

    @Test("dependsOn runs in order; a failed dependency makes its dependents 424")
    func dependencies() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let user = client.server.tenant.user(at: 1).id
            let (result, answers, _) = try await client.batch([
                ["id": "a", "method": "GET", "url": "/users/\(user)"],
                ["id": "b", "method": "GET", "url": "/users/not-a-user", "dependsOn": ["a"]],
                ["id": "c", "method": "GET", "url": "/users/\(user)/manager", "dependsOn": ["b"]],
                ["id": "d", "method": "GET", "url": "/users/\(user)/memberOf", "dependsOn": ["a"]],
            ], token: token)
            #expect(result.status == 200)
            #expect(answers["a"]?["status"] as? Int == 200)
            #expect(answers["b"]?["status"] as? Int == 404)
            #expect(answers["c"]?["status"] as? Int == 424)
            #expect(((answers["c"]?["body"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "FailedDependency")
            #expect(answers["d"]?["status"] as? Int == 200)
        }
    }

    @Test("malformed batches are 400 as a whole: more than 20, duplicate ids, no requests, not JSON, unknown dependency")
    func malformed() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let url = client.server.baseURL + "/v1.0/$batch"
            let get = { (id: String) -> [String: Any] in ["id": id, "method": "GET", "url": "/users?$top=1"] }
            let bodies: [Any] = [
                ["requests": (1...21).map { get(String($0)) }], ["requests": [get("1"), get("1")]], ["requests": []],
                ["nothing": true], ["requests": [["id": "1", "method": "GET", "url": "/users", "dependsOn": ["9"]]]],
            ]
            for body in bodies {
                let result = try await client.post(url, token: token, json: body)
                #expect(result.status == 400, "\(body)")
                #expect(try result.graphErrorCode() == "BadRequest")
            }
            let twenty = try await client.batch((1...20).map { get(String($0)) }, token: token)
            #expect(twenty.answers.count == 20)
            let nested = try await client.batch([["id": "1", "method": "POST", "url": "/$batch"]], token: token)
            #expect(nested.answers["1"]?["status"] as? Int == 400)
            #expect(try await client.post(url, token: nil, json: ["requests": [get("1")]]).status == 401)
        }
    }

    @Test("sub-requests are throttled one by one, with Retry-After in their own headers")
    func throttledParts() async throws {
        var configuration = Self.configuration
        configuration.throttling = ThrottlingPolicy(mailboxConcurrency: 4, concurrencyRetryAfter: 0.5)
        try await withServer(configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let requests = (1...6).map { ["id": String($0), "method": "GET", "url": "/users/\(user)/messages?$top=1"] as [String: Any] }
                + [["id": "7", "method": "GET", "url": "/users?$top=1"]]
            let (_, answers, _) = try await client.batch(requests, token: token)
            let throttled = answers.values.filter { $0["status"] as? Int == 429 }
            #expect(throttled.count == 2, "a batch's requests to one mailbox run together: 4 fit, 2 do not")
            for answer in throttled {
                let headers = try #require(answer["headers"] as? [String: Any])
                #expect(headers["Retry-After"] as? String == "0.5")
                let error = (answer["body"] as? [String: Any])?["error"] as? [String: Any]
                #expect(error?["code"] as? String == "ApplicationThrottled")
                #expect((error?["message"] as? String)?.contains("MailboxConcurrency") == true)
            }
            #expect(answers["7"]?["status"] as? Int == 200)
            let counters = client.server.counters
            #expect(counters.throttled == 2 && counters.throttledByLimit["MailboxConcurrency"] == 2)
            #expect(counters.peakConcurrencyByMailbox[user] == 5, "four in progress and one arriving")
        }
    }
}
