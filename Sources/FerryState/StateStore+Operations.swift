import Foundation

// Each operation on its own transaction; see `StateTransaction` for what they do.
extension StateStore {
    // MARK: Runs

    /// Records a new run as `running`, owned by this process.
    @discardableResult
    public func beginRun(
        id: String, pipeline: String, windowStart: Date?, windowEnd: Date?, startedAt: Date = Date()
    ) throws -> RunRecord {
        try transaction {
            try $0.beginRun(
                id: id, pipeline: pipeline, windowStart: windowStart, windowEnd: windowEnd, startedAt: startedAt)
        }
    }

    /// Marks an unfinished run `running` again, owned by this process, keeping its window and checkpoints.
    @discardableResult
    public func resumeRun(id: String) throws -> RunRecord {
        try transaction { try $0.resumeRun(id: id) }
    }

    /// Records how a run ended. `status` must not be `.running`.
    public func finishRun(id: String, status: RunStatus, rows: Int, error: String? = nil, endedAt: Date = Date())
        throws
    {
        try transaction { try $0.finishRun(id: id, status: status, rows: rows, error: error, endedAt: endedAt) }
    }

    /// Marks a run `interrupted` if it is still `running`; its checkpoints stay for a resume.
    public func markInterrupted(id: String, error: String? = nil, endedAt: Date = Date()) throws {
        try transaction { try $0.markInterrupted(id: id, error: error, endedAt: endedAt) }
    }

    /// The run with this id, if any.
    public func run(id: String) throws -> RunRecord? {
        try read { try $0.run(id: id) }
    }

    /// Runs, newest first, of one pipeline or of all when `pipeline` is nil.
    public func runs(pipeline: String? = nil, limit: Int = 20) throws -> [RunRecord] {
        try read { try $0.runs(pipeline: pipeline, limit: limit) }
    }

    /// The pipeline's most recent run, whatever its outcome.
    public func lastRun(pipeline: String) throws -> RunRecord? {
        try read { try $0.lastRun(pipeline: pipeline) }
    }

    /// The pipeline's most recent run that succeeded.
    public func lastSuccessfulRun(pipeline: String) throws -> RunRecord? {
        try read { try $0.lastSuccessfulRun(pipeline: pipeline) }
    }

    // MARK: Watermarks

    /// The end of the last successful window of a dataset in a pipeline.
    public func watermark(pipeline: String, dataset: String) throws -> Date? {
        try read { try $0.watermark(pipeline: pipeline, dataset: dataset) }
    }

    /// Every dataset's watermark in a pipeline.
    public func watermarks(pipeline: String) throws -> [String: Date] {
        try read { try $0.watermarks(pipeline: pipeline) }
    }

    /// Sets the end of the last successful window of a dataset in a pipeline.
    public func setWatermark(_ end: Date, pipeline: String, dataset: String) throws {
        try transaction { try $0.setWatermark(end, pipeline: pipeline, dataset: dataset) }
    }

    // MARK: Delta links

    /// The delta link saved for one scope (for example a user id and folder) of a dataset.
    public func deltaLink(pipeline: String, dataset: String, scope: String) throws -> String? {
        try read { try $0.deltaLink(pipeline: pipeline, dataset: dataset, scope: scope) }
    }

    /// Every delta link saved for a dataset, by scope.
    public func deltaLinks(pipeline: String, dataset: String) throws -> [String: String] {
        try read { try $0.deltaLinks(pipeline: pipeline, dataset: dataset) }
    }

    /// The shape of the delta query a dataset's links were made by, if saved.
    public func deltaRequest(pipeline: String, dataset: String) throws -> String? {
        try read { try $0.deltaRequest(pipeline: pipeline, dataset: dataset) }
    }

    /// Saves the delta link for one scope of a dataset, replacing the previous one.
    public func setDeltaLink(_ link: String, pipeline: String, dataset: String, scope: String) throws {
        try transaction { try $0.setDeltaLink(link, pipeline: pipeline, dataset: dataset, scope: scope) }
    }

    /// Forgets every delta link of a dataset, so the next run starts a full sync.
    public func removeDeltaLinks(pipeline: String, dataset: String) throws {
        try transaction { try $0.removeDeltaLinks(pipeline: pipeline, dataset: dataset) }
    }

    // MARK: Checkpoints

    /// Records that a unit of work of a run is durably written. To commit it with other updates, use
    /// `transaction(_:)`.
    public func completeUnit(runId: String, dataset: String, unit: String, rows: Int) throws {
        try transaction { try $0.completeUnit(runId: runId, dataset: dataset, unit: unit, rows: rows) }
    }

    /// The units of a dataset that a run has completed: a resumed run skips exactly these.
    public func completedUnits(runId: String, dataset: String) throws -> Set<String> {
        try read { try $0.completedUnits(runId: runId, dataset: dataset) }
    }

    /// The rows of every unit a run has completed, across datasets.
    public func checkpointedRows(runId: String) throws -> Int {
        try read { try $0.checkpointedRows(runId: runId) }
    }

    /// Saves a dataset's checkpoint of a run. To save several datasets together, use `transaction(_:)`.
    public func saveCheckpoint(_ checkpoint: DatasetCheckpoint, runId: String) throws {
        try transaction { try $0.saveCheckpoint(checkpoint, runId: runId) }
    }

    /// Everything checkpointed of a dataset in a run.
    public func checkpoint(runId: String, dataset: String) throws -> DatasetCheckpoint {
        try read { try $0.checkpoint(runId: runId, dataset: dataset) }
    }

    /// Forgets a run's checkpoints, typically once it succeeded.
    public func clearCheckpoints(runId: String) throws {
        try transaction { try $0.clearCheckpoints(runId: runId) }
    }

    /// Forgets one dataset's checkpoint in a run, when it is read again from the start.
    public func clearCheckpoint(runId: String, dataset: String) throws {
        try transaction { try $0.clearCheckpoint(runId: runId, dataset: dataset) }
    }
}
