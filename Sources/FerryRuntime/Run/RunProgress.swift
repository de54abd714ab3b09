import Synchronization

/// Counters of a running export, updated by every worker and read by the progress display.
public final class RunProgress: Sendable {
    public struct Snapshot: Sendable {
        public var usersListed = 0
        public var usersListingDone = false
        public var usersDone = 0
        public var usersWithoutMailbox = 0
        /// Users with a mailbox an application access policy keeps out of the app's reach (403), skipped.
        public var usersAccessDenied = 0
        public var records = 0
        public var pages = 0
        public var bytesFetched = 0
    }

    private let counters = Mutex(Snapshot())
    private let throttledCount = Mutex<(@Sendable () -> Int)?>(nil)
    /// When the run started.
    public let started = ContinuousClock.now

    public init() {}

    public var snapshot: Snapshot { counters.withLock { $0 } }

    /// Requests Graph answered 429 or 503 so far.
    public var throttled: Int { throttledCount.withLock { $0 }?() ?? 0 }

    /// Takes the throttled count from the run's Graph client from now on.
    func follow(throttled: @escaping @Sendable () -> Int) {
        throttledCount.withLock { $0 = throttled }
    }

    package func update(_ change: (inout Snapshot) -> Void) {
        counters.withLock { change(&$0) }
    }
}
