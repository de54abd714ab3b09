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
    public var logger: Logger
    /// Where runs, watermarks, checkpoints and the per-pipeline lock live; `nil` runs without
    /// recording anything (and so can neither checkpoint nor resume).
    public var state: StateStore?
    /// Continue the pipeline's unfinished run, if an earlier process left one, instead of starting over.
    public var resume: Bool
    /// How often the run seals its files and records how far each unit got; `nil` never does.
    public var checkpointInterval: Duration?
    /// How many lanes each dataset's writer has: pages of one dataset compressed at the same time,
    /// each lane into part files of its own.
    public var writerLanes: Int
    /// The part of the users this process exports, when the run is split over several (`--shard K/N`):
    /// per-user datasets for the shard's users, tenant-wide ones only in shard 0, each partition into a
    /// `shard=K` leaf of its own.
    public var shard: Shard?
    /// The run id to use instead of a fresh one: the id all shards of a sharded run share (`--run-id`).
    public var runId: String?

    public static let defaultCheckpointInterval = Duration.seconds(30)
    /// One lane per processor the process may run on (`taskset` and CPU affinity honoured), at least one.
    public static var defaultWriterLanes: Int { UsableProcessors.count }

    public init(
        now: Date = Date(), logger: Logger = Logger(label: "ferry"), state: StateStore? = nil,
        resume: Bool = true, checkpointInterval: Duration? = RunOptions.defaultCheckpointInterval,
        writerLanes: Int = RunOptions.defaultWriterLanes
    ) {
        self.now = now
        self.logger = logger
        self.state = state
        self.resume = resume
        self.checkpointInterval = checkpointInterval
        self.writerLanes = max(1, writerLanes)
    }
}

/// Runs one pipeline end to end: list the users in scope, read every dataset's collections, project
/// and pseudonymize each record, and write partitions that become visible only when all succeeded.
///
/// With a state store, the run takes a checkpoint every `checkpointInterval`: every dataset's files
/// are sealed and recorded with how far each unit of work got. A run killed at any moment is
/// continued by the next `run()` of the pipeline from its last checkpoint, under the same id and
/// window, and ends with exactly the records a clean run writes.
public struct PipelineRunner: Sendable {
    public let pipeline: Pipeline
    public let options: RunOptions
    /// What the run has done so far, for a progress display.
    public let progress = RunProgress()

    public init(pipeline: Pipeline, options: RunOptions = RunOptions()) {
        self.pipeline = pipeline
        self.options = options
    }

    /// The identity of the run being made: new, or the unfinished one being continued.
    private struct Identity {
        var runId: String
        var window: RunWindow?
        var snapshotDate: String
        var resumed: Bool
    }

    /// Runs the pipeline once; its outcome, duration and output are counted in metrics (`RunMetrics`).
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        do {
            let summary = try await runOnce()
            RunMetrics.succeeded(summary)
            return summary
        } catch {
            let outcome: RunMetrics.Outcome = Task.isCancelled || error is CancellationError ? .interrupted : .failed
            RunMetrics.ended(pipeline: pipeline.name, outcome: outcome, duration: ContinuousClock.now - started)
            throw error
        }
    }

    private func runOnce() async throws -> RunSummary {
        var identity = Identity(
            runId: options.runId ?? RunID.make(at: UTCTimestamp(options.now)), window: RunWindow(of: pipeline, now: options.now),
            snapshotDate: UTCTimestamp(options.now).dateText, resumed: false)
        let dated = pipeline.datedDatasets.map(\.schema.name)
        if let configured = identity.window, let state = options.state, pipeline.window?.lastDays != nil,
            let watermark = try RunJournal.watermark(store: state, pipeline: pipeline.name, datasets: dated)
        {
            // Incremental: from where the last successful run ended up to today, so consecutive runs
            // neither overlap nor leave a gap, however many runs were missed. Empty when it ran today.
            identity.window = RunWindow(start: min(UTCTimestamp(watermark).startOfDay, configured.end), end: configured.end)
        }
        let fresh = identity
        var journal: RunJournal?
        if let state = options.state {
            let opened = try RunJournal.open(
                store: state, pipeline: pipeline.name, runId: identity.runId, window: identity.window,
                resume: options.resume, runIdGiven: options.runId != nil)
            journal = opened.journal
            if let record = opened.resumed {
                let stored = record.windowStart.flatMap { start in
                    record.windowEnd.map { RunWindow(start: UTCTimestamp(start), end: UTCTimestamp($0)) }
                }
                if (stored == nil) == (identity.window == nil) && (record.windowStart == nil) == (record.windowEnd == nil) {
                    // The same run continues: its id names the staged files; its window and date stay.
                    identity = Identity(
                        runId: record.id, window: stored, snapshotDate: UTCTimestamp(record.startedAt).dateText, resumed: true)
                } else {
                    // A window added to or removed from the pipeline since, or half a window recorded: continuing
                    // would read with no window at all, or with one the pipeline no longer asks for.
                    let reason = "its recorded window does not fit the pipeline's window as it is now"
                    options.logger.warning("cannot resume the unfinished run, starting over", metadata: ["reason": "\(reason)"])
                    journal = try opened.journal.restart(as: fresh.runId, window: fresh.window, reason: reason)
                }
            }
        }
        do {
            return try await run(as: identity, journal: journal, dated: dated)
        } catch let error as LoadError where error.kind == .resume {
            // The staged files are not as checkpointed (another run cleaned them up): start over.
            options.logger.warning("cannot resume the unfinished run, starting over", metadata: ["reason": "\(error)"])
            let restarted = try journal.map { try $0.restart(as: fresh.runId, window: fresh.window, reason: error.description) }
            return try await run(as: fresh, journal: restarted, dated: dated)
        }
    }

    /// The run itself: plan each dataset, open its lane, extract, commit every dataset or none, record.
    private func run(as identity: Identity, journal: RunJournal?, dated: [String]) async throws -> RunSummary {
        let runId = identity.runId
        let window = identity.window
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        var logger = options.logger
        logger[metadataKey: "run"] = "\(runId)"
        logger.info(
            identity.resumed ? "run resuming" : "run starting",
            metadata: ["pipeline": "\(pipeline.name)", "datasets": "\(pipeline.datasets.map(\.schema.name))"])

        // Plan and open.
        let planner = RunPlanner(
            pipeline: pipeline, runId: runId, window: window, firstRoundWindow: RunWindow(of: pipeline, now: options.now),
            snapshotDate: identity.snapshotDate, resumed: identity.resumed, pseudonymizer: pseudonymizer,
            writerLanes: options.writerLanes, shard: options.shard, logger: logger)
        let upToDate = planner.upToDate.map(\.schema.name)
        if !upToDate.isEmpty {
            // With nothing new since the last run, dated datasets have no days to read.
            logger.info(
                "nothing new since the last run for dated datasets",
                metadata: ["datasets": "\(upToDate)", "watermark": "\(window?.start.iso8601 ?? "")"])
        }
        let lanes: [DatasetLane]
        do {
            lanes = try planner.open(try planner.plans(), journal: journal)
        } catch let error as LoadError where error.kind == .resume {
            throw error
        } catch {
            throw fail(error, journal: journal)
        }

        // Extract and commit.
        let session: GraphSession
        do {
            session = try GraphSession(
                source: pipeline.source, throttle: pipeline.throttle, metrics: GraphMetrics(pipeline: pipeline.name), logger: logger)
        } catch {
            for lane in lanes { lane.sink.abort() }
            throw fail(error, journal: journal)
        }
        let client = session.client
        progress.follow(throttled: { client.stats.throttled })
        let extraction = Extraction(
            pipeline: pipeline, lanes: lanes, reader: session.reader, progress: progress, logger: logger, shard: options.shard)
        let results: [RunSummary.DatasetResult]
        do {
            results = try await session.closing { session in
                try await checkRoles(session.tokens, lanes: lanes, logger: logger)
                try await extract(extraction, checkpointingTo: journal, lanes: lanes)
                return try await publish(lanes, logger: logger)
            }
        } catch {
            throw await stopped(by: error, runId: runId, lanes: lanes, journal: journal, logger: logger)
        }

        // Record.
        let snapshot = progress.snapshot
        let stats = client.stats
        let summary = RunSummary(
            runId: runId, pipeline: pipeline.name, window: window.map { ($0.start, $0.end) },
            outputRoot: URL(fileURLWithPath: pipeline.load.path), datasets: results, usersInScope: snapshot.usersListed,
            // A policy refuses a mailbox for every dataset in it; a resumed run's datasets also count the
            // mailboxes refused before its checkpoint, which this process's progress never saw.
            usersAccessDenied: max(snapshot.usersAccessDenied, results.map(\.accessDenied).max() ?? 0), requests: stats.requestsSent, retries: stats.retries, throttled: stats.throttled,
            duration: progress.started.duration(to: .now), bytesFetched: snapshot.bytesFetched,
            pseudonymKeyId: pseudonymizer?.keyId, resumed: identity.resumed, upToDate: upToDate)
        try await record(summary, lanes: lanes, dated: dated, window: window, journal: journal, logger: logger)
        logger.info("run succeeded", metadata: ["rows": "\(summary.rows)", "seconds": "\(summary.seconds)"])
        return summary
    }

    /// Records the successful run (watermarks, delta links) and deletes what the commit replaced. If
    /// the state cannot be recorded, the partitions go back to what they were: the output must not run
    /// ahead of the state, or the next run would read these days again.
    private func record(
        _ summary: RunSummary, lanes: [DatasetLane], dated: [String], window: RunWindow?, journal: RunJournal?, logger: Logger
    ) async throws {
        let written = dated.filter { name in lanes.contains { $0.name == name } }
        // Read up to the window's end, or to the start of today when the window ends later: the days from
        // today on hold what had happened when the run read them, not the whole day.
        var watermarks: [String: Date] = [:]
        if let window, let journal {
            let readTo = min(window.end, UTCTimestamp(options.now).startOfDay)
            watermarks = try journal.advancedWatermarks(datasets: written, window: window, readTo: readTo, resumed: summary.resumed)
        }
        var nextLinks: [(dataset: String, unit: String, link: String)] = []
        var deltaRequests: [String: String] = [:]
        for lane in lanes where lane.plan.isDelta {
            for (unit, link) in lane.sink.deltaLinks { nextLinks.append((lane.name, unit, link)) }
            deltaRequests[lane.name] = lane.plan.request.deltaShape
        }
        do {
            try journal?.succeeded(rows: summary.rows, watermarks: watermarks, deltaLinks: nextLinks, deltaRequests: deltaRequests)
        } catch {
            await rollBack(lanes, logger: logger)
            for lane in lanes { lane.sink.abort() }
            throw fail(error, journal: journal)
        }
        for lane in lanes {
            do {
                try lane.sink.finishCommit()
            } catch {
                // Everything is visible and recorded; only the earlier versions were not deleted.
                logger.warning("could not remove a staging directory; the next run removes it", metadata: ["error": "\(error)"])
            }
        }
    }

    /// What a failed extraction or commit becomes: a resumable stop after a signal when a checkpoint
    /// can be taken, else a failure with everything staged thrown away.
    private func stopped(
        by error: any Error, runId: String, lanes: [DatasetLane], journal: RunJournal?, logger: Logger
    ) async -> RunError {
        if Task.isCancelled, let journal, await stopResumable(journal: journal, lanes: lanes, logger: logger) {
            return RunError(
                pipeline: pipeline.name, reason: "run it again to continue from the last checkpoint (run \(runId))", stopped: true)
        }
        for lane in lanes { lane.sink.abort() }
        if Task.isCancelled || error is CancellationError {
            // Stopped by a signal or a scheduler shutting down, not failed: say so, not "CancellationError()".
            let reason = journal == nil
                ? "stopped (SIGINT or SIGTERM) before the end; without a state database the next run starts over"
                : "stopped (SIGINT or SIGTERM) before the end, and the last checkpoint could not be taken; the next run starts over"
            logger.notice("run stopped", metadata: ["reason": "\(reason)"])
            return fail(RunError(pipeline: pipeline.name, reason: reason, stopped: true), journal: journal)
        }
        logger.error("run failed", metadata: ["error": "\(error)"])
        return fail(error, journal: journal)
    }

    /// Makes every dataset's partitions visible, or none: all datasets are prepared first (where a full
    /// disk shows up), then published one after another; when one fails, those already published are
    /// rolled back, so a failed run leaves every partition it touched as it was. Returns what each wrote.
    private func publish(_ lanes: [DatasetLane], logger: Logger) async throws -> [RunSummary.DatasetResult] {
        for lane in lanes { try lane.sink.prepareCommit() }
        var results: [RunSummary.DatasetResult] = []
        for (index, lane) in lanes.enumerated() {
            do {
                results.append(lane.result(publishing: try lane.sink.publish()))
            } catch {
                await rollBack(Array(lanes[..<index]), logger: logger)
                throw error
            }
        }
        return results
    }

    /// Undoes the publishing of `lanes`, newest first; what cannot be put back is logged by path.
    private func rollBack(_ lanes: [DatasetLane], logger: Logger) async {
        for lane in lanes.reversed() {
            for error in lane.sink.rollBack() {
                logger.error("could not put a partition back after a failed commit", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs the extraction, taking a checkpoint of every dataset at each interval while it runs.
    private func extract(_ extraction: Extraction, checkpointingTo journal: RunJournal?, lanes: [DatasetLane]) async throws {
        guard let journal, let interval = options.checkpointInterval else {
            try await extraction.run()
            return
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await extraction.run()
                return true
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    try await checkpoint(lanes, journal: journal)
                }
            }
            while let finished = try await group.next() {
                if finished {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    /// Seals every dataset's files and records them with each unit's progress, in one transaction.
    private func checkpoint(_ lanes: [DatasetLane], journal: RunJournal) async throws {
        var checkpoints: [DatasetCheckpoint] = []
        for lane in lanes { checkpoints.append(try lane.sink.checkpoint()) }
        try journal.save(checkpoints)
    }

    /// After a cancellation (a signal, a scheduler shutting down): takes a last checkpoint and records
    /// the run as interrupted, keeping its staged files for a resume. False when even that failed.
    private func stopResumable(journal: RunJournal, lanes: [DatasetLane], logger: Logger) async -> Bool {
        do {
            try await checkpoint(lanes, journal: journal)
        } catch {
            logger.error("the last checkpoint failed; the run will start over", metadata: ["error": "\(error)"])
            return false
        }
        journal.interrupted("stopped before the end; a resume continues from the last checkpoint")
        for lane in lanes { lane.sink.release() }
        logger.notice("run stopped at a checkpoint; running it again continues from there")
        return true
    }

    /// Refuses to start when the token's `roles` grant a dataset only a basic permission that withholds what the
    /// pipeline keeps (Graph would answer without it); a token without readable roles is left to Graph.
    private func checkRoles(_ tokens: TokenProvider, lanes: [DatasetLane], logger: Logger) async throws {
        guard lanes.contains(where: { $0.plan.schema.basicPermission != nil }) else { return }
        guard let claims = AccessTokenClaims(token: try await tokens.token()), !claims.roles.isEmpty else {
            logger.debug("the access token's roles are not readable; Graph decides what it allows")
            return
        }
        if let refusal = PermissionNeeds(plans: lanes.map(\.plan)).silentlyWithheld(by: Set(claims.roles)) {
            throw refusal
        }
    }

    /// Records a failure in the state store and wraps it for the caller; nothing was committed.
    private func fail(_ error: any Error, journal: RunJournal?) -> RunError {
        // The state database keeps the error for `ferry runs`: without secrets, tokens or addresses.
        journal?.failed(LogRedactor(secrets: pipeline.secrets).redact("\(error)"))
        // A RunError already says which pipeline failed; wrapping it again would say it twice.
        return error as? RunError ?? RunError(pipeline: pipeline.name, reason: "\(error)", status: ExitStatus.of(error))
    }
}
