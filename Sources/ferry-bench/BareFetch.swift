import FerryConfig
import FerryCore
import FerryGraph
import FerryRuntime
import FerryTransform
import Foundation
import Logging

/// Fetches the same pages a run of the pipeline would, in the same requests (first pages batched
/// twenty to a request, next links on their own), and nothing else: no projection, no writing.
///
/// The yardstick for the end-to-end pipeline (`make bench`): the run should take at most 1.6 times as
/// long as this. Only the user listing is parsed, for the ids; other pages are scanned for their
/// next link.
public struct BareFetch: Sendable {
    public struct Result: Sendable {
        public var users: Int
        public var pages: Int
        public var bytes: Int
        public var seconds: Double
    }

    public let pipeline: Pipeline
    public let now: Date
    public let logger: Logger
    /// Called with the body of every page of the per-user datasets once it is fetched, on the task that
    /// fetched it (`FloorFetch` checks and writes there); nothing by default.
    let eachPage: @Sendable (_ body: [UInt8]) throws -> Void

    public init(
        pipeline: Pipeline, now: Date = Date(), logger: Logger = Logger(label: "ferry.fetch"),
        eachPage: @escaping @Sendable (_ body: [UInt8]) throws -> Void = { _ in }
    ) {
        self.pipeline = pipeline
        self.now = now
        self.logger = logger
        self.eachPage = eachPage
    }

    public func run() async throws -> Result {
        let window = RunWindow(of: pipeline, now: now)
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        let plans = try pipeline.datasets.map {
            try DatasetPlan(
                selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window,
                snapshotDate: UTCTimestamp(now).dateText, runId: "fetch")
        }
        let session = try GraphSession(source: pipeline.source, throttle: pipeline.throttle, logger: logger)
        let started = ContinuousClock.now
        let counters = RunProgress()
        try await session.closing { session in
            let users = try await listUsers(plans: plans, session: session, counters: counters)
            let perUser = plans.filter { $0.schema.collection.fanout == .perUser }
            let queue = FanoutQueue()
            await queue.push(users)
            await queue.finish()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<(perUser.isEmpty ? 0 : pipeline.throttle.maxConcurrency) {
                    group.addTask {
                        while let user = await queue.next() {
                            for plan in perUser {
                                try await fetchAll(
                                    plan.request.firstPageURL(base: pipeline.source.graphURL, owner: user),
                                    session: session, counters: counters)
                            }
                        }
                    }
                }
                do {
                    while try await group.next() != nil {}
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
        }
        let elapsed = started.duration(to: .now)
        let snapshot = counters.snapshot
        return Result(
            users: snapshot.usersListed, pages: snapshot.pages, bytes: snapshot.bytesFetched,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private func listUsers(plans: [DatasetPlan], session: GraphSession, counters: RunProgress) async throws -> [String] {
        let listing = UserListing(pipeline: pipeline, usersPlan: plans.first { $0.schema.isUserDirectory })
        var ids: [String] = []
        _ = try await session.unbatchedReader.read(listing.url, headers: listing.headers) { page in
            for item in page.items {
                if pipeline.scope.excludeGuests, item["userType"]?.stringValue == "Guest" { continue }
                if let id = item["id"]?.stringValue { ids.append(id) }
            }
            counters.update {
                $0.pages += 1
                $0.bytesFetched += page.bytes
                $0.usersListed = ids.count
            }
        }
        return ids
    }

    private func fetchAll(_ firstURL: String, session: GraphSession, counters: RunProgress) async throws {
        var next: String? = firstURL
        var pages = 0
        while let url = next {
            guard pages < session.maxPages else {
                throw PagingError(
                    url: firstURL,
                    reason: "\(pages) pages were read and Graph still sends a new '@odata.nextLink'; the most this unit "
                        + "may have is \(session.maxPages) (throttle.max_pages_per_unit)")
            }
            // As a run sends them: a first page in a JSON batch with others, a next link on its own.
            let response = pages == 0 ? try await session.batcher.get(url) : try await session.client.get(url)
            pages += 1
            if response.status == 404 { return }
            guard response.isSuccess else { throw GraphResponseError(url: url, status: response.status, body: nil) }
            next = Self.nextLink(in: response.body)
            try eachPage(response.body)
            counters.update {
                $0.pages += 1
                $0.bytesFetched += response.body.count
            }
        }
    }

    private static let marker = Array(#""@odata.nextLink":""#.utf8)

    /// The next link, found by a byte search rather than a parse: `memchr` jumps from one `@` to the
    /// next, and only there are the marker's bytes compared. A yardstick spends as little as it can on a page.
    static func nextLink(in body: [UInt8]) -> String? {
        body.withUnsafeBytes { page -> String? in
            guard let base = page.baseAddress, page.count > marker.count else { return nil }
            var at = 1  // the marker's `@` follows its opening quote
            while at < page.count, let found = memchr(base + at, Int32(UInt8(ascii: "@")), page.count - at) {
                let start = base.distance(to: UnsafeRawPointer(found)) - 1
                at = start + 2
                guard start + marker.count <= page.count,
                    memcmp(base + start, marker, marker.count) == 0
                else { continue }
                let link = start + marker.count
                guard let end = page[link...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: page[link..<end], as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
            }
            return nil
        }
    }
}
