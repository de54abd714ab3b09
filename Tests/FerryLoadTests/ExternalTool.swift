import FerryTestSupport
import Foundation

/// Runs standard command-line tools (`gzip`, `sha256sum`) to check output with independent code.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` through /usr/bin/env and returns standard output.
    static func run(_ arguments: [String]) async throws -> [UInt8] {
        let result = try await Program.run("/usr/bin/env", arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(result.status): \(result.error)")
        }
        return Array(result.outputData)
    }

    /// `gzip -dc file`: the file decompressed by the gzip tool.
    static func gunzip(_ url: URL) async throws -> [UInt8] {
        try await run(["gzip", "-dc", url.path(percentEncoded: false)])
    }

    /// `sha256sum file`: the hex digest.
    static func sha256(_ url: URL) async throws -> String {
        let line = String(decoding: try await run(["sha256sum", url.path(percentEncoded: false)]), as: UTF8.self)
        return String(line.prefix(while: { $0 != " " }))
    }
}
