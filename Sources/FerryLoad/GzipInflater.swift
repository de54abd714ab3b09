import CZlib

/// One gzip stream inflated a piece at a time into buffers the caller owns: the one place Ferry calls
/// zlib's `inflate`, for the verifier's row counts and the analysis's reading of part files alike.
/// Concatenated gzip members (valid gzip) read as one stream.
public final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let path: String
    /// The current member ended; another may follow.
    private var memberEnded = false
    private var sawInput = false

    /// Starts inflating the gzip file `path` (named in errors).
    public init(path: String) throws {
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: a gzip wrapper only, so that a file named .gz that is not gzip is reported, not guessed at.
        guard ferry_inflateInit2(stream, 15 + 16) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw LoadError(.compression, path: path, message: "zlib could not start inflating '\(path)'; the process may be out of memory")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input` into `output` until the input is used up and inflated, or the output is
    /// full; returns the input bytes read and the output bytes written. Call again with the input's rest
    /// and more room; once the file has ended, with an empty input until nothing more is written (zlib
    /// holds output back when the room runs out).
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> (read: Int, written: Int) {
        var read = 0
        var written = 0
        if !input.isEmpty { sawInput = true }
        while written < output.count {
            if memberEnded {
                // Another gzip member may follow.
                guard read < input.count else { break }
                guard inflateReset(stream) == Z_OK else {
                    throw LoadError(.compression, path: path, message: "zlib could not read the next gzip member of '\(path)'")
                }
                memberEnded = false
            }
            let availableIn = UInt32(clamping: input.count - read)
            let availableOut = UInt32(clamping: output.count - written)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: read).assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = availableIn
            stream.pointee.next_out = output.baseAddress?.advanced(by: written).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = availableOut
            let rc = CZlib.inflate(stream, Z_NO_FLUSH)
            let used = Int(availableIn - stream.pointee.avail_in)
            let made = Int(availableOut - stream.pointee.avail_out)
            read += used
            written += made
            switch rc {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                // Room left over with the input used up: everything given is inflated.
                if stream.pointee.avail_out > 0 && read == input.count { return (read, written) }
                if used == 0 && made == 0 && availableIn > 0 {
                    throw LoadError(
                        .compression, path: path, message: "'\(path)' is not a valid gzip file (zlib made no progress); it was damaged")
                }
            default:
                throw LoadError(
                    .compression, path: path,
                    message: "'\(path)' is not a valid gzip file (zlib error \(rc)); it was damaged or written by another tool")
            }
        }
        return (read, written)
    }

    /// Throws when the file ended inside a gzip member: it was cut short. An empty file is not gzip
    /// either, but holds no lines, and is let through as empty.
    public func finish() throws {
        if sawInput && !memberEnded {
            throw LoadError(.compression, path: path, message: "'\(path)' ends in the middle of its gzip stream; it was cut short")
        }
    }
}
