import FerryCore
import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Consecutive runs of a pipeline with a `last:` window export from the last successful run's
/// watermark to today: together they cover every day once while the tenant keeps changing.
@Suite(.serialized) struct IncrementalRunsTests {
    static let day: TimeInterval = 86_400

    /// The ids of the messages of present users with a mailbox received in [start, end).
    static func messageIds(_ tenant: SimulatedTenant, from start: Date, to end: Date) -> Set<String> {
        var ids: Set<String> = []
        for index in 0..<tenant.userCount where tenant.isPresent(userAt: index) && tenant.hasMailbox(userAt: index) {
            for message in tenant.messages(ofUserAt: index) where message.receivedDateTime >= start && message.receivedDateTime < end {
                ids.insert(message.id)
            }
        }
        return ids
    }

    /// Message ids in the visible partitions of the given days.
    static func exportedIds(_ output: URL, days: [String]) throws -> [String] {
        var ids: [String] = []
        for day in days {
            let partition = output.appendingPathComponent("messages/date=\(day)")
            for file in visibleFiles(under: partition) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
                ids += try jsonLines(try gunzip(file)).map { try #require($0["id"] as? String) }
            }
        }
        return ids
    }

    static func dayText(_ date: Date) -> String { String(date.ISO8601Format().prefix(10)) }

    @Test func threeConsecutiveRunsNeitherOverlapNorLeaveAGap() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 40, seed: 83)
        let anchor = configuration.anchor
        configuration.messagesPerUser = 20
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            #expect(pipeline.window?.lastDays == 7)

            // Run 1, on the anchor's day: the seven whole days before it.
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
            let firstWindow = try #require(first.window)
            #expect(firstWindow.start.iso8601 == (anchor - 7 * Self.day).ISO8601Format() && firstWindow.end.iso8601 == anchor.ISO8601Format())
            let firstDays = (1...7).map { Self.dayText(anchor - Double($0) * Self.day) }
            let firstIds = try Self.exportedIds(simulated.output, days: firstDays)
            #expect(Set(firstIds) == Self.messageIds(simulated.server.tenant, from: anchor - 7 * Self.day, to: anchor))
            #expect(firstIds.count == Set(firstIds).count)

            // New mail arrives during the anchor's day (each generation adds an hour's worth), then run 2
            // the next day: only that day, from the watermark.
            for _ in 0..<6 { _ = simulated.server.advanceGeneration() }
            let dayOne = Self.messageIds(simulated.server.tenant, from: anchor, to: anchor + Self.day)
            #expect(!dayOne.isEmpty, "the evolving tenant should have received new mail")
            let second = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + Self.day + 600, state: store)).run()
            #expect(second.window?.start == firstWindow.end, "run 2 starts where run 1 ended")
            #expect(second.window?.end.iso8601 == (anchor + Self.day).ISO8601Format())
            let secondIds = try Self.exportedIds(simulated.output, days: [Self.dayText(anchor)])
            #expect(Set(secondIds) == dayOne)
            #expect(secondIds.count == dayOne.count)

            // A run later the same day finds nothing new for messages, and leaves the watermark alone.
            let again = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + Self.day + 7200, state: store)).run()
            #expect(again.upToDate == ["messages"])
            #expect(again.datasets.map(\.dataset) == ["users"])
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == anchor + Self.day)

            // Two days' worth of generations later, run 3 two days after the anchor: the one day it missed.
            for _ in 0..<24 { _ = simulated.server.advanceGeneration() }
            let dayTwo = Self.messageIds(simulated.server.tenant, from: anchor + Self.day, to: anchor + 2 * Self.day)
            #expect(!dayTwo.isEmpty)
            let third = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 2 * Self.day + 60, state: store)).run()
            #expect(third.window?.start == second.window?.end, "run 3 starts where run 2 ended")
            let thirdIds = try Self.exportedIds(simulated.output, days: [Self.dayText(anchor + Self.day)])
            #expect(Set(thirdIds) == dayTwo)
            #expect(thirdIds.count == dayTwo.count)

            // Together: every day once, each with what the tenant held when its run read it.
            let all = try Self.exportedIds(simulated.output, days: firstDays + [Self.dayText(anchor), Self.dayText(anchor + Self.day)])
            #expect(all.count == Set(all).count, "no message is in two runs' output")
            #expect(all.count == firstIds.count + secondIds.count + thirdIds.count)
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == anchor + 2 * Self.day)
            #expect(try store.runs(pipeline: "demo").filter { $0.status == .succeeded }.count == 4)
        }
    }

    /// A dataset added to an incremental pipeline gets its first N days: the run reads the whole window
    /// again (replacing the other datasets' days with what they hold now), not only the days since.
    @Test func aDatasetAddedLaterGetsTheWholeWindow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SimulatedEnvironment.configuration(users: 20, seed: 84)
        let anchor = configuration.anchor
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            _ = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()

            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/demo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  - dataset: messages\n", with: "  - dataset: messages\n  - dataset: sent_items\n")
            let widened = try simulated.loadPipeline(yaml: text, writingTo: directory.url.appendingPathComponent("demo.yaml"))
            let next = try await PipelineRunner(pipeline: widened, options: RunOptions(now: anchor + Self.day + 600, state: store)).run()
            let window = try #require(next.window)
            #expect(window.start.date == anchor + Self.day - 7 * Self.day && window.end.date == anchor + Self.day, "\(window)")
            let sent = visibleFiles(under: simulated.output.appendingPathComponent("sent_items"))
                .filter { $0.lastPathComponent == "_SUCCESS" }.map { $0.deletingLastPathComponent().lastPathComponent }
            #expect(Set(sent).count > 1, "sent items of more than the one day since the last run: \(sent.sorted())")
            #expect(try store.watermark(pipeline: "demo", dataset: "sent_items") == anchor + Self.day)
        }
    }

    /// A fixed window that ends after today marks as read only the days before today: a later incremental
    /// run reads today and the days after, instead of finding "nothing new" until the window's end.
    @Test func aWindowEndingInTheFutureMovesTheWatermarkOnlyToToday() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SimulatedEnvironment.configuration(users: 10, seed: 85)
        let anchor = configuration.anchor
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            var pipeline = try simulated.loadPipeline("demo.yaml")
            let today = UTCTimestamp(anchor + 3600).startOfDay
            pipeline.window = WindowConfig(start: today.adding(days: -3), end: today.adding(days: 5))
            _ = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.date)
        }
    }

    /// A catch-up of the last two days with a fixed window, while the watermark is six days old, leaves the
    /// watermark: the next incremental run reads from where it stood, the days between included.
    /// The demo pipeline against a tenant of 10 users, with a state database, after its first run at
    /// `anchor + 1h` (`today` is that day): `body` goes on from there.
    static func afterAFirstRun(
        seed: UInt64, _ body: (SimulatedEnvironment, Pipeline, StateStore, _ anchor: Date, _ today: UTCTimestamp, URL) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SimulatedEnvironment.configuration(users: 10, seed: seed)
        let anchor = configuration.anchor
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
            let pipeline = try simulated.loadPipeline("demo.yaml")
            _ = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 3600, state: store)).run()
            try await body(simulated, pipeline, store, anchor, UTCTimestamp(anchor + 3600).startOfDay, directory.url)
        }
    }

    @Test func aFixedWindowAfterTheWatermarkLeavesIt() async throws {
        try await Self.afterAFirstRun(seed: 86) { _, pipeline, store, anchor, today, _ in
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.date)

            // Six days later: the last two days first, with a fixed window, then the incremental run.
            var catchUp = pipeline
            catchUp.window = WindowConfig(start: today.adding(days: 4), end: today.adding(days: 6))
            _ = try await PipelineRunner(pipeline: catchUp, options: RunOptions(now: anchor + 6 * Self.day + 600, state: store)).run()
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.date, "moved past four days never read")
            // A fixed window in the past does not move it back either.
            var past = pipeline
            past.window = WindowConfig(start: today.adding(days: -10), end: today.adding(days: -8))
            _ = try await PipelineRunner(pipeline: past, options: RunOptions(now: anchor + 6 * Self.day + 700, state: store)).run()
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.date)

            let next = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: anchor + 6 * Self.day + 800, state: store)).run()
            let window = try #require(next.window)
            #expect(window.start.date == today.date && window.end.date == today.adding(days: 6).date, "\(window)")
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.adding(days: 6).date)
        }
    }

    /// A dataset added while a run was stopped, then read by the resumed run over the window that run
    /// planned, gets no watermark: the next run reads the whole window for it.
    @Test func aDatasetAddedBeforeAResumeGetsNoWatermarkFromIt() async throws {
        try await Self.afterAFirstRun(seed: 87) { simulated, _, store, anchor, today, directory in
            // Two days later a run of the last two days is stopped before it read anything ...
            try store.beginRun(
                id: "20261101T000000Z-stop", pipeline: "demo", windowStart: today.date, windowEnd: today.adding(days: 2).date)
            try store.markInterrupted(id: "20261101T000000Z-stop")
            // ... and resumed once sent_items was added to the pipeline.
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/demo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  - dataset: messages\n", with: "  - dataset: messages\n  - dataset: sent_items\n")
            let widened = try simulated.loadPipeline(yaml: text, writingTo: directory.appendingPathComponent("demo.yaml"))
            let resumed = try await PipelineRunner(pipeline: widened, options: RunOptions(now: anchor + 2 * Self.day + 600, state: store)).run()
            #expect(resumed.resumed)
            #expect(try store.watermark(pipeline: "demo", dataset: "messages") == today.adding(days: 2).date)
            #expect(try store.watermark(pipeline: "demo", dataset: "sent_items") == nil, "two days read, marked as the whole window")

            let next = try await PipelineRunner(pipeline: widened, options: RunOptions(now: anchor + 2 * Self.day + 900, state: store)).run()
            let window = try #require(next.window)
            #expect(window.start.date == today.adding(days: -5).date, "the whole window for the added dataset: \(window)")
            #expect(try store.watermark(pipeline: "demo", dataset: "sent_items") == today.adding(days: 2).date)
        }
    }
}

