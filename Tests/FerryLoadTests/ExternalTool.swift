import Foundation

/// Runs standard command-line tools (`gzip`, `sha256sum`) to check output with independent code.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` through /usr/bin/env and returns standard output.
    static func run(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return Array(data)
    }

    /// `gzip -dc file`: the file decompressed by the gzip tool.
    static func gunzip(_ url: URL) throws -> [UInt8] {
        try run(["gzip", "-dc", url.path(percentEncoded: false)])
    }

    /// `sha256sum file`: the hex digest.
    static func sha256(_ url: URL) throws -> String {
        let line = String(decoding: try run(["sha256sum", url.path(percentEncoded: false)]), as: UTF8.self)
        return String(line.prefix(while: { $0 != " " }))
    }
}
