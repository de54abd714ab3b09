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
            Output becomes visible only when the whole run succeeded: each partition is written under a
            temporary name, then swapped in with its _manifest.json. Running the same window again
            replaces its partitions. Progress goes to standard error, the summary to standard output.
            """)

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error.")
    var progress = true

    @Flag(help: "Record nothing in the state database (no run history, watermarks or lock).")
    var stateless = false

    @OptionGroup var state: StateOptions

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let pipeline: Pipeline
        do {
            pipeline = try PipelineLoader(schemaDirectory: schemas.map { URL(fileURLWithPath: $0) })
                .load(URL(fileURLWithPath: file))
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let runner = PipelineRunner(
            pipeline: pipeline,
            options: RunOptions(
                showProgress: progress, logger: logging.makeLogger(label: "ferry.run"),
                state: stateless ? nil : try state.open()))
        do {
            let summary = try await runner.run()
            print(summary.render())
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
