import Dispatch
import FerryLoad
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// A writer with several lanes, appended to by many tasks at once: every record committed exactly
/// once, files numbered without a gap, manifests that match the disk, and seals that resume.
@Suite struct DatasetWriterLanesTests {
    /// The pages appended so far, shared by the appending tasks and the one that seals.
    final class WrittenPages: Sendable {
        let pages = Mutex<Set<Int>>([])
    }

    static let days = ["2026-11-20", "2026-11-21", "2026-11-22"]

    /// Page `page` of `task`: `size` records spread over the three days, each line unique.
    static func page(_ task: Int, _ page: Int, size: Int) -> [(line: [UInt8], partition: String)] {
        (0..<size).map { index in
            let partition = days[(task + page + index) % days.count]
            return (DatasetFixture.record(task * 100_000 + page * 100 + index, partition), partition)
        }
    }

    /// Appends one page on a free lane, holding it for the whole page; `then` runs before it is released.
    static func append(
        _ records: [(line: [UInt8], partition: String)], to writer: DatasetWriter, then: () -> Void = {}
    ) throws {
        try writer.withLane { lane in
            for record in records { try lane.append(record.line, partition: record.partition) }
            then()
        }
    }

    /// Every visible record of the dataset, per partition; checks on the way that each partition's
    /// files are numbered 0..<k, hold at most `maxRows` records, and match their manifest exactly.
    static func committedLines(
        _ fixture: DatasetFixture, _ summaries: [PartitionSummary], run: String, maxRows: Int
    ) throws -> [String: [[UInt8]]] {
        var lines: [String: [[UInt8]]] = [:]
        for summary in summaries {
            let files = fixture.partFiles(summary.value)
            #expect(
                files.map(\.lastPathComponent) == (0..<files.count).map { String(format: "part-\(run)-%05d.jsonl.gz", $0) },
                "partition \(summary.value) numbers its files 0..<\(files.count)")
            let manifest = try Manifest.read(from: summary.directory)
            #expect(manifest.files.map(\.name) == files.map(\.lastPathComponent))
            for (entry, file) in zip(manifest.files, files) {
                let content = DatasetFixture.lines(try ExternalTool.gunzip(file))
                #expect(entry.rows == content.count && content.count <= maxRows, "\(entry.name)")
                #expect(entry.bytes == (try Data(contentsOf: file)).count, "\(entry.name)")
                #expect(entry.sha256 == (try ExternalTool.sha256(file)), "\(entry.name)")
                lines[summary.value, default: []] += content
            }
            #expect(manifest.rows == lines[summary.value]?.count ?? 0)
        }
        return lines
    }

    /// The expected records per partition, each line once.
    static func expected(_ pages: [[(line: [UInt8], partition: String)]]) -> [String: [[UInt8]]] {
        var expected: [String: [[UInt8]]] = [:]
        for page in pages {
            for record in page { expected[record.partition, default: []].append(record.line) }
        }
        return expected
    }

    static func sameRecords(_ actual: [String: [[UInt8]]], _ expected: [String: [[UInt8]]]) {
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (partition, lines) in expected {
            let got = actual[partition] ?? []
            #expect(got.count == lines.count, "partition \(partition): \(got.count) records, \(lines.count) appended")
            #expect(got.sorted { $0.lexicographicallyPrecedes($1) } == lines.sorted { $0.lexicographicallyPrecedes($1) },
                    "partition \(partition) holds each appended record exactly once")
        }
    }

    func writer(_ fixture: DatasetFixture, lanes: Int, maxRows: Int, sealed: [SealedPartFile]? = nil) throws -> DatasetWriter {
        try DatasetWriter(
            layout: fixture.layout(), compression: .gzip(level: 1), maxRowsPerFile: maxRows, maxBytesPerFile: 1 << 30,
            fileHeader: nil, context: DatasetFixture.context(run: "run1", compression: .gzip(level: 1)), lanes: lanes,
            resuming: sealed)
    }

    @Test func manyTasksOnFourLanesCommitEveryRecordOnceWithExactManifests() async throws {
        let fixture = try DatasetFixture()
        let writer = try writer(fixture, lanes: 4, maxRows: 40)
        #expect(writer.laneCount == 4)
        let tasks = 16
        let pages = (0..<tasks).map { task in (0..<25).map { Self.page(task, $0, size: 30) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask { for page in pages[task] { try Self.append(page, to: writer) } }
            }
            try await group.waitForAll()
        }
        #expect(writer.rowsWritten == tasks * 25 * 30)
        let summaries = try writer.commit()
        #expect(summaries.map(\.value) == Self.days)
        #expect(summaries.reduce(0) { $0 + $1.rows } == tasks * 25 * 30)
        let lines = try Self.committedLines(fixture, summaries, run: "run1", maxRows: 40)
        Self.sameRecords(lines, Self.expected(pages.flatMap { $0 }))
        #expect(fixture.entries(fixture.datasetPath).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func twoLanesServeTwoCallersAtOnce() throws {
        let fixture = try DatasetFixture()
        let writer = try writer(fixture, lanes: 2, maxRows: 1_000)
        let entered = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let holder = Mutex<(waited: DispatchTimeoutResult?, error: String?)>((nil, nil))
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do {
                try Self.append([(DatasetFixture.record(1, "2026-11-20"), "2026-11-20")], to: writer) {
                    entered.signal()
                    // A hang guard: a second caller that had to wait for this lane never releases it.
                    let waited = released.wait(timeout: .now() + 60)
                    holder.withLock { $0.waited = waited }
                }
            } catch {
                holder.withLock { $0.error = "\(error)" }
            }
            done.signal()
        }
        #expect(entered.wait(timeout: .now() + 60) == .success)
        // The first lane is held: this append takes the other one and returns.
        try writer.append(DatasetFixture.record(2, "2026-11-20"), partition: "2026-11-20")
        released.signal()
        #expect(done.wait(timeout: .now() + 120) == .success)
        #expect(holder.withLock { $0.waited } == .success, "the second append waited for the held lane")
        #expect(holder.withLock { $0.error } == nil)
        let summaries = try writer.commit()
        #expect(summaries.first?.files.count == 2, "each lane wrote a file of its own")
        let lines = try Self.committedLines(fixture, summaries, run: "run1", maxRows: 1_000)
        #expect(lines["2026-11-20"]?.count == 2)
    }

    @Test func aSealAmidManyTasksResumesWithEveryRecordOnce() async throws {
        let fixture = try DatasetFixture()
        let tasks = 12
        let pagesPerTask = 20
        let pages = (0..<tasks).map { task in (0..<pagesPerTask).map { Self.page(task, $0, size: 10) } }
        let written = WrittenPages()
        var checkpoint: (files: [SealedPartFile], pages: Set<Int>)?
        do {
            let first = try writer(fixture, lanes: 3, maxRows: 25)
            checkpoint = try await withThrowingTaskGroup(of: (files: [SealedPartFile], pages: Set<Int>)?.self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        for (number, page) in pages[task].enumerated() {
                            try Self.append(page, to: first) { _ = written.pages.withLock { $0.insert(task * 1_000 + number) } }
                        }
                        return nil
                    }
                }
                group.addTask {
                    // Seals once about a third of the pages are in (or all of them, on a machine that is quick).
                    for _ in 0..<6_000 where written.pages.withLock({ $0.count }) < tasks * pagesPerTask / 3 {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    return try first.seal { files in (files, written.pages.withLock { $0 }) }
                }
                var sealed: (files: [SealedPartFile], pages: Set<Int>)?
                for try await result in group where result != nil { sealed = result }
                return sealed
            }
            #expect(first.rowsWritten == tasks * pagesPerTask * 10)
            // Let go without commit, like a process that died after the checkpoint. (Only dropping the
            // reference would leave the lock to whenever the task group's last captured copy goes.)
            first.release()
        }
        let sealed = try #require(checkpoint)
        #expect(sealed.files.reduce(0) { $0 + $1.file.rows } == sealed.pages.count * 10, "a seal holds exactly the pages seen with it")
        for (partition, files) in Dictionary(grouping: sealed.files, by: \.partition) {
            #expect(
                files.map(\.file.name).sorted() == (0..<files.count).map { String(format: "part-run1-%05d.jsonl.gz", $0) },
                "sealed files of \(partition) are numbered 0..<\(files.count)")
        }

        let second = try writer(fixture, lanes: 2, maxRows: 25, sealed: sealed.files)
        #expect(second.rowsWritten == sealed.pages.count * 10)
        let remaining = (0..<tasks).map { task in
            (0..<pagesPerTask).filter { !sealed.pages.contains(task * 1_000 + $0) }.map { pages[task][$0] }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask { for page in remaining[task] { try Self.append(page, to: second) } }
            }
            try await group.waitForAll()
        }
        let summaries = try second.commit()
        let lines = try Self.committedLines(fixture, summaries, run: "run1", maxRows: 25)
        Self.sameRecords(lines, Self.expected(pages.flatMap { $0 }))
    }

    @Test func aReleasedWriterLetsTheSameRunResumeWhileItIsStillReferenced() throws {
        let fixture = try DatasetFixture()
        let first = try writer(fixture, lanes: 2, maxRows: 5)
        let page = Self.page(0, 0, size: 12)
        try Self.append(page, to: first)
        let sealed = try first.seal()
        #expect {
            _ = try writer(fixture, lanes: 2, maxRows: 5, sealed: sealed)
        } throws: { error in
            (error as? LoadError)?.kind == .busy
        }
        first.release()
        let second = try writer(fixture, lanes: 2, maxRows: 5, sealed: sealed)
        #expect(second.rowsWritten == sealed.reduce(0) { $0 + $1.file.rows })
        #expect(throws: LoadError.self) { try first.append(Array("{}".utf8), partition: Self.days[0]) }
        withExtendedLifetime(first) {}
        let lines = try Self.committedLines(fixture, try second.commit(), run: "run1", maxRows: 5)
        #expect(lines.values.reduce(0) { $0 + $1.count } == sealed.reduce(0) { $0 + $1.file.rows })
    }

    @Test func aWriterNeedsALane() throws {
        let fixture = try DatasetFixture()
        #expect {
            _ = try writer(fixture, lanes: 0, maxRows: 10)
        } throws: { error in
            (error as? LoadError)?.kind == .invalidArgument && "\(error)".contains("at least one lane")
        }
    }
}
