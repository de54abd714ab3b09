@testable import FerryLoad
import FerryTestSupport
import Foundation
import Testing

/// Write-behind: the kernel is asked to start writing a part file's bytes as they come, so that the
/// commit's `fsync` waits for the last stretch only. The bytes and their digest are unchanged by it.
@Suite struct HashedFileTests {
    @Test func writebackIsAskedForEveryMebibyteAndTheFileStaysWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("part.bin")
        let file = try HashedFile(path: path)
        let bytes = GzipFileWriterTests.noise(2 * HashedFile.writeBehindBytes + 300_000, seed: 11)
        var asked: [Int] = []
        var offset = 0
        while offset < bytes.count {  // uneven chunks, as a gzip writer's output comes
            let end = min(bytes.count, offset + 65_536 + offset % 4_099)
            try bytes[offset..<end].withUnsafeBytes { try file.write($0) }
            offset = end
            asked.append(file.writtenBehind)
        }
        // Asked for at each whole mebibyte passed, never beyond what was written, never for the tail.
        #expect(Set(asked).count == 3)
        #expect(asked.allSatisfy { $0 == 0 || $0 >= HashedFile.writeBehindBytes })
        #expect(file.writtenBehind >= 2 * HashedFile.writeBehindBytes && file.writtenBehind <= bytes.count)
        #expect(zip(asked, asked.dropFirst()).allSatisfy { $0 <= $1 })
        let (count, sha256) = try file.finish()
        #expect(count == bytes.count)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        #expect(sha256 == (try ExternalTool.sha256(URL(fileURLWithPath: path))))
    }

    #if os(Linux)
    @Test func theKernelTakesTheWritebackRequest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("part.bin")
        try FileSystem.writeFile(path, bytes: Array(repeating: 7, count: 100_000))
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { _ = close(fd) }
        #expect(FileSystem.startWriteback(fd, offset: 0, count: 100_000))
        // A closed descriptor is refused, and says so rather than crashing.
        #expect(!FileSystem.startWriteback(-1, offset: 0, count: 100_000))
    }
    #endif
}
