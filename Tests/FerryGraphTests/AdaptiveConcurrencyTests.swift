import Testing

@testable import FerryGraph

/// The AIMD rules, driven by hand-made instants: no clock, no sleep.
@Suite struct AdaptiveConcurrencyTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start + .milliseconds(milliseconds)
    }

    @Test func aThrottledAnswerHalvesTheLimit() {
        var concurrency = AdaptiveConcurrency(maximum: 32, cooldown: .milliseconds(100))
        #expect(concurrency.limit == 32)
        let cut = concurrency.throttled(sentAt: at(0), now: at(10))
        #expect(cut)
        #expect(concurrency.limit == 16)
        #expect(concurrency.lowest == 16)
        #expect(concurrency.cuts == 1)
    }

    @Test func oneBurstOfThrottledAnswersIsOneCut() {
        var concurrency = AdaptiveConcurrency(maximum: 32, cooldown: .milliseconds(100))
        // Twenty requests sent together all come back 429, some well after the cooldown.
        for offset in 0..<20 {
            concurrency.throttled(sentAt: at(offset), now: at(50 + offset * 20))
        }
        #expect(concurrency.limit == 16)
        #expect(concurrency.cuts == 1)
        // A request sent after the cut and throttled within the cooldown does not cut either.
        let cutWithinCooldown = concurrency.throttled(sentAt: at(60), now: at(100))
        #expect(!cutWithinCooldown)
        // One sent after the cut and throttled after the cooldown does: Graph still finds it too much.
        let cutAfterCooldown = concurrency.throttled(sentAt: at(60), now: at(200))
        #expect(cutAfterCooldown)
        #expect(concurrency.limit == 8)
    }

    @Test func neverBelowOne() {
        var concurrency = AdaptiveConcurrency(maximum: 5, cooldown: .zero)
        for step in 0..<10 {
            concurrency.throttled(sentAt: at(step * 10), now: at(step * 10 + 5))
        }
        #expect(concurrency.limit == 1)
        #expect(concurrency.lowest == 1)
        #expect(concurrency.cuts == 10)
    }

    @Test func growsBackByOnePerLimitSuccessesUpToTheMaximum() {
        var concurrency = AdaptiveConcurrency(maximum: 8, cooldown: .zero)
        concurrency.throttled(sentAt: at(0), now: at(1))
        concurrency.throttled(sentAt: at(2), now: at(3))
        #expect(concurrency.limit == 2)
        // 2 successes raise it to 3, then 3 more to 4, then 4 more to 5.
        var grownAfter: [Int] = []
        for success in 1...100 where concurrency.succeeded() {
            grownAfter.append(success)
        }
        #expect(grownAfter == [2, 5, 9, 14, 20, 27])
        #expect(concurrency.limit == 8)
        #expect(concurrency.lowest == 2)
    }

    @Test func successesBeforeACutDoNotCountAfterIt() {
        var concurrency = AdaptiveConcurrency(maximum: 8, cooldown: .zero)
        concurrency.throttled(sentAt: at(0), now: at(1))
        #expect(concurrency.limit == 4)
        for _ in 0..<3 {
            let grew = concurrency.succeeded()
            #expect(!grew)
        }
        concurrency.throttled(sentAt: at(2), now: at(3))
        #expect(concurrency.limit == 2)
        let grewAfterOne = concurrency.succeeded()
        #expect(!grewAfterOne)
        let grewAfterTwo = concurrency.succeeded()
        #expect(grewAfterTwo)
        #expect(concurrency.limit == 3)
    }

    @Test func aFixedLimitNeverMoves() {
        var concurrency = AdaptiveConcurrency(maximum: 6, adapts: false)
        let cutFixed = concurrency.throttled(sentAt: at(0), now: at(1))
        #expect(!cutFixed)
        let grewFixed = concurrency.succeeded()
        #expect(!grewFixed)
        #expect(concurrency.limit == 6)
        #expect(concurrency.lowest == 6)
    }

    @Test func aMaximumBelowOneIsOne() {
        var concurrency = AdaptiveConcurrency(maximum: 0)
        #expect(concurrency.limit == 1)
        concurrency.throttled(sentAt: at(0), now: at(1))
        #expect(concurrency.limit == 1)
    }

    @Test func theGateHoldsRequestsBeyondTheLimitUntilOneFinishes() async throws {
        let gate = ConcurrencyGate(AdaptiveConcurrency(maximum: 2, cooldown: .zero))
        let first = try await gate.acquire()
        let second = try await gate.acquire()
        let third = Task { try await gate.acquire() }
        // A cut while both are out: the limit drops to 1, so one release is not enough for the third.
        gate.release(.throttled, sentAt: first)
        #expect(gate.limits.current == 1)
        #expect(gate.limits.lowest == 1)
        gate.release(.success, sentAt: second)
        // Now nothing is in flight: the third gets its permit.
        let granted = try await third.value
        gate.release(.success, sentAt: granted)
        #expect(gate.limits.current == 2)
    }

    @Test func aCancelledWaiterLeavesTheLine() async throws {
        let gate = ConcurrencyGate(AdaptiveConcurrency(maximum: 1))
        let held = try await gate.acquire()
        let waiter = Task { try await gate.acquire() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        gate.release(.neutral, sentAt: held)
        // The cancelled waiter took no permit: the next request gets one at once.
        let next = try await gate.acquire()
        gate.release(.neutral, sentAt: next)
    }
}
