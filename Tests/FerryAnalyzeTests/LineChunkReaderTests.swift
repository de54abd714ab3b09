import FerryLoad
import FerryTestSupport
import Foundation
import Testing
@testable import FerryAnalyze

/// The chunked reader hands over every byte of a part file once, in order, in chunks of whole lines,
/// whatever the lines' lengths and however the gzip stream is split into members.
@Suite struct LineChunkReaderTests {
    /// Lines of varied lengths: short ones, ones that straddle the chunk size, and one longer than the
    /// whole buffer (which must grow rather than split it).
    private static func lines() -> [UInt8] {
        var random = SeededGenerator(seed: 7)
        var bytes: [UInt8] = []
        var number = 0
        while bytes.count < 3 * LineChunkReader.chunkSize {
            number += 1
            let length = number == 900 ? LineChunkReader.chunkSize + 3 * LineChunkReader.inputSize : Int(random.next() % 3000)
            bytes += Array("{\"n\":\(number),\"pad\":\"".utf8)
            for index in 0..<length { bytes.append(UInt8(ascii: "a") + UInt8(index % 26)) }
            bytes += Array("\"}\n".utf8)
        }
        return bytes
    }

    private static func readBack(_ file: URL) throws -> (bytes: [UInt8], chunks: Int) {
        var read: [UInt8] = []
        var chunks = 0
        try LineChunkReader.forEachChunk(of: file) { buffer, count in
            chunks += 1
            #expect(count > 0)
            read += buffer[0..<count]
        }
        return (read, chunks)
    }

    @Test func gzipInOneAndInSeveralMembersAndPlainFilesReadBackWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = Self.lines()

        let single = directory.url.appending(path: "single.jsonl.gz")
        let writer = try GzipFileWriter(path: single, level: 1)
        try writer.write(original)
        _ = try writer.finish()

        // Three gzip members, cut in the middle of lines: concatenated members are one valid gzip file.
        var concatenated: [UInt8] = []
        let cuts = [0, original.count / 3 + 17, 2 * original.count / 3 + 5, original.count]
        for part in 0..<3 {
            let file = directory.url.appending(path: "member\(part).gz")
            let member = try GzipFileWriter(path: file, level: 1)
            try member.write(Array(original[cuts[part]..<cuts[part + 1]]))
            _ = try member.finish()
            concatenated += try Data(contentsOf: file)
        }
        let several = directory.url.appending(path: "several.jsonl.gz")
        try Data(concatenated).write(to: several)

        let plain = directory.url.appending(path: "plain.jsonl")
        try Data(original).write(to: plain)

        for file in [single, several, plain] {
            let (bytes, chunks) = try Self.readBack(file)
            #expect(bytes == original, "\(file.lastPathComponent) read back differently")
            #expect(chunks >= 3, "\(file.lastPathComponent): \(chunks) chunks for \(original.count) bytes")
        }
    }

    @Test func everyChunkButTheLastEndsALine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var original = Self.lines()
        original += Array("{\"unterminated\":true}".utf8)
        let file = directory.url.appending(path: "lines.jsonl.gz")
        let writer = try GzipFileWriter(path: file, level: 1)
        try writer.write(original)
        _ = try writer.finish()
        var endings: [UInt8] = []
        try LineChunkReader.forEachChunk(of: file) { buffer, count in endings.append(buffer[count - 1]) }
        #expect(endings.dropLast().allSatisfy { $0 == 0x0A })
        #expect(endings.last == UInt8(ascii: "}"))
    }

    @Test func aLineLongerThanTheLimitStopsTheReadInsteadOfFillingMemory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "long.jsonl.gz")
        let writer = try GzipFileWriter(path: file, level: 1)
        try writer.write(Array("{\"short\":1}\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 * LineChunkReader.chunkSize))
        _ = try writer.finish()
        let error = #expect(throws: AnalyzeError.self) {
            try LineChunkReader.forEachChunk(of: file, maximumLine: LineChunkReader.chunkSize) { _, _ in }
        }
        #expect(error.map { "\($0)".contains("longer than") } == true)
        // Under the default limit the same file is read whole.
        var read = 0
        try LineChunkReader.forEachChunk(of: file) { _, count in read += count }
        #expect(read == 12 + 2 * LineChunkReader.chunkSize)
    }

    @Test func aTruncatedGzipFileIsReportedAsCutShort() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let whole = directory.url.appending(path: "whole.gz")
        let writer = try GzipFileWriter(path: whole, level: 1)
        try writer.write(Self.lines())
        _ = try writer.finish()
        let compressed = try Data(contentsOf: whole)
        let cut = directory.url.appending(path: "cut.jsonl.gz")
        try compressed.prefix(compressed.count / 2).write(to: cut)
        #expect(throws: AnalyzeError.self) { try LineChunkReader.forEachChunk(of: cut) { _, _ in } }
    }
}
