import Synchronization

/// Holds admitted requests before they are answered, for as long as it is closed. Tests close it to keep
/// requests in progress for exactly as long as they need, where a latency only hopes to be long enough on
/// a loaded machine. Open, which it is unless a test closes it, it costs one lock per request and no suspension.
final class AdmissionGate: Sendable {
    private struct State {
        var isClosed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Requests admitted from now on wait in `pass()` until `open()`.
    func close() {
        state.withLock { $0.isClosed = true }
    }

    /// Lets every waiting request and every later one through.
    func open() {
        let waiting = state.withLock { state in
            state.isClosed = false
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// How many requests wait at the gate now.
    var waitingCount: Int {
        state.withLock { $0.waiting.count }
    }

    /// Returns at once while the gate is open; otherwise when it opens.
    func pass() async {
        // The usual case, on every request: open, so no continuation and no suspension.
        guard state.withLock({ $0.isClosed }) else { return }
        await withCheckedContinuation { continuation in
            let through = state.withLock { state in
                guard state.isClosed else { return true }
                state.waiting.append(continuation)
                return false
            }
            if through { continuation.resume() }
        }
    }
}
