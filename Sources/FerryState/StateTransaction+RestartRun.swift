import Foundation
import GRDB

extension StateTransaction {
    /// Starts a finished run again under its own id, with a new window: the next attempt of one shard
    /// of a sharded run, whose id all shards share (a pod retried after a failure). Its checkpoints
    /// must have been cleared; the row counts from zero again.
    @discardableResult
    public func restartRun(id: String, windowStart: Date?, windowEnd: Date?, startedAt: Date = Date()) throws -> RunRecord {
        let owner = RunOwner.current
        try db.execute(
            sql: """
                UPDATE runs SET status = 'running', window_start = ?, window_end = ?, started_at = ?, ended_at = NULL,
                                error = NULL, row_count = 0, host = ?, pid = ?, instance = ?
                WHERE id = ?
                """,
            arguments: [
                windowStart.map(StateDate.text), windowEnd.map(StateDate.text), StateDate.text(startedAt), owner.host,
                Int64(owner.pid), owner.instance, id,
            ])
        try requireChanged(runId: id)
        return try existingRun(id: id)
    }
}

extension StateStore {
    /// Starts a finished run again under its own id (see `StateTransaction.restartRun`).
    @discardableResult
    public func restartRun(id: String, windowStart: Date?, windowEnd: Date?, startedAt: Date = Date()) throws -> RunRecord {
        try transaction { try $0.restartRun(id: id, windowStart: windowStart, windowEnd: windowEnd, startedAt: startedAt) }
    }
}
