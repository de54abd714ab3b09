/// Failures the simulator injects, each at its own rate (a probability per Graph request, 0 by default).
///
/// Draws come from one seeded stream in arrival order, so a run of N requests meets close to `N * rate` of
/// each fault. Status faults hit `$batch` sub-requests one by one; transport faults hit whole HTTP responses.
public struct FaultPolicy: Sendable, Equatable {
    /// 500 `generalException`.
    public var internalServerError: Double
    /// 503 `serviceNotAvailable` with `Retry-After`.
    public var serviceUnavailable: Double
    /// 504 `gatewayTimeout`, the answer of a request Graph gave up on.
    public var gatewayTimeout: Double
    /// The connection closes halfway through the body (the status line and headers were sent).
    public var droppedConnection: Double
    /// A complete 200 response whose JSON body is cut short (its length says so: the JSON is what is broken).
    public var truncatedBody: Double
    /// The token is refused as expired before its time (401 `InvalidAuthenticationToken`), from then on.
    public var tokenExpiry: Double
    /// The `Retry-After` of injected 503s, in seconds.
    public var serviceUnavailableRetryAfter: Double
    /// Seeds the draws; the same seed and request order give the same faults.
    public var seed: UInt64

    /// No faults unless rates are given.
    public init(
        internalServerError: Double = 0,
        serviceUnavailable: Double = 0,
        gatewayTimeout: Double = 0,
        droppedConnection: Double = 0,
        truncatedBody: Double = 0,
        tokenExpiry: Double = 0,
        serviceUnavailableRetryAfter: Double = 1,
        seed: UInt64 = 0x5EED
    ) {
        self.internalServerError = internalServerError
        self.serviceUnavailable = serviceUnavailable
        self.gatewayTimeout = gatewayTimeout
        self.droppedConnection = droppedConnection
        self.truncatedBody = truncatedBody
        self.tokenExpiry = tokenExpiry
        self.serviceUnavailableRetryAfter = serviceUnavailableRetryAfter
        self.seed = seed
    }

    /// No faults.
    public static let none = FaultPolicy()

    var isEnabled: Bool { totalRate > 0 }

    var totalRate: Double {
        internalServerError + serviceUnavailable + gatewayTimeout + droppedConnection + truncatedBody + tokenExpiry
    }

    func validate() throws(SimulatorConfigurationError) {
        for (name, rate) in [("internalServerError", internalServerError), ("serviceUnavailable", serviceUnavailable),
                             ("gatewayTimeout", gatewayTimeout), ("droppedConnection", droppedConnection),
                             ("truncatedBody", truncatedBody), ("tokenExpiry", tokenExpiry)] {
            guard rate >= 0, rate <= 1 else { throw .invalidValue("faults." + name, "\(rate)", "a probability in 0...1") }
        }
        guard totalRate <= 1 else { throw .invalidValue("faults", "rates summing to \(totalRate)", "rates summing to at most 1") }
        guard serviceUnavailableRetryAfter >= 0, serviceUnavailableRetryAfter.isFinite else {
            throw .invalidValue("faults.serviceUnavailableRetryAfter", "\(serviceUnavailableRetryAfter)", "a non-negative number of seconds")
        }
    }
}
