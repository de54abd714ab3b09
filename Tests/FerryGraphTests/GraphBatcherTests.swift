import FerryCore
import GraphSimulator
import Testing

@testable import FerryGraph

/// `GraphBatcher` against the simulator's `$batch`, which answers in any order and throttles and fails
/// items one by one, as Graph does.
@Suite("GraphBatcher")
struct GraphBatcherTests {
    @Test func batchedFirstPagesAreTheSingleRequestsAnswers() async throws {
        try await SimulatedGraph.with(SimulatedGraph.configuration(users: 100)) { graph in
            let urls = (0..<100).map { graph.url("/users/\(graph.userId($0))/messages?$top=4&$select=id,subject,receivedDateTime") }
            let single = try await SimulatedGraph.getAll(urls) { try await graph.client.get($0) }
            graph.server.resetCounters()
            let before = graph.client.stats

            // A long linger: 100 calls started together make five full batches, however slowly tasks start.
            // Full batches leave at once, so the linger costs nothing unless a batch is short.
            let batcher = graph.batcher(linger: .seconds(10))
            let batched = try await SimulatedGraph.getAll(urls) { try await batcher.get($0) }

            let withoutMailbox = (0..<100).filter { !graph.server.tenant.hasMailbox(userAt: $0) }
            #expect(!withoutMailbox.isEmpty)
            for index in 0..<100 {
                #expect(batched[index].status == single[index].status, "user \(index)")
                if single[index].status == 200 {
                    let page = try #require(batched[index].json)
                    #expect(page == single[index].json, "user \(index)")
                    let ids = page["value"].flatMap { value -> [String]? in
                        guard case .array(let items) = value else { return nil }
                        return items.compactMap { $0["id"]?.stringValue }
                    }
                    #expect(ids == graph.server.tenant.messages(ofUserAt: index).prefix(4).map(\.id))
                } else {
                    #expect(withoutMailbox.contains(index))
                    #expect(batched[index].status == 404)
                    #expect(GraphErrorBody.parse(batched[index].body)?.code == "MailboxNotEnabledForRESTAPI")
                }
            }
            let counters = graph.server.counters
            #expect(counters.batches >= 5 && counters.batches <= 8)
            #expect(counters.batchedRequests == 100)
            #expect(counters.count(.batch) == counters.batches)
            let stats = graph.client.stats
            #expect(stats.batchesSent - before.batchesSent == counters.batches)
            #expect(stats.itemsBatched - before.itemsBatched == 100)
            #expect(stats.requestsSent - before.requestsSent == counters.batches)
            #expect(stats.retries == 0)

            // Asked to, the batcher hands each page over scanned, with the scan its body alone gives.
            #expect(batched.allSatisfy { $0.pageScan == nil })
            let scanned = try await SimulatedGraph.getAll(urls) { try await batcher.get($0, scanningPage: true) }
            for index in 0..<100 {
                #expect(scanned[index].status == batched[index].status, "user \(index)")
                guard scanned[index].status == 200 else { continue }
                #expect(scanned[index].body == batched[index].body, "user \(index)")
                let scan = try #require(scanned[index].pageScan, "user \(index)")
                let alone = try JSONPageScan.scan(scanned[index].body)
                #expect(scan.items == alone.items)
                #expect(scan.itemFields == alone.itemFields)
                #expect(JSONValue.object(scan.members) == .object(alone.members))
            }
        }
    }

    /// Tight limits (two requests per mailbox per 0.3 s, ten directory units per 0.2 s) and status faults
    /// on one item in eleven.
    static func throttledConfiguration(users: Int) -> SimulatorConfiguration {
        var configuration = SimulatedGraph.configuration(users: users, seed: 11)
        configuration.throttling = ThrottlingPolicy(
            mailboxConcurrency: 4, mailboxRequests: 2, mailboxWindow: 0.3, directoryResourceUnits: 10,
            directoryWindow: 0.2, concurrencyRetryAfter: 0.05)
        configuration.faults = FaultPolicy(
            internalServerError: 0.03, serviceUnavailable: 0.03, gatewayTimeout: 0.03, serviceUnavailableRetryAfter: 0.1)
        configuration.latency = 0.002
        return configuration
    }

    @Test func throttledAndFailingMailboxItemsAllEndWithoutViolatingRetryAfter() async throws {
        try await SimulatedGraph.with(Self.throttledConfiguration(users: 30)) { graph in
            let tenant = graph.server.tenant
            // Eight two-message pages per mailbox, four times what Graph allows at once.
            let requests = (0..<30).flatMap { user in
                (0..<8).map { skip in
                    (url: graph.url("/users/\(graph.userId(user))/messages?$top=2&$skip=\(skip)&$select=id"), user: user, skip: skip)
                }
            }
            let batcher = graph.batcher()
            let responses = try await SimulatedGraph.getAll(requests.map(\.url)) { try await batcher.get($0) }

            for (request, response) in zip(requests, responses) {
                guard tenant.hasMailbox(userAt: request.user) else {
                    #expect(response.status == 404)
                    continue
                }
                #expect(response.status == 200, "\(request.url)")
                let expected = tenant.messages(ofUserAt: request.user).dropFirst(request.skip).prefix(2).map { JSONValue.string($0.id) }
                let ids = response.json?["value"].map { value -> [JSONValue] in
                    guard case .array(let items) = value else { return [] }
                    return items.compactMap { $0["id"] }
                }
                #expect(ids == expected, "\(request.url)")
            }
            let counters = graph.server.counters
            #expect(counters.violations == 0, "\(counters.violationsByScope)")
            #expect(counters.throttledByLimit["MailboxRequestRate", default: 0] > 0)
            #expect(counters.throttledByLimit["MailboxConcurrency", default: 0] == 0)
            #expect(counters.peakMailboxConcurrency <= 4)
            #expect(counters.faults.values.reduce(0, +) > 0)
            let stats = graph.client.stats
            #expect(stats.throttled >= counters.throttled)
            #expect(stats.retries > 0)
            #expect(stats.itemsBatched > requests.count)
            #expect(stats.lowestConcurrencyLimit < 32)
        }
    }

    /// The directory is one scope for the whole tenant: of batches sent together, a later one can reach a
    /// busy simulator past its 20 ms grace after an earlier one earned a Retry-After, however well the
    /// client behaves. So one batch at a time here: every directory request then leaves after the answers
    /// before it were read, and must honour what they said.
    @Test func throttledAndFailingDirectoryItemsAllEndWithoutViolatingRetryAfter() async throws {
        try await SimulatedGraph.with(Self.throttledConfiguration(users: 60), maxConcurrency: 1) { graph in
            let urls = (0..<60).map { graph.url("/users/\(graph.userId($0))?$select=id,displayName") }
            let batcher = graph.batcher()
            let responses = try await SimulatedGraph.getAll(urls) { try await batcher.get($0) }
            for (user, response) in responses.enumerated() {
                #expect(response.status == 200)
                #expect(response.json?["id"]?.stringValue == graph.userId(user))
            }
            let counters = graph.server.counters
            #expect(counters.violations == 0, "\(counters.violationsByScope)")
            #expect(counters.throttledByLimit["DirectoryResourceUnits", default: 0] > 0)
            #expect(counters.batches >= 3)
            #expect(graph.client.stats.throttled >= counters.throttled)
        }
    }

    @Test func collectionsReadThroughTheBatcherSurviveBrokenBatchAnswers() async throws {
        var configuration = SimulatedGraph.configuration(users: 40, seed: 5)
        configuration.messagesPerUser = 9
        // These hit whole HTTP answers, so whole batches: dropped connections, answers cut in half, tokens
        // refused as expired.
        configuration.faults = FaultPolicy(droppedConnection: 0.1, truncatedBody: 0.1, tokenExpiry: 0.02)
        try await SimulatedGraph.with(configuration) { graph in
            let tenant = graph.server.tenant
            let reader = CollectionReader(client: graph.client, batcher: graph.batcher())
            let outcomes = try await withThrowingTaskGroup(of: (Int, CollectionOutcome, [String]).self) { group in
                for user in 0..<40 {
                    let url = graph.url("/users/\(graph.userId(user))/messages?$top=4&$select=id")
                    group.addTask {
                        var ids: [String] = []
                        let outcome = try await reader.read(url) { page in
                            ids += page.items.compactMap { $0["id"]?.stringValue }
                        }
                        return (user, outcome, ids)
                    }
                }
                return try await group.reduce(into: [Int: (CollectionOutcome, [String])]()) { $0[$1.0] = ($1.1, $1.2) }
            }
            for user in 0..<40 {
                let (outcome, ids) = try #require(outcomes[user])
                if tenant.hasMailbox(userAt: user) {
                    #expect(ids == tenant.messages(ofUserAt: user).map(\.id), "user \(user)")
                    if case .complete(let pages, let items) = outcome {
                        #expect(items == ids.count)
                        #expect(pages == max(1, (ids.count + 3) / 4))
                    } else {
                        Issue.record("user \(user): \(outcome)")
                    }
                } else {
                    #expect(outcome == .unavailable(code: "MailboxNotEnabledForRESTAPI"))
                }
            }
            let counters = graph.server.counters
            #expect(counters.faults[.droppedConnection, default: 0] + counters.faults[.truncatedBody, default: 0] > 0)
            #expect(counters.batches > 0)
            let stats = graph.client.stats
            #expect(stats.batchesSent > 0)
            #expect(stats.itemsBatched >= 40)
        }
    }

    @Test func readObjectGoesThroughTheBatcherAndOtherURLsGoAlone() async throws {
        try await SimulatedGraph.with(SimulatedGraph.configuration(users: 12)) { graph in
            let batcher = graph.batcher(linger: .milliseconds(50))
            let reader = CollectionReader(client: graph.client, batcher: batcher)
            let outcomes = try await withThrowingTaskGroup(of: (Int, ObjectOutcome).self) { group in
                for user in 0..<12 {
                    let url = graph.url("/users/\(graph.userId(user))/mailboxSettings")
                    group.addTask { (user, try await reader.readObject(url)) }
                }
                return try await group.reduce(into: [Int: ObjectOutcome]()) { $0[$1.0] = $1.1 }
            }
            for user in 0..<12 {
                switch outcomes[user] {
                case .found(let settings, _):
                    #expect(graph.server.tenant.hasMailbox(userAt: user))
                    #expect(settings["timeZone"] != nil)
                case .unavailable(let code):
                    #expect(!graph.server.tenant.hasMailbox(userAt: user), "\(code)")
                case nil:
                    Issue.record("no outcome for user \(user)")
                }
            }
            #expect(graph.server.counters.batchedRequests == 12)

            // Not under {graphURL}/v1.0/: sent on its own, and answered as the client would.
            graph.server.resetCounters()
            let beta = try await batcher.get(graph.server.baseURL + "/beta/users")
            #expect(beta.status == 404)
            #expect(graph.server.counters.batches == 0)
            #expect(ThrottleScopes.scope(of: graph.url("/$batch")) == ThrottleScopes.batch)
        }
    }
}
