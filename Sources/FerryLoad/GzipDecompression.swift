import CZlib
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
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        // 15 + 16: a gzip wrapper only, so that a file named .gz that is not gzip is reported, not guessed at.
        guard ferry_inflateInit2(stream, 15 + 16) == Z_OK else {
            throw LoadError(.compression, path: path, message: "zlib could not start inflating '\(path)'; the process may be out of memory")
        }
        defer { inflateEnd(stream) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        guard !compressed.isEmpty else { return }
        try compressed.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            while true {
                let rc = try chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let rc = CZlib.inflate(stream, Z_NO_FLUSH)
                    try body(UnsafeBufferPointer(rebasing: out[0..<(out.count - Int(stream.pointee.avail_out))]))
                    return rc
                }
                if rc == Z_STREAM_END {
                    if stream.pointee.avail_in == 0 { return }
                    guard inflateReset(stream) == Z_OK else {
                        throw LoadError(.compression, path: path, message: "zlib could not read the next gzip member of '\(path)'")
                    }
                    continue
                }
                guard rc == Z_OK else {
                    throw LoadError(.compression, path: path, message:
                        "'\(path)' is not a valid gzip file (zlib error \(rc)); it was damaged or written by another tool")
                }
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                    throw LoadError(.compression, path: path, message: "'\(path)' ends in the middle of its gzip stream; it was cut short")
                }
            }
        }
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
