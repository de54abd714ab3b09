/// How many Graph requests may be in flight at once: additive increase, multiplicative decrease (AIMD).
///
/// Graph does not publish how much concurrency a tenant can take; it answers 429 (or 503 with
/// `Retry-After`) when there was too much. So the limit starts at `maximum`, halves on a throttled answer,
/// and grows back by one for every `limit` answers that were not throttled, which probes slowly upwards
/// and backs off fast, as TCP's congestion window does:
///
///     throttled:  limit = max(1, limit / 2)       at most once per burst
///     success:    limit = min(maximum, limit + 1)  after `limit` successes since the last change
///
/// One burst of 429s, the answers to requests that were all in flight before the cut, is one cut: a
/// throttled answer cuts only if its request was sent after the previous cut and at least `cooldown` has
/// passed since then. Pure: the caller passes the instants, so tests need no clock and no sleep.
struct AdaptiveConcurrency: Sendable {
    /// The highest limit, where it starts.
    let maximum: Int
    /// The shortest time between two cuts.
    let cooldown: Duration
    /// Whether the limit moves at all; a fixed limit stays at `maximum`.
    let adapts: Bool
    /// Requests that may be in flight now.
    private(set) var limit: Int
    /// The lowest `limit` has been.
    private(set) var lowest: Int
    /// Cuts made so far.
    private(set) var cuts = 0
    private var successes = 0
    private var lastCut: ContinuousClock.Instant?

    init(maximum: Int, cooldown: Duration = .milliseconds(200), adapts: Bool = true) {
        self.maximum = max(1, maximum)
        self.cooldown = cooldown
        self.adapts = adapts
        limit = self.maximum
        lowest = self.maximum
    }

    /// A request sent at `sentAt` was throttled, seen at `now`; returns whether the limit was cut.
    @discardableResult
    mutating func throttled(sentAt: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Bool {
        guard adapts else { return false }
        if let lastCut, sentAt < lastCut || now - lastCut < cooldown { return false }
        limit = max(1, limit / 2)
        lowest = min(lowest, limit)
        successes = 0
        lastCut = now
        cuts += 1
        return true
    }

    /// A request was answered without throttling; returns whether the limit grew.
    @discardableResult
    mutating func succeeded() -> Bool {
        guard adapts, limit < maximum else { return false }
        successes += 1
        guard successes >= limit else { return false }
        successes = 0
        limit += 1
        return true
    }
}
