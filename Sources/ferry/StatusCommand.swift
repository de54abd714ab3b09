import ArgumentParser
import FerryState
import Foundation

/// `ferry status`: per pipeline its last run, outcome and watermarks.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each pipeline's last run, its outcome, and the watermarks of its datasets.")

    @Flag(help: "Print the pipelines as a JSON array: last run, last success, watermarks (snake_case keys, UTC times).")
    var json = false

    @OptionGroup var state: StateOptions

    func run() throws {
        let store = try state.open()
        let pipelines = Set(try store.runs(limit: 10_000).map(\.pipeline)).sorted()
        if json { return print(try StateJSON.text(try status(of: pipelines, in: store))) }
        guard !pipelines.isEmpty else {
            print("no runs recorded in \(store.path)")
            return
        }
        for pipeline in pipelines {
            guard let last = try store.lastRun(pipeline: pipeline) else { continue }
            var line = "\(pipeline): last run \(last.id) \(last.status.rawValue) at \(StatusFormat.instant(last.startedAt))"
            if last.status != .succeeded, let success = try store.lastSuccessfulRun(pipeline: pipeline) {
                line += "; last success \(success.id) at \(StatusFormat.instant(success.startedAt))"
            }
            print(line)
            if let error = last.error { print("  error: \(error)") }
            for (dataset, watermark) in try store.watermarks(pipeline: pipeline).sorted(by: { $0.key < $1.key }) {
                print("  \(dataset): exported up to \(StatusFormat.instant(watermark))")
            }
        }
    }

    private func status(of pipelines: [String], in store: StateStore) throws -> [StateJSON.Pipeline] {
        try pipelines.compactMap { pipeline in
            guard let last = try store.lastRun(pipeline: pipeline) else { return nil }
            return StateJSON.Pipeline(
                pipeline: pipeline, lastRun: StateJSON.Run(last),
                lastSuccess: try store.lastSuccessfulRun(pipeline: pipeline).map(StateJSON.Run.init),
                watermarks: try store.watermarks(pipeline: pipeline).mapValues(StatusFormat.instant))
        }
    }
}
