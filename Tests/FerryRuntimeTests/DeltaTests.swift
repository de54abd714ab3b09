import FerryConfig
import FerryCore
@testable import FerryRuntime
import FerryTransform
import FerryState
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Datasets read with `incremental: delta`: the first run reads everything, later runs exactly what
/// changed, deletions included, and an expired delta link means reading everything again.
@Suite(.serialized) struct DeltaTests {
    static func pipelineText(output: URL) -> String {
        """
        name: delta
        \(SimulatedEnvironment.sourceYAML)
        scope:
          users: all
          exclude_guests: false
        window:
          last: 7d
        datasets:
          - dataset: users
            incremental: delta
          - dataset: messages
            incremental: delta
        transform:
          pseudonymize:
            key: ${FERRY_PSEUDONYM_KEY}
        load:
          path: \(output.path)
        throttle:
          max_concurrency: 8
        """
    }

    /// The change records of one run of a delta dataset: id and `_change` of each.
    static func changes(_ output: URL, _ dataset: String, run: String) throws -> [(id: String, change: String)] {
        let partition = output.appendingPathComponent("\(dataset)_delta/run=\(run)")
        #expect(FileManager.default.fileExists(atPath: partition.appendingPathComponent("_SUCCESS").path), "\(partition.path)")
        var records: [(id: String, change: String)] = []
        for file in visibleFiles(under: partition) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
            for line in try jsonLines(try gunzip(file)) {
                records.append((try #require(line["id"] as? String), try #require(line["_change"] as? String)))
            }
        }
        return records
    }

    static func ids(_ records: [(id: String, change: String)], _ change: String) -> [String] {
        records.filter { $0.change == change }.map(\.id).sorted()
    }

    /// Compares two id lists, reporting only counts and a few examples when they differ.
    static func same(_ got: [String], _ expected: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let extra = Set(got).subtracting(expected)
        let missing = Set(expected).subtracting(got)
        let equal = got.sorted() == expected.sorted()
        #expect(
            equal,
            "\(what): \(got.count) written, \(expected.count) expected; \(extra.count) unexpected (\(extra.prefix(2))), \(missing.count) missing (\(missing.prefix(2)))",
            sourceLocation: sourceLocation)
    }

    /// Message ids per present user with a mailbox, received at or after `start`.
    static func messages(_ tenant: SimulatedTenant, from start: Date) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for index in 0..<tenant.userCount where tenant.isPresent(userAt: index) && tenant.hasMailbox(userAt: index) {
            result[tenant.user(at: index).id] = Set(tenant.messages(ofUserAt: index).filter { $0.receivedDateTime >= start }.map(\.id))
        }
        return result
    }

    /// Keys a Graph may write with escapes, as the same JSON: a deletion's `@removed`, a page's
    /// `@odata.deltaLink` and `value`, every record's `id`.
    static let respelledKeys = [
        (#""@removed":"#, #""@r\u0065moved":"#), (#""@odata.deltaLink":"#, #""@odata.d\u0065ltaLink":"#),
        (#""value":"#, #""v\u0061lue":"#), (#""id":"#, #""\u0069d":"#),
    ]

    /// Also through a proxy that writes those keys with escapes: deletions are still deletions.
    @Test(arguments: [false, true])
    func aDeltaRoundTripWritesExactlyTheChangesAndTheDeletions(respellingKeys: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 60, seed: 91)
        configuration.messagesPerUser = 15
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let anchor = configuration.anchor
            guard respellingKeys else {
                return try await Self.roundTrip(simulated, anchor: anchor, graphURL: simulated.server.baseURL, in: directory)
            }
            var mischief = HostileGraphProxy.Mischief()
            mischief.pageSize = 50
            mischief.respell = Self.respelledKeys
            try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
                try await Self.roundTrip(simulated, anchor: anchor, graphURL: proxy.baseURL, in: directory)
            }
        }
    }

    /// Three delta runs against `simulated`'s tenant (made at `anchor`), read at `graphURL`, with changes
    /// between them.
    static func roundTrip(_ simulated: SimulatedEnvironment, anchor: Date, graphURL: String, in directory: TemporaryDirectory)
        async throws
    {
        let file = directory.url.appendingPathComponent("delta.yaml")
        try Self.pipelineText(output: simulated.output).write(to: file, atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader(
            environment: simulated.environment.merging(["FERRY_GRAPH_URL": graphURL]) { $1 },
            schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
        ).load(file)
        #expect(pipeline.datasets.map(\.incremental) == [.delta, .delta])
        let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
        let start = anchor - 7 * 86_400

        // Run 1: a whole first round.
        let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
        let before = simulated.server.tenant
        let usersBefore = (0..<before.userCount).filter { before.isPresent(userAt: $0) }.map { before.user(at: $0).id }
        let firstUsers = try Self.changes(simulated.output, "users", run: first.runId)
        Self.same(Self.ids(firstUsers, "upsert"), usersBefore, "users, first round")
        #expect(firstUsers.count == usersBefore.count)
        let mailBefore = Self.messages(before, from: start)
        let firstMail = try Self.changes(simulated.output, "messages", run: first.runId)
        Self.same(Self.ids(firstMail, "upsert"), mailBefore.values.flatMap { $0 }, "messages, first round")
        #expect(firstMail.count == mailBefore.values.reduce(0) { $0 + $1.count })
        #expect(try store.deltaLinks(pipeline: "delta", dataset: "messages").count == mailBefore.count)
        #expect(try store.deltaLinks(pipeline: "delta", dataset: "users").keys.sorted() == ["tenant"])

        // The tenant changes: users added, changed and deleted; mail received and deleted.
        for _ in 0..<5 { _ = simulated.server.advanceGeneration() }
        let after = simulated.server.tenant
        let second = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 86_400 + 3600, state: store)).run()

        var addedOrChanged: [String] = []
        var deletedUsers: [String] = []
        for index in 0..<after.userCount {
            let existed = index < before.userCount && before.isPresent(userAt: index)
            let present = after.isPresent(userAt: index)
            if present && (!existed || before.user(at: index) != after.user(at: index)) { addedOrChanged.append(after.user(at: index).id) }
            if existed && !present { deletedUsers.append(before.user(at: index).id) }
        }
        let secondUsers = try Self.changes(simulated.output, "users", run: second.runId)
        Self.same(Self.ids(secondUsers, "upsert"), addedOrChanged, "users added or changed")
        Self.same(Self.ids(secondUsers, "deleted"), deletedUsers, "users deleted")
        #expect(!deletedUsers.isEmpty || !addedOrChanged.isEmpty, "the tenant should have changed")

        // A user's delta link keeps the window its first round had; a user new to this run starts
        // with this run's window, which reaches back 7 days from the new day.
        let mailAfter = Self.messages(after, from: start)
        let laterStart = start + 86_400
        let mailOfNewUsers = Self.messages(after, from: laterStart)
        var received: [String] = []
        var removed: [String] = []
        for (user, now) in mailAfter {
            guard let earlier = mailBefore[user] else {
                received += mailOfNewUsers[user] ?? []
                continue
            }
            received += now.subtracting(earlier)
            removed += earlier.subtracting(now)
        }
        let secondMail = try Self.changes(simulated.output, "messages", run: second.runId)

        #expect(!received.isEmpty && !removed.isEmpty, "new and deleted mail: \(received.count), \(removed.count)")
        Self.same(Self.ids(secondMail, "upsert"), received, "messages received")
        Self.same(Self.ids(secondMail, "deleted"), removed, "messages deleted")
        #expect(secondMail.count == received.count + removed.count, "only the changes")
        #expect(first.datasets.map(\.outputName) == ["users_delta", "messages_delta"])

        // Graph forgets every delta link: run 3 reads everything again and says so.
        simulated.server.expireDeltaTokens()
        let third = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 86_400 + 7200, state: store)).run()
        let thirdMail = try Self.changes(simulated.output, "messages", run: third.runId)
        #expect(Set(thirdMail.map(\.change)) == ["resync"])
        Self.same(thirdMail.map(\.id), mailOfNewUsers.values.flatMap { $0 }, "messages after a resync: the window of the day")
        let resynced = third.datasets.first { $0.dataset == "messages" }?.resyncs ?? 0
        #expect(resynced == mailAfter.count, "every user with a delta link reads whole again")
        #expect(third.render().contains("delta links expired"))
        // The first run's change feed is still there: each run has its own partition.
        #expect(try Self.changes(simulated.output, "messages", run: first.runId).count == firstMail.count)
    }

    /// A simulated tenant of `users` users with about `messages` messages each, the delta pipeline read
    /// from it, and a state database, for `body`; all removed afterwards.
    static func withDeltaPipeline(
        users: Int, seed: UInt64, messages: Int,
        _ body: (SimulatedEnvironment, Pipeline, StateStore, Date) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: users, seed: seed)
        configuration.messagesPerUser = messages
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let file = directory.url.appendingPathComponent("delta.yaml")
            try Self.pipelineText(output: simulated.output).write(to: file, atomically: true, encoding: .utf8)
            let pipeline = try PipelineLoader(environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas"))
                .load(file)
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            try await body(simulated, pipeline, store, configuration.anchor)
        }
    }

    /// A run whose change feeds were published just before its process died, its delta links never saved,
    /// cannot be continued: the run started instead reads the same changes again from the old links, and
    /// replaces the given-up run's `run=<id>` partition rather than publishing them a second time.
    @Test func aChangeFeedPublishedByARunThatDiedIsReplacedNotWrittenTwice() async throws {
        try await Self.withDeltaPipeline(users: 30, seed: 92, messages: 10) { simulated, pipeline, store, anchor in
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
            let firstLinks = try ["users", "messages"].map { ($0, try store.deltaLinks(pipeline: "delta", dataset: $0)) }
            for _ in 0..<3 { _ = simulated.server.advanceGeneration() }
            let second = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 86_400, state: store)).run()
            let published = try Self.changes(simulated.output, "messages", run: second.runId)
            #expect(!published.isEmpty, "the tenant should have changed")

            // As if the process had died after publishing, before its success (and its links) were recorded,
            // with a checkpoint whose staged file went with the publish.
            try store.transaction { transaction in
                for (dataset, links) in firstLinks {
                    try transaction.removeDeltaLinks(pipeline: "delta", dataset: dataset)
                    for (scope, link) in links { try transaction.setDeltaLink(link, pipeline: "delta", dataset: dataset, scope: scope) }
                }
            }
            try store.restartRun(id: second.runId, windowStart: nil, windowEnd: nil)
            try store.markInterrupted(id: second.runId)
            try store.saveCheckpoint(
                DatasetCheckpoint(
                    dataset: "messages", files: [.init(partition: second.runId, name: "part-\(second.runId)-00000.jsonl.gz", rows: 1, bytes: 20, sha256: "00")]),
                runId: second.runId)

            let third = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 86_400 + 60, state: store)).run()
            #expect(!third.resumed && third.runId != second.runId)
            let feeds = try FileManager.default.contentsOfDirectory(atPath: simulated.output.appendingPathComponent("messages_delta").path)
                .filter { $0.hasPrefix("run=") }.sorted()
            #expect(feeds == ["run=\(first.runId)", "run=\(third.runId)"], "the given-up run's feed is replaced, not kept beside the new one")
            Self.same(Self.ids(try Self.changes(simulated.output, "messages", run: third.runId), "upsert"), Self.ids(published, "upsert"), "the same changes once")
            Self.same(Self.ids(try Self.changes(simulated.output, "messages", run: third.runId), "deleted"), Self.ids(published, "deleted"), "the same deletions once")
        }
    }

    /// A delta link answers the query it was made by: after the columns change (here the subject, kept
    /// now), the saved links are dropped and every mailbox is read whole again, as a resync, so no record
    /// comes back without its new column; the run after that continues from the new links.
    @Test func changedColumnsStartTheChangeFeedOverAsAResync() async throws {
        try await Self.withDeltaPipeline(users: 20, seed: 93, messages: 8) { simulated, pipeline, store, anchor in
            let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("delta-subject-\(UUID().uuidString).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            try Self.pipelineText(output: simulated.output)
                .replacingOccurrences(
                    of: "    key: ${FERRY_PSEUDONYM_KEY}\n", with: "    key: ${FERRY_PSEUDONYM_KEY}\n    columns:\n      messages.subject: keep\n")
                .write(to: file, atomically: true, encoding: .utf8)
            let withSubject = try PipelineLoader(environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas"))
                .load(file)
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
            let firstMail = try Self.changes(simulated.output, "messages", run: first.runId)
            #expect(!firstMail.isEmpty)
            let linked = try store.deltaLinks(pipeline: "delta", dataset: "messages").count

            let second = try await PipelineRunner(pipeline: withSubject, options: RunOptions(now: anchor + 7200, state: store)).run()
            let secondMail = try Self.changes(simulated.output, "messages", run: second.runId)
            #expect(Set(secondMail.map(\.change)) == ["resync"], "every mailbox read whole again")
            Self.same(secondMail.map(\.id), firstMail.map(\.id), "the same messages, now with their subject")
            let partition = simulated.output.appendingPathComponent("messages_delta/run=\(second.runId)")
            for file in visibleFiles(under: partition) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
                for line in try jsonLines(try gunzip(file)) { #expect(line["subject"] is String, "\(line)") }
            }
            #expect((second.datasets.first { $0.dataset == "messages" }?.resyncs ?? 0) >= linked, "every mailbox with a link resynced")

            // The next run continues from the new links: nothing changed, nothing written.
            let third = try await PipelineRunner(pipeline: withSubject, options: RunOptions(now: anchor + 10_800, state: store)).run()
            #expect(try Self.changes(simulated.output, "messages", run: third.runId).isEmpty)
        }
    }

    /// A mailbox being read whole again as a resync when the run was stopped goes on as a resync when the
    /// run is resumed: its records say so (the consumer deletes what is not among them), and the count of
    /// resyncs keeps the ones from before the stop.
    @Test func aResyncStoppedMidwayIsResumedAsAResync() async throws {
        try await Self.withDeltaPipeline(users: 12, seed: 94, messages: 8) { simulated, pipeline, store, anchor in
            let now = anchor + 3600
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now, state: store)).run()
            #expect(!(try Self.changes(simulated.output, "messages", run: first.runId)).isEmpty)
            let tenant = simulated.server.tenant
            let owner = try #require(
                (0..<tenant.userCount).first { tenant.isPresent(userAt: $0) && tenant.hasMailbox(userAt: $0) && !tenant.messages(ofUserAt: $0).isEmpty }
                    .map { tenant.user(at: $0).id })

            // A run of the same window stopped while it read `owner`'s mailbox whole again, one resync counted.
            let window = try #require(first.window)
            let stopped = "20261101T000000Z-rsyn"
            try store.beginRun(id: stopped, pipeline: "delta", windowStart: window.start.date, windowEnd: window.end.date)
            try store.markInterrupted(id: stopped)
            let selection = try #require(pipeline.datasets.first { $0.schema.name == "messages" })
            let plan = try DatasetPlan(
                selection: selection, pipeline: pipeline, pseudonymizer: pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) },
                window: RunWindow(start: window.start, end: window.end),
                snapshotDate: window.end.dateText, runId: stopped)
            let start = try #require(plan.request.deltaStartURL(base: simulated.server.baseURL, owner: owner))
            try store.saveCheckpoint(
                DatasetCheckpoint(dataset: "messages", cursors: [owner: .init(nextURL: start, rows: 0, resync: true)], unitsResynced: 1),
                runId: stopped)

            let resumed = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now, state: store)).run()
            #expect(resumed.resumed && resumed.runId == stopped)
            let mail = try Self.changes(simulated.output, "messages", run: stopped)
            #expect(!mail.isEmpty)
            #expect(Set(mail.map(\.change)) == ["resync"], "the rest of a resync labelled \(Set(mail.map(\.change)))")
            #expect(resumed.datasets.first { $0.dataset == "messages" }?.resyncs == 1)
        }
    }

    @Test func deltaNeedsADatasetWithADeltaQuery() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("delta.yaml")
        try Self.pipelineText(output: directory.url).replacingOccurrences(of: "dataset: messages", with: "dataset: contacts")
            .write(to: file, atomically: true, encoding: .utf8)
        let environment = [
            "FERRY_GRAPH_URL": "http://127.0.0.1:9", "FERRY_TENANT_ID": "t", "FERRY_CLIENT_ID": "c", "FERRY_CLIENT_SECRET": "s",
            "FERRY_PSEUDONYM_KEY": "a-key-of-at-least-16-characters",
        ]
        let error = try #require(throws: (any Error).self) {
            try PipelineLoader(environment: environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")).load(file)
        }
        #expect("\(error)".contains("dataset 'contacts' has no delta query"), "\(error)")
        #expect("\(error)".contains("incremental: delta works for calendar_view, groups, messages, sent_items, users"), "\(error)")
    }
}
