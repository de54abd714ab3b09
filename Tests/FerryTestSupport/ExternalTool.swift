import Foundation

/// Runs standard command-line tools (`gzip`, `sha256sum`) to check output with independent code.
public enum ExternalTool {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `arguments` through /usr/bin/env and returns standard output.
    public static func run(_ arguments: [String]) throws -> Data {
        let result = try Program.runBriefly("/usr/bin/env", arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(result.status): \(result.error)")
        }
        return result.outputData
    }

    /// `gzip -dc file`: the file decompressed by the gzip tool.
    public static func gunzip(_ url: URL) throws -> [UInt8] {
        Array(try run(["gzip", "-dc", url.path(percentEncoded: false)]))
    }

    /// `sha256sum file`: the hex digest.
    public static func sha256(_ url: URL) throws -> String {
        let line = String(decoding: try run(["sha256sum", url.path(percentEncoded: false)]), as: UTF8.self)
        return String(line.prefix(while: { $0 != " " }))
    }
}
