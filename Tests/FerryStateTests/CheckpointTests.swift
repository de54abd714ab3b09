import FerryTestSupport
import Foundation
import Testing

@testable import FerryState

@Suite struct CheckpointTests {
    let directory: TemporaryDirectory
    let store: StateStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try StateStore(path: directory.path("state.sqlite"))
        try store.beginRun(id: "r1", pipeline: "daily", windowStart: nil, windowEnd: nil)
    }

    private struct Abort: Error {}

    @Test func completedUnitsArePerRunAndDataset() throws {
        try store.beginRun(id: "r2", pipeline: "daily", windowStart: nil, windowEnd: nil)
        try store.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 10)
        try store.completeUnit(runId: "r1", dataset: "messages", unit: "u2", rows: 5)
        try store.completeUnit(runId: "r1", dataset: "events", unit: "u1", rows: 7)
        try store.completeUnit(runId: "r2", dataset: "messages", unit: "u9", rows: 1)
        // Completing a unit twice replaces its row count instead of adding a second one.
        try store.completeUnit(runId: "r1", dataset: "messages", unit: "u2", rows: 6)
        #expect(try store.completedUnits(runId: "r1", dataset: "messages") == ["u1", "u2"])
        #expect(try store.completedUnits(runId: "r1", dataset: "events") == ["u1"])
        #expect(try store.checkpointedRows(runId: "r1") == 23)
        try store.clearCheckpoints(runId: "r1")
        #expect(try store.completedUnits(runId: "r1", dataset: "messages").isEmpty)
        #expect(try store.checkpointedRows(runId: "r1") == 0)
        #expect(try store.completedUnits(runId: "r2", dataset: "messages") == ["u9"])
    }

    @Test func aCheckpointNeedsAnExistingRun() throws {
        let error = try #require(throws: StateError.self) {
            try store.completeUnit(runId: "missing", dataset: "messages", unit: "u1", rows: 1)
        }
        #expect(error.code == .unknownRun)
    }

    @Test func aTransactionCommitsEverythingTogether() throws {
        let result = try store.transaction { state in
            try state.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 3)
            try state.setDeltaLink("link-u1", pipeline: "daily", dataset: "messages", scope: "u1")
            return try state.completedUnits(runId: "r1", dataset: "messages").count
        }
        #expect(result == 1)
        #expect(try store.completedUnits(runId: "r1", dataset: "messages") == ["u1"])
        #expect(try store.deltaLink(pipeline: "daily", dataset: "messages", scope: "u1") == "link-u1")
    }

    @Test func aTransactionThatThrowsLeavesNothing() throws {
        #expect(throws: Abort.self) {
            try store.transaction { state in
                try state.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 3)
                try state.setDeltaLink("link-u1", pipeline: "daily", dataset: "messages", scope: "u1")
                try state.setWatermark(Date(), pipeline: "daily", dataset: "messages")
                try state.finishRun(id: "r1", status: .succeeded, rows: 3)
                throw Abort()
            }
        }
        #expect(try store.completedUnits(runId: "r1", dataset: "messages").isEmpty)
        #expect(try store.deltaLink(pipeline: "daily", dataset: "messages", scope: "u1") == nil)
        #expect(try store.watermark(pipeline: "daily", dataset: "messages") == nil)
        #expect(try store.run(id: "r1")?.status == .running)
    }

    @Test func aWriterKilledMidTransactionLeavesNothingAndNoLock() async throws {
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            for unit in ("k1", "k2", "k3"):
                db.execute("INSERT INTO checkpoints (run_id, dataset, unit, row_count, completed_at) VALUES ('r1', 'messages', ?, 1, '2026-01-01T00:00:00.000Z')", (unit,))
            print("written", flush=True)
            time.sleep(900)  # killed by the test; long enough for a loaded machine
            """
        let child = try Program.Child("/usr/bin/env", ["python3", "-c", script, store.path])
        #expect(try await child.waitForLine("written"))
        // WAL readers are not blocked by the open write transaction, and do not see it.
        #expect(try store.completedUnits(runId: "r1", dataset: "messages").isEmpty)
        await child.killAndWait()
        // No lock is left behind: a store that will not wait writes at once, or fails with `.locked`.
        let impatient = try StateStore(path: store.path, busyTimeout: 0.2)
        try impatient.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 1)
        #expect(try store.completedUnits(runId: "r1", dataset: "messages") == ["u1"])
        let reopened = try StateStore(path: store.path)
        #expect(try reopened.completedUnits(runId: "r1", dataset: "messages") == ["u1"])
    }

    @Test func aWriterHeldUpByAnotherProcessGetsALockedError() async throws {
        let impatient = try StateStore(path: store.path, busyTimeout: 0.2)
        let script = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("holding", flush=True)
            time.sleep(900)  # killed by the test; long enough for a loaded machine
            """
        let child = try Program.Child("/usr/bin/env", ["python3", "-c", script, store.path])
        #expect(try await child.waitForLine("holding"))
        let error = try #require(throws: StateError.self) {
            try impatient.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 1)
        }
        #expect(error.code == .locked)
        #expect(error.description.contains(store.path))
        #expect(try impatient.completedUnits(runId: "r1", dataset: "messages").isEmpty)
        await child.killAndWait()
        try impatient.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 1)
    }

    @Test func manyTasksShareOneStore() async throws {
        let store = store
        let tasks = 8
        let unitsPerTask = 30
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for unit in 0..<unitsPerTask {
                        try store.completeUnit(runId: "r1", dataset: "messages", unit: "t\(task)-u\(unit)", rows: 2)
                        try store.setDeltaLink("l\(unit)", pipeline: "daily", dataset: "messages", scope: "t\(task)")
                        _ = try store.completedUnits(runId: "r1", dataset: "messages")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.completedUnits(runId: "r1", dataset: "messages").count == tasks * unitsPerTask)
        #expect(try store.checkpointedRows(runId: "r1") == tasks * unitsPerTask * 2)
        for task in 0..<tasks {
            #expect(try store.deltaLink(pipeline: "daily", dataset: "messages", scope: "t\(task)") == "l\(unitsPerTask - 1)")
        }
    }

    @Test func twoStoresOnOneFileSeeEachOthersCommits() throws {
        let second = try StateStore(path: store.path)
        try second.completeUnit(runId: "r1", dataset: "messages", unit: "u1", rows: 1)
        #expect(try store.completedUnits(runId: "r1", dataset: "messages") == ["u1"])
    }
}
