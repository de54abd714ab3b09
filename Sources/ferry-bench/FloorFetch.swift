import FerryCore
import FerryLoad
import FerryRuntime
import Foundation
import Synchronization

/// The least a run of the pipeline can do, timed: what no work on projection can go below.
///
/// It fetches the pages `BareFetch` fetches, in the same requests, checks each page of the dataset as a
/// run must before it copies a byte of it (`JSONPageScan`: a body cut off in transit is refused, not
/// half read), and writes as many lines as the page has records through a `DatasetWriter` with one lane
/// per core, gzip at the pipeline's level and the commit included. The lines are real: projected,
/// before the clock starts, from the transform benchmark's sample pages, then taken in turn. So the
/// pipeline's dataset is neither projected nor pseudonymized while the clock runs; everything else a
/// run of it must do to the same pages is. (The user listing is only read, as the bare fetch reads it;
/// its 5,000 lines are a rounding error beside the messages.)
///
/// `make bench` prints its wall time beside the bare fetch's and the pipeline's: a run at most 1.6x the
/// bare fetch needs this floor well below 1.6x.
struct FloorFetch {
    struct Result {
        var fetch: BareFetch.Result
        /// The lines written and their pages.
        var lines: Int
        var pages: Int
        var compressedBytes: Int
        var seconds: Double
    }

    let benchmark: TransformBenchmark
    /// Lanes of the writer: as many as the cores the process may use.
    let lanes: Int

    func run() async throws -> Result {
        let pipeline = benchmark.pipeline
        let (plan, window, pseudonymizer) = try benchmark.makePlan()
        let sample = try await benchmark.sampleLines()
        guard !sample.isEmpty else {
            throw RunError(pipeline: pipeline.name, reason: "the sample pages hold no line to write")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-floor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let writer = try benchmark.floorWriter(
            plan: plan, window: window, keyId: pseudonymizer?.keyId, root: scratch, lanes: lanes)
        let taken = SampleCursor()
        let started = ContinuousClock.now
        let fetch = try await BareFetch(pipeline: pipeline, logger: benchmark.logger) { body in
            let records = try JSONPageScan.scan(body).items?.count ?? 0
            guard records > 0 else { return }
            let first = taken.take(records)
            try writer.withLane { lane in
                for offset in first..<first + records {
                    let line = sample[offset % sample.count]
                    try lane.append(line.line, partition: line.partition)
                }
            }
        }.run()
        try writer.prepareCommit()
        let partitions = try writer.publish()
        try writer.finishCommit()
        let elapsed = started.duration(to: .now)
        return Result(
            fetch: fetch, lines: taken.count, pages: taken.pages, compressedBytes: partitions.reduce(0) { $0 + $1.bytes },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// Where the next page's lines start in the sample, for whichever task fetched it.
private final class SampleCursor: Sendable {
    private let lines = Atomic<Int>(0)
    private let pagesTaken = Atomic<Int>(0)

    var count: Int { lines.load(ordering: .relaxed) }
    var pages: Int { pagesTaken.load(ordering: .relaxed) }

    func take(_ count: Int) -> Int {
        pagesTaken.add(1, ordering: .relaxed)
        return lines.add(count, ordering: .relaxed).oldValue
    }
}
