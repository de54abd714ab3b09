import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

extension LoggingOptions {
    /// Loads the pipeline `file` (schemas from `schemas`, else where the file says), or reports why not,
    /// in the chosen log format, and exits with the configuration status.
    func loadPipeline(_ file: String, schemas: String?) throws -> Pipeline {
        do {
            return try PipelineLoader(schemaDirectory: schemas.map { URL(fileURLWithPath: $0) }).load(URL(fileURLWithPath: file))
        } catch {
            format == .json ? report("\(error)") : printError("\(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
    }

}


