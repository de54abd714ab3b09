import FerryCore
import FerryState
import Foundation

/// A run's entry in the state store: the lock that keeps one instance of a pipeline running, the run
/// record, and on success the watermark of every dated dataset, committed together.
struct RunJournal: Sendable {
    let store: StateStore
    let lock: RunLock
    let runId: String
    let pipeline: String
    /// The unfinished run this journal gave up instead of continuing, if any. Its change feeds may have
    /// been published just before its process died, with its delta links never saved: this run reads the
    /// same changes again, and must replace that run's `run=<id>` partitions rather than add its own.
    var abandonedRunId: String?

    /// Takes the pipeline's lock. With `resume`, a run an earlier process left unfinished (killed, or
    /// stopped by a signal) is continued: it is returned with the journal, which keeps its id.
    /// Otherwise such a run is recorded as interrupted (its output was never committed) and a new run
    /// `runId` is recorded as started.
    ///
    /// With `runIdGiven` (all shards of a run share one id), only an unfinished run of that id is
    /// continued, and an earlier finished attempt of it (a pod retried after a failure) is started again.
    static func open(
        store: StateStore, pipeline: String, runId: String, window: RunWindow?, resume: Bool, runIdGiven: Bool = false
    ) throws -> (journal: RunJournal, resumed: RunRecord?) {
        guard let lock = try store.acquireRunLock(pipeline: pipeline) else {
            throw RunError(
                pipeline: pipeline,
                reason: "another process is running this pipeline (lock held in \(store.path)); wait for it to finish")
        }
        var abandoned: String?
        if let unfinished = try store.unfinishedRun(pipeline: pipeline) {
            if resume && (!runIdGiven || unfinished.id == runId) {
                let record = try store.resumeRun(id: unfinished.id)
                return (RunJournal(store: store, lock: lock, runId: record.id, pipeline: pipeline), record)
            }
            try store.markInterrupted(id: unfinished.id, error: "the process ended before the run finished")
            try store.clearCheckpoints(runId: unfinished.id)
            abandoned = unfinished.id
        }
        if runIdGiven, try store.run(id: runId) != nil {
            try store.clearCheckpoints(runId: runId)
            _ = try store.restartRun(id: runId, windowStart: window?.start.date, windowEnd: window?.end.date)
            return (RunJournal(store: store, lock: lock, runId: runId, pipeline: pipeline, abandonedRunId: abandoned), nil)
        }
        _ = try store.beginRun(id: runId, pipeline: pipeline, windowStart: window?.start.date, windowEnd: window?.end.date)
        return (RunJournal(store: store, lock: lock, runId: runId, pipeline: pipeline, abandonedRunId: abandoned), nil)
    }

    /// Gives up continuing this (resumed) run and starts `runId` instead, keeping the lock.
    func restart(as runId: String, window: RunWindow?, reason: String) throws -> RunJournal {
        try store.markInterrupted(id: self.runId, error: "could not be resumed: \(reason)")
        try store.clearCheckpoints(runId: self.runId)
        _ = try store.beginRun(id: runId, pipeline: pipeline, windowStart: window?.start.date, windowEnd: window?.end.date)
        return RunJournal(store: store, lock: lock, runId: runId, pipeline: pipeline, abandonedRunId: self.runId)
    }

    /// The checkpoint of a dataset saved by earlier processes of this run.
    func checkpoint(dataset: String) throws -> DatasetCheckpoint {
        try store.checkpoint(runId: runId, dataset: dataset)
    }

    /// Forgets a dataset's checkpoint: it is read again from the start, and what it quarantined before
    /// will be quarantined again, not kept twice.
    func discardCheckpoint(dataset: String) throws {
        try store.clearCheckpoint(runId: runId, dataset: dataset)
    }

    /// The delta links the pipeline's last successful run left for a dataset, by unit.
    func deltaLinks(dataset: String) throws -> [String: String] {
        try store.deltaLinks(pipeline: pipeline, dataset: dataset)
    }

    /// The shape of the delta query those links were made by, if it was saved with them.
    func deltaRequest(dataset: String) throws -> String? {
        try store.deltaRequest(pipeline: pipeline, dataset: dataset)
    }

    /// Saves the checkpoints of every dataset in one transaction.
    func save(_ checkpoints: [DatasetCheckpoint]) throws {
        try store.transaction { transaction in
            for checkpoint in checkpoints { try transaction.saveCheckpoint(checkpoint, runId: runId) }
        }
    }

    /// Records the run as stopped before its end, resumable from its checkpoints, and releases the lock.
    func interrupted(_ reason: String) {
        try? store.markInterrupted(id: runId, error: reason)
        lock.release()
    }

    /// The earliest watermark of the given datasets: where the last successful run's window ended. Nil
    /// when one of them has none (a dataset added to the pipeline since): the run then reads the whole
    /// configured window, so that the new dataset gets its first N days, not only the days since.
    static func watermark(store: StateStore, pipeline: String, datasets: [String]) throws -> Date? {
        var earliest: Date?
        for dataset in datasets {
            guard let watermark = try store.watermark(pipeline: pipeline, dataset: dataset) else { return nil }
            earliest = min(earliest ?? watermark, watermark)
        }
        return earliest
    }

    /// The watermarks a successful run that read `window` up to `readTo` sets for `datasets`. A watermark
    /// moves only forward, and only when the run read on from where it stood: a run of a fixed window that
    /// starts after it (a catch-up of the last two days while the watermark is a week old) leaves it, or the
    /// next incremental run would skip the days between. A dataset without one gets one from a run that
    /// was not resumed, which read the whole window for it; a resumed run's window was planned before the
    /// dataset was added, so it leaves the next run to read the whole window.
    func advancedWatermarks(datasets: [String], window: RunWindow, readTo: UTCTimestamp, resumed: Bool) throws -> [String: Date] {
        let current = try store.watermarks(pipeline: pipeline)
        var advanced: [String: Date] = [:]
        for dataset in datasets {
            if let old = current[dataset] {
                if window.start.date <= old && readTo.date > old { advanced[dataset] = readTo.date }
            } else if !resumed {
                advanced[dataset] = readTo.date
            }
        }
        return advanced
    }

    /// Records the run as succeeded with its datasets' watermarks and new delta links, all at once:
    /// the next run reads from exactly where this one's committed output ends.
    func succeeded(
        rows: Int, watermarks: [String: Date], deltaLinks: [(dataset: String, unit: String, link: String)] = [],
        deltaRequests: [String: String] = [:]
    ) throws {
        try store.transaction { transaction in
            try transaction.finishRun(id: runId, status: .succeeded, rows: rows)
            try transaction.clearCheckpoints(runId: runId)
            for (dataset, end) in watermarks {
                try transaction.setWatermark(end, pipeline: pipeline, dataset: dataset)
            }
            for (dataset, shape) in deltaRequests {
                // Links of another shape are of no use to the next run: they go with the old shape.
                if let saved = try transaction.deltaRequest(pipeline: pipeline, dataset: dataset), saved != shape {
                    try transaction.removeDeltaLinks(pipeline: pipeline, dataset: dataset)
                }
                try transaction.setDeltaRequest(shape, pipeline: pipeline, dataset: dataset)
            }
            for entry in deltaLinks {
                try transaction.setDeltaLink(entry.link, pipeline: pipeline, dataset: entry.dataset, scope: entry.unit)
            }
        }
        lock.release()
    }

    func failed(_ error: String) {
        // The run already failed; a state store that also fails must not hide the first error.
        try? store.finishRun(id: runId, status: .failed, rows: 0, error: error)
        try? store.clearCheckpoints(runId: runId)
        lock.release()
    }
}
