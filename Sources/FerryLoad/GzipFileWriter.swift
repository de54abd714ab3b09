import CZlib
import Foundation

/// Streams bytes through zlib into a gzip file (RFC 1952), never holding the whole file in memory.
///
/// Small writes are gathered into a 256 KiB buffer and deflated in one call, so appending one short
/// line at a time costs a copy, not a zlib call. Compressed output leaves through a second 256 KiB
/// buffer; its SHA-256 is computed as it is written. `finish()` syncs the file to disk.
///
/// Not thread-safe: use one writer from one task at a time.
public final class GzipFileWriter {
    static let inputCapacity = 256 * 1024
    static let outputCapacity = 256 * 1024

    private enum State { case open, finished, failed }

    private let file: HashedFile
    /// The zlib stream; heap-allocated because zlib keeps pointers into it between calls.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputCount = 0
    private let output: UnsafeMutableRawBufferPointer
    private var state = State.open
    private var streamNeedsEnd = true

    /// The number of uncompressed bytes written so far.
    public private(set) var uncompressedBytes = 0
    /// The number of compressed bytes that reached the file so far (the rest is still in zlib).
    public var compressedBytes: Int { file.bytesWritten }

    /// Creates (or truncates) the gzip file at `path`, compressing at `level` (0 = store, 9 = smallest).
    public convenience init(path: URL, level: Int) throws {
        try self.init(filePath: FileSystem.path(of: path), level: level)
    }

    init(filePath: String, level: Int) throws {
        guard (0...9).contains(level) else {
            throw LoadError.invalid("gzip level \(level) is out of range; use a level from 0 (fastest) to 9 (smallest)")
        }
        file = try HashedFile(path: filePath)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.inputCapacity, alignment: 16)
        output = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.outputCapacity, alignment: 16)
        // Window bits 15 + 16 asks zlib for a gzip header and trailer instead of the zlib wrapper.
        let rc = ferry_deflateInit2(stream, Int32(level), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            streamNeedsEnd = false
            state = .failed
            throw zlibError(rc, in: "deflateInit2")
        }
        resetOutput()
    }

    deinit {
        if streamNeedsEnd { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    /// Compresses `bytes` into the file (buffered; nothing is final until `finish()`).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try checkOpen()
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return }
        uncompressedBytes += count
        if inputCount + count <= Self.inputCapacity {
            (input.baseAddress! + inputCount).copyMemory(from: base, byteCount: count)
            inputCount += count
            return
        }
        try deflatePending(finish: false)
        if count >= Self.inputCapacity {
            try run { try deflate(bytes, finish: false) }
        } else {
            input.baseAddress!.copyMemory(from: base, byteCount: count)
            inputCount = count
        }
    }

    /// Convenience for `write(_:)` with an array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Ends the gzip stream, syncs and closes the file, and returns its size and hex SHA-256.
    public func finish() throws -> (bytes: Int, sha256: String) {
        try checkOpen()
        try deflatePending(finish: true)
        deflateEnd(stream)
        streamNeedsEnd = false
        do {
            let result = try file.finish()
            state = .finished
            return result
        } catch {
            state = .failed
            throw error
        }
    }

    /// Closes the file without finishing it; the partial file stays on disk for the caller to remove.
    func close() {
        if streamNeedsEnd { deflateEnd(stream) }
        streamNeedsEnd = false
        file.close()
        state = .failed
    }

    private func checkOpen() throws {
        switch state {
        case .open: return
        case .finished:
            throw LoadError(.finished, path: file.path, message: "gzip file '\(file.path)' is already finished")
        case .failed:
            throw LoadError(.finished, path: file.path, message:
                "gzip file '\(file.path)' failed earlier and cannot be written; remove it and write it again")
        }
    }

    /// Marks the writer failed if `body` throws, so a half-written stream is never continued.
    private func run(_ body: () throws -> Void) throws {
        do { try body() } catch { state = .failed; throw error }
    }

    private func deflatePending(finish: Bool) throws {
        let pending = UnsafeRawBufferPointer(rebasing: input[0..<inputCount])
        inputCount = 0
        try run { try deflate(pending, finish: finish) }
    }

    private func resetOutput() {
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(Self.outputCapacity)
    }

    private func drainOutput() throws {
        let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
        if produced > 0 { try file.write(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
        resetOutput()
    }

    /// Feeds `chunk` to zlib; with `finish`, also ends the stream and writes out everything zlib holds.
    private func deflate(_ chunk: UnsafeRawBufferPointer, finish: Bool) throws {
        if chunk.isEmpty && !finish { return }
        var offset = 0
        repeat {
            // avail_in is 32 bits wide, so very large chunks go in pieces.
            let piece = min(chunk.count - offset, Int(UInt32.max))
            let last = finish && offset + piece == chunk.count
            let start = chunk.baseAddress.map { UnsafeMutableRawPointer(mutating: $0 + offset) }
            stream.pointee.next_in = start?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = UInt32(piece)
            defer { stream.pointee.next_in = nil }
            let flush = last ? Z_FINISH : Z_NO_FLUSH
            loop: while true {
                if stream.pointee.avail_out == 0 { try drainOutput() }
                let rc = CZlib.deflate(stream, flush)
                switch rc {
                case Z_STREAM_END:
                    try drainOutput()
                    break loop
                case Z_OK, Z_BUF_ERROR:
                    // Z_BUF_ERROR only means "no progress possible"; with room left in the output
                    // buffer that happens when all input is consumed, which is fine without Z_FINISH.
                    if !last && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { break loop }
                    if rc == Z_BUF_ERROR && stream.pointee.avail_out > 0 { throw zlibError(rc, in: "deflate") }
                default:
                    throw zlibError(rc, in: "deflate")
                }
            }
            offset += piece
        } while offset < chunk.count
    }

    private func zlibError(_ code: Int32, in function: String) -> LoadError {
        let reason = zError(code).map { String(cString: $0) } ?? "unknown error"
        let hint = code == Z_MEM_ERROR
            ? "free memory or write fewer partitions at once"
            : "this is a bug in Ferry or a broken zlib installation; please report it"
        return LoadError(.compression, path: file.path, message:
            "gzip compression of '\(file.path)' failed in \(function): zlib error \(code) (\(reason)); \(hint)")
    }
}

/// Not `Sendable`: it owns open files and mutable buffers that one task at a time may touch.
@available(*, unavailable)
extension GzipFileWriter: Sendable {}
