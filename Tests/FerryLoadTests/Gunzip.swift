import CZlib
import Foundation

/// Inflates a whole gzip file with zlib (through the CZlib shim), accepting concatenated members.
enum Gunzip {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func decompress(_ compressed: [UInt8]) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        // 15 + 16: gzip wrapper only, so a zlib or raw stream is rejected.
        guard ferry_inflateInit2(stream, 15 + 16) == Z_OK else { throw Failure(description: "inflateInit2 failed") }
        defer { inflateEnd(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        try compressed.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            while true {
                let rc = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let rc = inflate(stream, Z_NO_FLUSH)
                    output.append(contentsOf: out[0..<(out.count - Int(stream.pointee.avail_out))])
                    return rc
                }
                if rc == Z_STREAM_END {
                    if stream.pointee.avail_in == 0 { return }
                    guard inflateReset(stream) == Z_OK else { throw Failure(description: "inflateReset failed") }
                    continue
                }
                guard rc == Z_OK else { throw Failure(description: "inflate returned \(rc)") }
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                    throw Failure(description: "gzip stream is truncated")
                }
            }
        }
        return output
    }

    static func decompress(file url: URL) throws -> [UInt8] {
        try decompress(Array(Data(contentsOf: url)))
    }
}
