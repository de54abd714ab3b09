import Synchronization

/// Permits for Graph requests in flight, as many as `AdaptiveConcurrency` allows at the moment.
///
/// A request waits in line (first come, first served) until fewer requests are in flight than the
/// limit. A cut does not take permits back: requests already sent finish, and new ones wait until the
/// count has fallen under the new limit.
final class ConcurrencyGate: Sendable {
    /// What an answer says about Graph's load.
    enum Signal {
        /// Answered without throttling (2xx, or a status such as 404): the limit may grow.
        case success
        /// 429, or 503 with `Retry-After`: the limit is cut.
        case throttled
        /// A server error or no answer: says nothing about concurrency.
        case neutral
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var concurrency: AdaptiveConcurrency
        var inFlight = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(_ concurrency: AdaptiveConcurrency) {
        state = Mutex(State(concurrency: concurrency))
    }

    /// The current limit and the lowest it has been.
    var limits: (current: Int, lowest: Int) {
        state.withLock { ($0.concurrency.limit, $0.concurrency.lowest) }
    }

    /// Waits for a permit; returns the instant it was granted, which `release` and `throttled` take back.
    /// Throws `CancellationError` if the task is cancelled while it waits.
    func acquire() async throws -> ContinuousClock.Instant {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    // Checked under the lock: a cancellation that ran before the waiter was queued is seen here.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.waiters.isEmpty, state.inFlight < state.concurrency.limit {
                        state.inFlight += 1
                        return .success(())
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        return .now
    }

    /// Gives back the permit granted at `sentAt`, with what the answer said.
    func release(_ signal: Signal, sentAt: ContinuousClock.Instant) {
        let ready = state.withLock { state -> [Waiter] in
            state.inFlight -= 1
            Self.note(signal, sentAt: sentAt, in: &state)
            return Self.admitWaiters(&state)
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Notes a throttled answer that holds no permit of its own (an item of a `$batch` sent at `sentAt`).
    func throttled(sentAt: ContinuousClock.Instant) {
        state.withLock { Self.note(.throttled, sentAt: sentAt, in: &$0) }
    }

    private static func note(_ signal: Signal, sentAt: ContinuousClock.Instant, in state: inout State) {
        switch signal {
        case .success: state.concurrency.succeeded()
        case .throttled: state.concurrency.throttled(sentAt: sentAt, now: .now)
        case .neutral: break
        }
    }

    private static func admitWaiters(_ state: inout State) -> [Waiter] {
        var ready: [Waiter] = []
        while state.inFlight < state.concurrency.limit, !state.waiters.isEmpty {
            state.inFlight += 1
            ready.append(state.waiters.removeFirst())
        }
        return ready
    }
}
