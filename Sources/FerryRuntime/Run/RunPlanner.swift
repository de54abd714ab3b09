import FerryConfig
import FerryCore
import FerryLoad
import FerryState
import FerryTransform
import Foundation
import Logging

/// Decides, before anything is fetched, what a run does with each dataset, and opens them: a plan per
/// dataset, its sink, its resume point and its delta links, together one `DatasetLane`.
struct RunPlanner {
    let pipeline: Pipeline
    let runId: String
    /// The days this run reads; nil for a pipeline without a window.
    let window: RunWindow?
    /// The pipeline's whole window as of now: a delta round without a link reads all of it.
    let firstRoundWindow: RunWindow?
    let snapshotDate: String
    let resumed: Bool
    let pseudonymizer: Pseudonymizer?
    let writerLanes: Int
    /// The part of the users this process exports, if the run is sharded.
    let shard: Shard?
    let logger: Logger

    /// The dated datasets that have nothing to read: the window is empty, the last run covered today.
    var upToDate: [DatasetSelection] {
        guard window?.isEmpty == true else { return [] }
        return pipeline.datedDatasets.filter { $0.incremental != .delta }
    }

    /// One plan per dataset the run reads: a shard reads tenant-wide datasets only if it is shard 0.
    func plans() throws -> [DatasetPlan] {
        let skipped = Set(upToDate.map(\.schema.name))
        return try pipeline.datasets.filter { !skipped.contains($0.schema.name) && shard?.exports($0.schema) != false }.map {
            try DatasetPlan(
                selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window,
                snapshotDate: snapshotDate, runId: runId, firstRoundWindow: firstRoundWindow)
        }
    }

    /// Opens every plan's sink under the pipeline's output path, continuing the staged files of an
    /// earlier process of the same run when resuming. On failure, every sink opened is aborted.
    func open(_ plans: [DatasetPlan], journal: RunJournal?) throws -> [DatasetLane] {
        let root = URL(fileURLWithPath: pipeline.load.path)
        var lanes: [DatasetLane] = []
        var checkpoints: [DatasetCheckpoint] = []
        do {
            for plan in plans {
                let checkpoint = try checkpoint(of: plan, journal: journal)
                if let checkpoint { checkpoints.append(checkpoint) }
                var layout = plan.layout(root: root)
                layout.shard = shard?.leaf(for: plan.schema)
                var context = plan.manifestContext(runId: runId, pipeline: pipeline, window: window, keyId: pseudonymizer?.keyId)
                context.runDatasets = pipeline.datasets.map { $0.incremental == .delta ? $0.schema.name + "_delta" : $0.schema.name }
                let sink = try DatasetSink(
                    dataset: plan.schema.name, layout: layout, compression: pipeline.load.outputCompression,
                    maxRowsPerFile: pipeline.load.maxRowsPerFile, maxBytesPerFile: pipeline.load.maxBytesPerFile,
                    fileHeader: plan.format.fileHeader, context: context, lanes: writerLanes, resume: checkpoint,
                    checkpoints: journal != nil,
                    writeSettings: plan.writeSettings(compression: context.compression, shard: layout.shard))
                let links = try deltaLinks(of: plan, journal: journal)
                lanes.append(
                    DatasetLane(
                        plan: plan, sink: sink, resume: checkpoint.map(ResumePoint.init(checkpoint:)) ?? .fresh,
                        deltaLinks: links ?? [:], resyncsEveryUnit: links == nil))
                // A shard records every dataset it writes, a change feed's partition of the run included.
                var coverage = plan.coverage ?? (layout.shard == nil ? nil : .values(plan.declaredPartitions))
                if plan.isDelta, let abandoned = journal?.abandonedRunId, abandoned != runId {
                    // The run given up may have published its change feed and died before saving its links:
                    // this run reads those changes again, so its commit replaces that partition.
                    coverage = .values(plan.declaredPartitions + [abandoned])
                }
                try sink.declare(partitions: plan.declaredPartitions, coverage: coverage)
            }
        } catch {
            for lane in lanes { lane.sink.abort() }
            throw error
        }
        if resumed, journal != nil {
            logger.info(
                "continuing from the last checkpoint",
                metadata: [
                    "units done": "\(checkpoints.reduce(0) { $0 + $1.completedUnits.count })",
                    "units part read": "\(checkpoints.reduce(0) { $0 + $1.cursors.count })",
                    "rows": "\(checkpoints.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.rows } })",
                ])
        }
        return lanes
    }

    /// What earlier processes of this run saved of `plan`'s dataset, when resuming. A tenant-wide
    /// collection is one unit: unless complete, it is read again from the start, and what was saved of it
    /// is forgotten in the state database too.
    private func checkpoint(of plan: DatasetPlan, journal: RunJournal?) throws -> DatasetCheckpoint? {
        guard resumed, let journal else { return nil }
        let saved = try journal.checkpoint(dataset: plan.schema.name)
        guard plan.schema.collection.fanout != .tenant || saved.completedUnits[ResumePoint.tenantUnit] != nil else {
            try journal.discardCheckpoint(dataset: plan.schema.name)
            return DatasetCheckpoint(dataset: saved.dataset)
        }
        return saved
    }

    /// The delta links the last successful run left for `plan`'s change feed, by unit; nil when they were
    /// made by a delta query of another shape (the columns changed since): they would go on answering
    /// that one, so every unit is read whole again.
    private func deltaLinks(of plan: DatasetPlan, journal: RunJournal?) throws -> [String: String]? {
        guard plan.isDelta else { return [:] }
        guard let journal else {
            logger.warning(
                "incremental: delta without a state database reads the whole collection every run",
                metadata: ["dataset": "\(plan.schema.name)"])
            return [:]
        }
        let links = try journal.deltaLinks(dataset: plan.schema.name)
        if !links.isEmpty, let saved = try journal.deltaRequest(dataset: plan.schema.name), saved != plan.request.deltaShape {
            logger.warning(
                "the delta query changed since the last run (its columns or headers): reading every unit whole again, as a resync",
                metadata: ["dataset": "\(plan.schema.name)", "links": "\(links.count)"])
            return nil
        }
        return links
    }
}
