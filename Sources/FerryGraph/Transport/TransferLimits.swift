/// How long a transfer may last, so a server that stalls or drips bytes cannot hold a request for long.
///
/// libcurl enforces both: the deadline as CURLOPT_TIMEOUT (connection included), the low-speed limit as
/// CURLOPT_LOW_SPEED_LIMIT and CURLOPT_LOW_SPEED_TIME (the transfer is cut when it moves fewer bytes a second
/// than `lowSpeedBytesPerSecond` for `lowSpeedTime`; waiting for the first byte counts). A transfer cut off
/// fails with `TransportError.Kind.timedOut`, which `GraphHTTPClient` retries like any network failure.
public struct TransferLimits: Sendable, Equatable {
    /// The longest a whole transfer may take, unless the request sets its own `timeout`.
    public var deadline: Duration
    /// Below this many bytes a second for `lowSpeedTime`, a transfer is cut off; 0 turns the check off.
    public var lowSpeedBytesPerSecond: Int
    /// How long a transfer may stay below `lowSpeedBytesPerSecond`; counted in whole seconds, at least 1.
    public var lowSpeedTime: Duration

    /// A minute per transfer; cut off below 1 KiB/s for 30 s. Graph sends a page of a thousand messages in
    /// well under a second, and takes seconds at most to start answering.
    public init(
        deadline: Duration = .seconds(60), lowSpeedBytesPerSecond: Int = 1024, lowSpeedTime: Duration = .seconds(30)
    ) {
        self.deadline = deadline
        self.lowSpeedBytesPerSecond = max(0, lowSpeedBytesPerSecond)
        self.lowSpeedTime = lowSpeedTime
    }
}
