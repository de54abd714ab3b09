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

    /// Waits, at most two minutes, until `count` admitted requests are held at the closed gate.
    static func waitUntilHeld(_ count: Int, at gate: AdmissionGate) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while gate.waitingCount < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(gate.waitingCount == count, "requests held in progress")
    }

    /// Sends `count` GETs at once and returns them still running, once the closed gate holds them all
    /// besides those it held before.
    static func sendHeld(
        _ count: Int, _ url: String, client: GraphTestClient, token: String
    ) async throws -> Task<[HTTPResult], any Error> {
        let gate = client.server.admissionGate
        let before = gate.waitingCount
        let requests = Task { try await concurrently(count, url, client: client, token: token) }
        try await waitUntilHeld(before + count, at: gate)
        return requests
    }

    @Test("a fifth concurrent request on one mailbox is 429 ApplicationThrottled, MailboxConcurrency")
    func mailboxConcurrency() async throws {
        let policy = ThrottlingPolicy(mailboxConcurrency: 4, concurrencyRetryAfter: 0.25)
        try await withServer(Self.configuration(policy, grace: 0.05)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let users = tenant.mailboxUserIndexes().map { tenant.user(at: $0).id }
            let url = "\(client.server.baseURL)/v1.0/users/\(users[0])/messages?$top=1"
            // Four requests held in progress, however long the machine takes to send the next ones.
            let gate = client.server.admissionGate
            gate.close()
            defer { gate.open() }
            let held = try await Self.sendHeld(4, url, client: client, token: token)
            let throttled = try await Self.concurrently(2, url, client: client, token: token)
            #expect(throttled.map(\.status) == [429, 429])
            for result in throttled {
                #expect(result.headers["retry-after"] == "0.25")
                #expect(try result.graphErrorCode() == "ApplicationThrottled")
                #expect(result.text.contains("MailboxConcurrency"))
            }
            // Another mailbox has its own four slots: its requests are admitted and held too.
            let other = try await Self.sendHeld(4, "\(client.server.baseURL)/v1.0/users/\(users[1])/events", client: client, token: token)
            gate.open()
            #expect(try await held.value.allSatisfy { $0.status == 200 })
            #expect(try await other.value.allSatisfy { $0.status == 200 })
            let counters = client.server.counters
            #expect(counters.peakConcurrencyByMailbox[users[0]] == 5)
            #expect(counters.peakConcurrencyByMailbox[users[1]] == 4)
            #expect(counters.count(.messages, status: 429) == 2 && counters.count(.messages, status: 200) == 4)
            #expect(counters.throttledByLimit == ["MailboxConcurrency": 2])
            // The slots are free again.
            #expect(try await client.get(url, token: token).status == 200)
        }
    }

    @Test("the mailbox rate refuses the request over the limit, and a retry inside its Retry-After is a violation")
    func mailboxRate() async throws {
        // A window no loaded machine can outlast between the requests; the window's sliding, and a retry
        // after Retry-After, are timed exactly in TrafficLedgerTests.
        let policy = ThrottlingPolicy(mailboxConcurrency: 10, mailboxRequests: 5, mailboxWindow: 600)
        try await withServer(Self.configuration(policy)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let url = "\(client.server.baseURL)/v1.0/users/\(user)/contacts"
            let burst = try await Self.concurrently(6, url, client: client, token: token)
            #expect(burst.filter { $0.status == 200 }.count == 5)
            let throttled = try #require(burst.first { $0.status == 429 })
            #expect(try throttled.graphErrorCode() == "ApplicationThrottled")
            #expect(throttled.text.contains("MailboxRequestRate"))
            let retryAfter = try #require(Double(throttled.headers["retry-after"] ?? ""))
            #expect(retryAfter > 500 && retryAfter <= 600)
            #expect(try await client.get(url, token: token).status == 429)
            let counters = client.server.counters
            #expect(counters.violations == 1 && counters.violationsByScope == [user: 1], "the retry came before Retry-After ran out")
            #expect(counters.throttledByLimit == ["MailboxRequestRate": 2])
        }
    }

    @Test("the directory charges resource units from one bucket; $select costs less")
    func directoryBucket() async throws {
        // Refills one unit every nine minutes: nothing comes back between the requests however busy the
        // machine is. The refill itself is timed exactly in TrafficLedgerTests.
        let policy = ThrottlingPolicy(directoryResourceUnits: 11, directoryWindow: 6_000)
        try await withServer(Self.configuration(policy)) { client in
            let token = try await client.token()
            let base = "\(client.server.baseURL)/v1.0/"
            // A list of users costs two units, one with $select.
            let burst = try await Self.concurrently(5, base + "users?$top=1", client: client, token: token)
            #expect(burst.allSatisfy { $0.status == 200 })
            #expect(try await client.get(base + "users?$top=1&$select=id", token: token).status == 200)
            let throttled = try await client.get(base + "users?$top=1", token: token)
            #expect(throttled.status == 429)
            #expect(try throttled.graphErrorCode() == "TooManyRequests")
            let wait = try #require(Double(throttled.headers["retry-after"] ?? ""))
            #expect(wait > 1_000 && wait <= 2 * 6_000 / 11 + 1, "two units at eleven per 6,000 s")
            #expect(client.server.counters.throttledByLimit == ["DirectoryResourceUnits": 1])
            #expect(client.server.counters.violations == 0)
            // Mailboxes are not charged to the directory.
            let user = client.server.tenant.user(at: try #require(client.server.tenant.mailboxUserIndexes().first)).id
            for _ in 0..<12 { #expect(try await client.get(base + "users/\(user)/mailboxSettings", token: token).status == 200) }
        }
    }

    @Test("without a policy nothing is throttled, but concurrency is still measured")
    func unthrottled() async throws {
        try await withServer(Self.configuration(nil, latency: 0.3)) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let url = "\(client.server.baseURL)/v1.0/users/\(user)/messages"
            let gate = client.server.admissionGate
            gate.close()
            defer { gate.open() }
            let results = try await Self.sendHeld(12, url, client: client, token: token)
            gate.open()
            #expect(try await results.value.allSatisfy { $0.status == 200 })
            #expect(client.server.counters.peakMailboxConcurrency == 12)
            #expect(client.server.counters.throttled == 0)
            // The latency is waited out on every answer; sleeping never ends early, so this bound is safe.
            let started = ContinuousClock.now
            #expect(try await client.get(url, token: token).status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
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
