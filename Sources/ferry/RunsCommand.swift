import FerryCore
import ArgumentParser
import FerryState
import Foundation

/// `ferry runs [PIPELINE]`: the history of runs, newest first.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Show the history of runs, newest first.")

    @Argument(help: "Only this pipeline's runs.")
    var pipeline: String?

    @Option(help: "At most this many runs.")
    var limit: Int = 20

    @Flag(help: "Print the runs as a JSON array (snake_case keys, UTC times), newest first.")
    var json = false

    @OptionGroup var state: StateOptions

    func run() throws {
        let store = try state.open()
        let runs = try store.runs(pipeline: pipeline, limit: limit)
        if json { return print(try StateJSON.text(runs.map(StateJSON.Run.init))) }
        guard !runs.isEmpty else {
            print("no runs recorded in \(store.path)" + (pipeline.map { " for pipeline '\($0)'" } ?? ""))
            return
        }
        print(["RUN", "PIPELINE", "STATUS", "STARTED", "SECONDS", "ROWS", "WINDOW"].joined(separator: "\t"))
        for run in runs {
            let seconds = run.endedAt.map { String(format: "%.1f", $0.timeIntervalSince(run.startedAt)) } ?? "-"
            let window = run.windowStart.map { start in
                "[\(StatusFormat.day(start)), \(run.windowEnd.map(StatusFormat.day) ?? "?"))"
            } ?? "-"
            print([run.id, run.pipeline, run.status.rawValue, StatusFormat.instant(run.startedAt), seconds, "\(run.rows)", window]
                .joined(separator: "\t"))
            if let error = run.error { print("  error: \(error)") }
        }
    }
}

/// Dates as `ferry runs` and `ferry status` print them: UTC, to the second.
enum StatusFormat {
    static func instant(_ date: Date) -> String {
        UTCTimestamp(date).iso8601Seconds
    }

    static func day(_ date: Date) -> String {
        String(instant(date).prefix(10))
    }
}
