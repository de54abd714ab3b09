import Foundation
import Testing
@testable import GraphSimulator

@Suite("Throttling, counters and violations")
struct ThrottlingTests {
    static func configuration(_ policy: ThrottlingPolicy?, latency: Double = 0, grace: Double = 0) -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: 40, seed: 61, anchor: testAnchor, throttling: policy, latency: latency, violationGrace: grace)
    }

    /// Sends `count` GETs at once and returns their results.
    static func concurrently(_ count: Int, _ url: String, client: GraphTestClient, token: String) async throws -> [HTTPResult] {
        try await withThrowingTaskGroup(of: HTTPResult.self) { group in
            for _ in 0..<count { group.addTask { try await client.get(url, token: token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("a fifth concurrent request on one mailbox is 429 ApplicationThrottled, MailboxConcurrency")
    func mailboxConcurrency() async throws {
        let policy = ThrottlingPolicy(mailboxConcurrency: 4, concurrencyRetryAfter: 0.25)
        try await withServer(Self.configuration(policy, latency: 1.0, grace: 0.05)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let users = tenant.mailboxUserIndexes().map { tenant.user(at: $0).id }
            let url = "\(client.server.baseURL)/v1.0/users/\(users[0])/messages?$top=1"
            let results = try await Self.concurrently(6, url, client: client, token: token)
            let throttled = results.filter { $0.status == 429 }
            #expect(throttled.count == 2)
            #expect(results.filter { $0.status == 200 }.count == 4)
            for result in throttled {
                #expect(result.headers["retry-after"] == "0.25")
                #expect(try result.graphErrorCode() == "ApplicationThrottled")
                #expect(result.text.contains("MailboxConcurrency"))
            }
            // Another mailbox has its own four slots.
            let other = try await Self.concurrently(4, "\(client.server.baseURL)/v1.0/users/\(users[1])/events", client: client, token: token)
            #expect(other.allSatisfy { $0.status == 200 })
            let counters = client.server.counters
            #expect(counters.peakConcurrencyByMailbox[users[0]] == 5)
            #expect(counters.peakConcurrencyByMailbox[users[1]] == 4)
            #expect(counters.count(.messages, status: 429) == 2 && counters.count(.messages, status: 200) == 4)
            #expect(counters.throttledByLimit == ["MailboxConcurrency": 2])
        }
    }

    @Test("the mailbox rate is a sliding window; a request inside Retry-After is a violation, one after it is not")
    func mailboxRate() async throws {
        // A window long enough that the first six requests fall in it even on a loaded machine.
        let policy = ThrottlingPolicy(mailboxRequests: 5, mailboxWindow: 6)
        try await withServer(Self.configuration(policy)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let url = "\(client.server.baseURL)/v1.0/users/\(user)/contacts"
            // Sent at once, so that all six arrive inside the window however busy the machine is.
            // The refusal's Retry-After counts from when it was answered, which is after this instant.
            let sent = ContinuousClock.now
            let burst = try await Self.concurrently(6, url, client: client, token: token)
            #expect(burst.filter { $0.status == 200 }.count == 5)
            let throttled = try #require(burst.first { $0.status == 429 })
            #expect(throttled.text.contains("MailboxRequestRate"))
            let retryAfter = try #require(Double(throttled.headers["retry-after"] ?? ""))
            #expect(retryAfter > 0 && retryAfter <= 6)
            let early = try await client.get(url, token: token).status
            // A machine so loaded that this retry left after the Retry-After ran out cannot tell.
            guard sent.duration(to: .now) < .seconds(retryAfter) else { return }
            #expect(early == 429)
            #expect(client.server.counters.violations == 1, "the retry came before Retry-After ran out")
            try await Task.sleep(for: .seconds(retryAfter + 0.05))
            #expect(try await client.get(url, token: token).status == 200)
            let counters = client.server.counters
            #expect(counters.violations == 1 && counters.violationsByScope == [user: 1])
            #expect(counters.throttledByLimit["MailboxRequestRate"] == 2)
        }
    }

    @Test("the directory charges resource units from one bucket; $select costs less")
    func directoryBucket() async throws {
        // Refills one unit every six seconds: slow enough that six requests empty it on a loaded machine.
        let policy = ThrottlingPolicy(directoryResourceUnits: 10, directoryWindow: 60)
        try await withServer(Self.configuration(policy)) { client in
            let token = try await client.token()
            let base = "\(client.server.baseURL)/v1.0/"
            // Sent at once, so that the bucket cannot refill between them however busy the machine is.
            let burst = try await Self.concurrently(6, base + "users?$top=1", client: client, token: token)
            #expect(burst.filter { $0.status == 200 }.count == 5)
            let throttled = try #require(burst.first { $0.status == 429 })
            #expect(try throttled.graphErrorCode() == "TooManyRequests")
            let wait = try #require(Double(throttled.headers["retry-after"] ?? ""))
            #expect(wait > 0 && wait <= 12)
            try await Task.sleep(for: .seconds(wait + 0.02))
            #expect(try await client.get(base + "users?$top=1&$select=id", token: token).status == 200)
            #expect(client.server.counters.throttledByLimit == ["DirectoryResourceUnits": 1])
            #expect(client.server.counters.violations == 0)
            // Mailboxes are not charged to the directory.
            let user = client.server.tenant.user(at: try #require(client.server.tenant.mailboxUserIndexes().first)).id
            for _ in 0..<12 { #expect(try await client.get(base + "users/\(user)/mailboxSettings", token: token).status == 200) }
        }
    }

    @Test("without a policy nothing is throttled, but concurrency is still measured")
    func unthrottled() async throws {
        try await withServer(Self.configuration(nil, latency: 0.5)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let results = try await Self.concurrently(12, "\(client.server.baseURL)/v1.0/users/\(user)/messages", client: client, token: token)
            #expect(results.allSatisfy { $0.status == 200 })
            #expect(client.server.counters.peakMailboxConcurrency >= 8)
            #expect(client.server.counters.throttled == 0)
            client.server.resetCounters()
            #expect(client.server.counters.totalRequests == 0)
        }
    }

    @Test("Retry-After is whole seconds or a short decimal; scaled policies keep Graph's rates")
    func formats() {
        #expect(RetryAfter.format(0.25, fractional: true) == "0.25")
        #expect(RetryAfter.format(1.5004, fractional: true) == "1.501")
        #expect(RetryAfter.format(2, fractional: true) == "2")
        #expect(RetryAfter.format(0.0001, fractional: true) == "0.001")
        #expect(RetryAfter.format(0.25, fractional: false) == "1")
        #expect(RetryAfter.format(12.2, fractional: true) == "13")
        let scaled = ThrottlingPolicy.graph.scaled(by: 0.001, userCount: 1_000)
        #expect(scaled.mailboxRequests == 10 && abs(scaled.mailboxWindow - 0.6) < 1e-9)
        #expect(scaled.directoryResourceUnits == 8 && abs(scaled.directoryWindow - 0.01) < 1e-9)
        #expect(scaled.mailboxConcurrency == 4)
        #expect(ThrottlingPolicy.graph.directoryUnits(userCount: 30) == 3_500)
        #expect(ThrottlingPolicy.graph.directoryUnits(userCount: 300) == 5_000)
        #expect(throws: SimulatorConfigurationError.self) {
            try SimulatorConfiguration(throttling: ThrottlingPolicy(mailboxConcurrency: 0)).validate()
        }
    }
}
