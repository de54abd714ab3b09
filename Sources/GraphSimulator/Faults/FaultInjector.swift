import Synchronization

/// Decides which requests fail, from one seeded stream so that a run's faults follow its configured rates.
final class FaultInjector: Sendable {
    private let policy: FaultPolicy
    private let random: Mutex<SplitMix64>

    init(policy: FaultPolicy) {
        self.policy = policy
        random = Mutex(SplitMix64(seed: SplitMix64.hash(policy.seed, GenerationStream.faults.rawValue)))
    }

    /// The fault for the next request, if any, among `kinds`; a draw that lands on another kind is no fault.
    func draw(among kinds: Set<SimulatedFault>) -> SimulatedFault? {
        guard policy.isEnabled else { return nil }
        let value = random.withLock { $0.unit() }
        var threshold = 0.0
        for (fault, rate) in [(SimulatedFault.internalServerError, policy.internalServerError),
                              (.serviceUnavailable, policy.serviceUnavailable), (.gatewayTimeout, policy.gatewayTimeout),
                              (.droppedConnection, policy.droppedConnection), (.truncatedBody, policy.truncatedBody),
                              (.tokenExpiry, policy.tokenExpiry)] {
            threshold += rate
            if value < threshold { return kinds.contains(fault) ? fault : nil }
        }
        return nil
    }

    static let all = Set(SimulatedFault.allCases)
    static let statusFaults: Set<SimulatedFault> = [.internalServerError, .serviceUnavailable, .gatewayTimeout]
    static let connectionFaults: Set<SimulatedFault> = [.droppedConnection, .truncatedBody, .tokenExpiry]

    /// The error an injected status fault answers with.
    func response(for fault: SimulatedFault, to request: GraphRequest) -> GraphResponse {
        switch fault {
        case .serviceUnavailable:
            var response = GraphError(
                status: 503, code: "serviceNotAvailable",
                message: "The service is temporarily unavailable. Retry after the time in the Retry-After header."
            ).response(to: request)
            response.headers.append(("Retry-After", RetryAfter.format(policy.serviceUnavailableRetryAfter, fractional: true)))
            response.retryAfter = policy.serviceUnavailableRetryAfter
            return response
        case .gatewayTimeout:
            return GraphError(status: 504, code: "gatewayTimeout", message: "The request timed out before the service answered.")
                .response(to: request)
        case .tokenExpiry:
            return GraphError(
                status: 401, code: "InvalidAuthenticationToken",
                message: "Lifetime validation failed, the token is expired."
            ).response(to: request)
        default:
            return GraphError(status: 500, code: "generalException", message: "General exception while processing.")
                .response(to: request)
        }
    }
}
