import Foundation
import GRDB

/// The state operations inside one database transaction: all of them commit together or not at all.
///
/// Obtained from `StateStore.transaction(_:)`; valid only inside its closure. Throwing from the closure
/// rolls every update back. Pair a unit's checkpoint with whatever else marks it done (its delta link,
/// say) so a process killed at any moment leaves either both or neither.
public struct StateTransaction {
    let db: Database
    let path: String

    // MARK: Runs

    /// Records a new run as `running`, owned by this process.
    @discardableResult
    public func beginRun(
        id: String, pipeline: String, windowStart: Date?, windowEnd: Date?, startedAt: Date = Date()
    ) throws -> RunRecord {
        try beginRun(
            id: id, pipeline: pipeline, windowStart: windowStart, windowEnd: windowEnd, startedAt: startedAt,
            owner: .current)
    }

    func beginRun(
        id: String, pipeline: String, windowStart: Date?, windowEnd: Date?, startedAt: Date, owner: RunOwner
    ) throws -> RunRecord {
        try require(!id.isEmpty, "a run id must not be empty")
        try require(!pipeline.isEmpty, "a pipeline name must not be empty")
        if try run(id: id) != nil {
            throw StateError(
                .duplicateRun, path: path,
                message: "a run with id '\(id)' already exists; give each run a fresh id, "
                    + "or call resumeRun to continue it")
        }
        try db.execute(
            sql: """
                INSERT INTO runs (id, pipeline, window_start, window_end, started_at, status, row_count,
                                  host, pid, instance)
                VALUES (?, ?, ?, ?, ?, 'running', 0, ?, ?, ?)
                """,
            arguments: [
                id, pipeline, windowStart.map(StateDate.text), windowEnd.map(StateDate.text),
                StateDate.text(startedAt), owner.host, Int64(owner.pid), owner.instance,
            ])
        return try existingRun(id: id)
    }

    /// Marks an unfinished run `running` again, owned by this process, keeping its window and checkpoints.
    @discardableResult
    public func resumeRun(id: String) throws -> RunRecord {
        let owner = RunOwner.current
        try db.execute(
            sql: """
                UPDATE runs SET status = 'running', ended_at = NULL, error = NULL, host = ?, pid = ?, instance = ?
                WHERE id = ?
                """,
            arguments: [owner.host, Int64(owner.pid), owner.instance, id])
        try requireChanged(runId: id)
        return try existingRun(id: id)
    }

    /// Records how a run ended. `status` must not be `.running`.
    public func finishRun(id: String, status: RunStatus, rows: Int, error: String? = nil, endedAt: Date = Date())
        throws
    {
        try require(status != .running, "finishRun needs a final status, not 'running'")
        try db.execute(
            sql: "UPDATE runs SET status = ?, row_count = ?, error = ?, ended_at = ? WHERE id = ?",
            arguments: [status.rawValue, Int64(rows), error, StateDate.text(endedAt), id])
        try requireChanged(runId: id)
    }

    /// Marks a run `interrupted` if it is still `running`; its checkpoints stay for a resume.
    public func markInterrupted(id: String, error: String? = nil, endedAt: Date = Date()) throws {
        guard try run(id: id) != nil else { throw unknownRun(id) }
        try db.execute(
            sql: "UPDATE runs SET status = 'interrupted', error = ?, ended_at = ? WHERE id = ? AND status = 'running'",
            arguments: [error, StateDate.text(endedAt), id])
    }

    /// The run with this id, if any.
    public func run(id: String) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(StateTransaction.record)
    }

    /// Runs, newest first, of one pipeline or of all when `pipeline` is nil.
    public func runs(pipeline: String? = nil, limit: Int = 20) throws -> [RunRecord] {
        let rows: [Row]
        if let pipeline {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM runs WHERE pipeline = ? ORDER BY started_at DESC, rowid DESC LIMIT ?",
                arguments: [pipeline, max(0, limit)])
        } else {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?", arguments: [max(0, limit)])
        }
        return try rows.map(StateTransaction.record)
    }

    /// The pipeline's most recent run, whatever its outcome.
    public func lastRun(pipeline: String) throws -> RunRecord? {
        try runs(pipeline: pipeline, limit: 1).first
    }

    /// The pipeline's most recent run that succeeded.
    public func lastSuccessfulRun(pipeline: String) throws -> RunRecord? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT * FROM runs WHERE pipeline = ? AND status = 'succeeded'
                ORDER BY started_at DESC, rowid DESC LIMIT 1
                """,
            arguments: [pipeline]
        ).map(StateTransaction.record)
    }

    /// The pipeline's most recent run, when it can be resumed; see `StateStore.unfinishedRun(pipeline:)`.
    func unfinishedRun(pipeline: String, lockHeld: Bool) throws -> RunRecord? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM runs WHERE pipeline = ? ORDER BY started_at DESC, rowid DESC LIMIT 1",
                arguments: [pipeline])
        else { return nil }
        let record = try StateTransaction.record(row)
        switch record.status {
        case .interrupted:
            return record
        case .running:
            let owner = RunOwner(host: record.host, pid: record.pid, instance: try row.decode(forColumn: "instance"))
            if owner == .current { return nil }
            return lockHeld || owner.isGoneOnThisHost ? record : nil
        case .succeeded, .failed:
            return nil
        }
    }

    // MARK: Watermarks

    /// The end of the last successful window of a dataset in a pipeline.
    public func watermark(pipeline: String, dataset: String) throws -> Date? {
        try String.fetchOne(
            db, sql: "SELECT value FROM watermarks WHERE pipeline = ? AND dataset = ?", arguments: [pipeline, dataset]
        ).flatMap(StateDate.date)
    }

    /// Every dataset's watermark in a pipeline.
    public func watermarks(pipeline: String) throws -> [String: Date] {
        var result: [String: Date] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT dataset, value FROM watermarks WHERE pipeline = ?", arguments: [pipeline])
        {
            let dataset: String = try row.decode(forColumn: "dataset")
            if let date = StateDate.date(try row.decode(forColumn: "value")) { result[dataset] = date }
        }
        return result
    }

    /// Sets the end of the last successful window of a dataset in a pipeline.
    ///
    /// Stored to the millisecond (rounded down): pass a window end already at millisecond or second
    /// precision so the next window starts exactly where this one ended.
    public func setWatermark(_ end: Date, pipeline: String, dataset: String) throws {
        try db.execute(
            sql: """
                INSERT INTO watermarks (pipeline, dataset, value, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (pipeline, dataset) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [pipeline, dataset, StateDate.text(end), StateDate.text(Date())])
    }

    // MARK: Delta links

    /// The delta link saved for one scope (for example a user id and folder) of a dataset.
    public func deltaLink(pipeline: String, dataset: String, scope: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT link FROM delta_links WHERE pipeline = ? AND dataset = ? AND scope = ?",
            arguments: [pipeline, dataset, scope])
    }

    /// Saves the delta link for one scope of a dataset, replacing the previous one.
    public func setDeltaLink(_ link: String, pipeline: String, dataset: String, scope: String) throws {
        try db.execute(
            sql: """
                INSERT INTO delta_links (pipeline, dataset, scope, link, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pipeline, dataset, scope) DO UPDATE
                SET link = excluded.link, updated_at = excluded.updated_at
                """,
            arguments: [pipeline, dataset, scope, link, StateDate.text(Date())])
    }

    /// Every delta link saved for a dataset, by scope.
    public func deltaLinks(pipeline: String, dataset: String) throws -> [String: String] {
        var links: [String: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT scope, link FROM delta_links WHERE pipeline = ? AND dataset = ?", arguments: [pipeline, dataset])
        {
            links[try row.decode(forColumn: "scope")] = try row.decode(forColumn: "link")
        }
        return links
    }

    /// The shape of the delta query a dataset's links were made by (`CollectionRequest.deltaShape`), if saved.
    public func deltaRequest(pipeline: String, dataset: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT request FROM delta_requests WHERE pipeline = ? AND dataset = ?", arguments: [pipeline, dataset])
    }

    /// Saves the shape of the delta query a dataset's links were made by, replacing the previous one.
    public func setDeltaRequest(_ request: String, pipeline: String, dataset: String) throws {
        try db.execute(
            sql: """
                INSERT INTO delta_requests (pipeline, dataset, request, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (pipeline, dataset) DO UPDATE
                SET request = excluded.request, updated_at = excluded.updated_at
                """,
            arguments: [pipeline, dataset, request, StateDate.text(Date())])
    }

    /// Forgets every delta link of a dataset, so the next run starts a full sync.
    public func removeDeltaLinks(pipeline: String, dataset: String) throws {
        try db.execute(
            sql: "DELETE FROM delta_links WHERE pipeline = ? AND dataset = ?", arguments: [pipeline, dataset])
    }

    // MARK: Checkpoints

    /// Records that a unit of work (for example one user's messages) of a run is durably written.
    ///
    /// Commit the unit's output first (write, flush, rename to a name that depends only on the run
    /// and the unit), then its checkpoint. A crash between the two redoes the unit on resume, which
    /// replaces the same file: nothing is lost or duplicated. Completing a unit again replaces its rows.
    public func completeUnit(runId: String, dataset: String, unit: String, rows: Int) throws {
        guard try run(id: runId) != nil else { throw unknownRun(runId) }
        try db.execute(
            sql: """
                INSERT INTO checkpoints (run_id, dataset, unit, row_count, completed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, dataset, unit) DO UPDATE
                SET row_count = excluded.row_count, completed_at = excluded.completed_at
                """,
            arguments: [runId, dataset, unit, Int64(rows), StateDate.text(Date())])
    }

    /// The units of a dataset that a run has completed.
    public func completedUnits(runId: String, dataset: String) throws -> Set<String> {
        try String.fetchSet(
            db, sql: "SELECT unit FROM checkpoints WHERE run_id = ? AND dataset = ?", arguments: [runId, dataset])
    }

    /// The rows of every unit a run has completed, across datasets.
    public func checkpointedRows(runId: String) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(row_count), 0) FROM checkpoints WHERE run_id = ?", arguments: [runId]) ?? 0
    }

    /// Forgets a run's checkpoints, typically once it succeeded.
    public func clearCheckpoints(runId: String) throws {
        for table in Self.checkpointTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [runId])
        }
    }

    /// Forgets one dataset's checkpoint in a run: its files, units, cursors and quarantined records.
    public func clearCheckpoint(runId: String, dataset: String) throws {
        for table in Self.checkpointTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ? AND dataset = ?", arguments: [runId, dataset])
        }
    }

    private static let checkpointTables = [
        "checkpoints", "checkpoint_files", "checkpoint_cursors", "checkpoint_datasets", "checkpoint_quarantine",
    ]

    // MARK: Private

    func existingRun(id: String) throws -> RunRecord {
        guard let record = try run(id: id) else { throw unknownRun(id) }
        return record
    }

    func requireChanged(runId: String) throws {
        if db.changesCount == 0 { throw unknownRun(runId) }
    }

    func unknownRun(_ id: String) -> StateError {
        StateError(
            .unknownRun, path: path,
            message: "there is no run with id '\(id)'; begin the run before recording its progress")
    }

    private func require(_ condition: Bool, _ message: String) throws {
        if !condition { throw StateError(.invalidArgument, path: path, message: message) }
    }

    private static func record(_ row: Row) throws -> RunRecord {
        func date(_ column: String) throws -> Date? {
            try (row.decode(String?.self, forColumn: column)).flatMap(StateDate.date)
        }
        guard let status = RunStatus(rawValue: try row.decode(forColumn: "status")),
            let startedAt = try date("started_at")
        else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a run row has an unreadable status or start")
        }
        return RunRecord(
            id: try row.decode(forColumn: "id"), pipeline: try row.decode(forColumn: "pipeline"),
            windowStart: try date("window_start"), windowEnd: try date("window_end"),
            startedAt: startedAt, endedAt: try date("ended_at"), status: status,
            rows: try row.decode(forColumn: "row_count"), error: try row.decode(forColumn: "error"),
            host: try row.decode(forColumn: "host"),
            pid: Int32(truncatingIfNeeded: try row.decode(Int64.self, forColumn: "pid")))
    }
}
