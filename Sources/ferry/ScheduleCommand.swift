import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry schedule DIR`: runs every scheduled pipeline in a directory at its time, until stopped.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run the pipelines in a directory on their schedules, until SIGINT or SIGTERM.",
        discussion: """
            Every pipeline file in DIR with a `schedule:` fires at its time: five cron fields in the \
            schedule's time zone, a macro such as @daily, or an interval such as @every 30s. A pipeline \
            never runs twice at once, also across processes sharing the state database. A run missed \
            while the scheduler was down is made up once at start (schedule.catch_up: one, the default) \
            or skipped (none). Files added, changed or removed are picked up within seconds. On SIGINT \
            or SIGTERM, no new run starts; the runs in flight take a checkpoint and stop, and the next \
            run of each of those pipelines continues where it stopped.
            """)

    @Argument(help: "The directory of pipeline files.")
    var directory: String

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    @OptionGroup var state: StateOptions

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var metrics: MetricsOptions

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(directory)' is not a directory of pipeline files")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "ferry.schedule")
        let metricsListener = try metrics.start(logger: logger, reportingTo: logging)
        defer { metricsListener?.stop() }
        let service = ScheduleService(
            directory: URL(fileURLWithPath: directory), state: try state.open(),
            loader: PipelineLoader(schemaDirectory: schemas.map { URL(fileURLWithPath: $0) }),
            logger: logger,
            runLogger: { [logging] secrets in logging.makeLogger(label: "ferry.schedule", secrets: secrets) },
            afterSuccess: { pipeline, summary, logger in
                guard let config = pipeline.analyze else { return }
                do {
                    let lines = try await PipelineAnalysis.runInBackground(PipelineAnalysis.options(for: pipeline, config: config))
                    logger.notice("analysis written", metadata: ["pipeline": "\(pipeline.name)", "run": "\(summary.runId)", "report": "\(lines.last ?? "")"])
                } catch {
                    logger.error("the export succeeded, but its analysis failed: \(error)", metadata: ["pipeline": "\(pipeline.name)"])
                }
            })
        let signals = trapTerminationSignals {
            logging.report("stopping: no new runs; the runs in flight take a checkpoint and stop", level: .notice)
            Task { await service.stop() }
        }
        await service.run()
        signals.forEach { $0.cancel() }
    }
}
