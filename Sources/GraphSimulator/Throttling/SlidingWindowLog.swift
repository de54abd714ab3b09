/// The arrival times of a mailbox's admitted requests within the last window, oldest first.
///
/// Exact where a two-bucket estimate is not: the `Retry-After` it gives is the moment the oldest request
/// leaves the window. It holds at most one window's worth of times.
struct SlidingWindowLog: Sendable {
    private var times: [Double] = []
    private var head = 0

    /// Forgets what left the window and returns how many remain.
    mutating func count(at now: Double, window: Double) -> Int {
        while head < times.count, times[head] <= now - window { head += 1 }
        if head > 64, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
        return times.count - head
    }

    mutating func append(_ time: Double) {
        times.append(time)
    }

    /// Seconds until the oldest remembered request leaves the window.
    func wait(at now: Double, window: Double) -> Double {
        guard head < times.count else { return 0 }
        return max(0, times[head] + window - now)
    }
}
