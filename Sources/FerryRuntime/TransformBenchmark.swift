import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryTransform
import Foundation
import Logging

/// Measures transform and load alone, on one thread: scan, project, pseudonymize, encode and gzip
/// pages of real Graph responses held in memory, so neither the network nor Graph is timed.
public struct TransformBenchmark: Sendable {
    public struct Result: Sendable {
        public var records: Int
        public var inputBytes: Int
        public var outputBytes: Int
        public var seconds: Double
    }

    public let pipeline: Pipeline
    public let dataset: String
    public let pages: Int
    public let logger: Logger

    public init(pipeline: Pipeline, dataset: String = "messages", pages: Int = 200, logger: Logger = Logger(label: "ferry.bench")) {
        self.pipeline = pipeline
        self.dataset = dataset
        self.pages = pages
        self.logger = logger
    }

    public func run() async throws -> Result {
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
        let bodies = try await fetchPages(plan: plan)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let writer = try DatasetWriter(
            layout: PartitionLayout(root: scratch, dataset: dataset, fileExtension: plan.encoder.fileExtension),
            compression: pipeline.load.outputCompression,
            maxRowsPerFile: pipeline.load.maxRowsPerFile, maxBytesPerFile: pipeline.load.maxBytesPerFile,
            fileHeader: plan.encoder.fileHeader,
            context: plan.manifestContext(runId: "bench", pipeline: pipeline, window: window, keyId: pseudonymizer?.keyId))
        let projector = JSONLineProjector(plan: plan.projection, tenant: pipeline.source.tenant)

        // The runner's path for JSONL: scan each page, project each record straight from its bytes.
        let started = ContinuousClock.now
        var records = 0
        var line: [UInt8] = []
        for body in bodies {
            let scan = try JSONPageScan.scan(body)
            for index in (scan.items ?? []).indices {
                line.removeAll(keepingCapacity: true)
                let partition: String?
                do {
                    partition = try projector.appendLine(item: index, of: scan, in: body, user: "bench-user", to: &line)
                } catch {
                    continue  // quarantined in a run; not timed here
                }
                try writer.append(line, partition: partition ?? plan.snapshotPartition)
                records += 1
            }
        }
        let partitions = try writer.commit()
        let elapsed = started.duration(to: .now)
        return Result(
            records: records, inputBytes: bodies.reduce(0) { $0 + $1.count },
            outputBytes: partitions.reduce(0) { $0 + $1.bytes },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The first page of each user's collection, until `pages` pages are held.
    private func fetchPages(plan: DatasetPlan) async throws -> [[UInt8]] {
        let session = try GraphSession(source: pipeline.source, maxConcurrency: 8, logger: logger)
        defer { Task { await session.close() } }
        var users: [String] = []
        _ = try await CollectionReader(client: session.client).read(
            GraphQuery(path: "/users", select: ["id"], top: 999).url(base: pipeline.source.graphURL)
        ) { page in
            users += page.items.compactMap { $0["id"]?.stringValue }
        }
        var bodies: [[UInt8]] = []
        for user in users where bodies.count < pages {
            let response = try await session.client.get(plan.firstPageURL(graphURL: pipeline.source.graphURL, user: user, userFilter: nil))
            if response.isSuccess { bodies.append(response.body) }
        }
        return bodies
    }
}
