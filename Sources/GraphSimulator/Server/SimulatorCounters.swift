/// What the simulator has seen since it started (or since `resetCounters()`): a snapshot for tests and benches.
public struct SimulatorCounters: Sendable, Equatable {
    /// Answers by endpoint family and HTTP status; `$batch` sub-requests count under their own family too.
    public var requests: [GraphEndpointFamily: [Int: Int]] = [:]
    /// 429 answers by limit: `MailboxConcurrency`, `MailboxRequestRate`, `DirectoryResourceUnits`.
    public var throttledByLimit: [String: Int] = [:]
    /// The most requests in progress at once on each mailbox (by user id, as in the path), counting the one
    /// arriving, whether or not it was then throttled; only mailboxes that were asked for appear.
    public var peakConcurrencyByMailbox: [String: Int] = [:]
    /// Requests that arrived while a `Retry-After` given for their mailbox (by user id) or for `directory` still ran.
    public var violationsByScope: [String: Int] = [:]
    /// Injected faults by kind.
    public var faults: [SimulatedFault: Int] = [:]
    /// `$batch` requests answered.
    public var batches = 0
    /// The sub-requests those batches carried.
    public var batchedRequests = 0

    /// Every answer counted in `requests`.
    public var totalRequests: Int {
        requests.values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// Answers of one family, optionally with one status.
    public func count(_ family: GraphEndpointFamily, status: Int? = nil) -> Int {
        guard let statuses = requests[family] else { return 0 }
        guard let status else { return statuses.values.reduce(0, +) }
        return statuses[status] ?? 0
    }

    /// Answers by status over all families.
    public var byStatus: [Int: Int] {
        requests.values.reduce(into: [:]) { total, statuses in
            for (status, count) in statuses { total[status, default: 0] += count }
        }
    }

    /// 429 answers, over all families.
    public var throttled: Int { byStatus[429] ?? 0 }

    /// The highest of `peakConcurrencyByMailbox`.
    public var peakMailboxConcurrency: Int { peakConcurrencyByMailbox.values.max() ?? 0 }

    /// All violations.
    public var violations: Int { violationsByScope.values.reduce(0, +) }
}
