import Testing

@testable import GraphSimulator

/// The throttling limits on a clock the tests set: each decision at an exact instant, so that windows,
/// refills and `Retry-After`s are checked to the millisecond, never against a busy machine's timing.
@Suite("Traffic ledger: limits on an exact clock")
struct TrafficLedgerTests {
    static func ledger(_ policy: ThrottlingPolicy, grace: Double = 0) -> TrafficLedger {
        TrafficLedger(policy: policy, userCount: 40, violationGrace: grace)
    }

    /// Admits a request and releases it at once, as a request answered without latency is.
    static func request(_ ledger: TrafficLedger, _ scope: TrafficScope, cost: Int = 1, at now: Double) -> TrafficLedger.Admission {
        let admission = ledger.admit(scope, cost: cost, now: now)
        if admission == .admitted { ledger.release(scope) }
        return admission
    }

    @Test func aMailboxHasFourSlotsOfItsOwnAndAFreedSlotIsReused() {
        let ledger = Self.ledger(ThrottlingPolicy(mailboxConcurrency: 4, concurrencyRetryAfter: 0.25))
        let a = TrafficScope.mailbox("a"), b = TrafficScope.mailbox("b")
        for _ in 0..<4 { #expect(ledger.admit(a, cost: 1, now: 10) == .admitted) }
        #expect(ledger.admit(a, cost: 1, now: 10) == .throttled(retryAfter: 0.25, limit: .mailboxConcurrency))
        for _ in 0..<4 { #expect(ledger.admit(b, cost: 1, now: 10) == .admitted) }
        ledger.release(a)
        #expect(ledger.admit(a, cost: 1, now: 10.5) == .admitted)
        let counters = ledger.counters
        #expect(counters.peakConcurrencyByMailbox == ["a": 5, "b": 4])
        #expect(counters.throttledByLimit == ["MailboxConcurrency": 1])
        // The refused request's Retry-After had run out (10.25) before the next one came.
        #expect(counters.violations == 0)
    }

    @Test func theMailboxRateIsASlidingWindowAndRetriesInsideRetryAfterAreViolations() {
        let ledger = Self.ledger(ThrottlingPolicy(mailboxConcurrency: 10, mailboxRequests: 5, mailboxWindow: 6))
        let a = TrafficScope.mailbox("a")
        for second in 0..<5 { #expect(Self.request(ledger, a, at: Double(second)) == .admitted) }
        // The sixth request is one too many until the first leaves the window, at 6.
        #expect(Self.request(ledger, a, at: 5) == .throttled(retryAfter: 1, limit: .mailboxRequestRate))
        #expect(ledger.counters.violations == 0)
        #expect(Self.request(ledger, a, at: 5.5) == .throttled(retryAfter: 0.5, limit: .mailboxRequestRate))
        #expect(ledger.counters.violationsByScope == ["a": 1], "sent before the Retry-After ran out")
        // At 6 the first request has left the window; the retry after Retry-After is no violation.
        #expect(Self.request(ledger, a, at: 6) == .admitted)
        // The window now holds 1, 2, 3, 4 and 6: the next room is at 7.
        #expect(Self.request(ledger, a, at: 6.5) == .throttled(retryAfter: 0.5, limit: .mailboxRequestRate))
        #expect(Self.request(ledger, a, at: 7) == .admitted)
        let counters = ledger.counters
        #expect(counters.violationsByScope == ["a": 1])
        #expect(counters.throttledByLimit == ["MailboxRequestRate": 3])
        // Other mailboxes have windows of their own.
        #expect(Self.request(ledger, .mailbox("b"), at: 7) == .admitted)
    }

    @Test func aRetryWithinTheGraceOfItsRefusalIsNoViolation() {
        let ledger = Self.ledger(ThrottlingPolicy(mailboxConcurrency: 10, mailboxRequests: 1, mailboxWindow: 10), grace: 0.05)
        let a = TrafficScope.mailbox("a")
        #expect(Self.request(ledger, a, at: 0) == .admitted)
        #expect(Self.request(ledger, a, at: 1) == .throttled(retryAfter: 9, limit: .mailboxRequestRate))
        // In flight when the refusal was given: not a violation.
        #expect(Self.request(ledger, a, at: 1.04) != .admitted)
        #expect(ledger.counters.violations == 0)
        #expect(Self.request(ledger, a, at: 1.2) != .admitted)
        #expect(ledger.counters.violations == 1)
    }

    @Test func theDirectoryBucketRefillsContinuouslyAndTellsWhenTheUnitsAreBack() {
        // Ten units refilled per 60 s: one every 6 s.
        let ledger = Self.ledger(ThrottlingPolicy(directoryResourceUnits: 10, directoryWindow: 60))
        for _ in 0..<5 { #expect(Self.request(ledger, .directory, cost: 2, at: 100) == .admitted) }
        #expect(Self.request(ledger, .directory, cost: 2, at: 100) == .throttled(retryAfter: 12, limit: .directoryResourceUnits))
        // Three seconds later half a unit is back: 1.5 are missing for a request of two.
        #expect(Self.request(ledger, .directory, cost: 2, at: 103) == .throttled(retryAfter: 9, limit: .directoryResourceUnits))
        #expect(ledger.counters.violationsByScope == ["directory": 1])
        // At 112 two units are back.
        #expect(Self.request(ledger, .directory, cost: 2, at: 112) == .admitted)
        #expect(Self.request(ledger, .directory, cost: 1, at: 112) != .admitted)
        // A long pause fills the bucket only to its size.
        for _ in 0..<10 { #expect(Self.request(ledger, .directory, cost: 1, at: 10_000) == .admitted) }
        #expect(Self.request(ledger, .directory, cost: 1, at: 10_000) == .throttled(retryAfter: 6, limit: .directoryResourceUnits))
        // Mailboxes are not charged to the directory.
        #expect(Self.request(ledger, .mailbox("a"), at: 10_000) == .admitted)
        #expect(ledger.counters.throttledByLimit == ["DirectoryResourceUnits": 4])
    }

    @Test func withoutAPolicyEverythingIsAdmittedAndConcurrencyIsStillCounted() {
        let ledger = TrafficLedger(policy: nil, userCount: 40, violationGrace: 0)
        for _ in 0..<12 { #expect(ledger.admit(.mailbox("a"), cost: 1, now: 0) == .admitted) }
        #expect(ledger.admit(.directory, cost: 1_000, now: 0) == .admitted)
        #expect(ledger.counters.peakConcurrencyByMailbox == ["a": 12])
        #expect(ledger.counters.throttledByLimit.isEmpty)
    }
}
