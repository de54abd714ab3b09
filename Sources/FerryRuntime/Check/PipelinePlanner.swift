import FerryConfig
import FerryCore
import FerryGraph
import FerryTransform
import Foundation
import Logging

/// `ferry plan FILE`: counts the users (and groups) in scope with Graph's `$count`, samples how many pages a
/// unit of each per-user collection takes, and estimates the run (`RunEstimate`); with a given user count it
/// plans offline, touching no network.
public struct PipelinePlanner: Sendable {
    /// How many users each per-user collection is sampled on for its pages per unit.
    public static let sampleUsers = 5
    /// The most pages one sampled unit is followed for.
    public static let samplePages = 50

    public let pipeline: Pipeline
    public let logger: Logger
    /// Seconds one request is assumed to take, for the duration at `throttle.max_concurrency`.
    public var requestSeconds: Double = 0.25

    public init(pipeline: Pipeline, logger: Logger) {
        self.pipeline = pipeline
        self.logger = logger
    }

    /// The plan's lines: offline when `users` is given (then `groups`, or 1 group per 10 users, for per-group
    /// datasets), else from Graph's counts and samples.
    public func plan(users: Int? = nil, groups: Int? = nil, now: Date = Date()) async throws -> (estimate: RunEstimate, lines: [String]) {
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        let window = RunWindow(of: pipeline, now: now)
        let plans = try pipeline.datasets.map {
            try DatasetPlan(
                selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window,
                snapshotDate: UTCTimestamp(now).dateText, runId: "plan", firstRoundWindow: window)
        }
        let needsGroups = RunEstimate.readsGroups(plans)
        if let users {
            let groupCount = groups ?? max(1, users / 10)
            let estimate = RunEstimate(
                plans: plans, users: users, groups: groupCount, pagesPerUnit: [:], concurrency: pipeline.throttle.maxConcurrency,
                requestSeconds: requestSeconds)
            var source = "given, offline; 1 page per unit assumed"
            if needsGroups && groups == nil { source += "; 1 group per 10 users assumed (--groups)" }
            return (estimate, estimate.render(pipeline: pipeline.name, usersSource: source))
        }
        return try await GraphSession(source: pipeline.source, throttle: pipeline.throttle, logger: logger).closing { session in
            let userCount = try await countUsers(session)
            let groupCount = needsGroups ? try await count(DirectoryRequests.groupCount(base: pipeline.source.graphURL), session) : 0
            var pages: [String: Double] = [:]
            let sample = try await sampleUserIds(session)
            for plan in plans where plan.schema.collection.fanout == .perUser && plan.schema.collection.shape == .collection {
                pages[plan.schema.name] = try await pagesPerUnit(plan, owners: sample, session: session)
            }
            let estimate = RunEstimate(
                plans: plans, users: userCount, groups: groupCount, pagesPerUnit: pages,
                concurrency: pipeline.throttle.maxConcurrency, requestSeconds: requestSeconds)
            let source = "counted by Graph ($count, ConsistencyLevel: eventual); pages per unit sampled on \(sample.count) users"
            return (estimate, estimate.render(pipeline: pipeline.name, usersSource: source))
        }
    }

    /// The users a run lists: the scope's filter, guests left out when the pipeline says so.
    private func countUsers(_ session: GraphSession) async throws -> Int {
        var scopeFilter: String?
        switch pipeline.scope.users {
        case .all: break
        case .filter(let filter): scopeFilter = filter
        case .groups(let groupIds):
            // Members of several groups count once, as the run fans out to them once.
            return try await GroupScope(pipeline: pipeline.name, groupIds: groupIds, graphURL: pipeline.source.graphURL)
                .memberIds(reader: session.unbatchedReader).count
        }
        return try await count(
            DirectoryRequests.userCount(
                base: pipeline.source.graphURL, scopeFilter: scopeFilter, excludeGuests: pipeline.scope.excludeGuests),
            session)
    }

    /// The number a `$count` request answers, as text.
    private func count(_ request: DirectoryRequests.Request, _ session: GraphSession) async throws -> Int {
        let url = request.url
        let response = try await session.client.get(url, headers: request.headers)
        guard response.isSuccess else {
            throw GraphResponseError(url: url, status: response.status, body: GraphErrorBody.parse(response.body), trace: RequestTrace(of: response))
        }
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}"))
        guard let count = Int(text), count >= 0 else {
            throw PagingError(url: url, reason: "Graph's $count answer is not a number")
        }
        return count
    }

    private func sampleUserIds(_ session: GraphSession) async throws -> [String] {
        let listing = UserListing(pipeline: pipeline, usersPlan: nil, top: Self.sampleUsers)
        let url = listing.url
        let response = try await session.client.get(url, headers: listing.headers)
        guard response.isSuccess else {
            throw GraphResponseError(url: url, status: response.status, body: GraphErrorBody.parse(response.body), trace: RequestTrace(of: response))
        }
        return Array(PreflightCheck.ids(response.body).prefix(Self.sampleUsers))
    }

    /// The average pages of `plan`'s collection over `owners`: a unit Graph has none of, or refuses, is one request.
    private func pagesPerUnit(_ plan: DatasetPlan, owners: [String], session: GraphSession) async throws -> Double {
        guard !owners.isEmpty else { return 1 }
        let reader = CollectionReader(client: session.client, maxPages: Self.samplePages)
        var total = 0
        for owner in owners {
            let url = plan.request.firstPageURL(base: pipeline.source.graphURL, owner: owner)
            do {
                switch try await reader.readRaw(url, headers: plan.request.headers, page: { _ in }) {
                case .complete(let pages, _): total += pages
                case .unavailable: total += 1
                }
            } catch let error as GraphResponseError where error.status == 403 {
                total += 1
            } catch let error as PagingError {
                logger.debug("a sampled unit has more pages than sampled", metadata: ["reason": "\(error)"])
                total += Self.samplePages
            }
        }
        return Double(total) / Double(owners.count)
    }
}
