import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry run FILE`: runs a pipeline once.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline once: extract, pseudonymize, project and write partitions.",
        discussion: """
            Output becomes visible only when the whole run succeeded: each partition is written under a \
            temporary name, then swapped in with its _manifest.json. Running the same window again \
            replaces its partitions. Progress goes to standard error, the summary to standard output.

            Every --checkpoint-every seconds the run records in the state database which users' collections \
            (down to the page) its staged files hold. A run that was killed or stopped (SIGINT, SIGTERM) is \
            continued by the next `ferry run` of the pipeline, under the same run id and window, and ends \
            with exactly the records of a clean run; --restart starts over instead.

            With --shard K/N (or --shards N in a Kubernetes Indexed Job) the process exports one of N \
            disjoint parts of the users, into partition leaves shard=K of its own, under a run id all \
            shards share (--run-id); `ferry verify` then checks that every shard committed.

            Exit codes:
            \(ExitStatus.table)
            """)

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error.")
    var progress = true

    @Flag(help: "Record nothing in the state database (no run history, watermarks, lock or checkpoints).")
    var stateless = false

    @Flag(help: "Start over instead of continuing the pipeline's unfinished run.")
    var restart = false

    @Option(help: "Seconds between checkpoints.")
    var checkpointEvery: Double = 30

    @Option(
        name: .customLong("summary-json"),
        help: "Also write the run's outcome and summary as JSON to this file (atomically; on failure too).")
    var summaryJSON: String?

    @OptionGroup var sharding: ShardOptions

    @OptionGroup var state: StateOptions

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let selection = try sharding.resolve()
        let pipeline = try logging.loadPipeline(file, schemas: schemas)
        guard checkpointEvery > 0, checkpointEvery.isFinite else {
            logging.report("--checkpoint-every must be a positive number of seconds")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        let logger = logging.makeLogger(label: "ferry.run", secrets: pipeline.secrets)
        let metricsListener = try metrics.start(logger: logger, reportingTo: logging)
        defer { metricsListener?.stop() }
        var options = RunOptions(
            logger: logger, state: stateless ? nil : try state.open(), resume: !restart,
            checkpointInterval: .seconds(checkpointEvery))
        options.shard = selection.shard
        options.runId = selection.runId
        let runner = PipelineRunner(pipeline: pipeline, options: options)
        let task = Task { try await runner.run() }
        // A signal cancels the run, which takes a last checkpoint and stops; the next run continues it.
        let signals = trapTerminationSignals {
            logging.report(stateless ? "stopping" : "stopping: taking a checkpoint", level: .notice)
            task.cancel()
        }
        defer { signals.forEach { $0.cancel() } }
        let display = progress ? ProgressDisplay(progress: runner.progress, isTerminal: isatty(STDERR_FILENO) == 1) : nil
        let displayTask = display.map { display in Task { await display.run() } }
        defer {
            displayTask?.cancel()
            display?.finish()
        }
        let summary: RunSummary
        do {
            summary = try await task.value
        } catch {
            let text = LogRedactor(secrets: pipeline.secrets).redact("\(error)")
            try? writeReport(RunReport(pipeline: pipeline.name, outcome: task.isCancelled ? .interrupted : .failed, error: text))
            logging.report("\(error)", secrets: pipeline.secrets)
            throw ExitCode(task.isCancelled ? ExitStatus.interrupted.rawValue : ExitStatus.of(error).rawValue)
        }
        try writeReport(RunReport(summary))
        print(summary.render())
        if let config = pipeline.analyze {
            print("analysis (the pipeline's analyze: section):")
            do {
                for line in try await PipelineAnalysis.runInBackground(PipelineAnalysis.options(for: pipeline, config: config)) { print("  " + line) }
            } catch {
                logging.report("the export succeeded, but its analysis failed: \(error)")
                throw ExitCode(ExitStatus.of(error).rawValue)
            }
        }
    }

    /// Writes `report` to `--summary-json`, if given.
    private func writeReport(_ report: RunReport) throws {
        guard let summaryJSON else { return }
        do {
            try report.write(to: URL(fileURLWithPath: summaryJSON))
        } catch {
            logging.report(
                "could not write the summary to \(summaryJSON): \(error.localizedDescription); check that its directory exists and is writable")
            throw ExitCode(1)
        }
    }
}
