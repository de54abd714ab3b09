import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry check FILE`: a read-only preflight against the pipeline's endpoint.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a pipeline can run against its tenant, reading nothing but samples and writing nothing.",
        discussion: """
            Obtains an access token (and shows when it expires), compares the application permissions the \
            pipeline's datasets need, least privilege (Mail.ReadBasic.All when no body text is kept), with the \
            token's roles claim (read, never trusted), and sends one small request per dataset on a sample user \
            or group to confirm access. Each problem says which permission to grant, or which mailbox policy \
            blocks. Nothing is written; no secret or token is shown.

            Exit codes: 0 when the pipeline can run, 4 when a permission or a mailbox policy stands in the way, \
            2 for a configuration error, 1 when Graph could not be reached.
            \(ExitStatus.table)
            """)

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let pipeline = try logging.loadPipeline(file, schemas: schemas)
        let logger = logging.makeLogger(label: "ferry.check", secrets: pipeline.secrets)
        let report: PreflightCheck.Report
        do {
            report = try await PreflightCheck(pipeline: pipeline, logger: logger).run()
        } catch {
            logging.report("\(error)", secrets: pipeline.secrets)
            throw ExitCode(ExitStatus.of(error).rawValue)
        }
        print(report.text)
        if !report.canRun { throw ExitCode(report.status.rawValue) }
    }
}
