import Synchronization

/// Values appended from any task, and a way to wait until enough of them arrived.
final class Recorder<Value: Sendable>: Sendable {
    private struct State {
        var values: [Value] = []
        var waiters: [(predicate: @Sendable ([Value]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func append(_ value: Value) {
        let ready = state.withLock { state in
            state.values.append(value)
            let ready = state.waiters.filter { $0.predicate(state.values) }.map(\.continuation)
            state.waiters.removeAll { $0.predicate(state.values) }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    var values: [Value] { state.withLock { $0.values } }

    /// Returns once the values satisfy `predicate`.
    func wait(until predicate: @escaping @Sendable ([Value]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let satisfied = state.withLock { state in
                if predicate(state.values) { return true }
                state.waiters.append((predicate, continuation))
                return false
            }
            if satisfied { continuation.resume() }
        }
    }

    func wait(count: Int) async { await wait { $0.count >= count } }
}
