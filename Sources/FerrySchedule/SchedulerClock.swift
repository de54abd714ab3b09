import Foundation

/// The scheduler's source of time, so tests can run it in virtual time.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Returns once `now()` has reached `deadline`.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// Wall-clock time.
///
/// Sleeps in slices of at most a minute and checks the wall clock after each, so a clock that is
/// stepped (NTP) or a machine that was suspended delays a fire by a minute at most.
public struct SystemClock: SchedulerClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: .seconds(min(remaining, 60)))
        }
    }
}
