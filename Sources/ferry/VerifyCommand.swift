import ArgumentParser
import FerryLoad
import FerryRuntime
import Foundation

/// `ferry verify OUT [--run ID]`: whether an export, every shard of it, is complete.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a run's export is complete: every shard committed, every file matches its manifest.",
        discussion: """
            Reads the run records (<dataset>/_runs/<run>[.shard-<k>].json) of every dataset under OUT: every \
            dataset of the run must have the records of all its shards (tenant-wide datasets: shard 0), \
            every partition a record lists must be there with its _manifest.json and _SUCCESS, every \
            file's rows, bytes and SHA-256 must match, the days the run covered must hold no other run's \
            files, and no staged or partial file may be reachable under a dataset directory. Each problem \
            names the dataset, the missing shard and its partitions.

            Exits 0 only when the run is complete, \(ExitStatus.incomplete.rawValue) when it is not, \
            \(ExitStatus.configuration.rawValue) when OUT holds no export.
            """)

    @Argument(help: "The export's output directory (the pipeline's load.path).")
    var output: String

    @Option(name: .customLong("run"), help: "The run to check (default: the newest run in OUT, by the time it committed).")
    var runId: String?

    func run() throws {
        let verification: ExportVerification
        do {
            verification = try ExportVerifier(root: URL(fileURLWithPath: output, isDirectory: true)).verify(runId: runId)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        print(verification.render())
        if !verification.isComplete { throw ExitCode(ExitStatus.incomplete.rawValue) }
    }
}
