import ArgumentParser
import FerryCore
import FerryConfig
import FerryRuntime
import Foundation
import Logging

/// `ferry-bench FILE`: the bare parallel fetch `make bench` compares a run against,
/// (`--transform-only`) transform and load alone through the runner's own page writer, or (`--floor`)
/// the fetch with what every run must add to it and nothing else.
@main
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry-bench",
        abstract: "Fetch the pages a run of the pipeline would read, without processing or writing them.",
        discussion: "A yardstick for `make bench`: prints pages, bytes and wall time. Not part of the `ferry` binary.")

    @Argument(help: "The pipeline file.")
    var file: String

    @Flag(help: "Instead, time transform and load alone over pages held in memory.")
    var transformOnly = false

    @Option(help: "With --transform-only: the concurrent tasks, and writer lanes, transform and load run on.")
    var threads = 1

    @Flag(
        help: """
            Instead, time the floor of a run: the same fetch, each page checked, and as many real lines as it has \
            records gzipped and committed on a writer lane per core, without projecting or pseudonymizing.
            """)
    var floor = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var level: Logger.Level = .notice

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be at least 1, not \(threads)") }
        guard !(floor && transformOnly) else { throw ValidationError("--floor and --transform-only are two benchmarks: pick one") }
    }

    func run() async throws {
        do {
            let pipeline = try PipelineLoader().load(URL(fileURLWithPath: file))
            if transformOnly {
                let result = try await TransformBenchmark(
                    pipeline: pipeline, threads: threads, logger: makeLogger(label: "ferry.bench")
                ).run()
                let onThreads = result.threads == 1 ? " s on one thread" : " s on \(result.threads) threads"
                let gzip = result.level.map { "gzip level \($0) alone " + String(format: "%.0f", result.compressedPerSecond) + " records/s" }
                var line = "transformed \(result.records) records, \(result.inputBytes) bytes of Graph JSON into \(result.outputBytes) bytes in "
                line += String(format: "%.3f", result.seconds) + onThreads
                line += " (the commit's syncs " + String(format: "%.3f", result.commitSeconds) + " s more): "
                line += String(format: "%.0f", result.recordsPerSecond) + " records/s; "
                line += (result.threads == 1 ? "" : "on one thread, ") + "lines alone (\(result.lineBytes) bytes) "
                line += String(format: "%.0f", result.linesPerSecond) + " records/s; " + (gzip ?? "no compression")
                line += "; page scan alone " + String(format: "%.0f", result.scannedPerSecond) + " records/s"
                line += "; scan and write without projection " + String(format: "%.0f", result.floorPerSecond) + " records/s"
                print(line)
                return
            }
            if floor {
                let result = try await FloorFetch(
                    benchmark: TransformBenchmark(pipeline: pipeline, logger: makeLogger(label: "ferry.bench")),
                    lanes: UsableProcessors.count
                ).run()
                print(
                    "floor: fetched \(result.fetch.pages) pages, \(result.fetch.bytes) bytes, \(result.fetch.users) users; "
                        + "checked \(result.pages) pages and wrote \(result.lines) lines into \(result.compressedBytes) bytes "
                        + "on \(UsableProcessors.count) lanes in " + String(format: "%.2f", result.seconds) + " s")
                return
            }
            let result = try await BareFetch(pipeline: pipeline, logger: makeLogger(label: "ferry.fetch")).run()
            print(
                "fetched \(result.pages) pages, \(result.bytes) bytes, \(result.users) users in "
                    + String(format: "%.2f", result.seconds) + " s")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
