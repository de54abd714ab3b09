import FerryConfig
import FerryCore
import Foundation

/// What a run of a pipeline would ask of Graph: requests and batches per dataset, the limits that apply, and
/// how long those limits let it take (`ferry plan`).
///
/// Requests are counted as Graph counts them: a `$batch` item is one request. Each unit's pages are the
/// sampled average (`pagesPerUnit`, 1 when not sampled); first pages and single objects travel in batches of
/// up to 20 items, later pages alone.
public struct RunEstimate: Sendable {
    public struct Dataset: Sendable, Equatable {
        public var dataset: String
        /// Graph requests: pages and objects.
        public var requests: Int
        /// `$batch` requests carrying its first pages and objects (per-user and per-group datasets).
        public var batches: Int
        /// Directory resource units it costs; 0 for Outlook datasets.
        public var resourceUnits: Int
        /// Average pages per unit used (sampled or assumed).
        public var pagesPerUnit: Double
        public var isMailbox: Bool
        /// Users or groups it fans out over (their first pages and objects go in batches); 0 for a listing.
        public var units = 0
    }

    public static let batchSize = 20

    public var users: Int
    public var groups: Int
    /// Whether the plan reads groups (the group directory or a per-group dataset), so that their count matters.
    public var readsGroups = false
    public var datasets: [Dataset]
    /// Requests in flight at most (`throttle.max_concurrency`).
    public var concurrency: Int
    /// Seconds one request is assumed to take.
    public var requestSeconds: Double

    /// Every Graph request (a batch item counts as one), plus the user and group listings.
    public var requests: Int { datasets.reduce(0) { $0 + $1.requests } }
    public var batches: Int { datasets.reduce(0) { $0 + $1.batches } }
    /// HTTP requests on the wire: batches and the requests that go alone.
    public var httpRequests: Int {
        datasets.reduce(0) { $0 + $1.batches + $1.requests - $1.units }
    }
    public var resourceUnits: Int { datasets.reduce(0) { $0 + $1.resourceUnits } }

    /// The directory's allowance for this tenant, per `GraphLimits.directoryWindowSeconds`.
    public var directoryUnitsPerWindow: Int { GraphLimits.directoryResourceUnits(users: users) }
    /// The least time the directory's bucket lets its requests take, in seconds.
    public var directorySeconds: Double {
        Double(resourceUnits) / Double(directoryUnitsPerWindow) * GraphLimits.directoryWindowSeconds
    }
    /// Requests to the busiest mailbox, against Outlook's per-mailbox allowance.
    public var requestsPerMailbox: Double {
        datasets.filter(\.isMailbox).reduce(0) { $0 + $1.pagesPerUnit }
    }
    /// The time the requests take at `concurrency` in flight and `requestSeconds` each, bounded by Outlook's
    /// 4 per mailbox, in seconds.
    public var transferSeconds: Double {
        let inFlight = Double(max(1, min(concurrency, GraphLimits.mailboxConcurrency * max(1, users))))
        return Double(httpRequests) * requestSeconds / inFlight
    }
    /// The estimate: whichever bound is slower.
    public var seconds: Double { max(directorySeconds, transferSeconds) }

    /// Whether `plans` read groups: the group directory, or a dataset per group.
    static func readsGroups(_ plans: [DatasetPlan]) -> Bool {
        plans.contains { $0.schema.collection.fanout == .perGroup || $0.schema.isGroupDirectory }
    }

    /// The estimate for `plans` over `users` and `groups`, with each dataset's pages per unit.
    init(plans: [DatasetPlan], users: Int, groups: Int, pagesPerUnit: [String: Double], concurrency: Int, requestSeconds: Double) {
        self.users = users
        self.groups = groups
        self.concurrency = concurrency
        self.requestSeconds = requestSeconds
        readsGroups = Self.readsGroups(plans)
        var datasets: [Dataset] = []
        let listsUsers = plans.contains { $0.schema.isUserDirectory && !$0.isDelta }
        if plans.contains(where: { $0.schema.collection.fanout == .perUser }) && !listsUsers {
            let pages = Self.pages(users, of: 999)
            datasets.append(Dataset(
                dataset: "users (listing)", requests: pages, batches: 0,
                resourceUnits: pages * GraphLimits.directoryCost(isList: true, isDelta: false, selects: true), pagesPerUnit: 1,
                isMailbox: false))
        }
        if plans.contains(where: { $0.schema.collection.fanout == .perGroup }) {
            let pages = Self.pages(groups, of: 999)
            datasets.append(Dataset(
                dataset: "groups (listing)", requests: pages, batches: 0,
                resourceUnits: pages * GraphLimits.directoryCost(isList: true, isDelta: false, selects: true), pagesPerUnit: 1,
                isMailbox: false))
        }
        for plan in plans {
            let collection = plan.schema.collection
            let isList = collection.shape == .collection
            let isMailbox = collection.isMailbox
            let cost = isMailbox ? 0 : GraphLimits.directoryCost(isList: isList, isDelta: plan.isDelta, selects: !plan.request.select.isEmpty)
            switch collection.fanout {
            case .tenant:
                let count = plan.schema.isUserDirectory ? users : groups
                let pages = Self.pages(count, of: collection.maxPageSize)
                datasets.append(Dataset(
                    dataset: plan.schema.name, requests: pages, batches: 0, resourceUnits: pages * cost,
                    pagesPerUnit: Double(pages), isMailbox: false))
            case .perUser, .perGroup:
                let units = collection.fanout == .perUser ? users : groups
                let perUnit = isList ? max(1, pagesPerUnit[plan.schema.name] ?? 1) : 1
                let requests = Int((Double(units) * perUnit).rounded())
                datasets.append(Dataset(
                    dataset: plan.schema.name, requests: requests, batches: Self.pages(units, of: Self.batchSize),
                    resourceUnits: requests * cost, pagesPerUnit: perUnit, isMailbox: isMailbox, units: units))
            }
        }
        self.datasets = datasets
    }

    static func pages(_ count: Int, of size: Int) -> Int {
        max(1, (count + size - 1) / max(1, size))
    }

    /// The plan a person reads.
    public func render(pipeline: String, usersSource: String) -> [String] {
        var lines = ["plan of pipeline '\(pipeline)': \(users) users in scope (\(usersSource))"]
        if readsGroups {
            lines[0] += ", \(groups) groups"
        }
        for dataset in datasets {
            var line = "  \(dataset.dataset): \(dataset.requests) requests"
            if dataset.batches > 0 {
                line += " (\(String(format: "%.2f", dataset.pagesPerUnit)) pages per unit), first pages in at least \(dataset.batches) batches"
            }
            line += dataset.isMailbox ? ", Outlook" : ", directory: \(dataset.resourceUnits) resource units"
            lines.append(line)
        }
        lines.append("total: \(requests) Graph requests (a $batch item counts as one) in at least \(httpRequests) HTTP requests")
        lines.append(
            "limits: Outlook, per mailbox: \(GraphLimits.mailboxConcurrency) requests at a time and "
                + "\(GraphLimits.mailboxRequests) per \(Int(GraphLimits.mailboxWindowSeconds / 60)) minutes "
                + "(this run: \(String(format: "%.2f", requestsPerMailbox)) per mailbox); directory: "
                + "\(directoryUnitsPerWindow) resource units per \(Int(GraphLimits.directoryWindowSeconds)) s for a tenant "
                + "of this size (this run: \(resourceUnits))")
        lines.append(
            "estimated duration: at least \(Self.duration(seconds)) (the directory's bucket allows it in \(Self.duration(directorySeconds)); "
                + "\(httpRequests) HTTP requests at \(concurrency) in flight and \(Int(requestSeconds * 1000)) ms each take "
                + "\(Self.duration(transferSeconds)))")
        return lines
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        if seconds < 3600 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
