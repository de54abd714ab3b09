import Foundation

/// Inflates gzip files that Ferry (or any gzip tool) wrote, for readers of the output such as `ferry analyze`.
public enum GzipDecompression {
    static let chunkSize = 256 * 1024

    /// The whole uncompressed content of `compressed`, accepting concatenated gzip members.
    public static func decompress(_ compressed: [UInt8], path: String = "<memory>") throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(compressed.count * 6)
        try inflate(compressed, path: path) { output.append(contentsOf: $0) }
        return output
    }

    /// Inflates `compressed` (concatenated gzip members accepted), handing the uncompressed bytes to
    /// `body` a chunk at a time, so that a large file is read without holding all of it.
    public static func inflate(
        _ compressed: [UInt8], path: String = "<memory>", _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let inflater = try GzipInflater(path: path)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var offset = 0
        try compressed.withUnsafeBytes { input in
            while true {
                let (read, written) = try chunk.withUnsafeMutableBytes { out in
                    try inflater.inflate(UnsafeRawBufferPointer(rebasing: input[offset...]), into: out)
                }
                offset += read
                if written > 0 { try chunk.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<written])) } }
                if read == 0 && written == 0 { break }
            }
        }
        try inflater.finish()
    }

    /// The uncompressed content of the gzip file at `url`.
    public static func decompress(file url: URL) throws -> [UInt8] {
        let path = FileSystem.path(of: url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(.fileSystem, path: path, message: "cannot read '\(path)': \(error.localizedDescription)")
        }
        return try decompress(Array(data), path: path)
    }
}
