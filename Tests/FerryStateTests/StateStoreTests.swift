import FerryTestSupport
import Foundation
import GRDB
import Testing

@testable import FerryState

@Suite struct StateStoreTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    private func date(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if text.contains(".") { formatter.formatOptions.insert(.withFractionalSeconds) }
        return try #require(formatter.date(from: text))
    }

    @Test func createsParentDirectoriesMigratesAndReopens() throws {
        let path = directory.path("nested/.ferry/state.sqlite")
        do {
            let store = try StateStore(path: path)
            try store.setWatermark(try date("2026-03-01T00:00:00Z"), pipeline: "daily", dataset: "messages")
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let reopened = try StateStore(path: path)
        #expect(try reopened.watermark(pipeline: "daily", dataset: "messages") == date("2026-03-01T00:00:00Z"))
        let (journal, applied, tables) = try reopened.pool.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try StateStore.migrator.appliedIdentifiers(db),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            )
        }
        #expect(journal == "wal")
        #expect(Set(applied) == [
            "v1: runs, watermarks, delta links, checkpoints",
            "v2: staged files, page cursors, counts and quarantine of checkpoints",
            "v3: mailboxes refused by an access policy, counted in checkpoints",
            "v4: delta query shapes, and units read as a resync in checkpoints",
        ])
        #expect(Set(tables).isSuperset(of: [
            "runs", "watermarks", "delta_links", "checkpoints", "checkpoint_files", "checkpoint_cursors",
            "checkpoint_datasets", "checkpoint_quarantine", "delta_requests",
        ]))
    }

    @Test func refusesADatabaseFromANewerFerry() throws {
        let path = directory.path("state.sqlite")
        do {
            let store = try StateStore(path: path)
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
        }
        let error = try #require(throws: StateError.self) { try StateStore(path: path) }
        #expect(error.code == .newerVersion)
        #expect(error.description.contains(path))
        #expect(error.description.contains("upgrade Ferry"))
    }

    @Test func reportsACorruptFileWithWhatToDo() throws {
        let path = directory.path("state.sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StateError.self) { try StateStore(path: path) }
        #expect(error.code == .corrupt)
        #expect(error.description.contains(path))
        #expect(error.description.contains("move it aside"))
    }

    @Test func reportsAnUnopenablePath() throws {
        let blocker = directory.path("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let error = try #require(throws: StateError.self) { try StateStore(path: blocker + "/state.sqlite") }
        #expect(error.code == .cannotOpen)
    }

    @Test func runLifecycleAndQueries() throws {
        let store = try StateStore(path: directory.path("state.sqlite"))
        let start = try date("2026-03-01T00:00:00Z")
        let end = try date("2026-03-02T00:00:00Z")
        let first = try store.beginRun(
            id: "r1", pipeline: "daily", windowStart: start, windowEnd: end,
            startedAt: try date("2026-03-02T02:00:00Z"))
        #expect(first.status == .running)
        #expect(first.windowStart == start && first.windowEnd == end)
        #expect(first.pid == ProcessInfo.processInfo.processIdentifier)
        #expect(first.host == ProcessInfo.processInfo.hostName)
        #expect(first.endedAt == nil)

        try store.finishRun(id: "r1", status: .succeeded, rows: 120, endedAt: try date("2026-03-02T02:05:00.250Z"))
        try store.beginRun(
            id: "r2", pipeline: "daily", windowStart: end, windowEnd: nil, startedAt: try date("2026-03-03T02:00:00Z"))
        try store.finishRun(id: "r2", status: .failed, rows: 3, error: "Graph answered 401")
        try store.beginRun(
            id: "o1", pipeline: "other", windowStart: nil, windowEnd: nil, startedAt: try date("2026-03-02T12:00:00Z"))

        let finished = try #require(try store.run(id: "r1"))
        #expect(finished.status == .succeeded)
        #expect(finished.rows == 120)
        #expect(finished.endedAt == (try date("2026-03-02T02:05:00.250Z")))
        #expect(try store.runs(pipeline: "daily", limit: 10).map(\.id) == ["r2", "r1"])
        #expect(try store.runs(pipeline: nil, limit: 10).map(\.id) == ["r2", "o1", "r1"])
        #expect(try store.runs(pipeline: nil, limit: 2).map(\.id) == ["r2", "o1"])
        #expect(try store.lastRun(pipeline: "daily")?.id == "r2")
        #expect(try store.lastRun(pipeline: "daily")?.error == "Graph answered 401")
        #expect(try store.lastSuccessfulRun(pipeline: "daily")?.id == "r1")
        #expect(try store.lastSuccessfulRun(pipeline: "other") == nil)
        #expect(try store.lastRun(pipeline: "missing") == nil)

        try store.markInterrupted(id: "o1", error: "SIGTERM")
        #expect(try store.run(id: "o1")?.status == .interrupted)
        // Only a running run becomes interrupted.
        try store.markInterrupted(id: "r1")
        #expect(try store.run(id: "r1")?.status == .succeeded)
    }

    @Test func rejectsDuplicateAndUnknownRuns() throws {
        let store = try StateStore(path: directory.path("state.sqlite"))
        try store.beginRun(id: "r1", pipeline: "daily", windowStart: nil, windowEnd: nil)
        let duplicate = try #require(throws: StateError.self) {
            try store.beginRun(id: "r1", pipeline: "daily", windowStart: nil, windowEnd: nil)
        }
        #expect(duplicate.code == .duplicateRun)
        let unknown = try #require(throws: StateError.self) {
            try store.finishRun(id: "nope", status: .succeeded, rows: 0)
        }
        #expect(unknown.code == .unknownRun)
        #expect(unknown.message.contains("'nope'"))
        #expect(throws: StateError.self) { try store.finishRun(id: "r1", status: .running, rows: 0) }
        #expect(throws: StateError.self) { try store.markInterrupted(id: "nope") }
        #expect(throws: StateError.self) { try store.resumeRun(id: "nope") }
        #expect(throws: StateError.self) { try store.beginRun(id: "", pipeline: "x", windowStart: nil, windowEnd: nil) }
    }

    @Test func watermarksRoundTripPerPipelineAndDataset() throws {
        let store = try StateStore(path: directory.path("state.sqlite"))
        #expect(try store.watermark(pipeline: "daily", dataset: "messages") == nil)
        let first = try date("2026-03-01T00:00:00Z")
        let later = Date(timeIntervalSince1970: 1_772_409_600.123)
        try store.setWatermark(first, pipeline: "daily", dataset: "messages")
        try store.setWatermark(first, pipeline: "daily", dataset: "events")
        try store.setWatermark(later, pipeline: "daily", dataset: "messages")
        try store.setWatermark(first, pipeline: "weekly", dataset: "messages")
        let read = try #require(try store.watermark(pipeline: "daily", dataset: "messages"))
        #expect(abs(read.timeIntervalSince(later)) < 0.001)
        #expect(try store.watermark(pipeline: "daily", dataset: "events") == first)
        #expect(try store.watermarks(pipeline: "daily").keys.sorted() == ["events", "messages"])
        #expect(try store.watermarks(pipeline: "weekly") == ["messages": first])
    }

    @Test func deltaLinksRoundTripPerScopeAndAreRemovedPerDataset() throws {
        let store = try StateStore(path: directory.path("state.sqlite"))
        let link = "https://graph.microsoft.com/v1.0/users/u1/mailFolders/inbox/messages/delta?$deltatoken=abc"
        try store.setDeltaLink(link, pipeline: "p", dataset: "messages", scope: "u1/inbox")
        try store.setDeltaLink(link + "2", pipeline: "p", dataset: "messages", scope: "u2/inbox")
        try store.setDeltaLink("users-link", pipeline: "p", dataset: "users", scope: "")
        try store.setDeltaLink(link + "3", pipeline: "p", dataset: "messages", scope: "u2/inbox")
        #expect(try store.deltaLink(pipeline: "p", dataset: "messages", scope: "u1/inbox") == link)
        #expect(try store.deltaLink(pipeline: "p", dataset: "messages", scope: "u2/inbox") == link + "3")
        #expect(try store.deltaLink(pipeline: "q", dataset: "messages", scope: "u1/inbox") == nil)
        try store.removeDeltaLinks(pipeline: "p", dataset: "messages")
        #expect(try store.deltaLink(pipeline: "p", dataset: "messages", scope: "u1/inbox") == nil)
        #expect(try store.deltaLink(pipeline: "p", dataset: "messages", scope: "u2/inbox") == nil)
        #expect(try store.deltaLink(pipeline: "p", dataset: "users", scope: "") == "users-link")
    }
}
