import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry validate FILE...`: checks pipeline files without touching the network.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files without touching the network.",
        discussion: """
            Every problem is reported as FILE:LINE:COLUMN: error: MESSAGE. Environment variables the \
            files use must be set, as for a run. Exits 0 when every file is valid, 1 otherwise.
            """)

    @Argument(help: "Pipeline files to check.")
    var files: [String]

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    func run() throws {
        let loader = PipelineLoader(schemaDirectory: schemas.map { URL(fileURLWithPath: $0) })
        var failed = false
        for file in files {
            let diagnostics = loader.validate(URL(fileURLWithPath: file))
            if diagnostics.isEmpty {
                print("\(file): ok")
            } else {
                failed = true
                for diagnostic in diagnostics { print(diagnostic.description) }
            }
        }
        if failed { throw ExitCode(ExitStatus.configuration.rawValue) }
    }
}
