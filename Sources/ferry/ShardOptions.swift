import ArgumentParser
import FerryRuntime
import Foundation

/// `--shard K/N`, `--shards N` and `--run-id`: one process's part of a run split over several.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Export shard K of N: the users whose id hashes (SHA-256) to K modulo N; tenant-wide datasets only in shard 0 (default: $FERRY_SHARD).",
        valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp(
        "Split the run into N shards and take this process's number from $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).",
        valueName: "N"))
    var shards: Int?

    @Option(help: ArgumentHelp(
        "The run id, shared by all shards of a run; a sharded run needs one (default: $FERRY_RUN_ID).", valueName: "ID"))
    var runId: String?

    /// The shard and run id, or a configuration error (exit 2) naming what is wrong.
    func resolve() throws -> ShardSelection {
        do {
            return try ShardSelection.resolve(
                shard: shard, shards: shards, runId: runId, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
    }
}
