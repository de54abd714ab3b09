/// How the simulator throttles, modelled on Graph's documented limits; off unless a configuration sets one.
///
/// Outlook limits each app per mailbox: `mailboxConcurrency` requests at a time (the next one gets 429
/// `ApplicationThrottled`, "MailboxConcurrency") and `mailboxRequests` per sliding `mailboxWindow`. The
/// directory charges each request resource units from one token bucket per app and tenant, refilled at
/// `directoryResourceUnits` per `directoryWindow`. `scaled(by:)` shrinks counts and windows together, keeping
/// Graph's rates while reaching the limits in a fraction of the requests, so tests run fast.
public struct ThrottlingPolicy: Sendable, Equatable {
    /// Requests one app may have in progress on one mailbox; Graph allows 4.
    public var mailboxConcurrency: Int
    /// Requests one app may send to one mailbox per `mailboxWindow`; Graph allows 10,000.
    public var mailboxRequests: Int
    /// The sliding window of `mailboxRequests`, in seconds; Graph's is 600.
    public var mailboxWindow: Double
    /// Resource units the directory bucket holds and refills per `directoryWindow`; nil sizes it by tenant as
    /// Graph does: 3,500 under 50 users, 5,000 up to 500, 8,000 above.
    public var directoryResourceUnits: Int?
    /// The refill period of the directory bucket, in seconds; Graph's is 10.
    public var directoryWindow: Double
    /// The `Retry-After` of a MailboxConcurrency 429, in seconds.
    public var concurrencyRetryAfter: Double
    /// Whether `Retry-After` keeps fractions below 10 s (`0.25`, `1.5`) rather than rounding up to whole seconds.
    public var fractionalRetryAfter: Bool

    /// Graph's limits as documented; see `scaled(by:)` for tests.
    public init(
        mailboxConcurrency: Int = 4,
        mailboxRequests: Int = 10_000,
        mailboxWindow: Double = 600,
        directoryResourceUnits: Int? = nil,
        directoryWindow: Double = 10,
        concurrencyRetryAfter: Double = 1,
        fractionalRetryAfter: Bool = true
    ) {
        self.mailboxConcurrency = mailboxConcurrency
        self.mailboxRequests = mailboxRequests
        self.mailboxWindow = mailboxWindow
        self.directoryResourceUnits = directoryResourceUnits
        self.directoryWindow = directoryWindow
        self.concurrencyRetryAfter = concurrencyRetryAfter
        self.fractionalRetryAfter = fractionalRetryAfter
    }

    /// Graph's documented limits.
    public static let graph = ThrottlingPolicy()

    /// The same rates over `factor` times the counts and windows (at least one request or unit), and
    /// `Retry-After`s scaled alike: `graph.scaled(by: 0.001)` allows 10 requests per 0.6 s per mailbox.
    public func scaled(by factor: Double, userCount: Int = 0) -> ThrottlingPolicy {
        var scaled = self
        scaled.mailboxRequests = max(1, Int((Double(mailboxRequests) * factor).rounded()))
        scaled.mailboxWindow = mailboxWindow * factor
        scaled.directoryResourceUnits = max(1, Int((Double(directoryUnits(userCount: userCount)) * factor).rounded()))
        scaled.directoryWindow = directoryWindow * factor
        scaled.concurrencyRetryAfter = concurrencyRetryAfter * factor
        return scaled
    }

    /// The directory bucket's size for a tenant of this many users.
    public func directoryUnits(userCount: Int) -> Int {
        if let directoryResourceUnits { return directoryResourceUnits }
        return userCount < 50 ? 3_500 : userCount <= 500 ? 5_000 : 8_000
    }

    /// Checks the values can be enforced.
    func validate() throws(SimulatorConfigurationError) {
        guard mailboxConcurrency >= 1 else {
            throw .invalidValue("throttling.mailboxConcurrency", "\(mailboxConcurrency)", "at least 1")
        }
        guard mailboxRequests >= 1, mailboxWindow > 0, mailboxWindow.isFinite else {
            throw .invalidValue("throttling.mailboxRequests/mailboxWindow", "\(mailboxRequests)/\(mailboxWindow)", "positive")
        }
        guard (directoryResourceUnits ?? 1) >= 1, directoryWindow > 0, directoryWindow.isFinite else {
            throw .invalidValue("throttling.directoryResourceUnits/directoryWindow", "\(directoryResourceUnits ?? 0)/\(directoryWindow)", "positive")
        }
        guard concurrencyRetryAfter >= 0, concurrencyRetryAfter.isFinite else {
            throw .invalidValue("throttling.concurrencyRetryAfter", "\(concurrencyRetryAfter)", "a non-negative number of seconds")
        }
    }
}
