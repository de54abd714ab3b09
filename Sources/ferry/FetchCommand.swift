import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry fetch FILE`: the bare parallel fetch `make bench` compares a run against.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the pages a run of the pipeline would read, without processing or writing them.",
        discussion: "A yardstick for benchmarks: prints pages, bytes and wall time.",
        shouldDisplay: false)

    @Argument(help: "The pipeline file.")
    var file: String

    @Flag(help: "Instead, time transform and load alone on one thread over pages held in memory.")
    var transformOnly = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        do {
            let pipeline = try PipelineLoader().load(URL(fileURLWithPath: file))
            if transformOnly {
                let result = try await TransformBenchmark(pipeline: pipeline, logger: logging.makeLogger(label: "ferry.bench")).run()
                print(
                    "transformed \(result.records) records, \(result.inputBytes) bytes of Graph JSON into \(result.outputBytes) bytes in "
                        + String(format: "%.3f", result.seconds) + " s on one thread: "
                        + String(format: "%.0f", result.recordsPerSecond) + " records/s; lines alone (\(result.lineBytes) bytes) "
                        + String(format: "%.0f", result.linesPerSecond) + " records/s; "
                        + (result.level.map { "gzip level \($0) alone " + String(format: "%.0f", result.compressedPerSecond) + " records/s" }
                            ?? "no compression"))
                return
            }
            let result = try await BareFetch(pipeline: pipeline, logger: logging.makeLogger(label: "ferry.fetch")).run()
            print(
                "fetched \(result.pages) pages, \(result.bytes) bytes, \(result.users) users in "
                    + String(format: "%.2f", result.seconds) + " s")
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
