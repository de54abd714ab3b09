import FerryLoad
import FerryTestSupport
import Foundation
import Testing

/// The one inflate loop: any split of the input and any size of room give the same bytes, members
/// concatenated read as one, and a damaged or cut-short file is refused.
@Suite struct GzipInflaterTests {
    /// `content` written by the gzip tool (an independent encoder), one member per element.
    static func gzipped(_ members: [[UInt8]]) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bytes: [UInt8] = []
        for (index, member) in members.enumerated() {
            let file = directory.url.appending(path: "m\(index)")
            try Data(member).write(to: file)
            bytes += Array(try ExternalTool.run(["gzip", "-c", "-6", file.path]))
        }
        return bytes
    }

    /// Inflates `compressed` feeding `inputStep` bytes and offering `room` bytes at a time.
    static func inflate(_ compressed: [UInt8], inputStep: Int, room: Int) throws -> [UInt8] {
        let inflater = try GzipInflater(path: "test.gz")
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: room)
        var offset = 0
        var calls = 0
        try compressed.withUnsafeBytes { input in
            while true {
                calls += 1
                try #require(calls < 10_000_000, "the inflater makes no progress")
                let end = min(input.count, offset + inputStep)
                let (read, written) = try buffer.withUnsafeMutableBytes {
                    try inflater.inflate(UnsafeRawBufferPointer(rebasing: input[offset..<end]), into: $0)
                }
                offset += read
                output += buffer[0..<written]
                if read == 0 && written == 0 && offset == input.count { break }
            }
        }
        try inflater.finish()
        return output
    }

    @Test(arguments: [(1, 1), (7, 3), (4096, 1), (1, 65_536), (1 << 20, 1 << 20)])
    func anySplitGivesTheSameBytes(inputStep: Int, room: Int) throws {
        let first = GzipFileWriterTests.jsonLines(3_000)
        let second = GzipFileWriterTests.noise(50_000, seed: 5)
        let compressed = try Self.gzipped([first, [], second])
        #expect(try Self.inflate(compressed, inputStep: inputStep, room: room) == first + second)
        #expect(try GzipDecompression.decompress(compressed) == first + second)
    }

    @Test func damagedOrCutShortFilesAreRefused() throws {
        let compressed = try Self.gzipped([GzipFileWriterTests.jsonLines(2_000)])
        let cut = Array(compressed.prefix(compressed.count / 2))
        #expect { try Self.inflate(cut, inputStep: 1000, room: 4096) } throws: { error in
            (error as? LoadError)?.message.contains("cut short") == true
        }
        var damaged = compressed
        for index in stride(from: 40, to: 400, by: 7) { damaged[index] ^= 0x5A }
        #expect(throws: LoadError.self) { try Self.inflate(damaged, inputStep: 1000, room: 4096) }
        #expect(throws: LoadError.self) { try Self.inflate(Array("not gzip at all".utf8), inputStep: 5, room: 16) }
        #expect(throws: LoadError.self) { try Self.inflate(compressed + Array("trailing".utf8), inputStep: 100, room: 100) }
        #expect(try Self.inflate([], inputStep: 1, room: 1).isEmpty)
    }
}
