import FerryTestSupport
import Foundation
import Testing

@testable import FerryState

@Suite struct ResumeTests {
    let directory: TemporaryDirectory
    let store: StateStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try StateStore(path: directory.path("state.sqlite"))
    }

    private func begin(_ id: String, owner: RunOwner, startedAt: Date = Date()) throws {
        _ = try store.transaction {
            try $0.beginRun(
                id: id, pipeline: "daily", windowStart: Date(timeIntervalSince1970: 0),
                windowEnd: Date(timeIntervalSince1970: 86_400), startedAt: startedAt, owner: owner)
        }
    }

    private var host: String { ProcessInfo.processInfo.hostName }

    @Test func aRunOfThisProcessIsNotUnfinished() throws {
        try store.beginRun(id: "r1", pipeline: "daily", windowStart: nil, windowEnd: nil)
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
        let lock = try #require(try store.acquireRunLock(pipeline: "daily"))
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
        lock.release()
    }

    @Test func aRunWhoseProcessDiedIsResumedSkippingCompletedUnits() async throws {
        let dead = RunOwner(host: host, pid: try await Program.deadProcessId(), instance: "earlier")
        try begin("r1", owner: dead)
        try store.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 4)
        try store.completeUnit(runId: "r1", dataset: "messages", unit: "u2", rows: 6)

        // A new process (a new store) finds it, with or without the lock.
        let restarted = try StateStore(path: store.path)
        #expect(try restarted.unfinishedRun(pipeline: "daily")?.id == "r1")
        let lock = try #require(try restarted.acquireRunLock(pipeline: "daily"))
        let unfinished = try #require(try restarted.unfinishedRun(pipeline: "daily"))
        #expect(unfinished.windowEnd == Date(timeIntervalSince1970: 86_400))
        let resumed = try restarted.resumeRun(id: unfinished.id)
        #expect(resumed.pid == ProcessInfo.processInfo.processIdentifier)
        #expect(resumed.startedAt == unfinished.startedAt)
        #expect(try restarted.unfinishedRun(pipeline: "daily") == nil)

        let done = try restarted.completedUnits(runId: "r1", dataset: "messages")
        #expect(done == ["u1", "u2"])
        for unit in ["u1", "u2", "u3"] where !done.contains(unit) {
            try restarted.completeUnit(runId: "r1", dataset: "messages", unit: unit, rows: 5)
        }
        try restarted.transaction { state in
            try state.finishRun(id: "r1", status: .succeeded, rows: try state.checkpointedRows(runId: "r1"))
            try state.setWatermark(Date(timeIntervalSince1970: 86_400), pipeline: "daily", dataset: "messages")
            try state.clearCheckpoints(runId: "r1")
        }
        #expect(try restarted.run(id: "r1")?.rows == 15)
        #expect(try restarted.unfinishedRun(pipeline: "daily") == nil)
        lock.release()
    }

    @Test func aLiveForeignProcessCountsAsGoneOnlyUnderTheLock() throws {
        // The parent process is alive, so without the lock the run may still be going.
        try begin("r1", owner: RunOwner(host: host, pid: getppid(), instance: "other"))
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
        let lock = try #require(try store.acquireRunLock(pipeline: "daily"))
        #expect(try store.unfinishedRun(pipeline: "daily")?.id == "r1")
        lock.release()
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
    }

    @Test func aRunOnAnotherHostCountsAsGoneOnlyUnderTheLock() throws {
        try begin("r1", owner: RunOwner(host: "elsewhere.example", pid: 1, instance: "x"))
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
        let lock = try #require(try store.acquireRunLock(pipeline: "daily"))
        #expect(try store.unfinishedRun(pipeline: "daily")?.id == "r1")
        lock.release()
    }

    @Test func thisPidFromAnEarlierProcessIsGone() throws {
        let reused = RunOwner(host: host, pid: getpid(), instance: "an earlier process with our pid")
        try begin("r1", owner: reused)
        #expect(try store.unfinishedRun(pipeline: "daily")?.id == "r1")
    }

    @Test func onlyTheLatestRunCounts() async throws {
        let dead = RunOwner(host: host, pid: try await Program.deadProcessId(), instance: "earlier")
        try begin("r1", owner: dead, startedAt: Date(timeIntervalSince1970: 1000))
        try store.markInterrupted(id: "r1", error: "SIGTERM")
        #expect(try store.unfinishedRun(pipeline: "daily")?.id == "r1")
        try store.beginRun(
            id: "r2", pipeline: "daily", windowStart: nil, windowEnd: nil, startedAt: Date(timeIntervalSince1970: 2000))
        try store.finishRun(id: "r2", status: .succeeded, rows: 0)
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
        try store.beginRun(
            id: "r3", pipeline: "daily", windowStart: nil, windowEnd: nil, startedAt: Date(timeIntervalSince1970: 3000))
        try store.finishRun(id: "r3", status: .failed, rows: 0, error: "boom")
        #expect(try store.unfinishedRun(pipeline: "daily") == nil)
    }
}
