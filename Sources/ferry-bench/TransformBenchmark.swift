import FerryConfig
import FerryCore
import FerryGraph
import FerryRuntime
import FerryLoad
import FerryTransform
import Foundation
import Logging
import Synchronization

/// Measures transform and load alone: scan, project, pseudonymize, encode and gzip pages of real
/// Graph responses held in memory, so neither the network nor Graph is timed.
///
/// Five timings over the same pages, each repeated until it has run for a while: the whole stage as a
/// run does it on `threads` concurrent tasks (pages projected into batches and appended through the
/// dataset's sink, on a writer with as many lanes, gzip and all; its commit timed apart), then on one
/// thread the lines alone
/// (scan, project, pseudonymize, encode, into memory), zlib alone compressing those lines at the
/// pipeline's level, the page scan alone, and the floor of the stage: the scan, then lines made
/// beforehand appended through a writer lane. The last four show what bounds the first: zlib is the
/// floor, and the scan, which every page must pass before a byte of it is copied, is part of any run.
public struct TransformBenchmark: Sendable {
    public struct Result: Sendable {
        public var records: Int
        public var inputBytes: Int
        public var outputBytes: Int
        /// Seconds a pass took to append every record (scan, project, encode, gzip, write).
        public var seconds: Double
        /// Seconds a pass's commit took after that: finishing and syncing the files, then publishing
        /// them. A run pays it once, however many records it has; it is timed apart so that it does not
        /// weigh on the records/s of a pass of a few thousand records.
        public var commitSeconds: Double
        /// Records per second of the whole stage, of the lines alone, of compression alone, and of the
        /// page scan alone.
        public var recordsPerSecond: Double
        public var linesPerSecond: Double
        public var compressedPerSecond: Double
        public var scannedPerSecond: Double
        /// Records per second of the stage on one thread without its projection: each page scanned, and
        /// lines made beforehand appended through a writer lane (gzip included).
        public var floorPerSecond: Double
        /// The uncompressed size of the lines, and the compression level measured.
        public var lineBytes: Int
        public var level: Int?
        /// The tasks, and writer lanes, the whole stage ran on.
        public var threads: Int
    }

    public let pipeline: Pipeline
    public let dataset: String
    public let pages: Int
    /// Each timing repeats its pass over the pages until at least this long has passed.
    public let minimumSeconds: Double
    /// Concurrent tasks of the whole stage, and lanes of its writer (at least 1).
    public let threads: Int
    public let logger: Logger

    public init(
        pipeline: Pipeline, dataset: String = "messages", pages: Int = 200, minimumSeconds: Double = 1, threads: Int = 1,
        logger: Logger = Logger(label: "ferry.bench")
    ) {
        self.pipeline = pipeline
        self.dataset = dataset
        self.pages = pages
        self.minimumSeconds = minimumSeconds
        self.threads = max(1, threads)
        self.logger = logger
    }

    /// A line of the dataset as a run writes it, and its partition.
    public struct SampleLine: Sendable {
        public var line: [UInt8]
        public var partition: String
    }

    /// The lines of the sample pages, projected as a run projects them (records that would be
    /// quarantined left out): real lines for timings that must not project.
    public func sampleLines() async throws -> [SampleLine] {
        let (plan, _, _) = try makePlan()
        let projector = plan.makeProjector(tenant: pipeline.source.tenant)
        var lines: [SampleLine] = []
        try Self.project(try await fetchPages(plan: plan), with: projector) { line, partition in
            lines.append(SampleLine(line: line, partition: partition ?? plan.snapshotPartition))
        }
        return lines
    }

    /// The plan of the benchmark's dataset, the run window and the pseudonymizer, as a run makes them.
    func makePlan() throws -> (DatasetPlan, RunWindow?, Pseudonymizer?) {
        guard let selection = pipeline.datasets.first(where: { $0.schema.name == dataset }),
            selection.schema.collection.fanout == .perUser
        else {
            throw RunError(pipeline: pipeline.name, reason: "the benchmark needs the per-user dataset '\(dataset)' in the pipeline")
        }
        let now = Date()
        let window = RunWindow(of: pipeline, now: now)
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        let plan = try DatasetPlan(
            selection: selection, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window,
            snapshotDate: UTCTimestamp(now).dateText, runId: "bench")
        return (plan, window, pseudonymizer)
    }

    /// A writer of the dataset's lines, with the pipeline's load settings, for the floor timings:
    /// `lanes` lanes, its staging under `root`.
    func floorWriter(plan: DatasetPlan, window: RunWindow?, keyId: String?, root: URL, lanes: Int) throws -> DatasetWriter {
        try DatasetWriter(
            layout: PartitionLayout(root: root, dataset: dataset, fileExtension: plan.format.fileExtension),
            compression: pipeline.load.outputCompression, maxRowsPerFile: pipeline.load.maxRowsPerFile,
            maxBytesPerFile: pipeline.load.maxBytesPerFile, fileHeader: plan.format.fileHeader,
            context: plan.manifestContext(runId: "floor", pipeline: pipeline, window: window, keyId: keyId), lanes: lanes)
    }

    public func run() async throws -> Result {
        let (plan, window, pseudonymizer) = try makePlan()
        let bodies = try await fetchPages(plan: plan)
        let projector = plan.makeProjector(tenant: pipeline.source.tenant)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var records = 0
        var outputBytes = 0
        var committing = 0.0
        var passes = 0
        let whole = try await Self.timed(atLeast: minimumSeconds) { pass in
            let sink = try DatasetSink(
                dataset: dataset,
                layout: PartitionLayout(
                    root: scratch.appendingPathComponent("pass-\(pass)"), dataset: dataset, fileExtension: plan.format.fileExtension),
                compression: pipeline.load.outputCompression,
                maxRowsPerFile: pipeline.load.maxRowsPerFile, maxBytesPerFile: pipeline.load.maxBytesPerFile,
                fileHeader: plan.format.fileHeader,
                context: plan.manifestContext(runId: "bench", pipeline: pipeline, window: window, keyId: pseudonymizer?.keyId),
                lanes: threads)
            // The runner's own path: each task hands its scanned pages to the page writer, which
            // projects every record straight from the bytes and appends the page through the sink
            // on a free lane of the writer. Like a run's workers, a task takes the next page when it
            // is free, so that no task waits at the end for another's share.
            let lane = DatasetLane(plan: plan, sink: sink, resume: .fresh, deltaLinks: [:])
            let writer = PageWriter(excludeGuests: pipeline.scope.excludeGuests, progress: RunProgress())
            let pagesTaken = PageCounter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<threads {
                    group.addTask {
                        let projector = plan.makeProjector(tenant: pipeline.source.tenant)
                        while case let index = pagesTaken.take(), index < bodies.count {
                            // The scan is timed too: a run scans every page it fetches.
                            let page = RawCollectionPage(body: bodies[index], scan: try JSONPageScan.scan(bodies[index]))
                            var identities = RecordIdentities()
                            try writer.write(
                                page, lane: lane, projector: projector, owner: "bench-user-\(index)", identities: &identities)
                        }
                    }
                }
                try await group.waitForAll()
            }
            records = sink.rows
            let commitStarted = ContinuousClock.now
            try sink.prepareCommit()
            outputBytes = try sink.publish().partitions.reduce(0) { $0 + $1.bytes }
            try sink.finishCommit()
            committing += Self.seconds(commitStarted.duration(to: .now))
            passes += 1
        }
        let commit = committing / Double(max(passes, 1))
        let appending = whole - commit
        var lines: [UInt8] = []
        let projection = try await Self.timed(atLeast: minimumSeconds) { _ in
            lines.removeAll(keepingCapacity: true)
            try Self.project(bodies, with: projector) { line, _ in lines.append(contentsOf: line) }
        }
        var level: Int?
        if case .gzip(let configured) = pipeline.load.outputCompression { level = configured }
        let compression = try await Self.timed(atLeast: minimumSeconds) { pass in
            guard let level else { return }
            let gzip = try GzipFileWriter(path: scratch.appendingPathComponent("lines-\(pass).gz"), level: level)
            try gzip.write(lines)
            _ = try gzip.finish()
        }
        var scanned = 0
        let scanning = try await Self.timed(atLeast: minimumSeconds) { _ in
            scanned = 0
            for page in bodies { scanned += try JSONPageScan.scan(page).items?.count ?? 0 }
        }
        // The floor of the whole stage: each page scanned, then as many of those lines (made already)
        // as it has records appended through a writer lane, gzip and all. Only projection is missing.
        var sample: [SampleLine] = []
        try Self.project(bodies, with: projector) { line, partition in
            sample.append(SampleLine(line: line, partition: partition ?? plan.snapshotPartition))
        }
        var floorWriters: [DatasetWriter] = []
        defer { for writer in floorWriters { writer.abort() } }
        var floorRecords = 0
        let floor = try await Self.timed(atLeast: minimumSeconds) { pass in
            let writer = try floorWriter(
                plan: plan, window: window, keyId: pseudonymizer?.keyId, root: scratch.appendingPathComponent("floor-\(pass)"),
                lanes: 1)
            floorWriters.append(writer)
            floorRecords = 0
            for page in bodies {
                let count = try JSONPageScan.scan(page).items?.count ?? 0
                try writer.withLane { lane in
                    for _ in 0..<count where !sample.isEmpty {
                        let line = sample[floorRecords % sample.count]
                        try lane.append(line.line, partition: line.partition)
                        floorRecords += 1
                    }
                }
            }
        }
        return Result(
            records: records, inputBytes: bodies.reduce(0) { $0 + $1.count }, outputBytes: outputBytes, seconds: appending,
            commitSeconds: commit, recordsPerSecond: Double(records) / appending, linesPerSecond: Double(records) / projection,
            compressedPerSecond: level == nil ? .infinity : Double(records) / compression,
            scannedPerSecond: Double(scanned) / scanning, floorPerSecond: Double(floorRecords) / floor, lineBytes: lines.count,
            level: level, threads: threads)
    }

    /// Scans every page and projects every record, as a run does, handing each line and its partition
    /// to `body`.
    private static func project(
        _ bodies: [[UInt8]], with projector: LineProjector, _ body: (_ line: [UInt8], _ partition: String?) throws -> Void
    ) throws {
        var line: [UInt8] = []
        for page in bodies {
            let scan = try JSONPageScan.scan(page)
            // As the page writer does: one pseudonym cache lent for the whole page.
            try projector.holdingPseudonyms {
                for index in (scan.items ?? []).indices {
                    line.removeAll(keepingCapacity: true)
                    let partition: String?
                    do {
                        partition = try projector.appendLine(item: index, of: scan, in: page, user: "bench-user", to: &line)
                    } catch {
                        continue  // quarantined in a run; not timed here
                    }
                    try body(line, partition)
                }
            }
        }
    }

    /// Seconds per pass of `pass`, run again until `minimum` seconds have passed in all.
    private static func timed(atLeast minimum: Double, _ pass: (Int) async throws -> Void) async throws -> Double {
        var passes = 0
        var total = 0.0
        repeat {
            let started = ContinuousClock.now
            try await pass(passes)
            total += seconds(started.duration(to: .now))
            passes += 1
        } while total < minimum
        return total / Double(passes)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The first page of each user's collection, until `pages` pages are held.
    private func fetchPages(plan: DatasetPlan) async throws -> [[UInt8]] {
        var throttle = pipeline.throttle
        throttle.maxConcurrency = 8
        return try await GraphSession(source: pipeline.source, throttle: throttle, logger: logger).closing { session in
            var users: [String] = []
            _ = try await session.unbatchedReader.read(
                CollectionRequest.userIds(filter: nil).url(base: pipeline.source.graphURL)
            ) { page in
                users += page.items.compactMap { $0["id"]?.stringValue }
            }
            var bodies: [[UInt8]] = []
            for user in users where bodies.count < pages {
                let response = try await session.client.get(plan.request.firstPageURL(base: pipeline.source.graphURL, owner: user))
                if response.isSuccess { bodies.append(response.body) }
            }
            return bodies
        }
    }
}

/// The next page index, for whichever task is free.
private final class PageCounter: Sendable {
    private let taken = Atomic<Int>(0)

    func take() -> Int { taken.add(1, ordering: .relaxed).oldValue }
}
