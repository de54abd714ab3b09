import Synchronization

/// The simulator's shared traffic state: requests in progress per mailbox, throttling limits, the
/// `Retry-After`s given, and the counters tests read. One lock guards it all; each request takes it twice.
final class TrafficLedger: Sendable {
    /// Why a request was throttled, named as Graph names the limit.
    enum Limit: String, Sendable {
        case mailboxConcurrency = "MailboxConcurrency"
        case mailboxRequestRate = "MailboxRequestRate"
        case directoryResourceUnits = "DirectoryResourceUnits"
    }

    enum Admission: Sendable, Equatable {
        case admitted
        case throttled(retryAfter: Double, limit: Limit)
    }

    private struct State {
        var counters = SimulatorCounters()
        var inFlight: [String: Int] = [:]
        var rateLogs: [String: SlidingWindowLog] = [:]
        var bucket: TokenBucket?
        /// The latest `Retry-After` per scope: when it was given and when it ends.
        var retryAfter: [String: (given: Double, until: Double)] = [:]
    }

    private let state: Mutex<State>
    private let policy: ThrottlingPolicy?
    private let directoryUnits: Int
    private let violationGrace: Double

    init(policy: ThrottlingPolicy?, userCount: Int, violationGrace: Double) {
        self.policy = policy
        directoryUnits = policy?.directoryUnits(userCount: userCount) ?? 0
        self.violationGrace = violationGrace
        state = Mutex(State())
    }

    /// Counts the arrival of a request on a scope and decides whether it may proceed; an admitted mailbox
    /// request holds one of the mailbox's slots until `release`.
    func admit(_ scope: TrafficScope, cost: Int, now: Double) -> Admission {
        guard scope != .none else { return .admitted }
        let key = scope.key
        return state.withLock { state in
            if let given = state.retryAfter[key], now > given.given + violationGrace, now < given.until {
                state.counters.violationsByScope[key, default: 0] += 1
            }
            var decision = Admission.admitted
            if case .mailbox = scope {
                let inFlight = state.inFlight[key, default: 0]
                state.counters.peakConcurrencyByMailbox[key] = max(state.counters.peakConcurrencyByMailbox[key] ?? 0, inFlight + 1)
                if let policy {
                    if inFlight >= policy.mailboxConcurrency {
                        decision = .throttled(retryAfter: policy.concurrencyRetryAfter, limit: .mailboxConcurrency)
                    } else {
                        var log = state.rateLogs.removeValue(forKey: key) ?? SlidingWindowLog()
                        if log.count(at: now, window: policy.mailboxWindow) >= policy.mailboxRequests {
                            decision = .throttled(retryAfter: log.wait(at: now, window: policy.mailboxWindow), limit: .mailboxRequestRate)
                        } else {
                            log.append(now)
                        }
                        state.rateLogs[key] = log
                    }
                }
                if decision == .admitted { state.inFlight[key] = inFlight + 1 }
            } else if let policy {
                var bucket = state.bucket ?? TokenBucket(capacity: directoryUnits, window: policy.directoryWindow, now: now)
                if let wait = bucket.take(cost, at: now) {
                    decision = .throttled(retryAfter: wait, limit: .directoryResourceUnits)
                }
                state.bucket = bucket
            }
            if case .throttled(let retryAfter, let limit) = decision {
                state.counters.throttledByLimit[limit.rawValue, default: 0] += 1
                Self.noteRetryAfter(&state, key: key, seconds: retryAfter, now: now)
            }
            return decision
        }
    }

    /// Frees the slot an admitted mailbox request held.
    func release(_ scope: TrafficScope) {
        guard case .mailbox(let key) = scope else { return }
        state.withLock { state in
            let remaining = state.inFlight[key, default: 1] - 1
            state.inFlight[key] = remaining > 0 ? remaining : nil
        }
    }

    /// Remembers a `Retry-After` given outside throttling (an injected 503).
    func noteRetryAfter(_ scope: TrafficScope, seconds: Double, now: Double) {
        guard scope != .none else { return }
        state.withLock { Self.noteRetryAfter(&$0, key: scope.key, seconds: seconds, now: now) }
    }

    private static func noteRetryAfter(_ state: inout State, key: String, seconds: Double, now: Double) {
        let until = max(state.retryAfter[key]?.until ?? 0, now + seconds)
        state.retryAfter[key] = (now, until)
    }

    func record(_ family: GraphEndpointFamily, status: Int) {
        state.withLock { $0.counters.requests[family, default: [:]][status, default: 0] += 1 }
    }

    func record(fault: SimulatedFault) {
        state.withLock { $0.counters.faults[fault, default: 0] += 1 }
    }

    func recordBatch(requests: Int) {
        state.withLock { state in
            state.counters.batches += 1
            state.counters.batchedRequests += requests
        }
    }

    var counters: SimulatorCounters {
        state.withLock { $0.counters }
    }

    /// Clears the counters and the `Retry-After`s given; limits keep their state.
    func resetCounters() {
        state.withLock { state in
            state.counters = SimulatorCounters()
            state.retryAfter = [:]
        }
    }
}
