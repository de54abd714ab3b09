import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryState
import FerryTransform
import Foundation
import Logging

/// How to run a pipeline, beyond what its file says.
public struct RunOptions: Sendable {
    /// The instant the run's window and snapshot date are computed from.
    public var now: Date
    /// Show progress on standard error: a live line on a terminal, periodic log lines otherwise.
    public var showProgress: Bool
    public var logger: Logger
    /// Where runs, watermarks and the per-pipeline lock live; `nil` runs without recording anything.
    public var state: StateStore?

    public init(
        now: Date = Date(), showProgress: Bool = false, logger: Logger = Logger(label: "ferry"), state: StateStore? = nil
    ) {
        self.now = now
        self.showProgress = showProgress
        self.logger = logger
        self.state = state
    }
}

/// Runs one pipeline end to end: list the users in scope, read every dataset's collections, project
/// and pseudonymize each record, and write partitions that become visible only when all succeeded.
public struct PipelineRunner: Sendable {
    public let pipeline: Pipeline
    public let options: RunOptions
    public let progress = RunProgress()

    public init(pipeline: Pipeline, options: RunOptions = RunOptions()) {
        self.pipeline = pipeline
        self.options = options
    }

    public func run() async throws -> RunSummary {
        let now = UTCTimestamp(options.now)
        let runId = RunID.make(at: now)
        var window = RunWindow(of: pipeline, now: options.now)
        let dated = pipeline.datasets.filter { $0.schema.dateColumn != nil }.map(\.schema.name)
        if let configured = window, let state = options.state,
            let watermark = try RunJournal.watermark(store: state, pipeline: pipeline.name, datasets: dated),
            UTCTimestamp(watermark) < configured.start
        {
            // Runs were missed since the last success: widen the window back to it, so no day is left out.
            window = RunWindow(start: UTCTimestamp(watermark).startOfDay, end: configured.end)
        }
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        var logger = options.logger
        logger[metadataKey: "run"] = "\(runId)"
        logger.info("run starting", metadata: ["pipeline": "\(pipeline.name)", "datasets": "\(pipeline.datasets.map(\.schema.name))"])

        let journal = try options.state.map {
            try RunJournal.open(store: $0, pipeline: pipeline.name, runId: runId, window: window)
        }
        let plans: [DatasetPlan]
        do {
            plans = try pipeline.datasets.map {
                try DatasetPlan(
                    selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window, snapshotDate: now.dateText)
            }
        } catch {
            throw fail(error, journal: journal)
        }
        if case .groups = pipeline.scope.users {
            journal?.failed("scope.users with groups is not supported yet")
            throw RunError(
                pipeline: pipeline.name,
                reason: "scope.users with groups is not supported yet; use 'all' or a 'filter' on users")
        }

        let root = URL(fileURLWithPath: pipeline.load.path)
        var sinks: [DatasetSink] = []
        do {
            for plan in plans {
                let sink = try DatasetSink(
                    dataset: plan.schema.name,
                    layout: PartitionLayout(root: root, dataset: plan.schema.name, fileExtension: plan.encoder.fileExtension),
                    compression: pipeline.load.outputCompression,
                    maxRowsPerFile: pipeline.load.maxRowsPerFile, maxBytesPerFile: pipeline.load.maxBytesPerFile,
                    fileHeader: plan.encoder.fileHeader,
                    context: plan.manifestContext(runId: runId, pipeline: pipeline, window: window, keyId: pseudonymizer?.keyId))
                try await sink.declare(partitions: plan.declaredPartitions)
                sinks.append(sink)
            }
        } catch {
            for sink in sinks { await sink.abort() }
            throw fail(error, journal: journal)
        }

        let session: GraphSession
        do {
            session = try GraphSession(source: pipeline.source, maxConcurrency: pipeline.throttle.maxConcurrency, logger: logger)
        } catch {
            for sink in sinks { await sink.abort() }
            throw fail(error, journal: journal)
        }
        let client = session.client
        let extraction = Extraction(
            pipeline: pipeline, plans: plans, sinks: sinks, reader: CollectionReader(client: client),
            progress: progress, logger: logger)

        let display = options.showProgress
            ? ProgressDisplay(progress: progress, isTerminal: isatty(STDERR_FILENO) == 1, throttled: { client.stats.throttled })
            : nil
        let displayTask = display.map { display in Task { await display.run() } }
        let outcome: Result<[(partitions: [PartitionSummary], quarantineFile: URL?)], any Error>
        do {
            try await extraction.run()
            var committed: [(partitions: [PartitionSummary], quarantineFile: URL?)] = []
            for sink in sinks { committed.append(try await sink.commit()) }
            outcome = .success(committed)
        } catch {
            for sink in sinks { await sink.abort() }
            outcome = .failure(error)
        }
        displayTask?.cancel()
        display?.finish()
        await session.close()

        let committed: [(partitions: [PartitionSummary], quarantineFile: URL?)]
        switch outcome {
        case .success(let value): committed = value
        case .failure(let error):
            logger.error("run failed", metadata: ["error": "\(error)"])
            throw fail(error, journal: journal)
        }

        let snapshot = progress.snapshot
        let stats = client.stats
        var results: [RunSummary.DatasetResult] = []
        for (index, plan) in plans.enumerated() {
            results.append(
                RunSummary.DatasetResult(
                    dataset: plan.schema.name, schemaVersion: plan.schema.version, rows: await sinks[index].rows,
                    partitions: committed[index].partitions, quarantined: await sinks[index].quarantinedCount,
                    quarantineFile: committed[index].quarantineFile,
                    usersWithoutMailbox: await sinks[index].usersSkipped))
        }
        let summary = RunSummary(
            runId: runId, pipeline: pipeline.name, window: window.map { ($0.start.iso8601, $0.end.iso8601) },
            outputRoot: root, datasets: results, usersInScope: snapshot.usersListed, requests: stats.requestsSent,
            retries: stats.retries, throttled: stats.throttled, duration: progress.started.duration(to: .now),
            bytesFetched: snapshot.bytesFetched, pseudonymKeyId: pseudonymizer?.keyId)
        let watermarks = window.map { window in Dictionary(uniqueKeysWithValues: dated.map { ($0, window.end.date) }) }
        try journal?.succeeded(rows: summary.rows, watermarks: watermarks ?? [:])
        logger.info("run succeeded", metadata: ["rows": "\(summary.rows)", "seconds": "\(summary.seconds)"])
        return summary
    }

    /// Records a failure in the state store and wraps it for the caller; nothing was committed.
    private func fail(_ error: any Error, journal: RunJournal?) -> RunError {
        journal?.failed("\(error)")
        // A RunError already says which pipeline failed; wrapping it again would say it twice.
        return error as? RunError ?? RunError(pipeline: pipeline.name, reason: "\(error)")
    }
}
