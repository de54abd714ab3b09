import FerryState
import Foundation

/// A run's entry in the state store: the lock that keeps one instance of a pipeline running, the run
/// record, and on success the watermark of every dated dataset, committed together.
struct RunJournal: Sendable {
    let store: StateStore
    let lock: RunLock
    let runId: String
    let pipeline: String

    /// Takes the pipeline's lock and records the run as started. A run an earlier process left
    /// unfinished is recorded as interrupted; its output was never committed.
    static func open(store: StateStore, pipeline: String, runId: String, window: RunWindow?) throws -> RunJournal {
        guard let lock = try store.acquireRunLock(pipeline: pipeline) else {
            throw RunError(
                pipeline: pipeline,
                reason: "another process is running this pipeline (lock held in \(store.path)); wait for it to finish")
        }
        if let unfinished = try store.unfinishedRun(pipeline: pipeline), unfinished.status == .running {
            try store.markInterrupted(id: unfinished.id, error: "the process ended before the run finished")
        }
        _ = try store.beginRun(id: runId, pipeline: pipeline, windowStart: window?.start.date, windowEnd: window?.end.date)
        return RunJournal(store: store, lock: lock, runId: runId, pipeline: pipeline)
    }

    /// The earliest watermark of the given datasets: where the last successful run's window ended.
    static func watermark(store: StateStore, pipeline: String, datasets: [String]) throws -> Date? {
        try datasets.compactMap { try store.watermark(pipeline: pipeline, dataset: $0) }.min()
    }

    func succeeded(rows: Int, watermarks: [String: Date]) throws {
        try store.transaction { transaction in
            try transaction.finishRun(id: runId, status: .succeeded, rows: rows)
            for (dataset, end) in watermarks {
                try transaction.setWatermark(end, pipeline: pipeline, dataset: dataset)
            }
        }
        lock.release()
    }

    func failed(_ error: String) {
        // The run already failed; a state store that also fails must not hide the first error.
        try? store.finishRun(id: runId, status: .failed, rows: 0, error: error)
        lock.release()
    }
}
