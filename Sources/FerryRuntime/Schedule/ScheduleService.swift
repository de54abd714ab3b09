import FerryConfig
import FerrySchedule
import FerryState
import Foundation
import Logging
import Synchronization

/// `ferry schedule DIR`: fires every scheduled pipeline in a directory at its time, for as long as
/// it runs, picking up pipeline files that are added, changed or removed.
///
/// One instance of a pipeline at a time: the scheduler never overlaps fires of one job, and the
/// state store's per-pipeline lock keeps other processes out too. Missed runs are caught up once
/// after downtime unless a pipeline says `catch_up: none`.
public final class ScheduleService: Sendable {
    private let directory: URL
    private let state: StateStore
    private let loader: PipelineLoader
    private let logger: Logger
    /// The logger of one pipeline's runs, which redacts that pipeline's secrets.
    private let runLogger: @Sendable (_ secrets: [String]) -> Logger
    private let rescanInterval: Duration
    /// The pipelines last read from the directory, by name, and the files' fingerprint.
    private let catalog = Mutex<(pipelines: [String: Pipeline], fingerprint: [String: Date])>(([:], [:]))
    private let scheduler = Mutex<Scheduler?>(nil)
    /// Called after each successful run (`ferry schedule` analyses the export there when the pipeline has `analyze:`).
    private let afterSuccess: (@Sendable (Pipeline, RunSummary, Logger) async -> Void)?

    public init(
        directory: URL, state: StateStore, loader: PipelineLoader = PipelineLoader(), logger: Logger,
        runLogger: (@Sendable (_ secrets: [String]) -> Logger)? = nil,
        rescanInterval: Duration = .seconds(5), afterSuccess: (@Sendable (Pipeline, RunSummary, Logger) async -> Void)? = nil
    ) {
        self.afterSuccess = afterSuccess
        self.runLogger = runLogger ?? { _ in logger }
        self.directory = directory
        self.state = state
        self.loader = loader
        self.logger = logger
        self.rescanInterval = rescanInterval
    }

    /// The scheduled pipelines and when each fires next, as of now.
    public func jobs() -> [(name: String, schedule: String)] {
        catalog.withLock { $0.pipelines.values.compactMap { p in p.schedule.map { (p.name, $0.cron) } } }.sorted { $0.name < $1.name }
    }

    /// When the pipeline last fired, for the scheduler's catch-up: its last run's start. A run the last
    /// process left unfinished (stopped by a restart of the scheduler, killed) counts as missed, so that it
    /// is continued at once rather than at the next scheduled time, a whole period late and with its
    /// snapshot dated by the day it first started: its fire is placed a day before it started.
    static func lastFire(of pipeline: String, in store: StateStore) throws -> Date? {
        if let unfinished = try store.unfinishedRun(pipeline: pipeline) { return unfinished.startedAt - 86_400 }
        return try store.lastRun(pipeline: pipeline)?.startedAt
    }

    /// Runs until `stop()` or cancellation, then waits for the runs in flight to stop.
    public func run() async {
        _ = rescan(force: true)
        let store = state
        let scheduler = Scheduler(
            jobs: scheduledJobs(),
            lastFire: { [logger] name in
                do {
                    return try Self.lastFire(of: name, in: store)
                } catch {
                    // Read as "never ran": no catch-up run for this pipeline, said rather than skipped silently.
                    logger.error(
                        "cannot read the pipeline's last run from the state database; no catch-up run",
                        metadata: ["pipeline": "\(name)", "error": "\(error)"])
                    return nil
                }
            },
            onEvent: { [logger] event in logger.info("\(event)") },
            fire: { [weak self] name in await self?.fire(name) })
        self.scheduler.withLock { $0 = scheduler }
        for job in jobs() { logger.notice("scheduled", metadata: ["pipeline": "\(job.name)", "schedule": "\(job.schedule)"]) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await scheduler.run() }
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: rescanInterval)
                    if Task.isCancelled { break }
                    if rescan(force: false) { await scheduler.update(jobs: scheduledJobs()) }
                }
            }
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Stops firing; the runs in flight take a checkpoint and stop, and their pipelines' next runs
    /// continue them.
    public func stop() async {
        await scheduler.withLock { $0 }?.stop(cancellingInFlight: true)
    }

    private func scheduledJobs() -> [ScheduledJob] {
        catalog.withLock { catalog in
            catalog.pipelines.values.compactMap { pipeline in
                pipeline.schedule.map { ScheduledJob(id: pipeline.name, schedule: $0.schedule, catchUp: $0.catchUp) }
            }
        }
    }

    /// Reads the directory again when a file was added, removed or modified; returns whether anything changed.
    private func rescan(force: Bool) -> Bool {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? [])
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
        var fingerprint: [String: Date] = [:]
        for file in files {
            fingerprint[file.path] = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
        }
        guard force || fingerprint != catalog.withLock({ $0.fingerprint }) else { return false }
        var pipelines: [String: Pipeline] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            do {
                let pipeline = try loader.load(file)
                guard pipeline.schedule != nil else { continue }
                if pipelines[pipeline.name] != nil {
                    logger.error("two pipeline files share a name; the later is ignored", metadata: ["file": "\(file.path)", "pipeline": "\(pipeline.name)"])
                    continue
                }
                pipelines[pipeline.name] = pipeline
            } catch {
                logger.error("pipeline file not scheduled: \(error)", metadata: ["file": "\(file.path)"])
            }
        }
        catalog.withLock { $0 = (pipelines, fingerprint) }
        logger.info("pipelines read", metadata: ["scheduled": "\(pipelines.keys.sorted())"])
        return true
    }

    private func fire(_ name: String) async {
        guard let pipeline = catalog.withLock({ $0.pipelines[name] }) else { return }
        let logger = runLogger(pipeline.secrets)
        do {
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(logger: logger, state: state)).run()
            logger.notice(
                "run succeeded",
                metadata: ["pipeline": "\(name)", "run": "\(summary.runId)", "rows": "\(summary.rows)", "seconds": "\(Int(summary.seconds))"])
            await afterSuccess?(pipeline, summary, logger)
        } catch where Task.isCancelled {
            logger.notice("run stopped: \(error)", metadata: ["pipeline": "\(name)"])
        } catch {
            logger.error("run failed: \(error)", metadata: ["pipeline": "\(name)"])
        }
    }
}
