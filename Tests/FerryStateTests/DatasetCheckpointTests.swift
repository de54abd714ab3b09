import FerryTestSupport
import Foundation
import Testing

@testable import FerryState

@Suite struct DatasetCheckpointTests {
    let directory: TemporaryDirectory
    let store: StateStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try StateStore(path: directory.path("state.sqlite"))
        try store.beginRun(id: "r1", pipeline: "daily", windowStart: nil, windowEnd: nil)
    }

    static func file(_ name: String, rows: Int) -> DatasetCheckpoint.File {
        DatasetCheckpoint.File(partition: "2026-11-21", name: name, rows: rows, bytes: rows * 100, sha256: "ab\(rows)")
    }

    @Test func savedCheckpointsAccumulateUnitsAndQuarantineAndReplaceFilesAndCursors() throws {
        try store.saveCheckpoint(
            DatasetCheckpoint(
                dataset: "messages", files: [Self.file("part-r1-00000.jsonl.gz", rows: 10)],
                completedUnits: ["u1": 4], cursors: ["u2": .init(nextURL: "https://graph/u2?page=2", rows: 6)],
                unitsUnavailable: 1, quarantined: [.init(recordId: "m1", reason: "expected timestamp")]),
            runId: "r1")
        try store.saveCheckpoint(
            DatasetCheckpoint(
                dataset: "messages",
                files: [Self.file("part-r1-00000.jsonl.gz", rows: 10), Self.file("part-r1-00001.jsonl.gz", rows: 9)],
                completedUnits: ["u2": 11], deltaLinks: ["u2": "https://graph/u2/delta?$deltatoken=t2"],
                cursors: ["u3": .init(nextURL: "https://graph/u3?page=5", rows: 2)],
                unitsUnavailable: 2, unitsAccessDenied: 3, quarantined: [.init(recordId: nil, reason: "not an object")]),
            runId: "r1")
        try store.saveCheckpoint(DatasetCheckpoint(dataset: "events", completedUnits: ["u1": 3]), runId: "r1")

        let messages = try store.checkpoint(runId: "r1", dataset: "messages")
        #expect(messages.files.map(\.name) == ["part-r1-00000.jsonl.gz", "part-r1-00001.jsonl.gz"])
        #expect(messages.files.map(\.rows) == [10, 9])
        #expect(messages.completedUnits == ["u1": 4, "u2": 11])
        #expect(messages.deltaLinks == ["u2": "https://graph/u2/delta?$deltatoken=t2"])
        #expect(messages.cursors == ["u3": .init(nextURL: "https://graph/u3?page=5", rows: 2)])
        #expect(messages.unitsUnavailable == 2)
        #expect(messages.unitsAccessDenied == 3)
        #expect(messages.quarantined.map(\.recordId) == ["m1", nil])
        #expect(try store.checkpoint(runId: "r1", dataset: "events").completedUnits == ["u1": 3])
        #expect(try store.checkpointedRows(runId: "r1") == 18)

        try store.clearCheckpoints(runId: "r1")
        #expect(try store.checkpoint(runId: "r1", dataset: "messages") == DatasetCheckpoint(dataset: "messages"))
    }

    /// A dataset read again from the start forgets its checkpoint, quarantined records included (they are
    /// quarantined again as it is read), and leaves the other datasets' alone.
    @Test func oneDatasetsCheckpointIsForgottenAlone() throws {
        try store.saveCheckpoint(
            DatasetCheckpoint(
                dataset: "users", files: [Self.file("part-r1-00000.jsonl.gz", rows: 5)],
                cursors: ["-": .init(nextURL: "https://graph/users?page=2", rows: 5)],
                quarantined: [.init(recordId: "u9", reason: "expected string")]),
            runId: "r1")
        try store.saveCheckpoint(
            DatasetCheckpoint(dataset: "messages", completedUnits: ["u1": 4], quarantined: [.init(recordId: "m1", reason: "x")]),
            runId: "r1")
        try store.clearCheckpoint(runId: "r1", dataset: "users")
        #expect(try store.checkpoint(runId: "r1", dataset: "users") == DatasetCheckpoint(dataset: "users"))
        let messages = try store.checkpoint(runId: "r1", dataset: "messages")
        #expect(messages.completedUnits == ["u1": 4] && messages.quarantined.map(\.recordId) == ["m1"])

        // Checkpointed again, the dataset's quarantine holds this process's records once.
        try store.saveCheckpoint(
            DatasetCheckpoint(dataset: "users", quarantined: [.init(recordId: "u9", reason: "expected string")]), runId: "r1")
        #expect(try store.checkpoint(runId: "r1", dataset: "users").quarantined.map(\.recordId) == ["u9"])
    }

    @Test func aCheckpointSavedInAFailedTransactionLeavesNothing() throws {
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.transaction { transaction in
                try transaction.saveCheckpoint(
                    DatasetCheckpoint(dataset: "messages", files: [Self.file("a", rows: 1)], completedUnits: ["u1": 1]),
                    runId: "r1")
                throw Abort()
            }
        }
        #expect(try store.checkpoint(runId: "r1", dataset: "messages") == DatasetCheckpoint(dataset: "messages"))
    }

    @Test func aCheckpointOfAnUnknownRunIsRefused() throws {
        let error = try #require(throws: StateError.self) {
            try store.saveCheckpoint(DatasetCheckpoint(dataset: "messages"), runId: "missing")
        }
        #expect(error.code == .unknownRun)
    }

    @Test func deltaLinksAreReadForAWholeDataset() throws {
        try store.setDeltaLink("https://graph/a", pipeline: "daily", dataset: "messages", scope: "u1")
        try store.setDeltaLink("https://graph/b", pipeline: "daily", dataset: "messages", scope: "u2")
        try store.setDeltaLink("https://graph/c", pipeline: "daily", dataset: "users", scope: "tenant")
        #expect(try store.deltaLinks(pipeline: "daily", dataset: "messages") == ["u1": "https://graph/a", "u2": "https://graph/b"])
        #expect(try store.deltaLinks(pipeline: "other", dataset: "messages").isEmpty)
    }
}
