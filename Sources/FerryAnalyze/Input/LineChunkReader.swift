import FerryLoad
import Foundation

/// Reads a part file (gzip or plain) a few megabytes at a time and hands over whole lines only, so that
/// a file of any size is read in bounded memory: each chunk ends with a line feed, and the partial line
/// after it is carried over to the next chunk.
///
/// zlib inflates (through FerryLoad's `GzipInflater`, and `fread` reads) straight into the buffer that is
/// handed over: the bytes are not copied again on their way to the scanner, which matters at the
/// gigabytes a large analysis reads.
struct LineChunkReader {
    static let inputSize = 1 << 20
    static let chunkSize = 8 << 20
    /// Room kept free at the buffer's end before each inflate or read.
    static let minimumRoom = 64 << 10
    /// The longest line read: a row of Ferry's is kilobytes, and a file with a longer line is damaged or
    /// not Ferry's, so reading stops rather than holding it all in memory.
    static let maximumLineBytes = 256 << 20

    /// Calls `body` with buffers holding whole lines (`buffer[0..<count]`, the last one ending the file).
    /// `body` must hand the buffer back as it was lent (it may read it, or swap it out and back).
    static func forEachChunk(
        of file: URL, maximumLine: Int = maximumLineBytes, _ body: (inout [UInt8], Int) throws -> Void
    ) throws {
        let path = file.path(percentEncoded: false)
        guard let handle = fopen(path, "rb") else {
            throw AnalyzeError(.input, "cannot read '\(path)': \(String(cString: strerror(errno))); check the file's permissions")
        }
        defer { fclose(handle) }
        var lines = LineBuffer(capacity: chunkSize + inputSize, maximumLine: maximumLine, path: path)
        if file.pathExtension != "gz" {
            while true {
                try lines.makeRoom(minimumRoom, body)
                let read = lines.fill { fread($0.baseAddress, 1, $0.count, handle) }
                if read == 0 { break }
                if lines.filled >= chunkSize { try lines.flush(final: false, body) }
            }
            try lines.flush(final: true, body)
            return
        }
        try inflate(handle, path: path, into: &lines, body)
        try lines.flush(final: true, body)
    }

    /// Inflates every gzip member of the file into `lines`, handing over whole lines as the buffer fills.
    private static func inflate(
        _ handle: UnsafeMutablePointer<FILE>, path: String, into lines: inout LineBuffer, _ body: (inout [UInt8], Int) throws -> Void
    ) throws {
        do {
            let inflater = try GzipInflater(path: path)
            var input = [UInt8](repeating: 0, count: inputSize)
            var fileEnded = false
            while !fileEnded {
                let count = input.withUnsafeMutableBytes { fread($0.baseAddress, 1, inputSize, handle) }
                fileEnded = count == 0
                try input.withUnsafeBytes { raw in
                    var offset = 0
                    // Until this input is inflated (or, once the file has ended, zlib holds nothing back).
                    while true {
                        try lines.makeRoom(minimumRoom, body)
                        var read = 0
                        let written = try lines.fill { out in
                            let step = try inflater.inflate(UnsafeRawBufferPointer(rebasing: raw[offset..<count]), into: out)
                            read = step.read
                            return step.written
                        }
                        offset += read
                        if lines.filled >= chunkSize { try lines.flush(final: false, body) }
                        if read == 0 && written == 0 { break }
                    }
                }
            }
            try inflater.finish()
        } catch let error as LoadError {
            throw AnalyzeError(.input, error.message)
        }
    }
}

/// The buffer `LineChunkReader` fills: `bytes[0..<filled]` read so far, the rest free room.
private struct LineBuffer {
    private(set) var bytes: [UInt8]
    private(set) var filled = 0
    let maximumLine: Int
    let path: String

    /// The buffer is not zeroed: only `bytes[0..<filled]`, written by zlib or `fread`, is ever read, and
    /// zeroing megabytes for each of thousands of small files cost more than reading them.
    init(capacity: Int, maximumLine: Int, path: String) {
        self.maximumLine = maximumLine
        self.path = path
        bytes = [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
    }

    /// Lets `write` put bytes into the free room; it returns how many it wrote, as does this.
    @discardableResult
    mutating func fill(_ write: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
        let start = filled
        let written = try bytes.withUnsafeMutableBytes { try write(UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        filled += written
        return written
    }

    /// Makes at least `room` bytes free: hands over whole lines if that frees them, else grows (a line
    /// longer than the buffer).
    mutating func makeRoom(_ room: Int, _ body: (inout [UInt8], Int) throws -> Void) throws {
        guard bytes.count - filled < room else { return }
        try flush(final: false, body)
        if bytes.count - filled < room {
            guard filled <= maximumLine else {
                throw AnalyzeError(.input,
                    "'\(path)' has a line longer than \(maximumLine >> 20) MB; the file was damaged or was not written by Ferry")
            }
            let larger = 2 * bytes.count + room
            let kept = filled
            bytes = [UInt8](unsafeUninitializedCapacity: larger) { buffer, count in
                _ = bytes.withUnsafeBytes { memcpy(buffer.baseAddress!, $0.baseAddress!, kept) }
                count = larger
            }
        }
    }

    /// Hands over everything up to the last line feed (everything, when `final`) and keeps the rest.
    mutating func flush(final: Bool, _ body: (inout [UInt8], Int) throws -> Void) throws {
        let filled = filled
        let end = final ? filled : bytes.withUnsafeBytes { LineBreak.endOfLastLine(in: $0, from: 0, to: filled) }
        guard end > 0 else { return }
        let capacity = bytes.count
        try body(&bytes, end)
        precondition(bytes.count == capacity, "a line chunk's reader must hand the buffer back as it was lent")
        bytes.withUnsafeMutableBytes { buffer in
            if end < filled, let base = buffer.baseAddress { memmove(base, base + end, filled - end) }
        }
        self.filled = filled - end
    }
}
