import FerryLoad
import FerryTestSupport
import Foundation
import Testing

@Suite struct GzipFileWriterTests {
    /// Deterministic pseudo-random bytes (xorshift), incompressible enough to fill zlib's buffers.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static func jsonLines(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<count {
            bytes += Array(#"{"id":"\#(i)","subject":"Quarterly report \#(i % 97)","size":\#(i * 31 % 100_000)}"#.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    @Test("uneven small writes and one large write read back with zlib and gzip -dc",
          arguments: [0, 1, 6, 9])
    func roundTrip(level: Int) throws {
        let directory = try TemporaryDirectory()
        let lines = Self.jsonLines(5_000)
        let noise = Self.noise(700_000, seed: UInt64(level + 7))
        let url = directory.url.appending(path: "out.jsonl.gz")
        let writer = try GzipFileWriter(path: url, level: level)
        var offset = 0
        while offset < lines.count {  // uneven pieces, crossing the internal buffer boundary
            let end = min(lines.count, offset + 1 + offset % 613)
            try lines[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        try noise.withUnsafeBytes { try writer.write($0) }  // larger than the internal buffer
        #expect(writer.uncompressedBytes == lines.count + noise.count)
        let result = try writer.finish()

        let onDisk = try Data(contentsOf: url)
        #expect(result.bytes == onDisk.count)
        #expect(result.sha256 == (try ExternalTool.sha256(url)))
        #expect(try Gunzip.decompress(Array(onDisk)) == lines + noise)
        #expect(try ExternalTool.gunzip(url) == lines + noise)
    }

    @Test func emptyFileIsAValidGzipStream() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appending(path: "empty.gz")
        let result = try GzipFileWriter(path: url, level: 6).finish()
        #expect(result.bytes > 0)
        #expect(try Gunzip.decompress(file: url).isEmpty)
        #expect(try ExternalTool.gunzip(url).isEmpty)
    }

    @Test func compressesText() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appending(path: "text.gz")
        let lines = Self.jsonLines(20_000)
        let writer = try GzipFileWriter(path: url, level: 6)
        try writer.write(lines)
        let result = try writer.finish()
        #expect(result.bytes < lines.count / 4)
    }

    @Test func writeAfterFinishThrows() throws {
        let directory = try TemporaryDirectory()
        let writer = try GzipFileWriter(path: directory.url.appending(path: "a.gz"), level: 1)
        _ = try writer.finish()
        #expect(throws: LoadError.self) { try writer.write([1, 2, 3]) }
        #expect(throws: LoadError.self) { _ = try writer.finish() }
    }

    @Test func rejectsLevelOutOfRange() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: LoadError.self) {
            _ = try GzipFileWriter(path: directory.url.appending(path: "a.gz"), level: 10)
        }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.description.contains("0 (fastest) to 9") == true)
    }

    @Test func unwritablePathNamesThePath() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.url.appending(path: "file")
        try Data("x".utf8).write(to: blocker)
        let target = blocker.appending(path: "a.gz")
        let error = #expect(throws: LoadError.self) { _ = try GzipFileWriter(path: target, level: 6) }
        #expect(error?.kind == .fileSystem)
        #expect(error?.path == target.path(percentEncoded: false))
        #expect(error?.description.contains(target.path(percentEncoded: false)) == true)
    }
}
