/// One injected failure.
public enum SimulatedFault: String, Sendable, CaseIterable, Comparable {
    /// 500 `generalException`.
    case internalServerError
    /// 503 `serviceNotAvailable` with `Retry-After`.
    case serviceUnavailable
    /// 504 `gatewayTimeout`.
    case gatewayTimeout
    /// The connection closed mid-body.
    case droppedConnection
    /// A 200 whose JSON is cut short.
    case truncatedBody
    /// A valid token refused as expired.
    case tokenExpiry

    /// Orders faults by name, for stable reports.
    public static func < (left: Self, right: Self) -> Bool { left.rawValue < right.rawValue }

    /// Whether the fault breaks the HTTP response itself rather than answering with an error.
    var isTransport: Bool { self == .droppedConnection || self == .truncatedBody }
}
