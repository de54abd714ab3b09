import CZlib
import Foundation

/// Reads a part file (gzip or plain) a few megabytes at a time and hands over whole lines only, so that
/// a file of any size is read in bounded memory: each chunk ends with a line feed, and the partial line
/// after it is carried over to the next chunk.
struct LineChunkReader {
    static let inputSize = 1 << 20
    static let chunkSize = 8 << 20

    /// Calls `body` with buffers holding whole lines (`buffer[0..<count]`, the last one ending the file).
    static func forEachChunk(of file: URL, _ body: (inout [UInt8], Int) throws -> Void) throws {
        let path = file.path(percentEncoded: false)
        guard let handle = fopen(path, "rb") else {
            throw AnalyzeError(.input, "cannot read '\(path)': \(String(cString: strerror(errno))); check the file's permissions")
        }
        defer { fclose(handle) }
        var input = [UInt8](repeating: 0, count: inputSize)
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize + inputSize)
        // Hands over everything up to the last line feed, keeps the rest.
        func flush(final: Bool) throws {
            var end = buffer.count
            if !final {
                while end > 0 && buffer[end - 1] != 0x0A { end -= 1 }
                if end == 0 { return }
            }
            let count = buffer.count
            try body(&buffer, end)
            if buffer.count == count {
                buffer.removeFirst(end)
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let isGzip = file.pathExtension == "gz"
        if !isGzip {
            while true {
                let read = input.withUnsafeMutableBytes { fread($0.baseAddress, 1, inputSize, handle) }
                if read == 0 { break }
                buffer.append(contentsOf: input[0..<read])
                if buffer.count >= chunkSize { try flush(final: false) }
            }
            try flush(final: true)
            return
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        guard ferry_inflateInit2(stream, 15 + 16) == Z_OK else {
            throw AnalyzeError(.input, "zlib could not start inflating '\(path)'; the process may be out of memory")
        }
        defer { inflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: inputSize)
        var ended = false
        var sawInput = false
        while true {
            let read = input.withUnsafeMutableBytes { fread($0.baseAddress, 1, inputSize, handle) }
            if read == 0 { break }
            sawInput = true
            try input.withUnsafeMutableBufferPointer { inBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = UInt32(read)
                while stream.pointee.avail_in > 0 {
                    if ended {
                        // Another gzip member follows (concatenated files are valid gzip).
                        guard inflateReset(stream) == Z_OK else {
                            throw AnalyzeError(.input, "zlib could not read the next gzip member of '\(path)'")
                        }
                        ended = false
                    }
                    let rc = output.withUnsafeMutableBufferPointer { out -> Int32 in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        let rc = inflate(stream, Z_NO_FLUSH)
                        buffer.append(contentsOf: out[0..<(out.count - Int(stream.pointee.avail_out))])
                        return rc
                    }
                    if rc == Z_STREAM_END {
                        ended = true
                    } else if rc != Z_OK && rc != Z_BUF_ERROR {
                        throw AnalyzeError(.input,
                            "'\(path)' is not a valid gzip file (zlib error \(rc)); it was damaged or written by another tool")
                    }
                    if buffer.count >= chunkSize { try flush(final: false) }
                }
            }
        }
        if sawInput && !ended {
            throw AnalyzeError(.input, "'\(path)' ends in the middle of its gzip stream; it was cut short")
        }
        try flush(final: true)
    }
}
